import { Prisma, type ReassignmentStatus } from "@prisma/client";
import { DateTime } from "luxon";
import { formatSeatPrice } from "~/domain/booking/pricing";
import { cancellationRecord, type CancellationFacts, type CancellationRecord } from "~/domain/changes/cancellation-record";
import { choicePending, choiceState, replyDeadlineOf } from "~/domain/changes/replacement";
import { learnerRow, seatLabel, tutorRowStatus, tutorRowWith, type SeatStatus } from "~/domain/sessions/list-labels";
import { attendanceLabel, markedSeats } from "~/domain/sessions/attendance-marks";
import { todayAction, todayBounds } from "~/domain/sessions/today";
import { checkInWindow, checkOutWindow, defaultActualTimes, windowRefusalMessage } from "~/domain/sessions/attendance-windows";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import type { Role } from "~/domain/users/roles";

import { clock } from "./clock.server";
import { getSessionPolicy } from "./policies.server";
import { prisma, readRows } from "./db.server";
import { relationshipOf } from "./session-core/relationship.server";

type Viewer = { id: string; roles: readonly Role[] };
export type SessionListRow = {
  key: string;
  sessionId: string;
  startsAt: string;
  endsAt: string;
  kind: "ONE_TO_ONE" | "GROUP";
  title: string;
  with: string;
  status: string;
  action: { label: string; href: string };
};

/** `studentId` (learner lists): only that learner's seats, among those the viewer may see (a parent's child page). */
export type SessionListQuery = { perspective: "tutor" | "learner"; when: "upcoming" | "past"; range?: { from: Date; to: Date }; page: number; studentId?: string };

const PAGE_SIZE = 20;

type TutorSessionRow = {
  id: string;
  starts_at: Date;
  ends_at: Date;
  kind: "ONE_TO_ONE" | "GROUP";
  capacity: number;
  title: string;
  subject: string;
  status: SessionStatus | "PENDING_PAYMENT";
  reassignment_status: ReassignmentStatus | null;
  confirmed: number;
  held: number;
  first_student: string | null;
};

type LearnerSeatRow = {
  id: string;
  status: SeatStatus;
  booked_by_id: string;
  student_id: string;
  student_name: string;
  payment_status: string | null;
  session_id: string;
  starts_at: Date;
  ends_at: Date;
  kind: "ONE_TO_ONE" | "GROUP";
  title: string;
  subject: string;
  session_status: SessionStatus;
  reassignment_status: ReassignmentStatus | null;
  reassigned_at: Date | null;
  tutor_name: string;
};

/**
 * The viewer's sessions: as a tutor (their sessions with at least one booked seat) or as a learner
 * (seats they hold, booked, or a linked child holds). Upcoming soonest first; past latest first; or
 * everything in `range` (a week) in time order.
 *
 * One query per list through `readRows`: every home page of a student, parent and tutor shows this
 * list, and Prisma's nested selects cost several round trips and more CPU than the rows themselves.
 */
