import { describe, expect, it } from "vitest";
import type { BulkCancelForm, CancelChangeForm, RescheduleChangeForm } from "../../app/domain/changes/schedule-change";
import { prisma } from "../../app/services/db.server";
import { getBookingView } from "../../app/services/sessions.server";
import { adjustCreditByAdmin, creditBalanceMinor } from "../../app/services/credits.server";
import { applyBulkCancel, applyCancelChange, applyReschedule, previewBulkCancel, previewCancelChange, previewReschedule } from "../../app/services/schedule-changes.server";
import { DomainError, statusForDomainError } from "../../app/domain/shared/errors";
import { reportProblem } from "../../app/services/disputes.server";
import { confirmHours } from "../../app/services/hours-confirmations.server";
import { createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { at, checkedOutSession, paidBooking, refusalOf, tutorWithHours, useFakeStripe, utc, weeklyTime } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC. Tutors teach every day 06:00–22:00 UTC at £40 an hour.
useFixedClock();
const fakeStripe = useFakeStripe();

const coordinator = () => createUser({ roles: ["COORDINATOR"], name: "Cora Coordinator", timezone: "UTC" });
const admin = () => createUser({ roles: ["ADMIN"], name: "Ada Admin", timezone: "UTC" });

async function bookedOneToOne(options: { hour?: number; days?: number; tutorName?: string } = {}) {
  const tutor = await tutorWithHours(options.tutorName ?? "Tutor Tess");
  const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent", timezone: "America/New_York" });
  const child = await createUser({ roles: ["STUDENT"], name: "Kim Kid", timezone: "Europe/London" });
  await prisma.parentLink.create({ data: { parentId: parent.id, studentId: child.id } });
  const booking = await paidBooking(fakeStripe(), parent, tutor.id, weeklyTime(child.id, at(options.days ?? 3, options.hour ?? 10)));
  return { tutor, parent, child, ...booking };
}

const cancelForm = (overrides: Partial<CancelChangeForm> = {}): CancelChangeForm => ({
  step: "preview",
  category: "TUTOR_UNAVAILABLE",
  financial: "refund",
  refundPercent: 50,
  notify: "yes",
  payout: "none",
  payoutAmount: null,
  notes: "The tutor is ill this week.",
  shown: "",
  ...overrides,
});

/** Previews, then applies with what the preview showed (as the page's final form does). */
async function cancelAsPreviewed(actor: Awaited<ReturnType<typeof coordinator>>, sessionId: string, form: CancelChangeForm) {
  const plan = await previewCancelChange(actor, sessionId, form);
  await applyCancelChange(actor, sessionId, { ...form, step: "apply", shown: plan.shown }, noMeta);
  return plan;
}

const refundsAtFake = (paymentIntentId: string) => [...fakeStripe().refunds.values()].filter((refund) => refund.payment_intent === paymentIntentId);

describe("a coordinator's cancel with a financial and payout treatment", () => {
  it("50 % of what is left, no pay: exact amounts, one refund at Stripe, audited, everyone emailed, the parent's page shows it", async () => {
    const booking = await bookedOneToOne();
    const staff = await coordinator();
    // An earlier partial refund of £10: half of the £30 left is £15.
    await prisma.refund.create({
      data: { paymentId: booking.paymentId, amountMinor: 1000, currency: "GBP", reason: "MANUAL", idempotencyKey: "manual-earlier", status: "PROCESSED" },
    });
    const plan = await previewCancelChange(staff, booking.sessionId, cancelForm());
    expect(plan.seats).toEqual([expect.objectContaining({ id: booking.participantId, leftMinor: 3000, refundMinor: 1500, percent: 50 })]);
    expect(plan.payout).toMatchObject({ choice: "none", amountMinor: 0, fullMinor: 4000 });
    expect(plan.emails.map((email) => [email.role, email.name, email.refund])).toEqual([
      ["booker", "Pat Parent", "£15.00"],
      ["student", "Kim Kid", null],
      ["tutor", "Tutor Tess", null],
    ]);
    // Looking changes nothing.
    expect(await prisma.refund.count({ where: { paymentId: booking.paymentId } })).toBe(1);

    await applyCancelChange(staff, booking.sessionId, { ...cancelForm(), step: "apply", shown: plan.shown }, noMeta);
    const session = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
    expect(session).toMatchObject({ status: "CANCELLED", cancelCause: "COORDINATOR" });
    const refund = await prisma.refund.findUniqueOrThrow({ where: { idempotencyKey: `refund-cancel-${booking.paymentId}` } });
    expect(refund).toMatchObject({ amountMinor: 1500, status: "PROCESSED", reason: "CANCELLED_BY_COORDINATOR" });
    expect(refundsAtFake(booking.paymentIntentId).map((atFake) => atFake.amount)).toEqual([1500]);
    expect(await prisma.tutorEarning.count({ where: { sessionId: booking.sessionId } })).toBe(0);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: booking.sessionId, action: "session.cancelled" } });
    expect(audit).toMatchObject({ actorId: staff.id, reason: "Tutor unavailable: The tutor is ill this week." });
    expect(audit.after).toMatchObject({
      status: "CANCELLED",
      event: "cancel",
      cancelledBy: "COORDINATOR",
      treatment: { financial: "refund", refundPercent: 50, notify: true, forced: false, payout: { choice: "none", amountMinor: 0 } },
      seats: [{ id: booking.participantId, refundMinor: 1500, percent: 50, tier: "CHOSEN" }],
    });
    const emails = await prisma.emailMessage.findMany({ where: { sessionId: booking.sessionId, template: "session-cancelled" } });
    expect(emails.map((email) => email.toAddress).sort()).toEqual([booking.parent.email, booking.child.email, booking.tutor.email].sort());
    const view = await getBookingView({ ...booking.parent, roles: ["PARENT"] }, booking.participantId);
    expect(view?.cancellation).toMatchObject({ by: "A coordinator", refunds: [{ amount: "£10.00" }, { amount: "£15.00", state: "processed" }] });

    // Posted again (a second tab, a double click): refused, and nothing more is refunded.
    expect((await refusalOf(applyCancelChange(staff, booking.sessionId, { ...cancelForm(), step: "apply", shown: plan.shown }, noMeta))).code).toBe("ALREADY_CANCELLED");
    expect(await prisma.refund.count({ where: { paymentId: booking.paymentId } })).toBe(2);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(1);
  });

  it("no change to the charge with partial pay, and full pay: the ledger gets exactly the amounts; nobody is emailed when told not to", async () => {
    const first = await bookedOneToOne();
    const staff = await coordinator();
    const emailsBefore = await prisma.emailMessage.count({ where: { sessionId: first.sessionId } });
    await cancelAsPreviewed(staff, first.sessionId, cancelForm({ financial: "none", refundPercent: undefined, payout: "partial", payoutAmount: "15.50", notify: "no" }));
    expect(await prisma.refund.count({ where: { paymentId: first.paymentId } })).toBe(0);
    expect(await prisma.tutorEarning.findMany({ where: { sessionId: first.sessionId }, select: { kind: true, amountMinor: true, participantId: true } })).toEqual([
      { kind: "payout_treatment", amountMinor: 1550, participantId: first.participantId },
    ]);
    expect(await prisma.emailMessage.count({ where: { sessionId: first.sessionId } })).toBe(emailsBefore);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: first.sessionId, action: "session.cancelled" } });
    expect(audit.after).toMatchObject({ treatment: { financial: "none", refundPercent: null, notify: false, payout: { choice: "partial", amountMinor: 1550 } } });

    const second = await bookedOneToOne({ hour: 14, tutorName: "Tutor Two" });
    await cancelAsPreviewed(staff, second.sessionId, cancelForm({ refundPercent: 100, payout: "full" }));
    expect((await prisma.refund.findFirstOrThrow({ where: { paymentId: second.paymentId } })).amountMinor).toBe(4000);
    expect((await prisma.tutorEarning.findFirstOrThrow({ where: { sessionId: second.sessionId } })).amountMinor).toBe(4000);
  });

  it("refuses partial pay above full pay on its field, and a final POST whose amounts changed since the preview (409)", async () => {
    const booking = await bookedOneToOne();
    const staff = await coordinator();
    const tooMuch = await refusalOf(previewCancelChange(staff, booking.sessionId, cancelForm({ payout: "partial", payoutAmount: "40.01" })));
    expect([tooMuch.code, tooMuch.field]).toEqual(["INVALID_PAYOUT", "payoutAmount"]);
    const plan = await previewCancelChange(staff, booking.sessionId, cancelForm());
    // A refund of £20 is issued meanwhile: half of what is left is now £10, not the £20 shown.
    await prisma.refund.create({
      data: { paymentId: booking.paymentId, amountMinor: 2000, currency: "GBP", reason: "MANUAL", idempotencyKey: "manual-meanwhile", status: "PROCESSED" },
    });
    const changed = await refusalOf(applyCancelChange(staff, booking.sessionId, { ...cancelForm(), step: "apply", shown: plan.shown }, noMeta));
    expect(changed.code).toBe("PREVIEW_CHANGED");
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).status).toBe("SCHEDULED");
  });
});

