import type { Prisma } from "@prisma/client";
import { formatSeatPrice } from "~/domain/booking/pricing";
import { choiceOpen } from "~/domain/changes/replacement";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import { hasRole, type Role } from "~/domain/users/roles";
import { clock } from "./clock.server";
import { prisma } from "./db.server";

type Viewer = { id: string; roles: readonly Role[] };
type SeatStatus = "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";

/** What a seat's owner can do next, in words and a link (cancel and reschedule arrive with their own pages). */
function nextAction(seat: { id: string; status: SeatStatus; bookedById: string; paymentStatus: string | null }, viewerId: string, sessionId: string, upcoming: boolean) {
  if (seat.status === "HELD" && seat.paymentStatus === "PROCESSING") return { label: "Payment processing", href: `/bookings/${seat.id}` };
  if (seat.status === "HELD") return seat.bookedById === viewerId ? { label: "Pay now", href: `/bookings/${seat.id}` } : { label: "Awaiting payment", href: `/bookings/${seat.id}` };
  return { label: upcoming ? "View session" : "View", href: `/sessions/${sessionId}` };
}

function seatLabel(status: SeatStatus, paymentStatus: string | null): string {
  if (status === "HELD") return paymentStatus === "PROCESSING" ? "Payment processing" : "Awaiting payment";
  return { CONFIRMED: "Confirmed", CANCELLED: "Cancelled", EXPIRED: "Hold expired" }[status];
}

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

export type SessionListQuery = { perspective: "tutor" | "learner"; when: "upcoming" | "past"; range?: { from: Date; to: Date }; page: number };

const PAGE_SIZE = 20;

/**
 * The viewer's sessions: as a tutor (their sessions with at least one booked seat) or as a learner
 * (seats they hold, booked, or a linked child holds). Upcoming soonest first; past latest first; or
 * everything in `range` (a week) in time order.
 */
