import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { DomainError } from "../../app/domain/shared/errors";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { bookableTimesFor } from "../../app/services/tutor-availability.server";
import { cancelSession, getCancelPreview } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { getBookingView } from "../../app/services/sessions.server";
import { processDueRefunds, processRefund } from "../../app/services/payments.server";
import { createSlot } from "../../app/services/slots.server";
import { createUser, noMeta } from "../factories";
import { at, hoursBefore, paidBooking as paidBookingAt, refusalOf, tutorWithHours, useFakeStripe, weeklyTime } from "./session-fixtures";

type User = Awaited<ReturnType<typeof createUser>>;

const fakeStripe = useFakeStripe();
const student = (name?: string) => createUser({ roles: ["STUDENT"], name });
const form = { category: "SCHEDULE_CONFLICT" as const, reason: "I have an exam that morning." };
/** Maths every day 06:00–22:00 at £49.99 an hour (70 % of it is not a whole number of pence). */
const tutorAt4999 = (name = "Tutor") => tutorWithHours(name, { hourlyRate: 4999 });

function slotTime(studentId: string, slotId: string): BookingDetails {
  return { slot: slotId, student: studentId, subject: "Maths", meetingType: "VIDEO", title: "", description: "" };
}

const paidBooking = (booker: Booker, tutorId: string, details: BookingDetails) => paidBookingAt(fakeStripe(), booker, tutorId, details);

const refundsAtFake = (paymentIntentId: string) => [...fakeStripe().refunds.values()].filter((refund) => refund.payment_intent === paymentIntentId);
const cancelEmails = () => prisma.emailMessage.findMany({ where: { template: "session-cancelled" }, orderBy: { toAddress: "asc" } });
const icsText = (attachments: unknown) => {
  const list = attachments as { filename: string; contentType: string; contentBase64: string }[];
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ filename: expect.stringMatching(/\.ics$/), contentType: expect.stringContaining("text/calendar") });
  return Buffer.from(list[0].contentBase64, "base64").toString("utf8");
};

async function seatState(participantId: string) {
  const seat = await prisma.participant.findUniqueOrThrow({ where: { id: participantId }, include: { session: true } });
  return { seat: seat.status, session: seat.session.status, cancelCause: seat.session.cancelCause };
}

async function expectUntouched(booking: { participantId: string; sessionId: string }) {
  expect(await seatState(booking.participantId)).toEqual({ seat: "CONFIRMED", session: "SCHEDULED", cancelCause: null });
  expect(await prisma.refund.count()).toBe(0);
  expect(await cancelEmails()).toHaveLength(0);
  // Only the payment's own audit of the session (PENDING_PAYMENT → SCHEDULED) is there: nothing of a cancel.
  expect(await prisma.auditEvent.count({ where: { subjectId: booking.sessionId, action: { not: "session.status_changed" } } })).toBe(0);
}

describe("the cancel preview", () => {
  it("follows the refund tiers for a student and refunds in full for the tutor", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const startsAt = at(3);
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, startsAt));
    expect(booking.amountMinor).toBe(4999);

    const seatOf = async (actor: User) => (await getCancelPreview(actor, booking.sessionId))!.seats[0];
    expect(await getCancelPreview(booker, booking.sessionId)).toMatchObject({ who: "STUDENT", blocked: null, session: { id: booking.sessionId, tutorName: "Tutor" } });
    expect((await seatOf(booker)).refund).toMatchObject({ tier: "FULL", percent: 100, amountMinor: 4999 });
    expect(await hoursBefore(startsAt, 25, () => seatOf(booker))).toMatchObject({ refund: { tier: "FULL", percent: 100, amountMinor: 4999 } });
    expect(await hoursBefore(startsAt, 23, () => seatOf(booker))).toMatchObject({ refund: { tier: "LATE", percent: 70, amountMinor: 3499 }, refundText: "70% refund: £34.99" });
    expect(await hoursBefore(startsAt, 5, () => seatOf(booker))).toMatchObject({ refund: { tier: "LATE", percent: 70, amountMinor: 3499 } });
    expect(await hoursBefore(startsAt, 2.5, () => seatOf(booker))).toMatchObject({ refund: { tier: "LATE", percent: 70 } });
    expect(await hoursBefore(startsAt, 1, () => seatOf(booker))).toMatchObject({ refund: { tier: "NONE", percent: 0, amountMinor: 0 } });

    // The tutor cancelling, even an hour before, refunds everyone in full.
    const tutorPreview = await hoursBefore(startsAt, 1, () => getCancelPreview(tutor, booking.sessionId));
    expect(tutorPreview).toMatchObject({ who: "TUTOR", blocked: null, seats: [{ id: booking.participantId, refund: { tier: "FULL", percent: 100, amountMinor: 4999 } }] });

    // Looking changes nothing.
    expect(await seatState(booking.participantId)).toEqual({ seat: "CONFIRMED", session: "SCHEDULED", cancelCause: null });
    expect(await prisma.refund.count()).toBe(0);
  });
});

