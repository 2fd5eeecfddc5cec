import { describe, expect, it } from "vitest";
import { assertSlotEditable, slotLock } from "./slot-lock";

const now = new Date("2026-11-23T09:00:00Z");
const later = new Date("2026-11-23T09:00:01Z");

describe("slotLock", () => {
  it.each([
    [{ startsAt: later, hasBookings: false }, null],
    [{ startsAt: now, hasBookings: false }, "SLOT_STARTED"],
    [{ startsAt: later, hasBookings: true }, "SLOT_BOOKED"],
    [{ startsAt: now, hasBookings: true }, "SLOT_BOOKED"],
  ])("%j → %s", (slot, code) => {
    expect(slotLock(slot, now)?.code ?? null).toBe(code);
  });

  it("throws the lock as a DomainError", () => {
    expect(() => assertSlotEditable({ startsAt: now, hasBookings: false }, now)).toThrow(expect.objectContaining({ code: "SLOT_STARTED" }));
    expect(() => assertSlotEditable({ startsAt: later, hasBookings: false }, now)).not.toThrow();
  });
});