export async function listSessions(viewer: Viewer, query: SessionListQuery): Promise<{ rows: SessionListRow[]; hasMore: boolean }> {
  const now = clock.nowDate();
  const timeFilter: Prisma.TutoringSessionWhereInput = query.range
    ? { startsAt: { lt: query.range.to }, endsAt: { gt: query.range.from } }
    : query.when === "upcoming"
      ? { endsAt: { gte: now } }
      : { endsAt: { lt: now } };
  const order = query.range || query.when === "upcoming" ? ("asc" as const) : ("desc" as const);
  const skip = query.range ? 0 : query.page * PAGE_SIZE;
  const take = query.range ? 200 : PAGE_SIZE + 1;

  if (query.perspective === "tutor") {
    const sessions = await prisma.tutoringSession.findMany({
      where: {
        tutorId: viewer.id,
        ...timeFilter,
        ...(query.when === "upcoming" && !query.range ? { status: { not: "CANCELLED" } } : {}),
        participants: { some: { status: { in: query.when === "past" || query.range ? ["HELD", "CONFIRMED", "CANCELLED"] : ["HELD", "CONFIRMED"] } } },
      },
      orderBy: [{ startsAt: order }, { id: "asc" }],
      skip,
      take,
      select: {
        id: true,
        startsAt: true,
        endsAt: true,
        kind: true,
        capacity: true,
        title: true,
        subject: true,
        status: true,
        reassignmentStatus: true,
        participants: { where: { status: { in: ["HELD", "CONFIRMED"] } }, select: { status: true, student: { select: { name: true } } }, orderBy: { student: { name: "asc" } } },
      },
    });
    const rows = sessions.map((session) => {
      const confirmed = session.participants.filter((seat) => seat.status === "CONFIRMED");
      const held = session.participants.length - confirmed.length;
      const names = confirmed.map((seat) => seat.student.name);
      const withText = session.kind === "GROUP" ? `Group: ${confirmed.length} of ${session.capacity} booked${held ? `, ${held} paying` : ""}` : names[0] ?? "Awaiting payment";
      const status =
        session.status === "SCHEDULED" && session.reassignmentStatus === "PENDING_ACCEPTANCE"
          ? "Offered to you: the student is confirming"
          : session.status === "SCHEDULED" && session.reassignmentStatus === "AWAITING_STUDENT_CHOICE"
            ? "You cancelled: the student is choosing"
            : session.status === "PENDING_PAYMENT"
              ? "Awaiting payment"
              : describeStatus(session.status as SessionStatus);
      return {
        key: session.id,
        sessionId: session.id,
        startsAt: session.startsAt.toISOString(),
        endsAt: session.endsAt.toISOString(),
        kind: session.kind,
        title: session.title || session.subject || "Tutoring session",
        with: withText,
        status,
        action: { label: "View session", href: `/sessions/${session.id}` },
      };
    });
    return { rows: rows.slice(0, query.range ? rows.length : PAGE_SIZE), hasMore: !query.range && rows.length > PAGE_SIZE };
  }

  const seatStatuses: SeatStatus[] = query.when === "upcoming" && !query.range ? ["HELD", "CONFIRMED"] : ["HELD", "CONFIRMED", "CANCELLED"];
  // Children first, so the seat query is two indexed conditions (student, booker) the planner can
  // combine, instead of a join through parent links for every one of 200,000 seats.
  const children = (await prisma.parentLink.findMany({ where: { parentId: viewer.id }, select: { studentId: true } })).map((link) => link.studentId);
  const seats = await prisma.participant.findMany({
    where: {
      status: { in: seatStatuses },
      OR: [{ studentId: { in: [viewer.id, ...children] } }, { bookedById: viewer.id }],
      session: timeFilter,
    },
    orderBy: [{ session: { startsAt: order } }, { id: "asc" }],
    skip,
    take,
    select: {
      id: true,
      status: true,
      bookedById: true,
      student: { select: { id: true, name: true } },
      payments: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true } },
      session: { select: { id: true, startsAt: true, endsAt: true, kind: true, title: true, subject: true, status: true, reassignmentStatus: true, tutor: { select: { user: { select: { name: true } } } } } },
    },
  });
  const rows = seats.map((seat) => {
    const paymentStatus = seat.payments[0]?.status ?? null;
    const upcoming = seat.session.endsAt >= now;
    const forOther = seat.student.id !== viewer.id;
    const sessionStatus = seat.session.status as SessionStatus;
    const choosing = seat.status === "CONFIRMED" && choiceOpen(seat.session, clock.now());
    const status = choosing
      ? "Tutor cancelled: your choice is needed"
      : seat.status === "CONFIRMED" && sessionStatus !== "SCHEDULED"
        ? describeStatus(sessionStatus)
        : seatLabel(seat.status, paymentStatus);
    return {
      key: seat.id,
      sessionId: seat.session.id,
      startsAt: seat.session.startsAt.toISOString(),
      endsAt: seat.session.endsAt.toISOString(),
      kind: seat.session.kind,
      title: seat.session.title || seat.session.subject || "Tutoring session",
      with: `${seat.session.tutor.user.name}${forOther ? ` · for ${seat.student.name}` : ""}`,
      status,
      action: choosing ? { label: "Choose what happens", href: `/sessions/${seat.session.id}/replacement` } : nextAction({ id: seat.id, status: seat.status, bookedById: seat.bookedById, paymentStatus }, viewer.id, seat.session.id, upcoming),
    };
  });
  return { rows: rows.slice(0, query.range ? rows.length : PAGE_SIZE), hasMore: !query.range && rows.length > PAGE_SIZE };
}

