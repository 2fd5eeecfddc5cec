import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SESSION_POLICY_DEFAULTS } from "~/domain/policies/session-policies";
import { assertStudentMayCancel, CANCELLATION_REASON_CATEGORIES, cancelFormSchema, CancelFormSchema, refundPreview, type Canceller } from "./refunds";

const startsAt = new Date("2026-11-24T15:00:00Z");
const start = DateTime.fromJSDate(startsAt, { zone: "utc" });
const before = (duration: { hours?: number; seconds?: number }) => start.minus(duration);
const policy = SESSION_POLICY_DEFAULTS;

describe("refund preview for a student or parent", () => {
  it.each([
    ["48 h before", "FULL", 100, 4500, before({ hours: 48 })],
    ["exactly 24 h before", "FULL", 100, 4500, before({ hours: 24 })],
    ["24 h minus 1 s before", "LATE", 70, 3150, before({ hours: 24 }).plus({ seconds: 1 })],
    ["exactly 2 h before", "LATE", 70, 3150, before({ hours: 2 })],
    ["2 h minus 1 s before", "NONE", 0, 0, before({ hours: 2 }).plus({ seconds: 1 })],
    ["1 s before", "NONE", 0, 0, before({ seconds: 1 })],
    ["at the start", "NONE", 0, 0, start],
    ["after the start", "NONE", 0, 0, start.plus({ minutes: 10 })],
  ] as const)("%s: %s, %i %% refunds %i", (_label, tier, percent, amountMinor, now) => {
    for (const who of ["STUDENT", "PARENT"] as const) {
      expect(refundPreview({ who, startsAt, paidMinor: 4500, now, policy })).toMatchObject({ tier, percent, amountMinor });
    }
  });

  it("reports the hours before the start, negative once started", () => {
    expect(refundPreview({ who: "STUDENT", startsAt, paidMinor: 0, now: before({ hours: 2 }), policy }).hoursBefore).toBe(2);
    expect(refundPreview({ who: "STUDENT", startsAt, paidMinor: 0, now: start.plus({ minutes: 30 }), policy }).hoursBefore).toBe(-0.5);
  });

  it.each([
    [1001, 700], // 700.7 rounds down
    [999, 699], // 699.3
    [1, 0], // 0.7
    [0, 0],
  ])("rounds 70 %% of %i down to %i", (paidMinor, amountMinor) => {
    expect(refundPreview({ who: "STUDENT", startsAt, paidMinor, now: before({ hours: 3 }), policy }).amountMinor).toBe(amountMinor);
  });

  it("explains the tier in the policy's own numbers and records them", () => {
    const preview = refundPreview({ who: "PARENT", startsAt, paidMinor: 4500, now: before({ hours: 10 }), policy: { ...policy, lateRefundPercent: 50, lateRefundHours: 3 } });
    expect(preview.explanation).toBe("Cancelling between 3 and 24 hours before the start: 50% refund.");
    expect(preview.policySnapshot).toEqual({ fullRefundHours: 24, lateRefundHours: 3, lateRefundPercent: 50 });
    expect(refundPreview({ who: "STUDENT", startsAt, paidMinor: 1, now: start, policy }).explanation).toBe("The session has already started: no refund.");
  });

  it("refuses an amount that is not whole minor units", () => {
    expect(() => refundPreview({ who: "STUDENT", startsAt, paidMinor: 10.5, now: start, policy })).toThrow(RangeError);
    expect(() => refundPreview({ who: "STUDENT", startsAt, paidMinor: -1, now: start, policy })).toThrow(RangeError);
  });
});

describe("refund preview for the tutoring side", () => {
  it.each(["TUTOR", "COORDINATOR", "ADMIN"] as Canceller[])("%s cancelling refunds everything, at any time", (who) => {
    for (const now of [before({ hours: 48 }), before({ hours: 3 }), before({ seconds: 1 }), start.plus({ hours: 1 })]) {
      expect(refundPreview({ who, startsAt, paidMinor: 4999, now, policy })).toMatchObject({ tier: "FULL", percent: 100, amountMinor: 4999 });
    }
    expect(refundPreview({ who, startsAt, paidMinor: 1, now: start, policy }).explanation).toContain(`The ${who.toLowerCase()} is cancelling`);
  });
});

