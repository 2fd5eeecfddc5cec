import type { DateTime } from "luxon";
import { dueReminderKinds, reminderDueAt, type ReminderKind, type ScheduledSession } from "./attendance-windows";

/*
 * Which reminder one person gets now for a session's current start (issue 14), on top of the window
 * arithmetic in attendance-windows.ts. Each person is decided on their own: a seat booked this morning
 * and the tutor booked a week ago need not be at the same point.
 */

export type ReminderPlan =
  /** Email this reminder now (perhaps late: the runner was down at its instant). */
  | { kind: ReminderKind; action: "send" }
  /**
   * Record this reminder as handled without an email: the person learned of the session at or after
   * the reminder's instant (booked 10 hours ahead), so the booking confirmation they just got is their
   * notice, and a "your session is tomorrow" straight after it would be noise. Recording it keeps the
   * job from considering them again.
   */
  | { kind: ReminderKind; action: "skip" };

/**
 * `sent`: the kinds already handled for this person and this start (a moved session starts again with
 * none). `knownSince`: when this person's part in the session was confirmed (their seat, or for the
 * tutor the first seat), or null when unknown.
 *
 * Late runs: a reminder is sent late rather than never, but never once the session has started, and only
 * the latest due kind: with both the 24-hour and the 1-hour instant passed (the runner was down for a
 * day), only the 1-hour reminder goes out, since it says the same thing closer to the start; the 24-hour
 * one is then never sent (dueReminderKinds drops an earlier kind once a later one is due or sent).
 */
export function reminderPlan(
  session: Pick<ScheduledSession, "startsAt">,
  recipient: { sent: readonly ReminderKind[]; knownSince: Date | null },
  now: DateTime,
): ReminderPlan | null {
  const [kind] = dueReminderKinds(session, recipient.sent, now);
  if (kind === undefined) return null;
  const learnedAfterDue = recipient.knownSince !== null && recipient.knownSince.getTime() >= reminderDueAt(session, kind).getTime();
  return { kind, action: learnedAfterDue ? "skip" : "send" };
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
