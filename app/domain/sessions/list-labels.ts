import type { DateTime } from "luxon";
import { choiceState, type ReassignmentStatus } from "~/domain/changes/replacement";
import { isCheckOutMissing } from "./attendance-windows";
import type { SeatStatus } from "./seat-status";
import { describeStatus, type SessionStatus } from "./status";

export type { SeatStatus };

/** How the session lists (home pages, /sessions) word each row, for the tutor and for students and parents. */

export type RowAction = { label: string; href: string };

/** The status a tutor reads for one of their sessions, replacement states included. */
export function tutorRowStatus(session: { status: SessionStatus; reassignmentStatus: ReassignmentStatus | null }): string {
  if (session.status === "SCHEDULED" && session.reassignmentStatus === "PENDING_ACCEPTANCE") return "Offered to you: the student is confirming";
  if (session.status === "SCHEDULED" && session.reassignmentStatus === "AWAITING_STUDENT_CHOICE") return "You cancelled: the student is choosing";
  return describeStatus(session.status);
}

/** Who the tutor meets: the student of a 1:1 session, or a group's seats. */
export function tutorRowWith(session: { kind: "ONE_TO_ONE" | "GROUP"; capacity: number; confirmed: number; held: number; firstStudent: string | null }): string {
  if (session.kind === "GROUP") return `Group: ${session.confirmed} of ${session.capacity} booked${session.held ? `, ${session.held} paying` : ""}`;
  return session.firstStudent ?? "Awaiting payment";
}

/**
 * The status coordinators read on the list of every session: who was absent for a no-show, and a
 * check-in still without its check-out 24 hours after the end (the session stays IN_PROGRESS until
 * someone records the attendance; nothing is stored for the flag, it is computed from the end).
 */
export function staffRowStatus(session: { status: SessionStatus; noShowParty: "tutor" | "student" | null; endsAt: Date }, now: DateTime): string {
  if (session.status === "NO_SHOW" && session.noShowParty) return `No-show (${session.noShowParty})`;
  if (session.status === "IN_PROGRESS" && isCheckOutMissing(session, now)) return "In progress: check-out missing";
  return describeStatus(session.status);
}

export type LearnerSeat = {
  id: string;
  status: SeatStatus;
  bookedById: string;
  /** The latest payment's status, if any. */
  paymentStatus: string | null;
  /** `reassignedAt`: when a replacement was offered, from which its reply deadline counts. */
  session: { id: string; status: SessionStatus; reassignmentStatus: ReassignmentStatus | null; reassignedAt: Date | null; startsAt: Date; endsAt: Date };
};

/**
 * The status and next step a student or parent sees for a seat: a choice to make after the tutor
 * cancelled comes first (until its reply deadline, `replyHours` being the replacementReplyHours policy;
 * after it, that the session is being cancelled), then the session's own state, then the seat's.
 */
export function learnerRow(seat: LearnerSeat, viewerId: string, now: DateTime, replyHours: number): { status: string; action: RowAction } {
  const choice = seat.status === "CONFIRMED" ? choiceState({ ...seat.session, offeredAt: seat.session.reassignedAt }, replyHours, now) : "none";
  if (choice === "open") {
    return { status: "Tutor cancelled: your choice is needed", action: { label: "Choose what happens", href: `/sessions/${seat.session.id}/replacement` } };
  }
  if (choice === "closed") {
    return { status: "Tutor cancelled: no choice made in time, being refunded", action: { label: "View session", href: `/sessions/${seat.session.id}` } };
  }
  const status = seat.status === "CONFIRMED" && seat.session.status !== "SCHEDULED" ? describeStatus(seat.session.status) : seatLabel(seat.status, seat.paymentStatus);
  return { status, action: nextAction(seat, viewerId, seat.session.endsAt.getTime() >= now.toMillis()) };
}

/** A seat's own state, as its booking page and the session's seat list word it. */
export function seatLabel(status: SeatStatus, paymentStatus: string | null): string {
  if (status === "HELD") return paymentStatus === "PROCESSING" ? "Payment processing" : "Awaiting payment";
  return { CONFIRMED: "Confirmed", CANCELLED: "Cancelled", EXPIRED: "Hold expired" }[status];
}

/** A held seat leads to its booking page (to pay, for whoever booked it); any other to the session. */
function nextAction(seat: LearnerSeat, viewerId: string, upcoming: boolean): RowAction {
  if (seat.status === "HELD" && seat.paymentStatus === "PROCESSING") return { label: "Payment processing", href: `/bookings/${seat.id}` };
  if (seat.status === "HELD")
    return seat.bookedById === viewerId ? { label: "Pay now", href: `/bookings/${seat.id}` } : { label: "Awaiting payment", href: `/bookings/${seat.id}` };
  return { label: upcoming ? "View session" : "View", href: `/sessions/${seat.session.id}` };
}