const rescheduleForm = (overrides: Partial<RescheduleChangeForm> = {}): RescheduleChangeForm => ({
  step: "preview",
  date: at(3).toISODate()!,
  start: "14:00",
  end: "15:30",
  payout: "none",
  payoutAmount: null,
  notes: "The family asked us to move it to the afternoon.",
  shown: "",
  ...overrides,
});

describe("a coordinator's reschedule", () => {
  it("moves the session without negotiation, keeps its status, closes a pending request, and emails everyone the new time with a replacing event", async () => {
    const booking = await bookedOneToOne();
    const staff = await coordinator();
    await prisma.rescheduleRequest.create({
      data: {
        sessionId: booking.sessionId,
        initiatorId: booking.tutor.id,
        proposerId: booking.tutor.id,
        initiatorRole: "TUTOR",
        awaitingRole: "STUDENT",
        proposedStartsAt: at(4, 10).toJSDate(),
        proposedEndsAt: at(4, 11).toJSDate(),
        reason: "Could we do Tuesday instead?",
        expiresAt: at(2).toJSDate(),
        onExpiry: "expire",
      },
    });
    const before = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
    const plan = await previewReschedule(staff, booking.sessionId, rescheduleForm(), "UTC");
    expect(plan).toMatchObject({ startsAt: at(3, 14).toISO({ suppressMilliseconds: false })?.replace("+00:00", "Z"), payout: { amountMinor: 0 } });
    expect(plan.emails.map((email) => email.role)).toEqual(["booker", "student", "tutor"]);
    await applyReschedule(staff, booking.sessionId, { ...rescheduleForm(), step: "apply", shown: plan.shown }, "UTC", noMeta);

    const after = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
    expect(after).toMatchObject({ status: "SCHEDULED", startsAt: at(3, 14).toJSDate(), endsAt: at(3, 15).plus({ minutes: 30 }).toJSDate() });
    expect(after.calendarSequence).toBe(before.calendarSequence + 1);
    expect((await prisma.rescheduleRequest.findFirstOrThrow({ where: { sessionId: booking.sessionId } })).status).toBe("WITHDRAWN");
    const emails = await prisma.emailMessage.findMany({ where: { sessionId: booking.sessionId, template: "session-moved" } });
    expect(emails.map((email) => email.toAddress).sort()).toEqual([booking.parent.email, booking.child.email, booking.tutor.email].sort());
    const toParent = emails.find((email) => email.toAddress === booking.parent.email)!;
    // The parent's zone: 14:00 UTC is 09:00 in New York (EST in early March 2031).
    expect(toParent.text).toContain("09:00");
    const ics = Buffer.from((toParent.attachments as { contentBase64: string }[])[0].contentBase64, "base64").toString("utf8");
    expect(ics).toContain(`UID:${booking.participantId}@tutordesk`);
    expect(ics).toContain(`SEQUENCE:${after.calendarSequence}`);
    expect(ics).toContain("METHOD:REQUEST");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: booking.sessionId, action: "session.rescheduled_by_staff" } });
    expect(audit).toMatchObject({ actorId: staff.id, reason: "The family asked us to move it to the afternoon." });
    expect(audit.before).toMatchObject({ startsAt: at(3, 10).toJSDate().toISOString() });
  });

  it("refuses a time when a learner has another session then, and a time outside the tutor's hours", async () => {
    const booking = await bookedOneToOne();
    const otherTutor = await tutorWithHours("Tutor Other");
    await paidBooking(fakeStripe(), booking.parent, otherTutor.id, weeklyTime(booking.child.id, at(3, 16)));
    const staff = await coordinator();
    const busy = await refusalOf(previewReschedule(staff, booking.sessionId, rescheduleForm({ start: "16:00", end: "17:00" }), "UTC"));
    expect([busy.code, busy.message]).toEqual(["STUDENT_BUSY", "Kim Kid already has a session at that time. Pick another time."]);
    const late = await refusalOf(previewReschedule(staff, booking.sessionId, rescheduleForm({ start: "22:30", end: "23:30" }), "UTC"));
    expect(late.code).toBe("NOT_FREE");
    // Applying what was never previewed is refused the same way, and nothing moved.
    expect((await refusalOf(applyReschedule(staff, booking.sessionId, rescheduleForm({ step: "apply", start: "16:00", end: "17:00" }), "UTC", noMeta))).code).toBe("STUDENT_BUSY");
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).startsAt).toEqual(at(3, 10).toJSDate());
  });
});

