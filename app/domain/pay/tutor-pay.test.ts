import { describe, expect, it } from "vitest";
import { TUTOR_PAY_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { tutorPayFor } from "./tutor-pay";

describe("tutorPayFor", () => {
  it("pays the whole price under the default 0 % platform fee (DESIGN §7)", () => {
    expect(TUTOR_PAY_POLICY_DEFAULTS.platformFeePercent).toBe(0);
    expect(tutorPayFor({ seatPricesMinor: [4000], policy: TUTOR_PAY_POLICY_DEFAULTS })).toBe(4000);
  });

  it.each([
    ["one seat, 10 % fee", [4500], 10, 4050],
    ["a fee that leaves a fraction rounds the pay down", [999], 15, 849],
    ["several seats add up before the fee", [2000, 2000, 1500], 20, 4400],
    ["a free session pays nothing", [0], 0, 0],
    ["no seats", [], 0, 0],
    ["a 100 % fee", [4000], 100, 0],
  ] as const)("%s", (_case, seats, fee, expected) => {
    expect(tutorPayFor({ seatPricesMinor: seats, policy: { platformFeePercent: fee } })).toBe(expected);
  });

  it("refuses a fee outside 0–100 %", () => {
    expect(() => tutorPayFor({ seatPricesMinor: [100], policy: { platformFeePercent: -1 } })).toThrow(RangeError);
    expect(() => tutorPayFor({ seatPricesMinor: [100], policy: { platformFeePercent: 101 } })).toThrow(RangeError);
  });
});
