import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SESSION_POLICY_DEFAULTS } from "~/domain/policies/session-policies";
import { decideTutorNoShow, unrefundedMinor, type NoShowSeat } from "./no-show";

const policy = SESSION_POLICY_DEFAULTS;
const startsAt = new Date("2031-03-03T10:00:00Z");
const endsAt = new Date("2031-03-03T11:00:00Z");
const session = { status: "SCHEDULED" as const, startsAt, endsAt };
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const mark = utc("2031-03-03T10:15:00Z");

const paid = (amountMinor = 4000, refundedMinor = 0) => ({ id: "pay-1", status: "PAID", amountMinor, refundedMinor, currency: "GBP" });
const seat = (overrides: Partial<NoShowSeat> = {}): NoShowSeat => ({
  id: "seat-1",
  status: "CONFIRMED",
  studentId: "sam",
  bookedById: "sam",
  priceMinor: 4000,
  payment: paid(),
  ...overrides,
});

describe("a tutor's no-show", () => {
  it.each([
    ["one millisecond before the mark", mark.minus({ milliseconds: 1 }), false],
    ["exactly at the mark", mark, true],
    ["long after it", mark.plus({ days: 2 }), true],
  ])("is due %s: %s", (_label, now, due) => {
    expect(decideTutorNoShow({ session, seats: [seat()], policy, now }) !== null).toBe(due);
  });

  it("honours the policy's minutes (30), and never later than the end of a short session", () => {
    const thirty = { ...policy, noShowAfterMinutes: 30 };
    expect(decideTutorNoShow({ session, seats: [], policy: thirty, now: utc("2031-03-03T10:29:59.999Z") })).toBeNull();
    expect(decideTutorNoShow({ session, seats: [], policy: thirty, now: utc("2031-03-03T10:30:00Z") })?.dueAt).toEqual(new Date("2031-03-03T10:30:00Z"));
    const short = { ...session, endsAt: new Date("2031-03-03T10:20:00Z") };
    expect(decideTutorNoShow({ session: short, seats: [], policy: thirty, now: utc("2031-03-03T10:20:00Z") })?.dueAt).toEqual(short.endsAt);
  });

  it.each(["IN_PROGRESS", "CANCELLED", "NO_SHOW", "AWAITING_CONFIRMATION", "PENDING_PAYMENT"] as const)("does nothing to a session that is %s", (status) => {
    expect(decideTutorNoShow({ session: { ...session, status }, seats: [seat()], policy, now: mark.plus({ hours: 1 }) })).toBeNull();
  });

  it("refunds a paid seat in full, and emails its booker with the amount; the tutor is the party", () => {
    expect(decideTutorNoShow({ session, seats: [seat()], policy, now: mark })).toEqual({
      noShowParty: "tutor",
      dueAt: mark.toJSDate(),
      refunds: [{ seatId: "seat-1", paymentId: "pay-1", amountMinor: 4000, currency: "GBP" }],
      releaseSeats: [],
      learnerEmails: [{ seatId: "seat-1", personId: "sam", role: "booker", refund: { amountMinor: 4000, currency: "GBP" } }],
      policySnapshot: { noShowAfterMinutes: 15, refundPercent: 100 },
    });
  });

  it("refunds what is left of a payment partly refunded before, never more than was paid", () => {
    const effect = decideTutorNoShow({ session, seats: [seat({ payment: paid(4000, 1200) })], policy, now: mark })!;
    expect(effect.refunds).toEqual([{ seatId: "seat-1", paymentId: "pay-1", amountMinor: 2800, currency: "GBP" }]);
    expect(decideTutorNoShow({ session, seats: [seat({ payment: paid(4000, 4000) })], policy, now: mark })!.refunds).toEqual([]);
  });

  it("in a group: every confirmed seat is refunded, a parent who booked and their child both hear, a held seat is released", () => {
    const seats = [
      seat({ id: "a", studentId: "kid", bookedById: "parent", payment: { ...paid(), id: "pay-a" } }),
      seat({ id: "b", studentId: "bo", bookedById: "bo", payment: { ...paid(2500), id: "pay-b" } }),
      seat({ id: "c", status: "HELD", studentId: "cy", bookedById: "cy", payment: { ...paid(), id: "pay-c", status: "PROCESSING" } }),
      seat({ id: "d", status: "CANCELLED", studentId: "di", bookedById: "di" }),
    ];
    const effect = decideTutorNoShow({ session, seats, policy, now: mark })!;
    expect(effect.refunds).toEqual([
      { seatId: "a", paymentId: "pay-a", amountMinor: 4000, currency: "GBP" },
      { seatId: "b", paymentId: "pay-b", amountMinor: 2500, currency: "GBP" },
    ]);
    expect(effect.releaseSeats).toEqual(["c"]);
    expect(effect.learnerEmails.map((email) => [email.seatId, email.personId, email.role, email.refund?.amountMinor ?? null])).toEqual([
      ["a", "parent", "booker", 4000],
      ["a", "kid", "student", 4000],
      ["b", "bo", "booker", 2500],
    ]);
  });

  it("a free seat (no payment, or a price of 0) gets no refund, and its learner still hears", () => {
    const effect = decideTutorNoShow({ session, seats: [seat({ payment: null, priceMinor: 0 }), seat({ id: "seat-2", priceMinor: 0 })], policy, now: mark })!;
    expect(effect.refunds).toEqual([]);
    expect(effect.learnerEmails.map((email) => [email.seatId, email.refund])).toEqual([
      ["seat-1", null],
      ["seat-2", null],
    ]);
  });

  it("counts only a paid payment as money to give back", () => {
    expect(unrefundedMinor({ priceMinor: 4000, payment: { ...paid(), status: "PENDING" } })).toBe(0);
    expect(unrefundedMinor({ priceMinor: 4000, payment: { ...paid(), status: "EXPIRED" } })).toBe(0);
    expect(unrefundedMinor({ priceMinor: 4000, payment: paid() })).toBe(4000);
  });
});