describe("an admin's bulk cancel", () => {
  it("cancels 20 sessions posted twice: each seat refunded exactly once, the second post reports them already cancelled", async () => {
    const tutor = await tutorWithHours("Tutor Bulk");
    const parent = await createUser({ roles: ["PARENT"], name: "Bulk Parent", timezone: "UTC" });
    const bookings = [];
    for (let index = 0; index < 20; index += 1) {
      const child = await createUser({ roles: ["STUDENT"], name: `Child ${index}`, timezone: "UTC" });
      await prisma.parentLink.create({ data: { parentId: parent.id, studentId: child.id } });
      bookings.push(await paidBooking(fakeStripe(), parent, tutor.id, weeklyTime(child.id, at(2 + Math.floor(index / 10), 8 + (index % 10)))));
    }
    const boss = await admin();
    const ids = bookings.map((booking) => booking.sessionId);
    const preview = await previewBulkCancel(boss, { sessionIds: ids, refundPercent: 50, notify: false });
    expect(preview.entries.every((entry) => entry.problem === null && entry.plan?.seats[0].refundMinor === 2000)).toBe(true);
    const form: BulkCancelForm = {
      step: "apply",
      sessionId: ids,
      refundPercent: 50,
      category: "TUTOR_UNAVAILABLE",
      notify: "no",
      notes: "The tutor left the agency.",
      shown: preview.shown,
    };
    const intents = new Set(bookings.map((booking) => booking.paymentIntentId));
    const fakeBefore = [...fakeStripe().refunds.values()].filter((refund) => intents.has(refund.payment_intent as string)).length;

    const [first, second] = [await applyBulkCancel(boss, form, noMeta), await applyBulkCancel(boss, form, noMeta)];
    expect(first.map((result) => result.outcome)).toEqual(Array(20).fill("cancelled"));
    expect(second.map((result) => [result.outcome, result.message])).toEqual(Array(20).fill(["refused", "This session is already cancelled."]));
    const refunds = await prisma.refund.findMany({ where: { paymentId: { in: bookings.map((booking) => booking.paymentId) } } });
    expect(refunds).toHaveLength(20);
    expect(new Set(refunds.map((refund) => refund.paymentId)).size).toBe(20);
    expect(refunds.every((refund) => refund.amountMinor === 2000 && refund.status === "PROCESSED")).toBe(true);
    const atFake = [...fakeStripe().refunds.values()].filter((refund) => intents.has(refund.payment_intent as string));
    expect(atFake.length - fakeBefore).toBe(20);
    expect(await prisma.tutoringSession.count({ where: { id: { in: ids }, status: "CANCELLED", cancelCause: "ADMIN" } })).toBe(20);
    expect(await prisma.emailMessage.count({ where: { sessionId: { in: ids }, template: "session-cancelled" } })).toBe(0);
  });

  it("reports a session its student cancelled meanwhile, and goes on with the others; coordinators are refused", async () => {
    const one = await bookedOneToOne({ hour: 9 });
    const two = await bookedOneToOne({ hour: 12, tutorName: "Tutor Two" });
    const boss = await admin();
    const preview = await previewBulkCancel(boss, { sessionIds: [one.sessionId, two.sessionId], refundPercent: 100, notify: true });
    const { cancelSession } = await import("../../app/services/cancellations.server");
    await cancelSession({ ...one.parent, roles: ["PARENT"] }, one.sessionId, { category: "ILLNESS", reason: "Kim is ill with the flu." }, noMeta);
    const results = await applyBulkCancel(
      boss,
      { step: "apply", sessionId: [one.sessionId, two.sessionId], refundPercent: 100, category: "OTHER", notify: "yes", notes: "Closing for the holidays.", shown: preview.shown },
      noMeta,
    );
    expect(results.map((result) => [result.sessionId, result.outcome])).toEqual([
      [one.sessionId, "refused"],
      [two.sessionId, "cancelled"],
    ]);
    expect(await prisma.refund.count({ where: { paymentId: one.paymentId } })).toBe(1);
    expect((await refusalOf(previewBulkCancel(await coordinator(), { sessionIds: [two.sessionId], refundPercent: 100, notify: true }))).code).toBe("FORBIDDEN");
  });
});

