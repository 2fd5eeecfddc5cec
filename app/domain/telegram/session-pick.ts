import type { DateTime } from "luxon";
import { checkInWindow, checkOutWindow, type AttendancePolicy } from "~/domain/sessions/attendance-windows";

/*
 * Which of a tutor's sessions a bare "/checkin" or "/checkout" means. The chosen session goes to the
 * same checkIn / checkOut services as the web forms, which decide (and word) every refusal: this only
 * chooses, so the rules live in one place.
 */

export type CandidateSession = {
  id: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
};

/** How far ahead a not-yet-open check-in still counts as "your session": beyond it, there is none to check in to. */
export const CHECK_IN_LOOKAHEAD_HOURS = 12;
const HOUR_MS = 3_600_000;

const byStart = (a: CandidateSession, b: CandidateSession) => a.startsAt.getTime() - b.startsAt.getTime();

/**
 * The session "/checkin" acts on, or null ("No session to check in to."), in this order:
 * 1. a scheduled session whose check-in window is open now (several: the one starting soonest);
 * 2. one already checked in and not yet ended (the service answers "You already checked in, at …");
 * 3. the next scheduled one whose window opens within CHECK_IN_LOOKAHEAD_HOURS (the service answers
 *    "Check-in opens in 42 minutes, at 15:30 (…)");
 * 4. a scheduled one whose window closed (no-show mark passed) that has not ended yet (the service
 *    explains that check-in closed).
 */
export function pickCheckInSession(sessions: readonly CandidateSession[], policy: AttendancePolicy, now: DateTime): string | null {
  const nowMs = now.toMillis();
  const sorted = [...sessions].sort(byStart);
  const scheduled = sorted.filter((session) => session.status === "SCHEDULED");
  const decisions = scheduled.map((session) => ({ session, decision: checkInWindow(session, policy, now) }));
  const open = decisions.find(({ decision }) => decision.state === "open");
  if (open) return open.session.id;
  const running = sorted.find((session) => session.status === "IN_PROGRESS" && session.checkedOutAt === null && session.endsAt.getTime() > nowMs);
  if (running) return running.id;
  const upcoming = decisions.find(({ decision }) => decision.state === "not_yet_open" && decision.opensAt.getTime() - nowMs <= CHECK_IN_LOOKAHEAD_HOURS * HOUR_MS);
  if (upcoming) return upcoming.session.id;
  const closed = decisions.find(({ session, decision }) => decision.state === "closed" && session.endsAt.getTime() > nowMs);
  return closed?.session.id ?? null;
}

/**
 * The session "/checkout" acts on, or null ("No session to check out of."):
 * 1. a checked-in session (IN_PROGRESS, no check-out) whose check-out window is open (soonest start);
 * 2. else the checked-in one whose window opens next (the service answers "Check-out opens in …");
 * 3. else a checked-in one whose window closed (the service explains a coordinator records it);
 * 4. else a scheduled session whose check-in is open now (the service answers "Check in first").
 */
export function pickCheckOutSession(sessions: readonly CandidateSession[], policy: AttendancePolicy, now: DateTime): string | null {
  const sorted = [...sessions].sort(byStart);
  const checkedIn = sorted
    .filter((session) => session.status === "IN_PROGRESS" && session.checkedOutAt === null)
    .map((session) => ({ session, decision: checkOutWindow(session, now) }));
  for (const state of ["open", "not_yet_open", "closed"] as const) {
    const found = checkedIn.find(({ decision }) => decision.state === state);
    if (found) return found.session.id;
  }
  const startingNow = sorted.find((session) => session.status === "SCHEDULED" && checkInWindow(session, policy, now).state === "open");
  return startingNow?.id ?? null;
}