describe("cancelling a 1:1 session", () => {
  it("refunds 70 % (rounded down) five hours before, once, with audit and emails", async () => {
    const tutor = await tutorAt4999();
    const booker = await student("Sam Student");
    const startsAt = at(3);
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, startsAt));
    const emailsBefore = await prisma.emailMessage.count();

    const result = await hoursBefore(startsAt, 5, () => cancelSession(booker, booking.sessionId, form, noMeta));
    expect(result).toEqual({ refunded: ["£34.99"], creditReturned: [], wholeSession: true });

    const session = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId }, include: { participants: true } });
    expect(session).toMatchObject({ status: "CANCELLED", cancelCause: "STUDENT", participants: [{ id: booking.participantId, status: "CANCELLED" }] });
    expect(session.cancelledAt).not.toBeNull();

    const refunds = await prisma.refund.findMany();
    expect(refunds).toEqual([
      expect.objectContaining({
        paymentId: booking.paymentId,
        amountMinor: 3499,
        currency: "GBP",
        status: "PROCESSED",
        reason: "CANCELLED_BY_STUDENT",
        idempotencyKey: `refund-cancel-${booking.paymentId}`,
        stripeRefundId: expect.stringMatching(/^re_/),
        attempts: 1,
      }),
    ]);
    const atFake = refundsAtFake(booking.paymentIntentId);
    expect(atFake).toHaveLength(1);
    expect(atFake[0]).toMatchObject({ id: refunds[0].stripeRefundId, amount: 3499, metadata: { refundId: refunds[0].id } });

    const audit = await prisma.auditEvent.findMany({ where: { action: "session.cancelled", subjectId: booking.sessionId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: booker.id, reason: "Schedule conflict: I have an exam that morning.", ip: "127.0.0.1" });
    expect(audit[0].policySnapshot).toMatchObject({ lateRefundPercent: 70, lateRefundHours: 2, fullRefundHours: 24, cancellationCutoffHours: 0 });
    expect(audit[0].after).toMatchObject({ status: "CANCELLED", cancelledBy: "STUDENT", seats: [{ id: booking.participantId, refundMinor: 3499, percent: 70 }] });
    expect(await prisma.auditEvent.count({ where: { action: "refund.processed", subjectId: refunds[0].id } })).toBe(1);

    const emails = await cancelEmails();
    expect(await prisma.emailMessage.count()).toBe(emailsBefore + 2);
    expect(emails.map((email) => email.toAddress).sort()).toEqual([booker.email, tutor.email].sort());
    const toStudent = emails.find((email) => email.toAddress === booker.email)!;
    expect(toStudent.text).toContain("£34.99");
    expect(toStudent.text).toContain("I have an exam that morning.");
    const ics = icsText(toStudent.attachments);
    expect(ics).toContain("METHOD:CANCEL");
    expect(ics).toContain("STATUS:CANCELLED");
    expect(ics).toContain(`UID:${booking.participantId}@tutordesk`);
    // The tutor's own copy of the event (one per session) is cancelled too, at the same version.
    const toTutor = icsText(emails.find((email) => email.toAddress === tutor.email)!.attachments);
    expect(toTutor).toContain("METHOD:CANCEL");
    expect(toTutor).toContain(`UID:session-${booking.sessionId}@tutordesk`);
    expect(/SEQUENCE:(\d+)/.exec(toTutor)![1]).toBe(/SEQUENCE:(\d+)/.exec(ics)![1]);
  });

  it("refuses a second cancel posted after the first and refunds once", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, at(3)));

    await cancelSession(booker, booking.sessionId, form, noMeta);
    expect(await refusalOf(cancelSession(booker, booking.sessionId, form, noMeta))).toMatchObject({ code: "NOTHING_TO_CANCEL" });
    expect(await getCancelPreview(booker, booking.sessionId)).toBeNull();

    expect(await prisma.refund.findMany({ select: { amountMinor: true, status: true } })).toEqual([{ amountMinor: 4999, status: "PROCESSED" }]);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { action: "session.cancelled" } })).toBe(1);
    expect(await cancelEmails()).toHaveLength(2);
  });

  it("lets exactly one of two simultaneous cancels through and refunds once", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, at(3)));

    const results = await Promise.allSettled([cancelSession(booker, booking.sessionId, form, noMeta), cancelSession(booker, booking.sessionId, form, noMeta)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(DomainError);
    expect(lost[0].reason).toMatchObject({ code: "NOTHING_TO_CANCEL" });

    expect(await seatState(booking.participantId)).toEqual({ seat: "CANCELLED", session: "CANCELLED", cancelCause: "STUDENT" });
    expect(await prisma.refund.findMany({ select: { amountMinor: true, status: true } })).toEqual([{ amountMinor: 4999, status: "PROCESSED" }]);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { action: "session.cancelled" } })).toBe(1);
    expect(await cancelEmails()).toHaveLength(2);
  });
});

