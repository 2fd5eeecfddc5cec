import { DomainError } from "~/domain/shared/errors";

/** A learner's seat in a session (the Participant row). */
export type SeatStatus = "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";

/** Seats that take the learner's time (the learner exclusion constraint in the database uses the same list). */
export const ACTIVE_SEAT_STATUSES = ["HELD", "CONFIRMED"] as const satisfies readonly SeatStatus[];

export type SeatEvent =
  | "payment_received" // the booker paid (or the seat is free of charge)
  | "hold_expired" // the hold ran out before payment
  | "payment_failed" // a delayed payment did not arrive
  | "released" // the booker let the held time go
  | "cancel" // a cancellation (the learner's side, the tutor, staff, or an unanswered replacement)
  | "late_payment_revived" // a payment for an expired hold, and the time was still free
  | "rebooked"; // the same learner books the same session again (the row is reused)

/**
 * The seat's own table, beside the session's (status.ts): a seat changes with its own events, and a
 * whole-session change moves every seat through here too.
 */
const SEAT_TRANSITIONS: Record<SeatStatus, Partial<Record<SeatStatus, readonly SeatEvent[]>>> = {
  HELD: { CONFIRMED: ["payment_received"], EXPIRED: ["hold_expired", "payment_failed"], CANCELLED: ["released", "cancel"] },
  CONFIRMED: { CANCELLED: ["cancel"] },
  // A late payment revives only a hold that ran out; a seat given up is booked again, never revived.
  EXPIRED: { CONFIRMED: ["late_payment_revived", "rebooked"], HELD: ["rebooked"] },
  CANCELLED: { HELD: ["rebooked"], CONFIRMED: ["rebooked"] },
};

export function canSeatTransition(from: SeatStatus, to: SeatStatus, event: SeatEvent): boolean {
  return (SEAT_TRANSITIONS[from][to] ?? []).includes(event);
}

/** Throws when the change is not allowed, with a message for the person who tried. */
export function assertSeatTransition(from: SeatStatus, to: SeatStatus, event: SeatEvent): void {
  if (!canSeatTransition(from, to, event)) throw new DomainError("INVALID_TRANSITION", `This booking is ${SEAT_WORDS[from]}, so it cannot be ${SEAT_WORDS[to]} now.`);
}

const SEAT_WORDS: Record<SeatStatus, string> = { HELD: "held", CONFIRMED: "confirmed", CANCELLED: "cancelled", EXPIRED: "expired" };
