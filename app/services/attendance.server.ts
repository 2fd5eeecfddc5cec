import type { AttendanceSource, Prisma } from "@prisma/client";
import type { DateTime } from "luxon";
import { unrefundedMinor } from "~/domain/sessions/no-show";
import { learnersOutcome, markedSeats, parseSeatMarks, TUTOR_MARKS, type SeatMark, type SeatMoney } from "~/domain/sessions/attendance-marks";
import {
  actualTimeOnSessionDay,
  checkInWindow,
  checkOutWindow,
  defaultActualTimes,
  validateActualTimes,
  windowRefusalMessage,
  type CheckInDecision,
  type CheckOutDecision,
} from "~/domain/sessions/attendance-windows";
import type { SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import { clock } from "./clock.server";
import type { Tx } from "./db.server";
import { recordNoShowEarnings } from "./earnings.server";
import { openHoursConfirmation } from "./hours-confirmations.server";
import { processRefund } from "./payments.server";
import type { Actor } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";
import { sessionTransaction, type SessionTx } from "./session-core/after-commit.server";
import { relationshipOf } from "./session-core/relationship.server";
import { transitionSession } from "./session-core/transition.server";

/** The person acting, with the zone every message is written in. */
export type AttendanceViewer = Actor & { timezone: string };

/**
 * The tutor's check-out form: corrected times (typed 24-hour "HH:MM" in the viewer's zone; a blank one
 * keeps the default) and each learner's mark, as the form's `mark-<seatId>` / `late-<seatId>` values
 * (a blank mark is "present").
 */
export type CheckOutInput = { actualStart?: string; actualEnd?: string; marks?: Readonly<Record<string, string | undefined>> };

/** Bad input on an attendance form: every field's message (a 400, the form kept), nothing written. */
export class AttendanceFormError extends DomainError<"INVALID_ATTENDANCE"> {
  constructor(readonly errors: Readonly<Record<string, string>>) {
    const [field, message] = Object.entries(errors)[0] ?? ["actualEnd", "Enter the attendance again."];
    super("INVALID_ATTENDANCE", message, field);
  }
}

/** A seat as attendance reads it: who, and what is left of its payment (the marks' refunds come from it). */
export const ATTENDANCE_SEAT_SELECT = {
  id: true,
  status: true,
  studentId: true,
  bookedById: true,
  priceMinor: true,
  attendanceStatus: true,
  attendanceLateMinutes: true,
  student: { select: { name: true } },
  payments: {
    where: { status: "PAID" },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { id: true, amountMinor: true, currency: true, refunds: { select: { amountMinor: true } } },
  },
} satisfies Prisma.ParticipantSelect;

async function loadForAttendance(tx: Tx, viewer: AttendanceViewer, sessionId: string) {
  const session = await tx.tutoringSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      tutorId: true,
      status: true,
      startsAt: true,
      endsAt: true,
      timezone: true,
      checkedInAt: true,
      checkedOutAt: true,
      participants: { where: { status: { in: ["HELD", "CONFIRMED"] } }, orderBy: { student: { name: "asc" } }, select: ATTENDANCE_SEAT_SELECT },
    },
  });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  const relationship = await relationshipOf(tx, viewer, { tutorId: session.tutorId, seats: session.participants });
  // Not one's to see looks like not there at all; seen but not the tutor's is a plain "not yours to do".
  if (!relationship.maySee) throw new DomainError("NOT_FOUND", "That session does not exist.");
  if (!relationship.isTutor) throw new DomainError("FORBIDDEN", "Only the session's tutor checks in and out.");
  return session;
}

function windowRefusal(action: "check-in" | "check-out", decision: CheckInDecision | CheckOutDecision, zone: string, now: DateTime): DomainError | null {
  const message = windowRefusalMessage(action, decision, zone, now);
  if (message === null) return null;
  const code = `${action === "check-in" ? "CHECK_IN" : "CHECK_OUT"}_${decision.state === "not_yet_open" ? "NOT_OPEN" : "CLOSED"}`;
  return new DomainError(code, message);
}

/**
 * The tutor checks in: SCHEDULED → IN_PROGRESS inside the check-in window (30 minutes before the start
 * to the no-show mark), recording the instant, the source and the minutes late. The status change is
 * a compare-and-swap (transitionSession), so of two check-ins at once (two tabs, the web and Telegram,
 * a check-in and the no-show job) exactly one wins and the other changes nothing.
 */