export async function listSessions(viewer: Viewer, query: SessionListQuery): Promise<{ rows: SessionListRow[]; hasMore: boolean }> {
  const now = clock.now();
  const timeFilter = query.range
    ? Prisma.sql`s.starts_at < ${query.range.to} AND s.ends_at > ${query.range.from}`
    : query.when === "upcoming"
      ? Prisma.sql`s.ends_at >= ${now.toJSDate()}`
      : Prisma.sql`s.ends_at < ${now.toJSDate()}`;
  // Fixed words, never input: the direction cannot be a parameter.
  const order = Prisma.raw(query.range || query.when === "upcoming" ? "ASC" : "DESC");
  const offset = query.range ? 0 : query.page * PAGE_SIZE;
  const limit = query.range ? 200 : PAGE_SIZE + 1;
  const listsUpcoming = query.when === "upcoming" && !query.range;
  const seatStatuses: SeatStatus[] = listsUpcoming ? ["HELD", "CONFIRMED"] : ["HELD", "CONFIRMED", "CANCELLED"];
  const page = <Row>(rows: Row[]) => ({ rows: query.range ? rows : rows.slice(0, PAGE_SIZE), hasMore: !query.range && rows.length > PAGE_SIZE });

  if (query.perspective === "tutor") {
    const sessions = await readRows<TutorSessionRow>(Prisma.sql`
      SELECT s.id, s.starts_at, s.ends_at, s.kind, s.capacity, s.title, s.subject, s.status, s.reassignment_status,
             seats.confirmed, seats.held, seats.first_student
        FROM tutoring_sessions s
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE p.status = 'CONFIRMED')::int AS confirmed,
                 count(*) FILTER (WHERE p.status = 'HELD')::int AS held,
                 min(u.name) FILTER (WHERE p.status = 'CONFIRMED') AS first_student
            FROM participants p JOIN users u ON u.id = p.student_id
           WHERE p.session_id = s.id AND p.status IN ('HELD', 'CONFIRMED')) seats
       WHERE s.tutor_id = ${viewer.id} AND ${timeFilter}
         ${listsUpcoming ? Prisma.sql`AND s.status <> 'CANCELLED'` : Prisma.empty}
         AND EXISTS (SELECT 1 FROM participants p WHERE p.session_id = s.id AND p.status = ANY(${seatStatuses}::"ParticipantStatus"[]))
       ORDER BY s.starts_at ${order}, s.id
       LIMIT ${limit} OFFSET ${offset}`);
    return page(
      sessions.map((session) => ({
        key: session.id,
        sessionId: session.id,
        startsAt: session.starts_at.toISOString(),
        endsAt: session.ends_at.toISOString(),
        kind: session.kind,
        title: session.title || session.subject || "Tutoring session",
        with: tutorRowWith({ kind: session.kind, capacity: session.capacity, confirmed: session.confirmed, held: session.held, firstStudent: session.first_student }),
        status: tutorRowStatus({ status: session.status, reassignmentStatus: session.reassignment_status }),
        action: { label: "View session", href: `/sessions/${session.id}` },
      })),
    );
  }

  // The viewer's own seats, their children's (an array built once, so the planner can use the
  // student index) and the seats they booked.
  const seats = await readRows<LearnerSeatRow>(Prisma.sql`
    SELECT p.id, p.status, p.booked_by_id, p.student_id, student.name AS student_name,
           (SELECT pay.status FROM payments pay WHERE pay.participant_id = p.id ORDER BY pay.created_at DESC LIMIT 1) AS payment_status,
           s.id AS session_id, s.starts_at, s.ends_at, s.kind, s.title, s.subject, s.status AS session_status, s.reassignment_status, s.reassigned_at,
           tutor.name AS tutor_name
      FROM participants p
      JOIN tutoring_sessions s ON s.id = p.session_id
      JOIN users student ON student.id = p.student_id
      JOIN users tutor ON tutor.id = s.tutor_id
     WHERE p.status = ANY(${seatStatuses}::"ParticipantStatus"[])
       AND (p.student_id = ANY(array_append(ARRAY(SELECT l.student_id FROM parent_links l WHERE l.parent_id = ${viewer.id}), ${viewer.id}))
            OR p.booked_by_id = ${viewer.id})
       ${query.studentId ? Prisma.sql`AND p.student_id = ${query.studentId}` : Prisma.empty}
       AND ${timeFilter}
     ORDER BY s.starts_at ${order}, p.id
     LIMIT ${limit} OFFSET ${offset}`);
  // The policy is read only when a row waits on a replacement choice: most lists have none.
  const { replacementReplyHours } = seats.some((seat) => choicePending(seat.reassignment_status)) ? await getSessionPolicy() : { replacementReplyHours: 0 };
  return page(
    seats.map((seat) => {
      const { status, action } = learnerRow(
        {
          id: seat.id,
          status: seat.status,
          bookedById: seat.booked_by_id,
          paymentStatus: seat.payment_status,
          session: {
            id: seat.session_id,
            status: seat.session_status,
            reassignmentStatus: seat.reassignment_status,
            reassignedAt: seat.reassigned_at,
            startsAt: seat.starts_at,
            endsAt: seat.ends_at,
          },
        },
        viewer.id,
        now,
        replacementReplyHours,
      );
      return {
        key: seat.id,
        sessionId: seat.session_id,
        startsAt: seat.starts_at.toISOString(),
        endsAt: seat.ends_at.toISOString(),
        kind: seat.kind,
        title: seat.title || seat.subject || "Tutoring session",
        with: `${seat.tutor_name}${seat.student_id !== viewer.id ? ` · for ${seat.student_name}` : ""}`,
        status,
        action,
      };
    }),
  );
}

/** Who may see a seat: its booker, its student, the student's parents, the tutor, and staff (session-core's one answer). */
async function canSeeSeat(viewer: Viewer, seat: { id: string; bookedById: string; studentId: string; tutorId: string }): Promise<boolean> {
  return (await relationshipOf(prisma, viewer, { tutorId: seat.tutorId, seats: [seat] })).maySee;
}