describe("refunds Stripe refuses at first", () => {
  it("still cancels, keeps the refund as FAILED, and the job refunds it exactly once later", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, at(3)));

    // The SDK retries a 500 twice itself, so three failures make the app see one.
    fakeStripe().failNextRefunds(3);
    await cancelSession(booker, booking.sessionId, form, noMeta);
    expect(await seatState(booking.participantId)).toEqual({ seat: "CANCELLED", session: "CANCELLED", cancelCause: "STUDENT" });
    const failed = await prisma.refund.findFirstOrThrow();
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1, amountMinor: 4999, stripeRefundId: null, processedAt: null });
    expect(failed.lastError).toBe("Fake Stripe failure");
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(0);

    // Not due yet: the job leaves it alone.
    expect(await processDueRefunds()).toBe(0);
    expect(await processRefund(failed.id)).toBe("skipped");

    await prisma.refund.update({ where: { id: failed.id }, data: { nextAttemptAt: DateTime.utc().minus({ minutes: 1 }).toJSDate() } });
    expect(await processDueRefunds()).toBe(1);
    const processed = await prisma.refund.findUniqueOrThrow({ where: { id: failed.id } });
    expect(processed).toMatchObject({ status: "PROCESSED", attempts: 2, lastError: null, stripeRefundId: expect.stringMatching(/^re_/) });
    expect(refundsAtFake(booking.paymentIntentId)).toEqual([expect.objectContaining({ id: processed.stripeRefundId, amount: 4999 })]);

    expect(await Promise.all([processRefund(failed.id), processRefund(failed.id)])).toEqual(["skipped", "skipped"]);
    expect(await processDueRefunds()).toBe(0);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(1);
    expect(await prisma.refund.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "PROCESSED", attempts: 2 });
  });

  it("refunds once when two retry runners pick up the same due refund at once", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, at(3)));
    fakeStripe().failNextRefunds(3);
    await cancelSession(booker, booking.sessionId, form, noMeta);
    const failed = await prisma.refund.findFirstOrThrow();
    expect(failed.status).toBe("FAILED");
    await prisma.refund.update({ where: { id: failed.id }, data: { nextAttemptAt: DateTime.utc().minus({ minutes: 1 }).toJSDate() } });

    const [jobCount, direct] = await Promise.all([processDueRefunds(), processRefund(failed.id)]);
    expect(jobCount + (direct === "processed" ? 1 : 0)).toBe(1);
    expect(await prisma.refund.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "PROCESSED", attempts: 2 });
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(1);
  });
});

