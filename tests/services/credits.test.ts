import { DateTime } from "luxon";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { cancelSession, getCancelPreview } from "../../app/services/cancellations.server";
import { adjustCreditByAdmin, creditBalanceMinor, creditLedgerOf, grantCreditInTx } from "../../app/services/credits.server";
import { prisma } from "../../app/services/db.server";
import { expireDueHolds, handleStripeEvent } from "../../app/services/payments.server";
import { action as adminUserAction } from "../../app/routes/admin.users.$userId";
import { createUser, noMeta } from "../factories";
import { callRoute } from "./route-fixtures";
import { at, hoursBefore, refusalOf, tutorWithHours, useFakeStripe, weeklyTime } from "./session-fixtures";

const fakeStripe = useFakeStripe();
const form = { category: "SCHEDULE_CONFLICT" as const, reason: "I have an exam that morning." };

async function adminAndPayer(roles: ("STUDENT" | "PARENT")[] = ["STUDENT"]) {
  const admin = await createUser({ roles: ["ADMIN"], name: "Ada Admin" });
  const payer = await createUser({ roles, name: "Sam Student" });
  return { admin, payer };
}

let keys = 0;
async function grant(admin: { id: string; roles: readonly ("ADMIN" | "STUDENT" | "PARENT" | "TUTOR" | "COORDINATOR")[] }, payerId: string, amountMinor: number, currency = "GBP") {
  keys += 1;
  return adjustCreditByAdmin(admin, payerId, { amountMinor, currency, reason: "Goodwill after a missed session", key: `test-key-${keys}-${Date.now()}` }, noMeta);
}

