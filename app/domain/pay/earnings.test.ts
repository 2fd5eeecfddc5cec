import { describe, expect, it } from "vitest";
import { completionEarnings, resolutionEarning, type CompletedSeat } from "./earnings";

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