const CANCELLING_ACTIONS = ["session.cancelled", "booking.cancelled", "session.replacement_unanswered"];

/**
 * When and by whom a cancelled seat was cancelled, and its refund (issue 13 B16): from the audit event
 * that cancelled it (the seat's own release, or the session's cancel naming this seat) and the seat's
 * Payment and Refund rows, so the page keeps saying it after the flash message is gone.
 */
async function seatCancellation(seat: {
  id: string;
  currency: string;
  payments: {
    status: string;
    amountMinor: number;
    creditMinor: number;
    refunds: { amountMinor: number; status: "PENDING" | "PROCESSED" | "FAILED" }[];
    creditEntries: { amountMinor: number }[];
  }[];
  session: { id: string; cancelledAt: Date | null; cancelCause: string | null };
}): Promise<CancellationRecord> {
  const events = await prisma.auditEvent.findMany({
    where: {
      OR: [
        { subjectType: "TutoringSession", subjectId: seat.session.id, action: { in: CANCELLING_ACTIONS } },
        { subjectType: "Participant", subjectId: seat.id, action: "booking.released" },
      ],
    },
    orderBy: { occurredAt: "desc" },
    take: 20,
    select: { occurredAt: true, action: true, after: true },
  });
  type SeatEntry = { id?: string; percent?: number; refundMinor?: number; explanation?: string };
  let found: { at: Date; by: string; decided: CancellationFacts["decided"] } | null = null;
  for (const event of events) {
    const after = (event.after ?? {}) as { cancelledBy?: string; seats?: SeatEntry[] };
    if (event.action === "booking.released") found = { at: event.occurredAt, by: "BOOKER_RELEASED", decided: null };
    else if (event.action === "session.replacement_unanswered") found = { at: event.occurredAt, by: "REPLACEMENT_UNANSWERED", decided: null };
    else {
      const entry = after.seats?.find((candidate) => candidate.id === seat.id);
      if (!entry) continue;
      found = { at: event.occurredAt, by: after.cancelledBy ?? "", decided: { percent: entry.percent ?? 0, refundMinor: entry.refundMinor ?? 0, explanation: entry.explanation } };
    }
    break;
  }
  return cancellationRecord({
    cancelledAt: found?.at ?? seat.session.cancelledAt ?? new Date(0),
    by: found?.by ?? seat.session.cancelCause ?? "",
    decided: found?.decided ?? null,
    // What was paid counts the credit's part too, and credit given back is listed with the refunds (decision 029).
    paidMinor: seat.payments.filter((payment) => payment.status === "PAID").reduce((sum, payment) => sum + payment.amountMinor + payment.creditMinor, 0),
    currency: seat.currency,
    refunds: seat.payments.flatMap((payment) => payment.refunds),
    creditReturns: seat.payments.flatMap((payment) => payment.creditEntries),
  });
}

/** What a learner's side reads for a session whose tutor never checked in. */
const NO_SHOW_LABEL = "No-show — your tutor did not check in";

function noShowRefund(seat: {
  currency: string;
  payments: {
    status: string;
    amountMinor: number;
    creditMinor: number;
    refunds: { amountMinor: number; status: "PENDING" | "PROCESSED" | "FAILED" }[];
    creditEntries: { amountMinor: number }[];
  }[];
}) {
  const record = cancellationRecord({
    cancelledAt: new Date(0),
    by: "",
    decided: null,
    // What was paid counts the credit's part too, and credit given back is listed with the refunds (decision 029).
    paidMinor: seat.payments.filter((payment) => payment.status === "PAID").reduce((sum, payment) => sum + payment.amountMinor + payment.creditMinor, 0),
    currency: seat.currency,
    refunds: seat.payments.flatMap((payment) => payment.refunds),
    creditReturns: seat.payments.flatMap((payment) => payment.creditEntries),
  });
  return { refunds: record.refunds, noRefund: record.noRefund };
}