describe("group sessions", () => {
  async function groupWithTwoPaid() {
    const tutor = await tutorAt4999();
    const date = at(4).toISODate()!;
    const { id: slotId } = await createSlot(tutor, { date, start: "23:00", end: "23:59", kind: "GROUP", capacity: 3 }, noMeta);
    const first = await student("Ann");
    const second = await student("Ben");
    const a = await paidBooking(first, tutor.id, slotTime(first.id, slotId));
    const b = await paidBooking(second, tutor.id, slotTime(second.id, slotId));
    expect(a.sessionId).toBe(b.sessionId);
    const seatsLeft = async () => {
      const times = await bookableTimesFor(tutor.id, { from: new Date(), to: at(6).toJSDate() });
      return times.find((time) => time.slotId === slotId)?.seatsLeft;
    };
    return { tutor, slotId, first, second, a, b, sessionId: a.sessionId, seatsLeft };
  }

  it("cancels only the student's seat; the session goes on and the seat reopens", async () => {
    const { tutor, first, second, a, b, sessionId, seatsLeft } = await groupWithTwoPaid();
    expect(await seatsLeft()).toBe(1);

    const result = await cancelSession(first, sessionId, form, noMeta);
    expect(result).toMatchObject({ wholeSession: false });

    expect(await seatState(a.participantId)).toEqual({ seat: "CANCELLED", session: "SCHEDULED", cancelCause: null });
    expect(await seatState(b.participantId)).toEqual({ seat: "CONFIRMED", session: "SCHEDULED", cancelCause: null });
    expect(await seatsLeft()).toBe(2);

    expect(await prisma.refund.findMany({ select: { paymentId: true, amountMinor: true, status: true } })).toEqual([
      { paymentId: a.paymentId, amountMinor: a.amountMinor, status: "PROCESSED" },
    ]);
    expect(refundsAtFake(a.paymentIntentId)).toHaveLength(1);
    expect(refundsAtFake(b.paymentIntentId)).toHaveLength(0);
    expect(await prisma.auditEvent.count({ where: { action: "booking.cancelled", subjectId: sessionId } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "session.cancelled" } })).toBe(0);

    const emails = await cancelEmails();
    expect(emails.map((email) => email.toAddress).sort()).toEqual([first.email, tutor.email].sort());
    expect(emails.find((email) => email.toAddress === tutor.email)!.subject).toContain("Ann left the group");
    expect(emails.some((email) => email.toAddress === second.email)).toBe(false);

    // The other student's preview still offers their own seat only.
    expect(await getCancelPreview(second, sessionId)).toMatchObject({ who: "STUDENT", seats: [{ id: b.participantId }] });
  });

  it("when the tutor cancels, refunds every paid student in full and cancels the session", async () => {
    const { tutor, first, second, a, b, sessionId } = await groupWithTwoPaid();
    const preview = await getCancelPreview(tutor, sessionId);
    expect(preview).toMatchObject({ who: "TUTOR", blocked: null });
    expect(preview!.seats.map((seat) => seat.refund.percent)).toEqual([100, 100]);

    const result = await cancelSession(tutor, sessionId, { category: "TUTOR_UNAVAILABLE", reason: "I am ill and cannot teach." }, noMeta);
    expect(result).toMatchObject({ wholeSession: true });
    expect(result.refunded).toHaveLength(2);

    expect(await seatState(a.participantId)).toEqual({ seat: "CANCELLED", session: "CANCELLED", cancelCause: "TUTOR" });
    expect(await seatState(b.participantId)).toEqual({ seat: "CANCELLED", session: "CANCELLED", cancelCause: "TUTOR" });
    const refunds = await prisma.refund.findMany({ orderBy: { amountMinor: "asc" } });
    expect(refunds.map((refund) => [refund.paymentId, refund.amountMinor, refund.status, refund.reason]).sort()).toEqual(
      [
        [a.paymentId, a.amountMinor, "PROCESSED", "CANCELLED_BY_TUTOR"],
        [b.paymentId, b.amountMinor, "PROCESSED", "CANCELLED_BY_TUTOR"],
      ].sort(),
    );
    expect(refundsAtFake(a.paymentIntentId)).toEqual([expect.objectContaining({ amount: a.amountMinor })]);
    expect(refundsAtFake(b.paymentIntentId)).toEqual([expect.objectContaining({ amount: b.amountMinor })]);
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.cancelled", subjectId: sessionId } })).toMatchObject({
      actorId: tutor.id,
      reason: "Tutor unavailable: I am ill and cannot teach.",
    });

    const emails = await cancelEmails();
    // The tutor who cancelled is emailed too: their calendar's event of the session is cancelled.
    expect(emails.map((email) => email.toAddress).sort()).toEqual([first.email, second.email, tutor.email].sort());
    for (const email of emails) expect(icsText(email.attachments)).toContain("METHOD:CANCEL");
  });

  it("refunds the new payment when a student rejoins a group after cancelling and cancels again", async () => {
    const { slotId, first, a, sessionId } = await groupWithTwoPaid();
    // Cancelled five hours before: 70 % back, 30 % kept.
    const startsAt = DateTime.fromJSDate((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).startsAt);
    await hoursBefore(startsAt, 5, () => cancelSession(first, sessionId, form, noMeta));
    const late = Math.floor((a.amountMinor * 70) / 100);

    // The student books the same group again (their seat row is reused) and pays again.
    const again = await paidBooking(first, (await prisma.slot.findUniqueOrThrow({ where: { id: slotId } })).tutorId, slotTime(first.id, slotId));
    expect(again.participantId).toBe(a.participantId);
    expect(again.paymentId).not.toBe(a.paymentId);

    // Cancelled again well ahead: the second payment comes back in full, the first is not touched again.
    await cancelSession(first, sessionId, form, noMeta);
    expect(await seatState(a.participantId)).toEqual({ seat: "CANCELLED", session: "SCHEDULED", cancelCause: null });
    const refunds = await prisma.refund.findMany({ orderBy: { createdAt: "asc" } });
    expect(refunds.map((refund) => [refund.paymentId, refund.amountMinor, refund.status])).toEqual([
      [a.paymentId, late, "PROCESSED"],
      [again.paymentId, again.amountMinor, "PROCESSED"],
    ]);
    expect(refundsAtFake(a.paymentIntentId)).toEqual([expect.objectContaining({ amount: late })]);
    expect(refundsAtFake(again.paymentIntentId)).toEqual([expect.objectContaining({ amount: again.amountMinor })]);
  });

  it("refunds nothing when a student rejoins with a hold and cancels before paying (the kept 30 % stays kept)", async () => {
    const { tutor, slotId, first, a, sessionId } = await groupWithTwoPaid();
    const startsAt = DateTime.fromJSDate((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).startsAt);
    await hoursBefore(startsAt, 5, () => cancelSession(first, sessionId, form, noMeta));

    const held = await createBooking(first, tutor.id, slotTime(first.id, slotId), noMeta);
    expect(held).toMatchObject({ status: "HELD", participantId: a.participantId });
    const pending = await prisma.payment.findFirstOrThrow({ where: { participantId: a.participantId, status: "PENDING" } });

    const preview = await getCancelPreview(first, sessionId);
    expect(preview!.seats).toEqual([expect.objectContaining({ held: true, refund: expect.objectContaining({ amountMinor: 0 }) })]);
    expect(await cancelSession(first, sessionId, form, noMeta)).toMatchObject({ refunded: [] });

    expect(await seatState(a.participantId)).toMatchObject({ seat: "CANCELLED" });
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "EXPIRED" });
    expect(fakeStripe().sessions.get(pending.checkoutSessionId!)?.status).toBe("expired");
    expect(await prisma.refund.findMany({ select: { paymentId: true, amountMinor: true } })).toEqual([
      { paymentId: a.paymentId, amountMinor: Math.floor((a.amountMinor * 70) / 100) },
    ]);
    expect(refundsAtFake(a.paymentIntentId)).toHaveLength(1);
  });
});