export async function checkIn(
  viewer: AttendanceViewer,
  sessionId: string,
  meta: RequestMeta,
  options: { source?: AttendanceSource; within?: SessionTx } = {},
): Promise<{ checkedInAt: Date; lateMinutes: number }> {
  // Inside the caller's transaction when given (the Telegram webhook records the update in the same one).
  const transaction = { within: options.within };
  const source = options.source ?? "web";
  return sessionTransaction(async ({ tx }) => {
    const session = await loadForAttendance(tx, viewer, sessionId);
    const now = clock.now();
    if (session.status === "IN_PROGRESS" && session.checkedInAt) {
      throw new DomainError("ALREADY_CHECKED_IN", `You already checked in, at ${formatInstant(session.checkedInAt, viewer.timezone)}.`);
    }
    const policy = await getSessionPolicy(tx);
    const decision = checkInWindow(session, policy, now);
    // Only a scheduled session has a window to speak of; any other status is the state machine's refusal below.
    if (session.status === "SCHEDULED") {
      const refusal = windowRefusal("check-in", decision, viewer.timezone, now);
      if (refusal) throw refusal;
    }
    const lateMinutes = decision.state === "open" ? decision.lateMinutes : 0;
    const checkedInAt = now.toJSDate();
    await transitionSession(tx, {
      sessionId,
      from: session.status as SessionStatus,
      to: "IN_PROGRESS",
      event: "check_in",
      data: { checkedInAt, checkInSource: source, lateMinutes },
      audit: { actor: viewer, action: "session.checked_in", after: { checkedInAt: checkedInAt.toISOString(), source, lateMinutes }, meta },
    }).catch((error: unknown) => {
      throw alreadyCheckedInIfRaced(error);
    });
    return { checkedInAt, lateMinutes };
  }, transaction);
}

/** A check-in that lost the race to another one says so plainly rather than "the session changed". */
function alreadyCheckedInIfRaced(error: unknown): unknown {
  if (error instanceof DomainError && error.code === "CHANGED_MEANWHILE") {
    return new DomainError("CHANGED_MEANWHILE", "This session was checked in or changed meanwhile. Look at it again.");
  }
  return error;
}

/**
 * The tutor checks out inside the check-out window (30 minutes before the scheduled end to 24 hours
 * after it), recording the instant, the source, when the session really ran (the tutor's corrections,
 * else `defaultActualTimes`) and each learner's mark. IN_PROGRESS → AWAITING_CONFIRMATION, or NO_SHOW
 * (party: student) when not one learner came; a learner's no-show is refunded the policy's
 * `studentNoShowRefundPercent` (none by default). Bad input throws AttendanceFormError (every
 * field's message) and writes nothing.
 */