const entries = (payerId: string, kind?: "granted" | "returned" | "applied" | "released") =>
  prisma.creditEntry.findMany({ where: { payerId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });

describe("a booking paid with credit", () => {
  it("confirms a booking the credit covers with no Stripe call, and reduces the balance by exactly the price", async () => {
    const tutor = await tutorWithHours("Tutor"); // £40.00 an hour
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 5000);
    const checkoutsBefore = fakeStripe().sessions.size;

    const result = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, at(3)), noMeta, { creditShownMinor: 4000 });

    expect(result).toMatchObject({ status: "CONFIRMED", checkoutUrl: null, checkoutError: null, creditMinor: 4000 });
    expect(fakeStripe().sessions.size).toBe(checkoutsBefore);
    const seat = await prisma.participant.findUniqueOrThrow({ where: { id: result.participantId }, include: { session: true, payments: true } });
    expect(seat).toMatchObject({ status: "CONFIRMED", holdExpiresAt: null, session: { status: "SCHEDULED" } });
    expect(seat.payments).toEqual([expect.objectContaining({ status: "PAID", amountMinor: 0, creditMinor: 4000, checkoutSessionId: null, paymentIntentId: null })]);
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(1000);
    expect(await entries(payer.id, "applied")).toEqual([
      expect.objectContaining({ amountMinor: -4000, paymentId: seat.payments[0].id, idempotencyKey: `credit-apply-${seat.payments[0].id}` }),
    ]);
    expect(await prisma.emailMessage.count({ where: { template: "booking-confirmed", toAddress: payer.email } })).toBe(1);
  });

  it("uses credit only in the session's currency", async () => {
    const tutor = await tutorWithHours("Tutor");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 5000, "USD");
    const result = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, at(3)), noMeta);
    expect(result).toMatchObject({ status: "HELD", creditMinor: 0 });
    expect(await creditBalanceMinor(prisma, payer.id, "USD")).toBe(5000);
  });

  it("sends only the rest to Checkout when credit covers part, and keeps the credit spent once paid", async () => {
    const tutor = await tutorWithHours("Tutor");
    const { admin, payer } = await adminAndPayer(["PARENT"]);
    const child = await createUser({ roles: ["STUDENT"], name: "Kid" });
    await prisma.parentLink.create({ data: { parentId: payer.id, studentId: child.id } });
    await grant(admin, payer.id, 1500);

    const result = await createBooking(payer as Booker, tutor.id, weeklyTime(child.id, at(3)), noMeta, { creditShownMinor: 1500 });
    expect(result).toMatchObject({ status: "HELD", creditMinor: 1500, checkoutUrl: expect.any(String) });
    const payment = await prisma.payment.findFirstOrThrow({ where: { participantId: result.participantId } });
    expect(payment).toMatchObject({ status: "PENDING", amountMinor: 2500, creditMinor: 1500 });
    expect(fakeStripe().sessions.get(payment.checkoutSessionId!)?.amount_total).toBe(2500);
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(0);

    const event = await fakeStripe().completeSession(payment.checkoutSessionId!, { deliver: false });
    expect(await handleStripeEvent(event as unknown as Stripe.Event)).toBe("confirmed");
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(0);
    expect(await entries(payer.id, "released")).toHaveLength(0);
  });

  it("gives the credit back once when the hold expires, however many times the expiry is seen", async () => {
    const tutor = await tutorWithHours("Tutor");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 1500);
    const result = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, at(3)), noMeta);
    const payment = await prisma.payment.findFirstOrThrow({ where: { participantId: result.participantId } });
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(0);

    await prisma.participant.update({ where: { id: result.participantId }, data: { holdExpiresAt: DateTime.utc().minus({ minutes: 1 }).toJSDate() } });
    await expireDueHolds();
    await expireDueHolds();
    // Stripe's webhook for the Checkout the job expired arrives afterwards: nothing more comes back.
    const checkout = fakeStripe().sessions.get(payment.checkoutSessionId!);
    expect(checkout?.status).toBe("expired");
    const expired = { id: `evt_expired_${payment.id}`, type: "checkout.session.expired", data: { object: checkout } };
    expect(await handleStripeEvent(expired as unknown as Stripe.Event)).toBe("unchanged");

    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(1500);
    expect(await entries(payer.id, "released")).toEqual([expect.objectContaining({ amountMinor: 1500, paymentId: payment.id, idempotencyKey: `credit-release-${payment.id}` })]);
  });

  it("gives the credit back when the booker releases the hold or the card payment fails", async () => {
    const tutor = await tutorWithHours("Tutor");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 1000);
    const first = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, at(3)), noMeta);
    const { releaseHold } = await import("../../app/services/payments.server");
    await releaseHold(payer, first.participantId, noMeta);
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(1000);

    const second = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, at(4)), noMeta);
    const payment = await prisma.payment.findFirstOrThrow({ where: { participantId: second.participantId } });
    await fakeStripe()
      .completeSession(payment.checkoutSessionId!, { async: true, deliver: false })
      .then((event) => handleStripeEvent(event as unknown as Stripe.Event));
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(0);
    const failed = await fakeStripe().settleAsync(payment.checkoutSessionId!, "failed", { deliver: false });
    expect(await handleStripeEvent(failed as unknown as Stripe.Event)).toBe("released");
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(1000);
    expect(await entries(payer.id, "released")).toHaveLength(2);
  });

  it("lets only one of two racing bookings spend the same credit: the other pays the rest by card", async () => {
    const tutorA = await tutorWithHours("Tutor A");
    const tutorB = await tutorWithHours("Tutor B");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 4000);

    const results = await Promise.all([
      createBooking(payer as Booker, tutorA.id, weeklyTime(payer.id, at(3, 10)), noMeta),
      createBooking(payer as Booker, tutorB.id, weeklyTime(payer.id, at(3, 14)), noMeta),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["CONFIRMED", "HELD"]);
    expect(results.map((result) => result.creditMinor).sort()).toEqual([0, 4000]);
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(0);
  });

  it("tells the second of two racing bookings that the credit it was shown is gone, and books nothing for it", async () => {
    const tutorA = await tutorWithHours("Tutor A");
    const tutorB = await tutorWithHours("Tutor B");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 4000);

    const outcomes = await Promise.allSettled([
      createBooking(payer as Booker, tutorA.id, weeklyTime(payer.id, at(3, 10)), noMeta, { creditShownMinor: 4000 }),
      createBooking(payer as Booker, tutorB.id, weeklyTime(payer.id, at(3, 14)), noMeta, { creditShownMinor: 4000 }),
    ]);
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toMatchObject({ code: "CREDIT_CHANGED" });
    expect(await prisma.participant.count()).toBe(1);
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(0);
  });

  it("refuses an entry that would take a balance below zero, even written around the service", async () => {
    const { payer } = await adminAndPayer();
    await expect(
      prisma.creditEntry.create({ data: { payerId: payer.id, amountMinor: -1, currency: "GBP", kind: "applied", reason: "x", idempotencyKey: "raw-1" } }),
    ).rejects.toThrow(/below zero/);
    const refusal = await refusalOf(
      prisma.$transaction((tx) =>
        grantCreditInTx(tx, { payerId: payer.id, amountMinor: -100, currency: "GBP", kind: "granted", reason: "Taking back", actorId: null, idempotencyKey: "k-1" }),
      ),
    );
    expect(refusal.code).toBe("CREDIT_INSUFFICIENT");
    // The ledger is append-only.
    await prisma.creditEntry.create({ data: { payerId: payer.id, amountMinor: 100, currency: "GBP", kind: "granted", reason: "x", idempotencyKey: "raw-2" } });
    await expect(prisma.creditEntry.updateMany({ where: { payerId: payer.id }, data: { amountMinor: 200 } })).rejects.toThrow(/append-only/);
  });
});

