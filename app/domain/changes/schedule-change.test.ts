import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { BulkCancelSchema, CancelChangeSchema, assertShownStillHolds, changeFingerprint, moneyTreatmentOf, rescheduleInstants } from "./schedule-change";

const now = DateTime.fromISO("2026-03-01T12:00:00Z", { zone: "utc" });

describe("the new time of a reschedule, typed in the coordinator's zone", () => {
  it.each([
    ["UTC", "2026-03-10", "14:00", "15:30", "2026-03-10T14:00:00.000Z", "2026-03-10T15:30:00.000Z"],
    ["America/New_York", "2026-03-10", "09:00", "10:00", "2026-03-10T13:00:00.000Z", "2026-03-10T14:00:00.000Z"], // EDT from 8 March
    ["Asia/Kathmandu", "2026-03-10", "09:00", "10:00", "2026-03-10T03:15:00.000Z", "2026-03-10T04:15:00.000Z"],
    ["Europe/London", "2026-03-10", "23:00", "00:00", "2026-03-10T23:00:00.000Z", "2026-03-11T00:00:00.000Z"], // "00:00" ends at midnight
  ])("%s %s %s–%s", (zone, date, start, end, startsAt, endsAt) => {
    const range = rescheduleInstants({ date, start, end }, zone, now);
    expect([range.startsAt.toISOString(), range.endsAt.toISOString()]).toEqual([startsAt, endsAt]);
  });

  it("refuses a start the clocks skip, an end before the start, and a time already past, each on its field", () => {
    const refusal = (form: { date: string; start: string; end: string }, zone = "America/New_York") => {
      try {
        rescheduleInstants(form, zone, now);
      } catch (error) {
        return [(error as { code: string }).code, (error as { field?: string }).field];
      }
      return null;
    };
    expect(refusal({ date: "2026-03-08", start: "02:30", end: "03:30" })).toEqual(["INVALID_TIME", "start"]);
    expect(refusal({ date: "2026-03-10", start: "10:00", end: "09:00" })).toEqual(["INVALID_TIME", "end"]);
    expect(refusal({ date: "2026-03-01", start: "06:00", end: "07:00" })).toEqual(["INVALID_TIME", "date"]);
  });
});

describe("what a preview showed", () => {
  it("is one line per change: seats' refunds, the payout, the new time; equal lines pass, others are a conflict", () => {
    const line = changeFingerprint({
      seats: [
        { id: "a", refundMinor: 1500 },
        { id: "b", refundMinor: 0 },
      ],
      payoutMinor: 0,
    });
    expect(line).toBe("a=1500;b=0;payout=0");
    expect(changeFingerprint({ payoutMinor: 100, startsAt: new Date("2026-03-10T14:00:00Z"), endsAt: new Date("2026-03-10T15:00:00Z") })).toBe(
      "payout=100;from=2026-03-10T14:00:00.000Z;to=2026-03-10T15:00:00.000Z",
    );
    expect(() => assertShownStillHolds(line, line)).not.toThrow();
    expect(() => assertShownStillHolds(line, "a=1000;b=0;payout=0")).toThrow(expect.objectContaining({ code: "PREVIEW_CHANGED" }));
  });
});

describe("the cancel and bulk forms", () => {
  const cancel = { step: "preview", category: "OTHER", financial: "refund", refundPercent: "50", notify: "yes", payout: "none", notes: "Closing early this week." };
  it("reads the refund as a percentage of what is left, or none", () => {
    const parsed = CancelChangeSchema.parse(cancel);
    expect(moneyTreatmentOf(parsed)).toEqual({ refundPercent: 50, asCredit: false });
    expect(moneyTreatmentOf(CancelChangeSchema.parse({ ...cancel, financial: "none", refundPercent: undefined }))).toEqual({ refundPercent: null, asCredit: false });
    for (const refundPercent of ["-1", "101", "12.5", "lots"]) expect(CancelChangeSchema.safeParse({ ...cancel, refundPercent }).success).toBe(false);
    expect(CancelChangeSchema.safeParse({ ...cancel, notes: "too short" }).success).toBe(false);
    expect(CancelChangeSchema.safeParse({ ...cancel, payout: "partial" }).success).toBe(false);
  });

  it.each([
    // financial, refundPercent as typed, what the cancel gives back (or the field refused)
    { financial: "credit", refundPercent: "100", expected: { refundPercent: 100, asCredit: true } },
    { financial: "credit", refundPercent: "50", expected: { refundPercent: 50, asCredit: true } },
    { financial: "credit", refundPercent: "0", expected: { refundPercent: 0, asCredit: true } },
    { financial: "credit", refundPercent: "", expected: "refundPercent" },
    { financial: "credit", refundPercent: "101", expected: "refundPercent" },
    { financial: "credit", refundPercent: "-5", expected: "refundPercent" },
    { financial: "credit", refundPercent: "33.3", expected: "refundPercent" },
    { financial: "refund", refundPercent: "", expected: "refundPercent" },
    { financial: "none", refundPercent: "", expected: { refundPercent: null, asCredit: false } },
    { financial: "none", refundPercent: "40", expected: { refundPercent: null, asCredit: false } },
    { financial: "store credit", refundPercent: "40", expected: "financial" },
  ] as const)("credit the payer instead: $financial at '$refundPercent'", ({ financial, refundPercent, expected }) => {
    const parsed = CancelChangeSchema.safeParse({ ...cancel, financial, refundPercent: refundPercent === "" ? undefined : refundPercent });
    if (typeof expected === "string") {
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual([expected]);
    } else {
      expect(parsed.success).toBe(true);
      expect(moneyTreatmentOf(parsed.data!)).toEqual(expected);
    }
  });

  it("caps a bulk cancel at 100 sessions and drops repeated ones", () => {
    const bulk = { step: "apply", refundPercent: "100", category: "OTHER", notify: "no", notes: "Closing early this week." };
    expect(BulkCancelSchema.parse({ ...bulk, sessionId: ["a", "b", "a"] }).sessionId).toEqual(["a", "b"]);
    expect(BulkCancelSchema.safeParse({ ...bulk, sessionId: Array.from({ length: 100 }, (_, index) => `s${index}`) }).success).toBe(true);
    expect(BulkCancelSchema.safeParse({ ...bulk, sessionId: Array.from({ length: 101 }, (_, index) => `s${index}`) }).success).toBe(false);
    expect(BulkCancelSchema.safeParse({ ...bulk, sessionId: [] }).success).toBe(false);
  });
});