describe("an admin's force cancel", () => {
  const LATER = utc("2031-03-03T12:00:00Z");
  const later = <T>(run: () => Promise<T>) => withClockFrozenAt(LATER, run);
  const report = { category: "shorter_than_booked" as const, description: "We stopped after half an hour, not the full hour.", claimedMinutes: 30 };
  const forceForm = cancelForm({ refundPercent: 100, payout: "partial", payoutAmount: "10", notes: "The session never really happened." });

  it("is refused to a coordinator once the session has started (403), and cancels a disputed session for an admin, closing its problem", async () => {
    const { tutor, parents, sessionId, seatIds } = await checkedOutSession(["Ada"]);
    const parent = { ...parents[0], timezone: "America/New_York" };
    await later(() => reportProblem(parent, seatIds[0], report, noMeta));
    const staff = await coordinator();
    const refused = await later(() => refusalOf(previewCancelChange(staff, sessionId, forceForm)));
    expect([refused.code, statusForDomainError(refused)]).toEqual(["FORBIDDEN", 403]);
    expect((await later(() => refusalOf(applyCancelChange(staff, sessionId, { ...forceForm, step: "apply" }, noMeta)))).code).toBe("FORBIDDEN");

    const boss = await admin();
    const plan = await later(() => previewCancelChange(boss, sessionId, forceForm));
    expect(plan).toMatchObject({ forced: true, status: "DISPUTED", seats: [{ refundMinor: 4000 }], payout: { amountMinor: 1000 } });
    await later(() => applyCancelChange(boss, sessionId, { ...forceForm, step: "apply", shown: plan.shown }, noMeta));
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ status: "CANCELLED", cancelCause: "ADMIN" });
    expect(await prisma.sessionDispute.findFirstOrThrow({ where: { sessionId } })).toMatchObject({
      status: "resolved",
      outcome: "cancelled",
      resolvedById: boss.id,
      approvedMinutes: 0,
      refundMinor: 0,
      tutorPay: "partial",
      tutorPayMinor: 1000,
    });
    expect(await prisma.refund.findMany({ where: { payment: { participantId: seatIds[0] } }, select: { amountMinor: true, idempotencyKey: true } })).toEqual([
      { amountMinor: 4000, idempotencyKey: expect.stringMatching(/^refund-cancel-/) },
    ]);
    expect(await prisma.tutorEarning.findMany({ where: { sessionId }, select: { tutorId: true, amountMinor: true, kind: true } })).toEqual([
      { tutorId: tutor.id, amountMinor: 1000, kind: "payout_treatment" },
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.cancelled" } });
    expect(audit.after).toMatchObject({ event: "force_cancel", cancelledBy: "ADMIN", treatment: { forced: true } });
  });

  it("racing the booker's confirmation: one wins, the other is refused with a clear message", async () => {
    for (let round = 0; round < 3; round += 1) {
      const { parents, sessionId, seatIds } = await checkedOutSession(["Ada"]);
      const parent = { ...parents[0], timezone: "America/New_York" };
      const boss = await admin();
      const plan = await later(() => previewCancelChange(boss, sessionId, forceForm));
      const outcomes = await later(() =>
        Promise.allSettled([applyCancelChange(boss, sessionId, { ...forceForm, step: "apply", shown: plan.shown }, noMeta), confirmHours(parent, seatIds[0], {}, noMeta)]),
      );
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const loser = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(DomainError);
      const status = (await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).status;
      if (outcomes[0].status === "fulfilled") {
        expect(status).toBe("CANCELLED");
        expect(await prisma.participant.findUniqueOrThrow({ where: { id: seatIds[0] } })).toMatchObject({ status: "CANCELLED", hoursConfirmedAt: null });
      } else {
        expect(status).toBe("COMPLETED");
        expect((loser.reason as DomainError).message).toBe("This session is completed, so it can no longer be cancelled. A manual refund is the way to return money now.");
        expect(await prisma.refund.count({ where: { payment: { participantId: seatIds[0] } } })).toBe(0);
      }
    }
  });
});