export async function checkOut(
  viewer: AttendanceViewer,
  sessionId: string,
  input: CheckOutInput,
  meta: RequestMeta,
  options: { source?: AttendanceSource; within?: SessionTx } = {},
): Promise<{ checkedOutAt: Date; actualStartedAt: Date; actualEndedAt: Date; status: "AWAITING_CONFIRMATION" | "NO_SHOW" }> {
  // Inside the caller's transaction when given (the Telegram webhook records the update in the same one).
  const transaction = { within: options.within };
  const source = options.source ?? "web";
  return sessionTransaction(async ({ tx, after }) => {
    const session = await loadForAttendance(tx, viewer, sessionId);
    const now = clock.now();
    if (session.status === "SCHEDULED") throw new DomainError("NOT_CHECKED_IN", "Check in first: this session has no check-in to check out from.");
    if (session.checkedOutAt) throw new DomainError("ALREADY_CHECKED_OUT", `You already checked out, at ${formatInstant(session.checkedOutAt, viewer.timezone)}.`);
    if (session.status === "IN_PROGRESS") {
      const refusal = windowRefusal("check-out", checkOutWindow(session, now), viewer.timezone, now);
      if (refusal) throw refusal;
    }
    const checkedOutAt = now.toJSDate();
    const defaults = defaultActualTimes({ ...session, zone: session.timezone }, checkedOutAt);
    const times = {
      actualStart: input.actualStart ? actualTimeOnSessionDay(input.actualStart, "start", session, viewer.timezone) : defaults.actualStart,
      actualEnd: input.actualEnd ? actualTimeOnSessionDay(input.actualEnd, "end", session, viewer.timezone) : defaults.actualEnd,
    };
    const valid = validateActualTimes(times, { startsAt: session.startsAt, endsAt: session.endsAt, zone: session.timezone }, viewer.timezone);
    const learners = markedSeats(session.participants);
    const durationMinutes = Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
    const marks = parseSeatMarks(learners, input.marks ?? {}, { allowed: TUTOR_MARKS, blank: "present", durationMinutes });
    if (!valid.ok || !marks.ok) throw new AttendanceFormError({ ...(valid.ok ? {} : valid.errors), ...(marks.ok ? {} : marks.errors) });
    const { actualStart: actualStartedAt, actualEnd: actualEndedAt } = valid.value;
    const policy = await getSessionPolicy(tx);
    const outcome = learnersOutcome(marks.marks, learners.map(seatMoney), policy);
    await writeSeatMarks(tx, marks.marks);
    await queueAttendanceRefunds({ tx, after }, outcome.refunds, learners, "STUDENT_NO_SHOW");
    await transitionSession(tx, {
      sessionId,
      from: session.status as SessionStatus,
      to: outcome.to,
      event: "check_out",
      data: { checkedOutAt, checkOutSource: source, actualStartedAt, actualEndedAt, noShowParty: outcome.noShowParty },
      audit: {
        actor: viewer,
        action: "session.checked_out",
        after: {
          checkedOutAt: checkedOutAt.toISOString(),
          source,
          actualStartedAt: actualStartedAt.toISOString(),
          actualEndedAt: actualEndedAt.toISOString(),
          noShowParty: outcome.noShowParty,
          marks: marks.marks.map((mark) => ({ seatId: mark.seatId, status: mark.status, lateMinutes: mark.lateMinutes })),
          refunds: outcome.refunds.map((refund) => ({ seatId: refund.seatId, amountMinor: refund.amountMinor, percent: refund.percent })),
        },
        policySnapshot: { studentNoShowRefundPercent: policy.studentNoShowRefundPercent },
        meta,
      },
    });
    if (outcome.to === "AWAITING_CONFIRMATION") await openHoursConfirmation({ tx, after }, sessionId, now);
    // Every learner was a no-show: the tutor earns the policy's share for each seat (decision 030).
    else if (outcome.noShowParty) await recordNoShowEarnings(tx, sessionId, outcome.noShowParty, checkedOutAt);
    return { checkedOutAt, actualStartedAt, actualEndedAt, status: outcome.to };
  }, transaction);
}

type AttendanceSeat = Awaited<ReturnType<typeof loadForAttendance>>["participants"][number];

/** What is left of a seat's payment (a free seat has none to refund), by the no-show rules' one measure of it. */
export function seatMoney(seat: {
  id: string;
  priceMinor: number;
  payments: readonly { id: string; amountMinor: number; currency: string; refunds: readonly { amountMinor: number }[] }[];
}): SeatMoney {
  const paid = seat.payments[0];
  const payment = paid ? { ...paid, status: "PAID", refundedMinor: paid.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0) } : null;
  const refundableMinor = unrefundedMinor({ priceMinor: seat.priceMinor, payment });
  return { seatId: seat.id, paymentId: refundableMinor > 0 && paid ? paid.id : null, refundableMinor };
}

/** Each learner's mark on their seat (only a confirmed seat: a seat cancelled meanwhile is left alone). */
export async function writeSeatMarks(tx: Tx, marks: readonly SeatMark[]): Promise<void> {
  for (const mark of marks) {
    await tx.participant.updateMany({ where: { id: mark.seatId, status: "CONFIRMED" }, data: { attendanceStatus: mark.status, attendanceLateMinutes: mark.lateMinutes } });
  }
}

/**
 * Refund rows for attendance (a learner's no-show, a tutor's recorded by staff), sent to Stripe after
 * the commit. The key is unique per payment and what it had already refunded, so a later refund of the
 * same payment gets a key of its own and a retry of this one never refunds twice.
 */
export async function queueAttendanceRefunds(
  { tx, after }: SessionTx,
  refunds: readonly { seatId: string; paymentId: string; amountMinor: number }[],
  seats: readonly AttendanceSeat[],
  reason: "STUDENT_NO_SHOW" | "TUTOR_NO_SHOW",
): Promise<void> {
  for (const refund of refunds) {
    const payment = seats.find((seat) => seat.id === refund.seatId)!.payments[0]!;
    const refundedBefore = payment.refunds.reduce((sum, earlier) => sum + earlier.amountMinor, 0);
    const row = await tx.refund.create({
      data: {
        paymentId: refund.paymentId,
        amountMinor: refund.amountMinor,
        currency: payment.currency,
        reason,
        idempotencyKey: `refund-attendance-${refund.paymentId}-after-${refundedBefore}`,
      },
      select: { id: true },
    });
    after.add(`refund ${row.id}`, () => processRefund(row.id));
  }
}