describe("cancelling a booking paid with credit", () => {
  it("returns the whole credit once when cancelled in the free window, even if the cancel is posted twice", async () => {
    const tutor = await tutorWithHours("Tutor");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 4000);
    const startsAt = at(3);
    const booking = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, startsAt), noMeta);
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(0);

    const preview = await hoursBefore(startsAt, 48, () => getCancelPreview(payer, booking.sessionId));
    expect(preview!.seats[0].refundText).toBe("100% refund: £40.00 as credit");
    const outcomes = await hoursBefore(startsAt, 48, () =>
      Promise.allSettled([cancelSession(payer, booking.sessionId, form, noMeta), cancelSession(payer, booking.sessionId, form, noMeta)]),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    await hoursBefore(startsAt, 47, async () => expect((await refusalOf(cancelSession(payer, booking.sessionId, form, noMeta))).code).toBe("NOTHING_TO_CANCEL"));

    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(4000);
    expect(await entries(payer.id, "returned")).toHaveLength(1);
    expect(await prisma.refund.count()).toBe(0);
  });

  it("splits a late cancel's 70 % between the card and credit, each at 70 %", async () => {
    const tutor = await tutorWithHours("Tutor");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 1001);
    const startsAt = at(3);
    const booking = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, startsAt), noMeta);
    const payment = await prisma.payment.findFirstOrThrow({ where: { participantId: booking.participantId } });
    expect(payment).toMatchObject({ amountMinor: 2999, creditMinor: 1001 });
    const event = await fakeStripe().completeSession(payment.checkoutSessionId!, { deliver: false });
    expect(await handleStripeEvent(event as unknown as Stripe.Event)).toBe("confirmed");

    const cancelled = await hoursBefore(startsAt, 10, () => cancelSession(payer, booking.sessionId, form, noMeta));
    expect(cancelled).toMatchObject({ refunded: ["£21.00"], creditReturned: ["£7.00"] });
    // 70 % of £40.00 is £28.00: credit gets 70 % of £10.01 rounded down (£7.00), the card the rest (£21.00 ≤ 70 % of £29.99 rounded up).
    expect(await prisma.refund.findMany({ select: { amountMinor: true, idempotencyKey: true } })).toEqual([{ amountMinor: 2100, idempotencyKey: `refund-cancel-${payment.id}` }]);
    expect(await entries(payer.id, "returned")).toEqual([expect.objectContaining({ amountMinor: 700, idempotencyKey: `credit-return-cancel-${payment.id}` })]);
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(700);
  });

  it("gives a held seat's credit back in full when it is cancelled before payment", async () => {
    const tutor = await tutorWithHours("Tutor");
    const { admin, payer } = await adminAndPayer();
    await grant(admin, payer.id, 1000);
    const startsAt = at(3);
    const booking = await createBooking(payer as Booker, tutor.id, weeklyTime(payer.id, startsAt), noMeta);
    await hoursBefore(startsAt, 48, () => cancelSession(payer, booking.sessionId, form, noMeta));
    expect(await creditBalanceMinor(prisma, payer.id, "GBP")).toBe(1000);
    expect(await entries(payer.id, "released")).toHaveLength(1);
  });
});