/** One booking (a seat) as its booker follows it: held, paying, confirmed, expired. Null when the viewer may not see it. */
export async function getBookingView(viewer: Viewer, participantId: string) {
  const seat = await prisma.participant.findUnique({
    where: { id: participantId },
    select: {
      id: true,
      status: true,
      bookedById: true,
      studentId: true,
      priceMinor: true,
      currency: true,
      holdExpiresAt: true,
      student: { select: { name: true } },
      payments: {
        orderBy: { createdAt: "desc" },
        select: {
          status: true,
          amountMinor: true,
          creditMinor: true,
          refunds: { orderBy: { createdAt: "asc" }, select: { amountMinor: true, status: true } },
          creditEntries: { where: { kind: "returned" }, orderBy: { createdAt: "asc" }, select: { amountMinor: true } },
        },
      },
      session: {
        select: {
          id: true,
          tutorId: true,
          cancelledAt: true,
          cancelCause: true,
          startsAt: true,
          endsAt: true,
          kind: true,
          title: true,
          subject: true,
          meetingType: true,
          location: true,
          status: true,
          noShowParty: true,
          tutor: { select: { user: { select: { name: true, timezone: true } } } },
        },
      },
    },
  });
  if (!seat || !(await canSeeSeat(viewer, { ...seat, tutorId: seat.session.tutorId }))) return null;
  const paymentStatus = seat.payments[0]?.status ?? null;
  const tutorNoShow = seat.status === "CONFIRMED" && seat.session.status === "NO_SHOW" && seat.session.noShowParty === "tutor";
  return {
    id: seat.id,
    status: seat.status,
    paymentStatus,
    statusLabel: tutorNoShow ? NO_SHOW_LABEL : seatLabel(seat.status, paymentStatus),
    // The refund of a tutor's no-show, in the words of a cancellation's (its rows, on their way or refunded).
    noShow: tutorNoShow ? noShowRefund(seat) : null,
    isBooker: seat.bookedById === viewer.id,
    studentName: seat.student.name,
    price: formatSeatPrice(seat.priceMinor, seat.currency),
    holdExpiresAt: seat.holdExpiresAt?.toISOString() ?? null,
    cancellation: seat.status === "CANCELLED" ? await seatCancellation(seat) : null,
    session: {
      id: seat.session.id,
      tutorId: seat.session.tutorId,
      tutorName: seat.session.tutor.user.name,
      tutorZone: seat.session.tutor.user.timezone,
      startsAt: seat.session.startsAt.toISOString(),
      endsAt: seat.session.endsAt.toISOString(),
      kind: seat.session.kind,
      title: seat.session.title || seat.session.subject || "Tutoring session",
      subject: seat.session.subject,
      meetingType: seat.session.meetingType,
      location: seat.session.location,
    },
  };
}

