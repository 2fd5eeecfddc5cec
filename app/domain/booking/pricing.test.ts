import { describe, expect, it } from "vitest";
import { CANCELLATION_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { describeCancellationPolicy, formatSeatPrice, seatPriceMinor } from "./pricing";

describe("seat price", () => {
  it.each([
    [4500, 60, 4500],
    [4500, 30, 2250],
    [4500, 90, 6750],
    [4999, 45, 3749], // 3749.25 rounds to the nearest cent
    [3333, 30, 1667], // 1666.5 rounds half up
    [0, 60, 0],
  ])("rate %i for %i minutes costs %i", (rate, minutes, expected) => {
    expect(seatPriceMinor(rate, minutes)).toBe(expected);
  });

  it("shows a zero price as free", () => {
    expect(formatSeatPrice(0, "USD")).toBe("Free");
    expect(formatSeatPrice(2250, "GBP")).toBe("£22.50");
  });

  it("states the tiers from the policy", () => {
    const lines = describeCancellationPolicy({ ...CANCELLATION_POLICY_DEFAULTS, lateRefundPercent: 50 });
    expect(lines[0]).toBe("Cancel 24 hours or more before the start: full refund.");
    expect(lines[1]).toBe("Cancel between 2 and 24 hours before: 50% refund.");
  });
});