describe("the student cancel cutoff", () => {
  it("refuses a student's cancel inside the cutoff and changes nothing, unless an admin override is active", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const admin = await createUser({ roles: ["ADMIN"] });
    const startsAt = at(3);
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, startsAt));
    await prisma.policy.create({ data: { key: "cancellationCutoffHours", value: 48 } });

    await hoursBefore(startsAt, 30, async () => {
      expect((await getCancelPreview(booker, booking.sessionId))!.blocked).toMatch(/48 hours/);
      expect(await refusalOf(cancelSession(booker, booking.sessionId, form, noMeta))).toMatchObject({ code: "CANCEL_CUTOFF", message: expect.stringMatching(/48 hours/) });
      await expectUntouched(booking);
      // The tutor is not bound by the student cutoff.
      expect(await getCancelPreview(tutor, booking.sessionId)).toMatchObject({ blocked: null });

      // An override that has already expired lifts nothing.
      await prisma.policyOverride.create({
        data: { sessionId: booking.sessionId, kind: "CANCEL_CUTOFF", reason: "An earlier exception", createdById: admin.id, expiresAt: startsAt.minus({ hours: 40 }).toJSDate() },
      });
      expect(await refusalOf(cancelSession(booker, booking.sessionId, form, noMeta))).toMatchObject({ code: "CANCEL_CUTOFF" });
      await expectUntouched(booking);

      await prisma.policyOverride.create({
        data: { sessionId: booking.sessionId, kind: "CANCEL_CUTOFF", reason: "Family emergency", createdById: admin.id, expiresAt: startsAt.toJSDate() },
      });
      expect((await getCancelPreview(booker, booking.sessionId))!.blocked).toBeNull();
      await cancelSession(booker, booking.sessionId, form, noMeta);
    });

    expect(await seatState(booking.participantId)).toEqual({ seat: "CANCELLED", session: "CANCELLED", cancelCause: "STUDENT" });
    // 30 hours before is still the full-refund tier.
    expect(await prisma.refund.findMany({ select: { amountMinor: true, status: true } })).toEqual([{ amountMinor: 4999, status: "PROCESSED" }]);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.cancelled", subjectId: booking.sessionId } });
    expect(audit.policySnapshot).toMatchObject({ cancellationCutoffHours: 48 });
  });
});

