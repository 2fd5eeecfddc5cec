import type { DateTime } from "luxon";
import { DomainError } from "~/domain/shared/errors";

/**
 * When a tutor cancels a booked 1:1 session, Tutordesk looks for another tutor (DESIGN §5: a sub-state
 * beside the session's status, which stays SCHEDULED while the student decides):
 * - PENDING_ACCEPTANCE: another tutor was free and the session is theirs unless the student says no;
 * - AWAITING_STUDENT_CHOICE: nobody was free, so the student picks a tutor and time, or cancels;
 * - ACCEPTED: settled; the session goes on like any other.
 * An unanswered choice is cancelled with a full refund at its reply deadline (`replyDeadline`), some
 * hours before the start, so an offered tutor knows in time; no answer is taken from the deadline on.
 */
export type ReassignmentStatus = "PENDING_ACCEPTANCE" | "AWAITING_STUDENT_CHOICE" | "ACCEPTED";

/** Continue with the offered tutor; take another tutor (at the booked time or another); or cancel with a full refund. */
export type ReplacementAnswer = "accept" | "choose" | "cancel";

export function choicePending(status: ReassignmentStatus | null | undefined): status is "PENDING_ACCEPTANCE" | "AWAITING_STUDENT_CHOICE" {
  return status === "PENDING_ACCEPTANCE" || status === "AWAITING_STUDENT_CHOICE";
}

const HOUR_MS = 3_600_000;

/**
 * When the student's choice closes: `replyHours` (the replacementReplyHours policy) before the start.
 * A tutor who cancels later than that leaves no such window, so the student then has until the start
 * rather than a deadline already past (an offer closed the moment it is made helps nobody).
 */
export function replyDeadline(session: { startsAt: Date; offeredAt: Date }, replyHours: number): Date {
  const deadline = new Date(session.startsAt.getTime() - replyHours * HOUR_MS);
  return deadline.getTime() > session.offeredAt.getTime() ? deadline : session.startsAt;
}

/** The reply deadline of a stored offer; a choice from before offers were timed (no offer time) has only the start to go by. */
export function replyDeadlineOf(session: { startsAt: Date; offeredAt: Date | null }, replyHours: number): Date {
  return session.offeredAt ? replyDeadline({ startsAt: session.startsAt, offeredAt: session.offeredAt }, replyHours) : session.startsAt;
}

/** Whether an open choice has reached its reply deadline and is due to be cancelled and refunded. */
export function replyDeadlinePassed(session: { startsAt: Date; offeredAt: Date | null }, replyHours: number, now: DateTime): boolean {
  return replyDeadlineOf(session, replyHours).getTime() <= now.toMillis();
}

/**
 * Where the student's choice stands at `now`, the one answer every page, list, link and answer uses:
 * - "open": waiting on the student, before its reply deadline (`replyDeadlineOf`);
 * - "closed": still waiting, but the deadline has passed: no answer is taken any more, and the closing
 *   job (closeUnansweredReplacements, every minute) cancels the session with a full refund;
 * - "none": nothing waits on the student (never asked, settled, or the session is no longer booked).
 */
export type ChoiceState = "open" | "closed" | "none";

export type ChoiceSession = { status: string; reassignmentStatus: ReassignmentStatus | null | undefined; startsAt: Date; offeredAt: Date | null };

export function choiceState(session: ChoiceSession, replyHours: number, now: DateTime): ChoiceState {
  if (session.status !== "SCHEDULED" || !choicePending(session.reassignmentStatus)) return "none";
  return replyDeadlinePassed(session, replyHours, now) ? "closed" : "open";
}

/** Whether the student can still answer: the session is booked, waiting on them, and its reply deadline has not come. */
export function choiceOpen(session: ChoiceSession, replyHours: number, now: DateTime): boolean {
  return choiceState(session, replyHours, now) === "open";
}

/**
 * A tutor's cancel looks for a replacement only for a booked 1:1 session someone has paid for or
 * confirmed: a group's students each booked a seat with this tutor, and a held, unpaid seat has no
 * booking to save yet.
 */
export function seeksReplacement(session: { kind: "ONE_TO_ONE" | "GROUP"; status: string; confirmedSeats: number }): boolean {
  return session.kind === "ONE_TO_ONE" && session.status === "SCHEDULED" && session.confirmedSeats > 0;
}

/**
 * Throws when the student can no longer give this answer, with what to do instead. The choice closes at
 * its reply deadline (`choiceState`): an answer at or after it is refused even before the closing job
 * has run, since every email and page promised the choice closes then.
 */
export function assertReplacementAnswer(input: ChoiceSession & { replyHours: number; now: DateTime; answer: ReplacementAnswer }): void {
  const state = choiceState(input, input.replyHours, input.now);
  if (state === "none") {
    throw new DomainError("NO_CHOICE_PENDING", "This session is not waiting for your choice any more: it has been settled or cancelled. Open it to see where it stands.");
  }
  if (state === "closed" && input.startsAt.getTime() <= input.now.toMillis()) {
    throw new DomainError("CHOICE_CLOSED", "The session's start time has passed, so the choice has closed; it is being cancelled with a full refund.");
  }
  if (state === "closed") {
    throw new DomainError("REPLY_DEADLINE_PASSED", "The deadline to answer has passed, so the choice has closed: the session is being cancelled with a full refund.");
  }
  if (input.answer === "accept" && input.reassignmentStatus !== "PENDING_ACCEPTANCE") {
    throw new DomainError("NOTHING_OFFERED", "No replacement tutor was free at this time. Choose another tutor and time, or cancel for a full refund.");
  }
}

/** The tutors never to offer this session again: every one who has cancelled it. */
export function withCancelledTutor(cancelledTutorIds: readonly string[], tutorId: string): string[] {
  return cancelledTutorIds.includes(tutorId) ? [...cancelledTutorIds] : [...cancelledTutorIds, tutorId];
}
