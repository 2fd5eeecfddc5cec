import type { DateTime } from "luxon";
import { dueReminderKinds, type ReminderKind, type ScheduledSession } from "./attendance-windows";

/*
 * Which reminder one person gets now for a session's current start (issue 14), on top of the window
 * arithmetic in attendance-windows.ts. Each person is decided on their own: a learner who joined a group
 * session this morning has had no reminder yet when the others had theirs.
 */

/**
 * The reminder to email one person now, or null. `sent`: the kinds already sent to this person for
 * the session's current start (a moved session starts again with none).
 *
 * Late runs: a reminder is sent late rather than never, but never once the session has started, and
 * only the latest due kind: with both the 24-hour and the 1-hour instant passed (the runner was down
 * for a day), only the 1-hour reminder goes out, since it says the same thing closer to the start;
 * the 24-hour one is then never sent (dueReminderKinds drops an earlier kind once a later one is due
 * or sent). The same holds for a seat booked, or a session moved, inside a reminder's window: that
 * person gets the latest due kind at once (it carries the Join link the booking email does not).
 */
export function reminderPlan(session: Pick<ScheduledSession, "startsAt">, sent: readonly ReminderKind[], now: DateTime): ReminderKind | null {
  return dueReminderKinds(session, sent, now)[0] ?? null;
}

/** "in 24 hours", "in 1 hour", "in 35 minutes": how far the start is, for a reminder's first line (rounded to the minute). */
export function timeUntilStart(startsAt: Date, now: DateTime): string {
  const minutes = Math.max(0, Math.round((startsAt.getTime() - now.toMillis()) / 60_000));
  if (minutes >= 60 && minutes % 60 === 0) {
    const hours = minutes / 60;
    return `in ${hours} hour${hours === 1 ? "" : "s"}`;
  }
  if (minutes >= 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return `in ${hours} hour${hours === 1 ? "" : "s"} ${rest} minute${rest === 1 ? "" : "s"}`;
  }
  return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}