describe("who may cancel", () => {
  it("lets a parent cancel their linked child's seat and refuses a stranger", async () => {
    const tutor = await tutorAt4999();
    const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent" });
    const child = await student("Kim Child");
    await prisma.parentLink.create({ data: { parentId: parent.id, studentId: child.id } });
    const booking = await paidBooking(parent, tutor.id, weeklyTime(child.id, at(3)));
    const stranger = await student("Stranger");
    const otherParent = await createUser({ roles: ["PARENT"] });

    for (const outsider of [stranger, otherParent]) {
      expect(await getCancelPreview(outsider, booking.sessionId)).toBeNull();
      expect(await refusalOf(cancelSession(outsider, booking.sessionId, form, noMeta))).toMatchObject({ code: "NOTHING_TO_CANCEL" });
    }
    expect(await refusalOf(cancelSession(stranger, "no-such-session", form, noMeta))).toMatchObject({ code: "NOT_FOUND" });
    await expectUntouched(booking);

    expect(await getCancelPreview(parent, booking.sessionId)).toMatchObject({ who: "PARENT", seats: [{ id: booking.participantId, studentName: "Kim Child" }] });
    await cancelSession(parent, booking.sessionId, form, noMeta);

    expect(await seatState(booking.participantId)).toEqual({ seat: "CANCELLED", session: "CANCELLED", cancelCause: "PARENT" });
    expect(await prisma.refund.findMany({ select: { amountMinor: true, status: true, reason: true } })).toEqual([
      { amountMinor: 4999, status: "PROCESSED", reason: "CANCELLED_BY_PARENT" },
    ]);
    expect(refundsAtFake(booking.paymentIntentId)).toHaveLength(1);
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.cancelled", subjectId: booking.sessionId } })).toMatchObject({ actorId: parent.id });

    const emails = await cancelEmails();
    expect(emails.map((email) => email.toAddress).sort()).toEqual([parent.email, child.email, tutor.email].sort());
    // The payer hears about the refund; the child gets the calendar cancel too.
    expect(emails.find((email) => email.toAddress === parent.email)!.text).toContain("£49.99");
    expect(icsText(emails.find((email) => email.toAddress === child.email)!.attachments)).toContain("METHOD:CANCEL");
  });
});

