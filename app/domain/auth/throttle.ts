/** Failed password attempts allowed for one email address inside the window before it is paused. */
export const SIGN_IN_THROTTLE = { maxFailures: 5, windowMinutes: 15 } as const;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMinutes: number };

/**
 * Decides whether another password attempt for an address may be checked, given the times of its
 * recent failures (any order). A success resets nothing here: the service only passes failures since
 * the last success.
 */
export function signInThrottle(input: { failuresSinceLastSuccess: Date[]; now: Date; policy?: { maxFailures: number; windowMinutes: number } }): ThrottleDecision {
  const policy = input.policy ?? SIGN_IN_THROTTLE;
  const windowMs = policy.windowMinutes * 60_000;
  const recent = input.failuresSinceLastSuccess
    .map((at) => at.getTime())
    .filter((at) => input.now.getTime() - at < windowMs)
    .sort((a, b) => a - b);
  if (recent.length < policy.maxFailures) return { allowed: true };
  // Paused until the oldest failure that still counts leaves the window.
  const oldestCounted = recent[recent.length - policy.maxFailures];
  const retryAfterMs = oldestCounted + windowMs - input.now.getTime();
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(retryAfterMs / 60_000)) };
}