/** Who may see a seat: its booker, its student, the student's parents, the tutor, and staff. */
async function canSeeSeat(viewer: Viewer, seat: { bookedById: string; studentId: string; tutorId: string }): Promise<boolean> {
  if (viewer.id === seat.bookedById || viewer.id === seat.studentId || viewer.id === seat.tutorId || hasRole(viewer.roles, "COORDINATOR")) return true;
  const link = await prisma.parentLink.findUnique({ where: { parentId_studentId: { parentId: viewer.id, studentId: seat.studentId } }, select: { parentId: true } });
  return Boolean(link);
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
      payments: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true } },
      session: {
        select: { id: true, tutorId: true, startsAt: true, endsAt: true, kind: true, title: true, subject: true, meetingType: true, location: true, status: true, tutor: { select: { user: { select: { name: true, timezone: true } } } } },
      },
    },
  });
  if (!seat || !(await canSeeSeat(viewer, { ...seat, tutorId: seat.session.tutorId }))) return null;
  const paymentStatus = seat.payments[0]?.status ?? null;
  return {
    id: seat.id,
    status: seat.status,
    paymentStatus,
    statusLabel: seatLabel(seat.status, paymentStatus),
    isBooker: seat.bookedById === viewer.id,
    studentName: seat.student.name,
    price: formatSeatPrice(seat.priceMinor, seat.currency),
    holdExpiresAt: seat.holdExpiresAt?.toISOString() ?? null,
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
export async function getSessionView(viewer: Viewer, sessionId: string) {
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
      reassignmentStatus: true,
      reassignedFrom: { select: { name: true } },
      tutor: { select: { user: { select: { name: true, timezone: true } } } },
      rescheduleRequests: { where: { status: "PENDING" }, take: 1, select: { awaitingRole: true, proposedStartsAt: true, proposedEndsAt: true } },
      participants: {
        where: { status: { in: ["HELD", "CONFIRMED", "CANCELLED"] } },
        orderBy: { student: { name: "asc" } },
        select: { id: true, status: true, studentId: true, bookedById: true, student: { select: { name: true } }, payments: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true } } },
      },
    },
  });
  if (!session) return null;
  const staffOrTutor = viewer.id === session.tutorId || hasRole(viewer.roles, "COORDINATOR");
  const children = staffOrTutor ? [] : (await prisma.parentLink.findMany({ where: { parentId: viewer.id }, select: { studentId: true } })).map((link) => link.studentId);
  const visibleSeats = session.participants.filter((seat) => staffOrTutor || seat.studentId === viewer.id || seat.bookedById === viewer.id || children.includes(seat.studentId));
  if (!staffOrTutor && visibleSeats.length === 0) return null;
  const upcoming = session.startsAt.getTime() > clock.nowDate().getTime();
  // While the student decides about a replacement tutor, their choice is the only way forward (staff may still cancel).
  const choosing = choiceOpen(session, clock.now());
  const staff = hasRole(viewer.roles, "COORDINATOR");
  return {
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
    status: describeStatus(session.status as SessionStatus),
    isTutor: viewer.id === session.tutorId,
    replacement: choosing
      ? {
          offered: session.reassignmentStatus === "PENDING_ACCEPTANCE",
          cancelledByName: session.reassignedFrom?.name ?? session.tutor.user.name,
          yourChoice: !staffOrTutor || visibleSeats.some((seat) => seat.studentId === viewer.id),
        }
      : null,
    // A 1:1 session either side may ask to move; the reschedule page applies the policy's cutoffs and counts.
    canReschedule: !choosing && session.kind === "ONE_TO_ONE" && session.status === "SCHEDULED" && upcoming && (viewer.id === session.tutorId || visibleSeats.some((seat) => seat.status === "CONFIRMED")),
    pendingMove: session.rescheduleRequests[0]
      ? {
          proposedStartsAt: session.rescheduleRequests[0].proposedStartsAt.toISOString(),
          proposedEndsAt: session.rescheduleRequests[0].proposedEndsAt.toISOString(),
          yourTurn: (session.rescheduleRequests[0].awaitingRole === "TUTOR") === (viewer.id === session.tutorId),
        }
      : null,
    // The cancel page decides the details (cutoff, refunds); here: is there an upcoming booking to cancel at all?
    canCancel:
      (!choosing || staff) &&
      (session.status === "SCHEDULED" || session.status === "PENDING_PAYMENT") &&
      upcoming &&
      (staffOrTutor ? session.participants.some((seat) => seat.status !== "CANCELLED") : visibleSeats.some((seat) => seat.status === "HELD" || seat.status === "CONFIRMED")),
    seats: visibleSeats.map((seat) => ({ id: seat.id, studentName: seat.student.name, status: seatLabel(seat.status, seat.payments[0]?.status ?? null) })),
    seatsTaken: session.participants.filter((seat) => seat.status !== "CANCELLED").length,
  };
}

/** The next five sessions for a home page. */
export async function upcomingForHome(viewer: Viewer, perspective: "tutor" | "learner") {
  const { rows } = await listSessions(viewer, { perspective, when: "upcoming", page: 0 });
  return { rows: rows.slice(0, 5), hasMore: rows.length > 5 };
}
