import { DomainError } from "~/domain/shared/errors";

export type SessionStatus = "PENDING_PAYMENT" | "SCHEDULED" | "IN_PROGRESS" | "AWAITING_CONFIRMATION" | "COMPLETED" | "DISPUTED" | "CANCELLED" | "NO_SHOW";

/** Statuses that occupy the tutor's time (the exclusion constraint in the database uses the same list). */
export const ACTIVE_SESSION_STATUSES = ["PENDING_PAYMENT", "SCHEDULED", "IN_PROGRESS"] as const satisfies readonly SessionStatus[];

/** Why a status changes. Each transition below names the events allowed to cause it. */
export type SessionEvent =
  | "payment_received" // the first seat is paid (or confirmed free)
  | "hold_expired" // a 1:1 booking's payment never came
  | "late_payment_revived" // the payment came after the hold expired, and the time was still free
  | "check_in"
  | "check_out" // the tutor's check-out: awaiting confirmation, or a no-show when every learner was one
  | "attendance_recorded" // a coordinator records or corrects attendance on the attendance form
  | "confirm"
  | "dispute"
  | "resolve"
  | "cancel"
  | "force_cancel" // an admin cancels a session that has started or is waiting for its hours (docs/decisions/031)
  | "no_show"
  | "force_complete" // an admin completes a stuck session (decision 030)
  | "clear_no_show"; // an admin clears a wrong no-show: the session happened (decision 030)

const TRANSITIONS: Record<SessionStatus, Partial<Record<SessionStatus, readonly SessionEvent[]>>> = {
  PENDING_PAYMENT: { SCHEDULED: ["payment_received"], CANCELLED: ["hold_expired", "cancel"] },
  SCHEDULED: {
    IN_PROGRESS: ["check_in", "attendance_recorded"],
    CANCELLED: ["cancel"],
    // The job's no-show (the tutor never checked in), or a coordinator recording one.
    NO_SHOW: ["no_show", "attendance_recorded"],
    // A session that happened without a check-in, recorded afterwards by a coordinator.
    AWAITING_CONFIRMATION: ["attendance_recorded"],
    // A session past its end that nobody checked in or out (the admin's force complete says when).
    COMPLETED: ["force_complete"],
  },
  IN_PROGRESS: {
    AWAITING_CONFIRMATION: ["check_out", "attendance_recorded"],
    NO_SHOW: ["check_out", "attendance_recorded"],
    COMPLETED: ["force_complete"],
    CANCELLED: ["force_cancel"],
  },
  AWAITING_CONFIRMATION: { COMPLETED: ["confirm", "force_complete"], DISPUTED: ["dispute"], NO_SHOW: ["attendance_recorded"], CANCELLED: ["force_cancel"] },
  // DISPUTED while any seat's problem is open; its resolution completes or cancels the session, or
  // returns it to waiting when other seats of a group still have to answer.
  // An admin's force cancel also ends it (its open problems are closed with it).
  DISPUTED: { COMPLETED: ["resolve"], CANCELLED: ["resolve", "force_cancel"], AWAITING_CONFIRMATION: ["resolve"] },
  COMPLETED: {},
  // Only a hold that ran out can come back, and only when its late payment finds the time still free.
  CANCELLED: { SCHEDULED: ["late_payment_revived"] },
  // A wrong no-show is cleared by a coordinator's attendance record or an admin's clear, never by anyone
  // else; the bookers then confirm the hours. A no-show is never force-completed: its refunds stand
  // and clearing it says why. A DISPUTED session is never force-completed: its resolution decides. An
  // admin's force cancel ends either.
  NO_SHOW: { AWAITING_CONFIRMATION: ["attendance_recorded", "clear_no_show"], CANCELLED: ["force_cancel"] },
};

/**
 * The statuses an admin's force cancel ends (docs/decisions/031): started, waiting for hours, disputed
 * or a no-show. Before the start (SCHEDULED, PENDING_PAYMENT) staff use the ordinary `cancel`; final
 * statuses (COMPLETED, CANCELLED) end nothing more.
 */
export const FORCE_CANCELLABLE_STATUSES = ["IN_PROGRESS", "AWAITING_CONFIRMATION", "NO_SHOW", "DISPUTED"] as const satisfies readonly SessionStatus[];

/** The statuses staff cancel with the ordinary `cancel` event. */
export const CANCELLABLE_STATUSES = ["PENDING_PAYMENT", "SCHEDULED"] as const satisfies readonly SessionStatus[];

export function isForceCancellable(status: SessionStatus): boolean {
  return (FORCE_CANCELLABLE_STATUSES as readonly SessionStatus[]).includes(status);
}

export function canTransition(from: SessionStatus, to: SessionStatus, event: SessionEvent, context: { cancelCause?: string | null } = {}): boolean {
  if (!(TRANSITIONS[from][to] ?? []).includes(event)) return false;
  if (event === "late_payment_revived") return context.cancelCause === "HOLD_EXPIRED";
  return true;
}

/** Throws when the change is not allowed, with a message for the person who tried. */
export function assertTransition(from: SessionStatus, to: SessionStatus, event: SessionEvent, context: { cancelCause?: string | null } = {}): void {
  if (!canTransition(from, to, event, context)) {
    throw new DomainError("INVALID_TRANSITION", `This session is ${describeStatus(from).toLowerCase()}, so it cannot be ${describeStatus(to).toLowerCase()} now.`);
  }
}

export function describeStatus(status: SessionStatus): string {
  const labels: Record<SessionStatus, string> = {
    PENDING_PAYMENT: "Awaiting payment",
    SCHEDULED: "Scheduled",
    IN_PROGRESS: "In progress",
    AWAITING_CONFIRMATION: "Awaiting confirmation",
    COMPLETED: "Completed",
    DISPUTED: "Disputed",
    CANCELLED: "Cancelled",
    NO_SHOW: "No-show",
  };
  return labels[status];
}
