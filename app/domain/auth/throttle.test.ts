import { describe, expect, it } from "vitest";
import { signInThrottle } from "./throttle";

const now = new Date("2026-11-21T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe("signInThrottle", () => {
  it("allows up to four recent failures", () => {
    expect(signInThrottle({ failuresSinceLastSuccess: [1, 2, 3, 4].map(minutesAgo), now })).toEqual({ allowed: true });
  });

  it("pauses the fifth failure inside fifteen minutes until the oldest one leaves the window", () => {
    const decision = signInThrottle({ failuresSinceLastSuccess: [1, 2, 3, 4, 10].map(minutesAgo), now });
    expect(decision).toEqual({ allowed: false, retryAfterMinutes: 5 });
  });

  it("ignores failures older than the window", () => {
    expect(signInThrottle({ failuresSinceLastSuccess: [1, 2, 3, 4, 15, 40].map(minutesAgo), now })).toEqual({ allowed: true });
  });

  it("never says to wait zero minutes", () => {
    const decision = signInThrottle({ failuresSinceLastSuccess: [0.1, 0.2, 0.3, 0.4, 14.99].map(minutesAgo), now });
    expect(decision).toEqual({ allowed: false, retryAfterMinutes: 1 });
  });

  it("takes a stricter policy", () => {
    const decision = signInThrottle({ failuresSinceLastSuccess: [1].map(minutesAgo), now, policy: { maxFailures: 1, windowMinutes: 2 } });
    expect(decision).toEqual({ allowed: false, retryAfterMinutes: 1 });
  });
});
