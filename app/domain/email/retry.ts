/** Delivery attempts before a message is marked FAILED and shown to coordinators. */
export const MAX_EMAIL_ATTEMPTS = 6;

/**
 * Backoff after a failed delivery: 1, 4, 16, 64, 256 minutes (about 5.6 hours in all), so a
 * provider outage of a few hours loses nothing. `attemptsSoFar` counts the failed attempt.
 */
export function emailRetryDecision(attemptsSoFar: number, now: Date): { giveUp: true } | { giveUp: false; nextAttemptAt: Date } {
  if (attemptsSoFar >= MAX_EMAIL_ATTEMPTS) return { giveUp: true };
  const delayMinutes = 4 ** Math.max(0, attemptsSoFar - 1);
  return { giveUp: false, nextAttemptAt: new Date(now.getTime() + delayMinutes * 60_000) };
}
