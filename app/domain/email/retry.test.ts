import { describe, expect, it } from "vitest";
import { MAX_EMAIL_ATTEMPTS, emailRetryDecision } from "./retry";

const now = new Date("2026-11-21T12:00:00Z");

describe("emailRetryDecision", () => {
  it.each([
    [1, 1],
    [2, 4],
    [3, 16],
    [4, 64],
    [5, 256],
  ])("after %i failed attempt(s) waits %i minutes", (attempts, minutes) => {
    const decision = emailRetryDecision(attempts, now);
    expect(decision).toEqual({ giveUp: false, nextAttemptAt: new Date(now.getTime() + minutes * 60_000) });
  });

  it("gives up after the last attempt", () => {
    expect(emailRetryDecision(MAX_EMAIL_ATTEMPTS, now)).toEqual({ giveUp: true });
  });
});
