import type { DateTime } from "luxon";
import { snapshotOf, type SessionPolicy } from "~/domain/policies/session-policies";
import { isNoShowDue, noShowDueAt } from "./attendance-windows";
import type { SeatStatus } from "./seat-status";
import type { SessionStatus } from "./status";

/**
 * What happens when a tutor never checked in (issue 14, "No-shows"): decided here, written by
 * app/services/no-shows.server.ts. The tutor was absent, not the learners: every confirmed seat keeps
 * its place (attendance pending) and its payment comes back in full; a seat still being paid for is
 * released, as a cancel would; everyone on a confirmed seat hears, and so does the tutor.
 */

export type NoShowSeat = {
  id: string;
  status: SeatStatus;
  studentId: string;
  bookedById: string;
  priceMinor: number;
  /** The seat's latest payment (this booking's), if any. */
  payment: { id: string; status: string; amountMinor: number; refundedMinor: number; currency: string } | null;
};

export type NoShowRefund = { seatId: string; paymentId: string; amountMinor: number; currency: string };

/** One learner-side message: the seat's booker (who paid) or its student when someone else booked. */
export type NoShowLearnerEmail = {
  seatId: string;
  personId: string;
  /** The booker paid and gets the money back; a student booked for by someone else is told who does. */
  role: "booker" | "student";
  /** What this seat gets back, or null when nothing was paid for it. */
  refund: { amountMinor: number; currency: string } | null;
};

export type TutorNoShowEffect = {
  noShowParty: "tutor";
  dueAt: Date;
  refunds: NoShowRefund[];
  /** Held seats (a payment never completed) released with the session, as a cancel releases them. */
  releaseSeats: string[];
  learnerEmails: NoShowLearnerEmail[];
  policySnapshot: Pick<SessionPolicy, "noShowAfterMinutes"> & { refundPercent: 100 };
};

/** What a seat's payment still holds: paid and not yet refunded. A free seat (price 0) holds nothing of this booking. */
export function unrefundedMinor(seat: Pick<NoShowSeat, "priceMinor" | "payment">): number {
  const payment = seat.payment;
  if (!payment || payment.status !== "PAID" || seat.priceMinor === 0) return 0;
  return Math.max(0, payment.amountMinor - payment.refundedMinor);
}

/**
 * The tutor's no-show for a session still SCHEDULED once its no-show mark has passed, or null when
 * there is nothing to do (not scheduled any more, or not due yet: exactly at the mark it is due, one
 * millisecond before it is not, as the check-in window says).
 */
export function decideTutorNoShow(input: {
  session: { status: SessionStatus; startsAt: Date; endsAt: Date };
  seats: readonly NoShowSeat[];
  policy: SessionPolicy;
  now: DateTime;
}): TutorNoShowEffect | null {
  const { session, seats, policy, now } = input;
  if (session.status !== "SCHEDULED" || !isNoShowDue(session, policy, now)) return null;
  const refunds: NoShowRefund[] = [];
  const learnerEmails: NoShowLearnerEmail[] = [];
  for (const seat of seats) {
    if (seat.status !== "CONFIRMED") continue;
    const amountMinor = unrefundedMinor(seat);
    const refund = amountMinor > 0 && seat.payment ? { amountMinor, currency: seat.payment.currency } : null;
    if (refund && seat.payment) refunds.push({ seatId: seat.id, paymentId: seat.payment.id, ...refund });
    learnerEmails.push({ seatId: seat.id, personId: seat.bookedById, role: "booker", refund });
    if (seat.studentId !== seat.bookedById) learnerEmails.push({ seatId: seat.id, personId: seat.studentId, role: "student", refund });
  }
  return {
    noShowParty: "tutor",
    dueAt: noShowDueAt(session, policy),
    refunds,
    releaseSeats: seats.filter((seat) => seat.status === "HELD").map((seat) => seat.id),
    learnerEmails,
    policySnapshot: { ...snapshotOf(policy, ["noShowAfterMinutes"] as const), refundPercent: 100 },
  };
}
