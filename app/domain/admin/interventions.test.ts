import { describe, expect, it } from "vitest";
import { actualMinutesBounds, assertShownStillHolds, clearNoShowRefusal, forceCompleteRefusal, ForceCompleteFormSchema, ManualRefundFormSchema } from "./interventions";

const END = new Date("2031-03-03T11:00:00Z");
const before = END.getTime() - 60_000;
const after = END.getTime() + 60_000;

describe("force complete: from which statuses, and when", () => {
  it.each([
    ["IN_PROGRESS", before, null],
    ["IN_PROGRESS", after, null],
    ["AWAITING_CONFIRMATION", after, null],
    ["SCHEDULED", after, null],
    ["SCHEDULED", END.getTime(), null],
    ["SCHEDULED", before, "NOT_ENDED"],
    ["DISPUTED", after, "OPEN_DISPUTE"],
    ["NO_SHOW", after, "IS_NO_SHOW"],
    ["COMPLETED", after, "NOT_COMPLETABLE"],
    ["CANCELLED", after, "NOT_COMPLETABLE"],
    ["PENDING_PAYMENT", after, "NOT_COMPLETABLE"],
  ] as const)("%s at %s: %s", (status, nowMs, code) => {
    expect(forceCompleteRefusal({ status, endsAt: END }, nowMs)?.code ?? null).toBe(code);
  });

  it.each([
    [60, 1, 120],
    [45, 1, 90],
    [0, 1, 1],
  ])("a %i-minute booking takes %i to %i actual minutes", (booked, min, max) => {
    expect(actualMinutesBounds(booked)).toEqual({ min, max });
  });
});

describe("clear a no-show", () => {
  it.each([
    ["NO_SHOW", null],
    ["SCHEDULED", "NOT_A_NO_SHOW"],
    ["COMPLETED", "NOT_A_NO_SHOW"],
    ["AWAITING_CONFIRMATION", "NOT_A_NO_SHOW"],
  ] as const)("%s: %s", (status, code) => {
    expect(clearNoShowRefusal(status)?.code ?? null).toBe(code);
  });
});

describe("the shown figures", () => {
  it("pass when every current figure equals the shown one (numbers and their text alike)", () => {
    expect(() => assertShownStillHolds({ shownSeats: "2", shownStatus: "IN_PROGRESS" }, { shownSeats: 2, shownStatus: "IN_PROGRESS" })).not.toThrow();
  });
  it.each([
    [
      { shownSeats: 1, shownStatus: "IN_PROGRESS" },
      { shownSeats: 2, shownStatus: "IN_PROGRESS" },
    ],
    [
      { shownSeats: 2, shownStatus: "IN_PROGRESS" },
      { shownSeats: 2, shownStatus: "AWAITING_CONFIRMATION" },
    ],
    [{}, { shownEarningsMinor: 0 }],
  ])("refuse a difference: %o vs %o", (shown, now) => {
    expect(() => assertShownStillHolds(shown, now)).toThrow(expect.objectContaining({ code: "PREVIEW_CHANGED" }));
  });
});

describe("the forms", () => {
  const refund = { seatId: "seat1", amount: "12.50", reason: "Refund agreed on the phone", key: "a".repeat(32), shownLeftMinor: "4000" };
  it("reads the refund amount in minor units", () => {
    const parsed = ManualRefundFormSchema.safeParse(refund);
    expect(parsed.success && parsed.data.amount).toBe(1250);
  });
  it.each([["0"], ["-5"], ["12.345"], ["abc"], [""]])("refuses the amount %j", (amount) => {
    expect(ManualRefundFormSchema.safeParse({ ...refund, amount }).success).toBe(false);
  });
  it("needs a reason of at least 10 characters", () => {
    expect(ManualRefundFormSchema.safeParse({ ...refund, reason: "too short" }).success).toBe(false);
    const force = { actualMinutes: "45", reason: "short", shownStatus: "IN_PROGRESS", shownSeats: "1", shownEarningsMinor: "4000" };
    expect(ForceCompleteFormSchema.safeParse(force).success).toBe(false);
    expect(ForceCompleteFormSchema.safeParse({ ...force, reason: "Stuck after the meeting ended" }).success).toBe(true);
  });
});