/** A session page: the details for everyone involved; the seat list for the tutor and staff, one's own seats otherwise. */
export async function getSessionView(viewer: Viewer & { timezone?: string }, sessionId: string) {
  const session = await prisma.tutoringSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      tutorId: true,
      startsAt: true,
      endsAt: true,
      timezone: true,
      kind: true,
      capacity: true,
      title: true,
      subject: true,
      description: true,
      meetingType: true,
      location: true,
      status: true,
      noShowParty: true,
      reassignmentStatus: true,
      reassignedAt: true,
      reassignedFrom: { select: { name: true } },
      checkedInAt: true,
      lateMinutes: true,
      checkedOutAt: true,
      actualStartedAt: true,
      actualEndedAt: true,
      tutor: { select: { user: { select: { name: true, timezone: true } } } },
      rescheduleRequests: { where: { status: "PENDING" }, take: 1, select: { awaitingRole: true, proposedStartsAt: true, proposedEndsAt: true } },
      participants: {
        where: { status: { in: ["HELD", "CONFIRMED", "CANCELLED"] } },
        orderBy: { student: { name: "asc" } },
        select: {
          id: true,
          status: true,
          studentId: true,
          bookedById: true,
          attendanceStatus: true,
          attendanceLateMinutes: true,
          student: { select: { name: true } },
          payments: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true } },
        },
      },
    },
  });
  if (!session) return null;
  const relationship = await relationshipOf(prisma, viewer, { tutorId: session.tutorId, seats: session.participants });
  if (!relationship.maySee) return null;
  const staffOrTutor = relationship.isTutor || relationship.staff !== null;
  const visibleSeats = staffOrTutor ? session.participants : relationship.seats;
  const upcoming = session.startsAt.getTime() > clock.nowDate().getTime();
  // While the student decides about a replacement tutor, their choice is the only way forward (staff may
  // still cancel); past its reply deadline nothing is (the closing job cancels and refunds in full).
  const { replacementReplyHours } = choicePending(session.reassignmentStatus) ? await getSessionPolicy() : { replacementReplyHours: 0 };
  const timing = {
    status: session.status,
    reassignmentStatus: session.reassignmentStatus as ReassignmentStatus | null,
    startsAt: session.startsAt,
    offeredAt: session.reassignedAt,
  };
  const choice = choiceState(timing, replacementReplyHours, clock.now());
  const choosing = choice !== "none";
  const staff = relationship.staff !== null;
  // The tutor never checked in (the no-show job): every confirmed seat is refunded in full, shown on its booking page.
  const tutorNoShow = session.status === "NO_SHOW" && session.noShowParty === "tutor";
  return {
    ...(await attendanceView(session, relationship.isTutor, viewer.timezone ?? session.tutor.user.timezone)),
    noShowParty: session.noShowParty,
    id: session.id,
    tutorId: session.tutorId,
    tutorName: session.tutor.user.name,
    tutorZone: session.tutor.user.timezone,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    kind: session.kind,
    capacity: session.capacity,
    title: session.title || session.subject || "Tutoring session",
    subject: session.subject,
    description: session.description,
    meetingType: session.meetingType,
    location: session.location,
    status: tutorNoShow ? (staffOrTutor ? "No-show — the tutor did not check in" : NO_SHOW_LABEL) : describeStatus(session.status as SessionStatus),
    isTutor: viewer.id === session.tutorId,
    replacement: choosing
      ? {
          /** "closed": the reply deadline has passed and the closing job is about to cancel and refund. */
          state: choice,
          offered: session.reassignmentStatus === "PENDING_ACCEPTANCE",
          cancelledByName: session.reassignedFrom?.name ?? session.tutor.user.name,
          // The same deadline the service enforces and the closing job applies (the offer time and today's policy).
          replyBy: replyDeadlineOf(timing, replacementReplyHours).toISOString(),
          yourChoice: !staffOrTutor || visibleSeats.some((seat) => seat.studentId === viewer.id),
        }
      : null,
    // A 1:1 session either side may ask to move; the reschedule page applies the policy's cutoffs and counts.
    // Only the sides may: staff see every seat but hold none of them, and the reschedule page is not theirs.
    canReschedule:
      !choosing &&
      session.kind === "ONE_TO_ONE" &&
      session.status === "SCHEDULED" &&
      upcoming &&
      (relationship.isTutor || relationship.seats.some((seat) => seat.status === "CONFIRMED")),
    pendingMove: session.rescheduleRequests[0]
      ? {
          proposedStartsAt: session.rescheduleRequests[0].proposedStartsAt.toISOString(),
          proposedEndsAt: session.rescheduleRequests[0].proposedEndsAt.toISOString(),
          /** A side of the negotiation (staff watching are not): only they have the request's page. */
          yours: relationship.side !== null,
          awaiting: session.rescheduleRequests[0].awaitingRole === "TUTOR" ? ("tutor" as const) : ("student" as const),
          yourTurn: relationship.side !== null && session.rescheduleRequests[0].awaitingRole === relationship.side,
        }
      : null,
    // Staff (and the tutor) cancel the whole session; a learner's side cancels their own places.
    cancelsWholeSession: staffOrTutor,
    // The cancel page decides the details (cutoff, refunds); here: is there an upcoming booking to cancel at all?
    canCancel:
      (!choosing || staff) &&
      (session.status === "SCHEDULED" || session.status === "PENDING_PAYMENT") &&
      upcoming &&
      (staffOrTutor ? session.participants.some((seat) => seat.status !== "CANCELLED") : visibleSeats.some((seat) => seat.status === "HELD" || seat.status === "CONFIRMED")),
    seats: visibleSeats.map((seat) => ({
      id: seat.id,
      studentName: seat.student.name,
      status: tutorNoShow && seat.status === "CONFIRMED" ? "Refunded in full" : seatLabel(seat.status, seat.payments[0]?.status ?? null),
      attendance: seat.status === "CONFIRMED" && seat.attendanceStatus !== "pending" ? attendanceLabel(seat.attendanceStatus, seat.attendanceLateMinutes) : null,
    })),
    seatsTaken: session.participants.filter((seat) => seat.status !== "CANCELLED").length,
  };
}

/**
 * What the session page says about check-in and check-out: what was recorded (for everyone who sees the
 * page), and for the tutor the form that applies now. The check-in button shows from a day before its
 * window opens (so today's sessions always have it, whatever the hour), with the refusal (when it
 * opens) beside it until then; pressing it early gets the same refusal from the service.
 */
