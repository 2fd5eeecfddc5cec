import { describe, expect, it } from "vitest";
import { completionEarnings, earningKindLabel, noShowClearedEarnings, noShowEarnings, resolutionEarning, type CompletedSeat, type NoShowSeat } from "./earnings";

const confirmedAt = new Date("2031-03-03T12:00:00Z");
const seat = (overrides: Partial<CompletedSeat>): CompletedSeat => ({
  id: "a",
  status: "CONFIRMED",
  priceMinor: 4000,
  currency: "GBP",
  hoursConfirmedAt: confirmedAt,
  hasDispute: false,
  ...overrides,
});

describe("what completing a session earns", () => {
  it.each([
    ["a confirmed seat, no fee", [seat({})], 0, [["a", 4000]]],
    ["a 15% fee, rounded down to a whole penny", [seat({ priceMinor: 3333 })], 15, [["a", 2833]]],
    ["a free seat earns nothing, and says so", [seat({ priceMinor: 0 })], 0, [["a", 0]]],
    ["a seat with a dispute earned at its resolution", [seat({ hasDispute: true, hoursConfirmedAt: null })], 0, []],
    ["a cancelled seat earns nothing", [seat({ status: "CANCELLED" })], 0, []],
    [
      "a group: each confirmed seat",
      [seat({ id: "a" }), seat({ id: "b", priceMinor: 2000 }), seat({ id: "c", hasDispute: true, hoursConfirmedAt: null })],
      10,
      [
        ["a", 3600],
        ["b", 1800],
      ],
    ],
  ] as const)("%s", (_label, seats, fee, expected) => {
    expect(completionEarnings(seats, fee).map((entry) => [entry.participantId, entry.amountMinor])).toEqual(expected);
  });

  it("records the gross, the fee and the currency beside the amount", () => {
    expect(completionEarnings([seat({})], 20)).toEqual([{ participantId: "a", kind: "session_completed", amountMinor: 3200, grossMinor: 4000, feePercent: 20, currency: "GBP" }]);
  });
});

describe("what a resolution earns", () => {
  it("is the pay it decided, from nothing to the seat's price", () => {
    expect(resolutionEarning({ id: "a", priceMinor: 4000, currency: "GBP" }, 1333, 0)).toMatchObject({ kind: "dispute_resolved", amountMinor: 1333, grossMinor: 4000 });
    expect(resolutionEarning({ id: "a", priceMinor: 4000, currency: "GBP" }, 0, 0).amountMinor).toBe(0);
    expect(() => resolutionEarning({ id: "a", priceMinor: 4000, currency: "GBP" }, 4001, 0)).toThrow(RangeError);
    expect(() => resolutionEarning({ id: "a", priceMinor: 4000, currency: "GBP" }, -1, 0)).toThrow(RangeError);
  });
});

describe("what a no-show earns the tutor", () => {
  const absent = (id: string, priceMinor = 4000, status = "CONFIRMED"): NoShowSeat => ({ id, status, priceMinor, currency: "GBP" });
  it.each([
    ["the tutor's own no-show earns nothing", "tutor", [absent("a")], 100, 0, []],
    ["a learner's no-show, the default 100%: the full pay", "student", [absent("a")], 100, 0, [["a", 4000]]],
    ["a learner's no-show at 50%", "student", [absent("a")], 50, 0, [["a", 2000]]],
    ["50% of the pay after a 15% fee, rounded down", "student", [absent("a", 3333)], 50, 15, [["a", 1416]]],
    ["0%: no entry, nothing to take back later", "student", [absent("a")], 0, 0, []],
    ["a free seat: no entry", "student", [absent("a", 0)], 100, 0, []],
    ["a seat that holds no place earns nothing", "student", [absent("a", 4000, "CANCELLED")], 100, 0, []],
    [
      "a group whose learners were all absent: each seat",
      "student",
      [absent("a"), absent("b", 2000)],
      100,
      10,
      [
        ["a", 3600],
        ["b", 1800],
      ],
    ],
  ] as const)("%s", (_label, party, seats, payPercent, feePercent, expected) => {
    const entries = noShowEarnings(seats, { party, payPercent, feePercent });
    expect(entries.map((entry) => [entry.participantId, entry.amountMinor])).toEqual(expected);
    for (const entry of entries) expect(entry).toMatchObject({ kind: "no_show", feePercent, currency: "GBP" });
  });

  it("refuses a share outside 0..100", () => {
    expect(() => noShowEarnings([absent("a")], { party: "student", payPercent: 101, feePercent: 0 })).toThrow(RangeError);
  });
});

describe("clearing a no-show takes its pay back", () => {
  it.each([
    ["nothing was earned: nothing to take back", [], []],
    [
      "each no-show entry, negated; other kinds untouched",
      [
        { participantId: "a", kind: "no_show" as const, amountMinor: 3600, grossMinor: 4000, feePercent: 10, currency: "GBP" },
        { participantId: "b", kind: "session_completed" as const, amountMinor: 1800, grossMinor: 2000, feePercent: 10, currency: "GBP" },
      ],
      [{ participantId: "a", kind: "no_show_cleared", amountMinor: -3600, grossMinor: 4000, feePercent: 10, currency: "GBP" }],
    ],
  ] as const)("%s", (_label, entries, expected) => {
    expect(noShowClearedEarnings(entries)).toEqual(expected);
  });

  it("labels every kind", () => {
    expect(earningKindLabel("no_show")).toBe("Learner's no-show");
    expect(earningKindLabel("no_show_cleared")).toBe("No-show cleared (taken back)");
  });
});