describe("refund preview at a percentage staff chose, of what is left", () => {
  it.each([
    // left, percent, refund
    [4000, 100, 4000],
    [4000, 50, 2000],
    [4000, 0, 0],
    [4999, 50, 2499], // 2499.5 rounds down
    [1, 50, 0],
    [1, 100, 1],
    [3001, 33, 990], // 990.33
    [2000, 50, 1000], // a payment of 4000 with 2000 refunded before: half of what is left
    [0, 100, 0], // nothing left (or nothing paid)
  ])("%i left at %i %% refunds %i", (paidMinor, chosenPercent, amountMinor) => {
    for (const who of ["COORDINATOR", "ADMIN"] as const) {
      for (const now of [before({ hours: 48 }), before({ hours: 1 }), start.plus({ hours: 2 })]) {
        expect(refundPreview({ who, startsAt, paidMinor, now, policy, chosenPercent })).toMatchObject({ tier: "CHOSEN", percent: chosenPercent, amountMinor });
      }
    }
  });

  it("says what staff chose, and refuses a percentage outside 0–100 or not whole", () => {
    expect(refundPreview({ who: "ADMIN", startsAt, paidMinor: 100, now: start, policy, chosenPercent: 0 }).explanation).toBe("Tutordesk cancelled this session without a refund.");
    expect(refundPreview({ who: "ADMIN", startsAt, paidMinor: 100, now: start, policy, chosenPercent: 50 }).explanation).toContain("50% refund of what was left");
    for (const chosenPercent of [-1, 101, 50.5]) {
      expect(() => refundPreview({ who: "ADMIN", startsAt, paidMinor: 100, now: start, policy, chosenPercent })).toThrow(RangeError);
    }
  });
});

describe("student cancel cutoff", () => {
  const withCutoff = { ...policy, cancellationCutoffHours: 6 };
  it.each([
    ["default (no cutoff) 1 s before", policy, before({ seconds: 1 }), false, null],
    ["default at the start", policy, start, false, "already started"],
    ["default after the start", policy, start.plus({ seconds: 1 }), false, "already started"],
    ["6 h cutoff, exactly 6 h before", withCutoff, before({ hours: 6 }), false, null],
    ["6 h cutoff, 6 h minus 1 s before", withCutoff, before({ hours: 6 }).plus({ seconds: 1 }), false, "up to 6 hours before"],
    ["6 h cutoff, override active", withCutoff, before({ hours: 1 }), true, null],
    ["override active, after the start", withCutoff, start, true, "already started"],
  ] as const)("%s", (_label, policyUsed, now, overrideActive, refusal) => {
    const attempt = () => assertStudentMayCancel({ startsAt, now, policy: policyUsed, overrideActive });
    if (refusal === null) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(expect.objectContaining({ code: "CANCEL_CUTOFF", message: expect.stringContaining(refusal) }));
  });
});

describe("cancel form", () => {
  const reasonOf = (length: number) => "x".repeat(length);
  it.each([
    [{ category: "ILLNESS", reason: reasonOf(10) }, null],
    [{ category: "OTHER", reason: reasonOf(500) }, null],
    [{ category: "ILLNESS", reason: `  ${reasonOf(9)}  ` }, ["reason", "Write at least 10 characters, so the other side understands."]],
    [{ category: "ILLNESS", reason: reasonOf(501) }, ["reason", "Keep the reason to 500 characters or fewer."]],
    [{ category: "ILLNESS" }, ["reason", "Say why, in a sentence or two."]],
    [{ category: "BORED", reason: reasonOf(20) }, ["category", "Choose why you are cancelling."]],
    [{ reason: reasonOf(20) }, ["category", "Choose why you are cancelling."]],
  ])("%o", (input, error) => {
    const parsed = CancelFormSchema.safeParse(input);
    if (error === null) expect(parsed.success).toBe(true);
    else expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([error]);
  });

  it("takes its lengths from the policy", () => {
    const schema = cancelFormSchema({ cancellationReasonMinLength: 3, cancellationReasonMaxLength: 5 });
    expect(schema.safeParse({ category: "OTHER", reason: "abc" }).success).toBe(true);
    expect(schema.safeParse({ category: "OTHER", reason: "abcdef" }).success).toBe(false);
  });

  it("offers every category with a label", () => {
    expect(CANCELLATION_REASON_CATEGORIES.map((category) => category.value)).toEqual(["SCHEDULE_CONFLICT", "ILLNESS", "NO_LONGER_NEEDED", "TUTOR_UNAVAILABLE", "OTHER"]);
    expect(CANCELLATION_REASON_CATEGORIES.every((category) => category.label.length > 0)).toBe(true);
  });
});
