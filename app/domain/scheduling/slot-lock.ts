import { DomainError } from "~/domain/shared/errors";

export type SlotLock = { code: "SLOT_BOOKED" | "SLOT_STARTED"; message: string };

/**
 * Why a slot can no longer be edited or deleted on the slots pages, or null when it still can:
 * once booked it changes only by rescheduling or cancelling the session, and past slots stay as history.
 */
export function slotLock(slot: { startsAt: Date; hasBookings: boolean }, now: Date): SlotLock | null {
  if (slot.hasBookings) {
    return { code: "SLOT_BOOKED", message: "Someone has booked this slot, so it cannot be changed here. Reschedule or cancel the session instead." };
  }
  if (slot.startsAt <= now) return { code: "SLOT_STARTED", message: "That slot has already started: past slots stay as they are." };
  return null;
}

export function assertSlotEditable(slot: { startsAt: Date; hasBookings: boolean }, now: Date): void {
  const lock = slotLock(slot, now);
  if (lock) throw new DomainError(lock.code, lock.message);
}