const CHECK_IN_SHOWN_HOURS_AHEAD = 24;

async function attendanceView(
  session: {
    status: string;
    startsAt: Date;
    endsAt: Date;
    timezone: string;
    participants: readonly { id: string; status: string; student: { name: string } }[];
    checkedInAt: Date | null;
    lateMinutes: number | null;
    checkedOutAt: Date | null;
    actualStartedAt: Date | null;
    actualEndedAt: Date | null;
  },
  isTutor: boolean,
  zone: string,
) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const attendance = {
    checkedInAt: iso(session.checkedInAt),
    lateMinutes: session.lateMinutes,
    checkedOutAt: iso(session.checkedOutAt),
    actualStartedAt: iso(session.actualStartedAt),
    actualEndedAt: iso(session.actualEndedAt),
  };
  const now = clock.now();
  let checkIn: { note: string | null } | null = null;
  let checkOut: { note: string | null; actualStart: string; learners: { seatId: string; name: string }[]; durationMinutes: number } | null = null;
  if (isTutor && session.status === "SCHEDULED") {
    const decision = checkInWindow(session, await getSessionPolicy(), now);
    const soon = decision.state === "open" || (decision.state === "not_yet_open" && decision.opensAt.getTime() - now.toMillis() <= CHECK_IN_SHOWN_HOURS_AHEAD * 3_600_000);
    if (soon) checkIn = { note: windowRefusalMessage("check-in", decision, zone, now) };
  }
  if (isTutor && session.status === "IN_PROGRESS") {
    const decision = checkOutWindow(session, now);
    if (decision.state !== "closed") {
      const { actualStart } = defaultActualTimes({ ...session, zone: session.timezone }, now.toJSDate());
      checkOut = {
        note: windowRefusalMessage("check-out", decision, zone, now),
        actualStart: DateTime.fromJSDate(actualStart).setZone(zone).toFormat("HH:mm"),
        learners: markedSeats(session.participants).map((seat) => ({ seatId: seat.id, name: seat.studentName })),
        durationMinutes: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
      };
    }
  }
  return { attendance, checkIn, checkOut };
}

/** The next five sessions for a home page. */
export async function upcomingForHome(viewer: Viewer, perspective: "tutor" | "learner") {
  const { rows } = await listSessions(viewer, { perspective, when: "upcoming", page: 0 });
  return { rows: rows.slice(0, 5), hasMore: rows.length > 5 };
}

/**
 * The tutor's "today" list: their sessions starting today in their zone, and any still in progress from
 * the days before (a check-out to do), soonest first, each with its check-in or check-out action. One
 * indexed range read over (tutor_id, starts_at).
 */
export async function todayForTutor(tutor: { id: string; timezone: string }) {
  const now = clock.now();
  const { from, to } = todayBounds(now, tutor.timezone);
  // A check-out is possible until 24 hours after the end: two days back covers every session that still has one.
  const earliest = new Date(from.getTime() - 2 * 24 * 3_600_000);
  // One statement (the home page is held to a latency budget): the learners' names come aggregated.
  type TodayRow = { id: string; title: string; subject: string; status: SessionStatus; starts_at: Date; ends_at: Date; learners: string | null };
  const [sessions, policy] = await Promise.all([
    readRows<TodayRow>(Prisma.sql`
      SELECT s.id, s.title, s.subject, s.status, s.starts_at, s.ends_at,
             (SELECT string_agg(u.name, ', ' ORDER BY u.name) FROM participants p JOIN users u ON u.id = p.student_id
               WHERE p.session_id = s.id AND p.status = 'CONFIRMED') AS learners
        FROM tutoring_sessions s
       WHERE s.tutor_id = ${tutor.id} AND s.starts_at >= ${earliest} AND s.starts_at < ${to}
         AND (s.starts_at >= ${from} OR s.status = 'IN_PROGRESS')
         AND s.status NOT IN ('PENDING_PAYMENT', 'CANCELLED')
       ORDER BY s.starts_at, s.id
       LIMIT 30`),
    getSessionPolicy(),
  ]);
  return sessions.map((session) => ({
    id: session.id,
    title: session.title || session.subject || "Tutoring session",
    startsAt: session.starts_at.toISOString(),
    endsAt: session.ends_at.toISOString(),
    status: describeStatus(session.status),
    learners: session.learners || "No students yet",
    action: todayAction({ status: session.status, startsAt: session.starts_at, endsAt: session.ends_at }, policy, tutor.timezone, now),
  }));
}