describe("an admin's credit", () => {
  const adminPage = (userId: string | null, payerId: string, fields: Record<string, string>) =>
    callRoute(adminUserAction, { userId, path: `/admin/users/${payerId}`, params: { userId: payerId }, at: DateTime.utc(), fields });

  it("is granted and taken back (never below zero) by admins, and refused to coordinators, tutors and learners", async () => {
    const { admin, payer } = await adminAndPayer(["PARENT"]);
    const fields = { intent: "credit", amount: "25.50", currency: "USD", reason: "Goodwill after a missed session", key: "0123456789abcdef0123" };
    for (const roles of [["COORDINATOR"], ["TUTOR"], ["STUDENT"], ["PARENT"]] as const) {
      const other = await createUser({ roles: [...roles] });
      expect((await adminPage(other.id, payer.id, fields)).status).toBe(403);
    }
    expect(await entries(payer.id)).toHaveLength(0);

    const granted = await adminPage(admin.id, payer.id, fields);
    expect(granted.status).toBe(302);
    // The same form posted again writes nothing more.
    expect((await adminPage(admin.id, payer.id, fields)).status).toBe(302);
    expect(await creditBalanceMinor(prisma, payer.id, "USD")).toBe(2550);
    expect(await prisma.auditEvent.count({ where: { action: "credit.granted", subjectId: payer.id } })).toBe(1);

    const tooMuch = await adminPage(admin.id, payer.id, { ...fields, amount: "-30.00", key: "0123456789abcdef0124" });
    expect(tooMuch.status).toBe(409);
    expect(JSON.stringify(await tooMuch.json())).toContain("cannot go below zero");
    const shortReason = await adminPage(admin.id, payer.id, { ...fields, reason: "because", key: "0123456789abcdef0125" });
    expect(shortReason.status).toBe(400);
    const zero = await adminPage(admin.id, payer.id, { ...fields, amount: "0", key: "0123456789abcdef0126" });
    expect(zero.status).toBe(400);

    expect((await adminPage(admin.id, payer.id, { ...fields, amount: "-5.50", key: "0123456789abcdef0127" })).status).toBe(302);
    const ledger = await creditLedgerOf(payer.id);
    expect(ledger.balances).toEqual([{ currency: "USD", balanceMinor: 2000 }]);
    expect(ledger.entries.map((entry) => [entry.amountMinor, entry.balanceAfterMinor])).toEqual([
      [-550, 2000],
      [2550, 2550],
    ]);
  });

  it("is refused for someone who does not pay (a tutor)", async () => {
    const admin = await createUser({ roles: ["ADMIN"] });
    const tutor = await createUser({ roles: ["TUTOR"] });
    const response = await adminPage(admin.id, tutor.id, {
      intent: "credit",
      amount: "5",
      currency: "USD",
      reason: "Goodwill after a missed session",
      key: "0123456789abcdef0128",
    });
    expect(response.status).toBe(409);
  });
});