describe("a coordinator's cancel that credits the payer instead (issue 16)", () => {
  const creditForm = (overrides: Partial<CancelChangeForm> = {}) => cancelForm({ financial: "credit", refundPercent: 50, ...overrides });
  const returnedEntries = (paymentId: string) =>
    prisma.creditEntry.findMany({
      where: { paymentId, kind: "returned" },
      select: { amountMinor: true, payerId: true, sessionId: true, participantId: true, idempotencyKey: true, reason: true },
    });

  it("50 % of a £40 paid seat: one returned entry of £20, no Refund row, nothing at Stripe, the payer's balance +£20, posted twice once", async () => {
    const booking = await bookedOneToOne();
    const staff = await coordinator();
    expect(await creditBalanceMinor(prisma, booking.parent.id, "GBP")).toBe(0);
    const plan = await previewCancelChange(staff, booking.sessionId, creditForm());
    expect(plan).toMatchObject({ asCredit: true, refundPercent: 50 });
    expect(plan.seats).toEqual([expect.objectContaining({ id: booking.participantId, bookerName: "Pat Parent", leftMinor: 4000, refundMinor: 2000, percent: 50 })]);
    expect(plan.emails.map((email) => [email.role, email.refund])).toEqual([
      ["booker", "£20.00 as credit"],
      ["student", null],
      ["tutor", null],
    ]);
    expect(await prisma.creditEntry.count({ where: { paymentId: booking.paymentId } })).toBe(0);

    const done = await applyCancelChange(staff, booking.sessionId, { ...creditForm(), step: "apply", shown: plan.shown }, noMeta);
    expect(done).toMatchObject({ refunded: [], creditReturned: ["£20.00"], refundIds: [] });
    expect(await returnedEntries(booking.paymentId)).toEqual([
      {
        amountMinor: 2000,
        payerId: booking.parent.id,
        sessionId: booking.sessionId,
        participantId: booking.participantId,
        idempotencyKey: `credit-return-cancel-${booking.paymentId}`,
        reason: expect.stringContaining("was cancelled by Tutordesk"),
      },
    ]);
    expect(await prisma.refund.count({ where: { paymentId: booking.paymentId } })).toBe(0);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(0);
    expect(await creditBalanceMinor(prisma, booking.parent.id, "GBP")).toBe(2000);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: booking.sessionId, action: "session.cancelled" } });
    expect(audit.after).toMatchObject({
      status: "CANCELLED",
      treatment: { financial: "credit", refundPercent: 50 },
      seats: [{ id: booking.participantId, refundMinor: 2000, cardRefundMinor: 0, creditReturnedMinor: 2000, percent: 50 }],
    });
    const email = await prisma.emailMessage.findFirstOrThrow({ where: { sessionId: booking.sessionId, template: "session-cancelled", toAddress: booking.parent.email } });
    expect(`${email.text}`).toContain("£20.00 as credit");

    // Posted again: refused, and the payer is credited once.
    expect((await refusalOf(applyCancelChange(staff, booking.sessionId, { ...creditForm(), step: "apply", shown: plan.shown }, noMeta))).code).toBe("ALREADY_CANCELLED");
    expect(await returnedEntries(booking.paymentId)).toHaveLength(1);
    expect(await creditBalanceMinor(prisma, booking.parent.id, "GBP")).toBe(2000);
    expect(await prisma.refund.count({ where: { paymentId: booking.paymentId } })).toBe(0);
  });

  it("a seat paid partly with credit: the percentage of the card and credit parts together comes back as one credit entry", async () => {
    const tutor = await tutorWithHours("Tutor Tess");
    const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent", timezone: "UTC" });
    const child = await createUser({ roles: ["STUDENT"], name: "Kim Kid", timezone: "UTC" });
    await prisma.parentLink.create({ data: { parentId: parent.id, studentId: child.id } });
    await adjustCreditByAdmin(await admin(), parent.id, { amountMinor: 1500, currency: "GBP", reason: "Goodwill after a missed session", key: "partly-credit" }, noMeta);
    const booking = await paidBooking(fakeStripe(), parent, tutor.id, weeklyTime(child.id, at(3, 10)));
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: booking.paymentId } })).toMatchObject({ amountMinor: 2500, creditMinor: 1500 });
    expect(await creditBalanceMinor(prisma, parent.id, "GBP")).toBe(0);
    const staff = await coordinator();

    const plan = await cancelAsPreviewed(staff, booking.sessionId, creditForm({ refundPercent: 75 }));
    expect(plan.seats).toEqual([expect.objectContaining({ leftMinor: 4000, refundMinor: 3000, percent: 75 })]);
    expect(await returnedEntries(booking.paymentId)).toEqual([
      expect.objectContaining({ amountMinor: 3000, payerId: parent.id, idempotencyKey: `credit-return-cancel-${booking.paymentId}` }),
    ]);
    expect(await prisma.refund.count({ where: { paymentId: booking.paymentId } })).toBe(0);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(0);
    expect(await creditBalanceMinor(prisma, parent.id, "GBP")).toBe(3000);
  });

  it("0 % credits nothing and writes no entry", async () => {
    const booking = await bookedOneToOne();
    const staff = await coordinator();
    await cancelAsPreviewed(staff, booking.sessionId, creditForm({ refundPercent: 0 }));
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ status: "CANCELLED" });
    expect(await prisma.creditEntry.count({ where: { paymentId: booking.paymentId } })).toBe(0);
    expect(await prisma.refund.count({ where: { paymentId: booking.paymentId } })).toBe(0);
  });
});