describe("a cancelled booking's page keeps the cancel and its refund (issue 13 B16)", () => {
  it("shows when, by whom and the refund's amount as it goes from failed to processed", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const startsAt = at(3);
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, startsAt));
    fakeStripe().failNextRefunds(3);
    await hoursBefore(startsAt, 5, () => cancelSession(booker, booking.sessionId, form, noMeta));
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.cancelled", subjectId: booking.sessionId } });

    expect((await getBookingView(booker, booking.participantId))!.cancellation).toEqual({
      cancelledAt: audit.occurredAt.toISOString(),
      by: "The student",
      refunds: [{ amount: "£34.99", state: "failed", label: "failed at the payment provider; we are retrying it" }],
      noRefund: null,
    });
    const refund = await prisma.refund.findFirstOrThrow();
    await prisma.refund.update({ where: { id: refund.id }, data: { nextAttemptAt: DateTime.utc().minus({ minutes: 1 }).toJSDate() } });
    expect(await processDueRefunds()).toBe(1);
    expect((await getBookingView(booker, booking.participantId))!.cancellation!.refunds).toEqual([{ amount: "£34.99", state: "processed", label: "refunded" }]);
  });

  it("says there is no refund, and why, for a cancel inside the last tier", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const startsAt = at(3);
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, startsAt));
    await hoursBefore(startsAt, 1, () => cancelSession(booker, booking.sessionId, form, noMeta));
    expect((await getBookingView(booker, booking.participantId))!.cancellation).toMatchObject({
      by: "The student",
      refunds: [],
      noRefund: "Cancelling less than 2 hours before the start: no refund.",
    });
  });

  it("names the tutor's side when the tutor cancels a group, with each seat's full refund", async () => {
    const tutor = await tutorAt4999();
    const { id: slotId } = await createSlot(tutor, { date: at(4).toISODate()!, start: "12:00", end: "13:00", kind: "GROUP", capacity: 3 }, noMeta);
    const first = await student("First");
    const second = await student("Second");
    const seat1 = await paidBooking(first, tutor.id, slotTime(first.id, slotId));
    await paidBooking(second, tutor.id, slotTime(second.id, slotId));
    await cancelSession(tutor, seat1.sessionId, form, noMeta);
    expect((await getBookingView(first, seat1.participantId))!.cancellation).toMatchObject({
      by: "The tutor",
      refunds: [{ amount: "£49.99", state: "processed" }],
      noRefund: null,
    });
  });

  it("shows nothing of a cancel on a booking that stands", async () => {
    const tutor = await tutorAt4999();
    const booker = await student();
    const booking = await paidBooking(booker, tutor.id, weeklyTime(booker.id, at(3)));
    expect((await getBookingView(booker, booking.participantId))!.cancellation).toBeNull();
  });
});
