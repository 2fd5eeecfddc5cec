import { describe, expect, it } from "vitest";
import { assertSeatTransition, canSeatTransition } from "./seat-status";

describe("seat status transitions", () => {
  it.each([
    ["HELD", "CONFIRMED", "payment_received", true],
    ["HELD", "EXPIRED", "hold_expired", true],
    ["HELD", "EXPIRED", "payment_failed", true],
    ["HELD", "CANCELLED", "released", true],
    ["HELD", "CANCELLED", "cancel", true],
    ["CONFIRMED", "CANCELLED", "cancel", true],
    ["CONFIRMED", "CANCELLED", "released", false],
    ["CONFIRMED", "EXPIRED", "hold_expired", false],
    ["CONFIRMED", "CONFIRMED", "payment_received", false],
    ["EXPIRED", "CONFIRMED", "late_payment_revived", true],
    ["CANCELLED", "CONFIRMED", "late_payment_revived", false],
    ["CANCELLED", "HELD", "rebooked", true],
    ["EXPIRED", "HELD", "rebooked", true],
    ["CONFIRMED", "HELD", "rebooked", false],
    ["EXPIRED", "CANCELLED", "cancel", false],
  ] as const)("%s → %s by %s: %s", (from, to, event, allowed) => {
    expect(canSeatTransition(from, to, event)).toBe(allowed);
  });

  it("lets a rebooking start a free seat as confirmed, and explains a refused change in words", () => {
    expect(() => assertSeatTransition("EXPIRED", "CONFIRMED", "rebooked")).not.toThrow();
    expect(() => assertSeatTransition("CONFIRMED", "CANCELLED", "released")).toThrow("This booking is confirmed, so it cannot be cancelled now.");
    expect(() => assertSeatTransition("CONFIRMED", "HELD", "rebooked")).toThrow("This booking is confirmed, so it cannot be held now.");
  });
});
