import { describe, expect, it } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { DomainError } from "../../app/domain/shared/errors";
import { formatInstantLong } from "../../app/emails/format";
import { answerByLink } from "../../app/services/action-links.server";
import { readActionToken } from "../../app/services/action-tokens.server";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { cancelSession, getCancelPreview } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { outboxSettled } from "../../app/services/outbox.server";
import { SCHEDULING_POLICY_DEFAULTS } from "../../app/domain/policies/defaults";
import { bookingWeeksRange, openingBookingWeek } from "../../app/domain/scheduling/weeks";
import { clock } from "../../app/services/clock.server";
import { answerReplacement, closeUnansweredReplacements, getReplacementView } from "../../app/services/replacements.server";
import { proposeReschedule } from "../../app/services/reschedules.server";
import { getSessionView } from "../../app/services/sessions.server";
import { replacementCandidates } from "../../app/services/replacement-offers.server";
import { setTutorVerified } from "../../app/services/tutors.server";
import { createUser, noMeta } from "../factories";
import { at, paidBooking as paidBookingAt, refusalOf, tutorWithHours, useFakeStripe, weeklyTime, withClockAt } from "./session-fixtures";

const fakeStripe = useFakeStripe();
const tutor = tutorWithHours;
const student = (name = "Sam Student") => createUser({ roles: ["STUDENT"], name });
const cancelForm = { category: "TUTOR_UNAVAILABLE" as const, reason: "I am ill and cannot teach that day." };
const paidBooking = (booker: Booker, tutorId: string, details: BookingDetails) => paidBookingAt(fakeStripe(), booker, tutorId, details);

const sessionRow = (id: string) => prisma.tutoringSession.findUniqueOrThrow({ where: { id } });
const emailsOf = (template: string) => prisma.emailMessage.findMany({ where: { template }, orderBy: { createdAt: "asc" } });
const linkToken = (text: string) => text.match(/\/a\/([A-Za-z0-9_-]+)/)![1];

/** Ana (the booked tutor), a busy Maths tutor who sorts first, a free Maths tutor, a Physics tutor, an inactive Maths tutor. */
async function cast() {
  const ana = await tutor("Ana Original");
  const busy = await tutor("Aaron Busy");
  const free = await tutor("Bea Free");
  await tutor("Aaron Physics", { subjects: ["Physics"] });
  await tutor("Aaa Inactive", { active: false });
  const learner = await student();
  const startsAt = at(3);
  // Aaron is booked at the same hour by someone else.
  const other = await student("Other Student");
  await paidBooking(other, busy.id, weeklyTime(other.id, startsAt));
  const booking = await paidBooking(learner, ana.id, weeklyTime(learner.id, startsAt));
  await outboxSettled();
  await prisma.emailMessage.deleteMany();
  return { ana, busy, free, learner, startsAt, booking };
}

describe("a tutor cancels a booked 1:1 session", () => {
  it("offers it to the first free tutor of the subject, holds nothing back, and tells everyone", async () => {
    const { ana, free, learner, startsAt, booking } = await cast();
    expect(await getCancelPreview(ana, booking.sessionId)).toMatchObject({ who: "TUTOR", blocked: null, seeksReplacement: true });

    const result = await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    expect(result).toMatchObject({ refunded: [], replacement: { name: "Bea Free" } });

    const moved = await sessionRow(booking.sessionId);
    expect(moved).toMatchObject({
      tutorId: free.id,
      status: "SCHEDULED",
      reassignmentStatus: "PENDING_ACCEPTANCE",
      reassignedFromId: ana.id,
      cancelledTutorIds: [ana.id],
      slotId: null,
    });
    expect(moved.startsAt).toEqual(startsAt.toJSDate());
    expect(await prisma.participant.findUniqueOrThrow({ where: { id: booking.participantId } })).toMatchObject({ status: "CONFIRMED" });
    expect(await prisma.refund.count()).toBe(0);
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.tutor_replaced", subjectId: booking.sessionId } })).toMatchObject({
      actorId: ana.id,
      reason: "Tutor unavailable: I am ill and cannot teach that day.",
      after: expect.objectContaining({ tutorId: free.id, reassignmentStatus: "PENDING_ACCEPTANCE" }),
      policySnapshot: expect.objectContaining({ minNoticeMinutes: expect.any(Number) }),
    });

    const [toLearner] = await emailsOf("tutor-replaced");
    expect(toLearner).toMatchObject({ toAddress: learner.email });
    expect(toLearner.text).toContain("Bea Free");
    expect(await readActionToken(linkToken(toLearner.text))).toMatchObject({ state: "valid", purpose: "replacement.answer", subjectId: booking.sessionId, userId: learner.id });
    expect((await emailsOf("session-offered-to-tutor")).map((email) => email.toAddress)).toEqual([free.email]);
    expect((await emailsOf("tutor-cancel-confirmation")).map((email) => email.toAddress)).toEqual([ana.email]);

    // While the student decides, only their choice moves the session on.
    const view = await getSessionView(learner, booking.sessionId);
    expect(view).toMatchObject({ canCancel: false, canReschedule: false, replacement: { offered: true, cancelledByName: "Ana Original", yourChoice: true } });
    expect(await getSessionView(ana, booking.sessionId)).toBeNull();
    expect((await refusalOf(cancelSession(learner, booking.sessionId, { category: "SCHEDULE_CONFLICT", reason: "I would rather cancel it now." }, noMeta))).code).toBe(
      "CANCEL_CUTOFF",
    );
    expect((await refusalOf(cancelSession(free, booking.sessionId, cancelForm, noMeta))).code).toBe("CANCEL_CUTOFF");
    expect((await refusalOf(proposeReschedule(learner, booking.sessionId, { startsAt: at(4).toJSDate(), reason: "Another day suits me." }, noMeta))).code).toBe("CHOICE_PENDING");
  });

  it("the student continues with the offered tutor from the emailed link, once", async () => {
    const { ana, free, learner, booking } = await cast();
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    const token = linkToken((await emailsOf("tutor-replaced"))[0].text);

    expect(await answerByLink(token, "accept", noMeta)).toEqual({ kind: "done", purpose: "replacement.answer", intent: "accept" });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ tutorId: free.id, reassignmentStatus: "ACCEPTED", status: "SCHEDULED" });
    expect(await answerByLink(token, "accept", noMeta)).toEqual({ kind: "stale" });
    expect(await readActionToken(token)).toMatchObject({ state: "used" });
    expect((await emailsOf("session-assigned-to-tutor")).map((email) => email.toAddress)).toEqual([free.email]);
    const [confirmed] = await emailsOf("replacement-confirmed");
    expect(confirmed).toMatchObject({ toAddress: learner.email });
    const ics = Buffer.from((confirmed.attachments as { contentBase64: string }[])[0].contentBase64, "base64").toString("utf8");
    expect(ics).toContain(`UID:${booking.participantId}@tutordesk`);
    expect(ics).toContain("Bea Free");
    expect(await prisma.auditEvent.count({ where: { action: "session.replacement_accepted", subjectId: booking.sessionId, actorId: learner.id } })).toBe(1);
    // Settled: the usual actions come back, for the new tutor too.
    expect(await getSessionView(learner, booking.sessionId)).toMatchObject({ replacement: null, canCancel: true, canReschedule: true });
    expect(await getSessionView(free, booking.sessionId)).toMatchObject({ isTutor: true, canCancel: true });
  });

  it("the student takes another tutor free at the booked time instead; the offered tutor is told", async () => {
    const { ana, free, learner, startsAt, booking } = await cast();
    const cleo = await tutor("Cleo Also Free", { hourlyRate: 9000 });
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    const view = await getReplacementView(learner, booking.sessionId, { range: { from: at(3, 0).toJSDate(), to: at(4, 0).toJSDate() } });
    expect(view).toMatchObject({
      state: "open",
      offered: { id: free.id, name: "Bea Free", previousName: "Ana Original" },
      freeAtBookedTime: [{ id: cleo.id, name: "Cleo Also Free" }],
    });

    const moved = await answerReplacement(learner, booking.sessionId, { answer: "choose", tutorId: cleo.id, startsAt: startsAt.toJSDate() }, noMeta);
    expect(moved).toMatchObject({ outcome: "MOVED", tutorName: "Cleo Also Free" });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ tutorId: cleo.id, reassignmentStatus: "ACCEPTED", reassignedFromId: ana.id, startsAt: startsAt.toJSDate() });
    expect((await emailsOf("session-released-from-tutor")).map((email) => email.toAddress)).toEqual([free.email]);
    expect((await emailsOf("session-assigned-to-tutor")).map((email) => email.toAddress)).toEqual([cleo.email]);
    // The tutor chosen is told what taking it over pays: the booked price (Cleo's own rate does not apply).
    expect((await emailsOf("session-assigned-to-tutor"))[0].text).toContain("Your pay: £40.00");
    // The offered tutor's hour is free again.
    expect(await prisma.tutoringSession.count({ where: { tutorId: free.id } })).toBe(0);
  });

  it("a forged answer on the link is refused and leaves the link working", async () => {
    const { ana, booking } = await cast();
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    const token = linkToken((await emailsOf("tutor-replaced"))[0].text);
    expect(await answerByLink(token, "choose", noMeta)).toMatchObject({ kind: "refused" });
    expect(await readActionToken(token)).toMatchObject({ state: "valid" });
  });

  it("the student cancels instead, even inside the late-cancellation window, and is refunded in full once", async () => {
    const { ana, free, learner, startsAt, booking } = await cast();
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    // Three hours before: a student's own cancel would refund 70 %; the reply deadline is two hours before.
    const result = await withClockAt(startsAt.minus({ hours: 3 }), () => answerReplacement(learner, booking.sessionId, { answer: "cancel" }, noMeta));
    expect(result).toMatchObject({ outcome: "CANCELLED", refunded: ["£40.00"] });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ status: "CANCELLED" });
    const refunds = await prisma.refund.findMany();
    expect(refunds).toEqual([expect.objectContaining({ paymentId: booking.paymentId, amountMinor: booking.amountMinor, status: "PROCESSED" })]);
    expect([...fakeStripe().refunds.values()].filter((refund) => refund.payment_intent === booking.paymentIntentId)).toHaveLength(1);
    // One cancellation email each: the student, and the tutor the session had been offered to.
    expect((await emailsOf("session-cancelled")).map((email) => email.toAddress).sort()).toEqual([free.email, learner.email].sort());
    expect(await emailsOf("session-released-from-tutor")).toHaveLength(0);
    expect((await refusalOf(answerReplacement(learner, booking.sessionId, { answer: "cancel" }, noMeta))).code).toBe("NO_CHOICE_PENDING");
    expect(await prisma.refund.count()).toBe(1);
  });

  it("with nobody free, waits for the student, who picks another tutor and time at no cost", async () => {
    const ana = await tutor("Ana Original");
    const evening = await tutor("Eve Evenings", { start: "17:00", end: "22:00" });
    await tutor("Pat Physics", { subjects: ["Physics"] });
    const learner = await student();
    const booking = await paidBooking(learner, ana.id, weeklyTime(learner.id, at(3)));

    const result = await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    expect(result.replacement).toEqual({ name: null });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ tutorId: ana.id, reassignmentStatus: "AWAITING_STUDENT_CHOICE", cancelledTutorIds: [ana.id] });
    expect((await emailsOf("tutor-cancelled-no-replacement")).map((email) => email.toAddress)).toEqual([learner.email]);

    const range = { from: at(4, 0).toJSDate(), to: at(5, 0).toJSDate() };
    const view = await getReplacementView(learner, booking.sessionId, { tutorId: evening.id, range });
    expect(view).toMatchObject({ state: "open", offered: null, freeAtBookedTime: [], tutors: [{ id: evening.id, name: "Eve Evenings" }] });
    const times = view!.state === "open" ? view!.picked!.times : [];
    expect(times[0]).toBe(at(4, 17).toJSDate().toISOString());
    // Asked for no week, the page reads the tutor's times once over every bookable week and opens on the
    // first week with any (issue 13 B16): that week's share of the one read is what a read of the week alone gives.
    const now = clock.now();
    const horizonDays = SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays;
    const whole = await getReplacementView(learner, booking.sessionId, { tutorId: evening.id, range: bookingWeeksRange("UTC", now, horizonDays) });
    const allTimes = whole!.state === "open" ? whole!.picked!.times : [];
    const opening = openingBookingWeek(
      "UTC",
      now,
      horizonDays,
      allTimes.map((iso) => new Date(iso)),
    );
    expect(opening.noneInHorizon).toBe(false);
    expect(opening.week.days).toContain(allTimes[0].slice(0, 10));
    const alone = await getReplacementView(learner, booking.sessionId, { tutorId: evening.id, range: opening.range });
    expect(alone!.state === "open" ? alone!.picked!.times : null).toEqual(
      allTimes.filter((iso) => Date.parse(iso) >= opening.range.from.getTime() && Date.parse(iso) < opening.range.to.getTime()),
    );
    // The horizon read reaches past that week: later weeks' times are in it too (five evenings a week at least, over four weeks).
    expect(allTimes.filter((iso) => Date.parse(iso) >= opening.range.to.getTime()).length).toBeGreaterThanOrEqual(5 * 3);
    // Only the student's side sees the choice; the cancelled tutor is never a candidate.
    expect(await getReplacementView(await student("Stranger"), booking.sessionId, { range })).toBeNull();
    expect((await refusalOf(answerReplacement(learner, booking.sessionId, { answer: "choose", tutorId: ana.id, startsAt: at(4, 17).toJSDate() }, noMeta))).code).toBe(
      "NOT_A_CANDIDATE",
    );
    expect((await refusalOf(answerReplacement(learner, booking.sessionId, { answer: "choose", tutorId: evening.id, startsAt: at(4, 10).toJSDate() }, noMeta))).code).toBe(
      "NOT_FREE",
    );
    expect((await refusalOf(answerReplacement(learner, booking.sessionId, { answer: "accept" }, noMeta))).code).toBe("NOTHING_OFFERED");

    const moved = await answerReplacement(learner, booking.sessionId, { answer: "choose", tutorId: evening.id, startsAt: at(4, 17).toJSDate() }, noMeta);
    expect(moved).toMatchObject({ outcome: "MOVED", tutorName: "Eve Evenings" });
    const row = await sessionRow(booking.sessionId);
    expect(row).toMatchObject({ tutorId: evening.id, reassignmentStatus: "ACCEPTED", reassignedFromId: ana.id });
    expect([row.startsAt, row.endsAt]).toEqual([at(4, 17).toJSDate(), at(4, 18).toJSDate()]);
    expect(await prisma.payment.count()).toBe(1);
    expect(await prisma.refund.count()).toBe(0);
  });

  it("never offers it to a tutor an admin marked not verified; verified again, they are offered", async () => {
    const { ana, free, booking } = await cast();
    const admin = await createUser({ roles: ["ADMIN"], name: "Admin Ada" });
    await setTutorVerified(admin, free.id, false, noMeta);
    expect((await refusalOf(setTutorVerified(ana, free.id, true, noMeta))).code).toBe("FORBIDDEN");
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "tutor.unverified", subjectId: free.id } })).toMatchObject({ actorId: admin.id });
    // Bea was the only free Maths tutor: with her unverified, nobody is offered and the student chooses.
    expect((await cancelSession(ana, booking.sessionId, cancelForm, noMeta)).replacement).toMatchObject({ name: null });
    expect((await sessionRow(booking.sessionId)).tutorId).toBe(ana.id);
    await setTutorVerified(admin, free.id, true, noMeta);
    expect(await replacementCandidates(prisma, { subject: "Maths", tutorId: ana.id, cancelledTutorIds: [] }, [ana.id])).toContainEqual({ id: free.id, name: "Bea Free" });
  });

  it("never offers the session back to a tutor who cancelled it", async () => {
    const { ana, free, learner, booking } = await cast();
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    await answerReplacement(learner, booking.sessionId, { answer: "accept" }, noMeta);
    // Bea cancels too: Ana (who cancelled) and Aaron (busy) are passed over, so nobody is free.
    const again = await cancelSession(free, booking.sessionId, cancelForm, noMeta);
    expect(again.replacement).toEqual({ name: null });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ tutorId: free.id, reassignmentStatus: "AWAITING_STUDENT_CHOICE", cancelledTutorIds: [ana.id, free.id] });
  });

  it("a group session is refunded in full as before, with no replacement", async () => {
    const ana = await tutor("Ana Original");
    await tutor("Bea Free");
    const slot = await prisma.slot.create({ data: { tutorId: ana.id, startsAt: at(3).toJSDate(), endsAt: at(3, 11).toJSDate(), timezone: "UTC", kind: "GROUP", capacity: 4 } });
    const learner = await student();
    const booking = await paidBooking(learner, ana.id, { slot: slot.id, student: learner.id, subject: "Maths", meetingType: "VIDEO", title: "", description: "" });
    expect(await getCancelPreview(ana, booking.sessionId)).toMatchObject({ seeksReplacement: false });
    const result = await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    expect(result).toMatchObject({ replacement: undefined, refunded: ["£40.00"] });
  });
});

describe("the job", () => {
  it("cancels a choice still open when the session starts, refunding in full, once", async () => {
    const { ana, learner, startsAt, booking } = await cast();
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    expect(await closeUnansweredReplacements()).toBe(0);
    const token = linkToken((await emailsOf("tutor-replaced"))[0].text);
    await withClockAt(startsAt.plus({ minutes: 1 }), async () => {
      expect(await readActionToken(token)).toMatchObject({ state: "expired" });
      expect(await answerByLink(token, "accept", noMeta)).toEqual({ kind: "stale" });
      expect(await closeUnansweredReplacements()).toBe(1);
      expect(await closeUnansweredReplacements()).toBe(0);
    });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ status: "CANCELLED", cancelCause: "REPLACEMENT_UNANSWERED" });
    expect(await prisma.refund.findMany()).toEqual([expect.objectContaining({ amountMinor: booking.amountMinor, status: "PROCESSED" })]);
    const cancelled = await emailsOf("session-cancelled");
    expect(cancelled.map((email) => email.toAddress)).toEqual([learner.email]);
    expect(cancelled[0].text).toContain("£40.00");
    expect(await prisma.auditEvent.count({ where: { action: "session.replacement_unanswered", subjectId: booking.sessionId, actorId: null } })).toBe(1);
  });

  it("closes an unanswered choice at the reply deadline, 2 hours before the start by default, as the emails say", async () => {
    const { ana, free, learner, startsAt, booking } = await cast();
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    const deadline = startsAt.minus({ hours: 2 });
    const [toLearner] = await emailsOf("tutor-replaced");
    expect(toLearner.text).toContain(`by ${formatInstantLong(deadline.toJSDate(), learner.timezone)}, the session is cancelled`);
    expect(toLearner.text).not.toContain(`by ${formatInstantLong(startsAt.toJSDate(), learner.timezone)}`);
    // The offered tutor sees the same deadline and what taking the session over pays: the booked price, 0 % platform fee.
    const [toOffered] = await emailsOf("session-offered-to-tutor");
    expect(toOffered).toMatchObject({ toAddress: free.email });
    expect(toOffered.text).toContain("Your pay: £40.00");
    expect(toOffered.text).toContain(`Student answers by: ${formatInstantLong(deadline.toJSDate(), free.timezone)}`);
    const token = linkToken(toLearner.text);
    // The choice page says the same deadline.
    expect(await getReplacementView(learner, booking.sessionId, { range: { from: at(3, 0).toJSDate(), to: at(4, 0).toJSDate() } })).toMatchObject({
      state: "open",
      session: { replyBy: deadline.toJSDate().toISOString() },
    });
    expect((await prisma.actionToken.findFirstOrThrow({ where: { subjectId: booking.sessionId, userId: learner.id } })).expiresAt).toEqual(deadline.toJSDate());

    await withClockAt(deadline.minus({ minutes: 1 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(0);
      expect(await readActionToken(token)).toMatchObject({ state: "valid" });
    });
    await withClockAt(deadline.plus({ minutes: 1 }), async () => {
      expect(await readActionToken(token)).toMatchObject({ state: "expired" });
      expect(await closeUnansweredReplacements()).toBe(1);
    });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ status: "CANCELLED", cancelCause: "REPLACEMENT_UNANSWERED" });
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.replacement_unanswered", subjectId: booking.sessionId } })).toMatchObject({
      policySnapshot: { refundIfUnansweredPercent: 100, replacementReplyHours: 2 },
    });
  });

  it("follows an admin's reply deadline, and gives a tutor's cancel inside that window until the start", async () => {
    const { ana, startsAt, booking } = await cast();
    await prisma.policy.create({ data: { key: "replacementReplyHours", value: 24 } });
    // The tutor cancels 20 hours before the start, inside the 24-hour window: the student keeps until the start.
    await withClockAt(startsAt.minus({ hours: 20 }), () => cancelSession(ana, booking.sessionId, cancelForm, noMeta));
    await withClockAt(startsAt.minus({ minutes: 1 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(0);
    });
    await withClockAt(startsAt.plus({ minutes: 1 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(1);
    });

    const early = await cast();
    await cancelSession(early.ana, early.booking.sessionId, cancelForm, noMeta);
    await withClockAt(early.startsAt.minus({ hours: 24, minutes: 1 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(0);
    });
    await withClockAt(early.startsAt.minus({ hours: 23, minutes: 59 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(1);
    });
  });

  it("refunds only what an earlier partial refund left, and records that amount", async () => {
    const { ana, startsAt, booking } = await cast();
    await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
    await prisma.refund.create({
      data: { paymentId: booking.paymentId, amountMinor: 1000, currency: "GBP", reason: "GOODWILL", idempotencyKey: "goodwill-1", status: "PROCESSED" },
    });
    await withClockAt(startsAt.plus({ minutes: 1 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(1);
    });
    const refunds = await prisma.refund.findMany({ where: { reason: "REPLACEMENT_UNANSWERED" } });
    expect(refunds.map((refund) => refund.amountMinor)).toEqual([booking.amountMinor - 1000]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.replacement_unanswered", subjectId: booking.sessionId } });
    expect(audit.after).toMatchObject({ refundMinor: booking.amountMinor - 1000 });
  });
});

describe("races", () => {
  it("choosing a tutor's time and a new booking of that time at once: exactly one gets it", async () => {
    for (let round = 0; round < 4; round += 1) {
      const ana = await tutor(`Ana ${round}`, { start: "06:00", end: "12:00" });
      const target = await tutor(`Zed ${round}`, { start: "15:00", end: "20:00" });
      const learner = await student(`Learner ${round}`);
      const rival = await student(`Rival ${round}`);
      const booking = await paidBooking(learner, ana.id, weeklyTime(learner.id, at(3)));
      await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
      const wanted = at(4, 16);
      const choose = answerReplacement(learner, booking.sessionId, { answer: "choose", tutorId: target.id, startsAt: wanted.toJSDate() }, noMeta);
      const book = createBooking(rival, target.id, weeklyTime(rival.id, wanted), noMeta);
      const results = await Promise.allSettled(round % 2 ? [book, choose] : [choose, book]);
      // The loser is told clearly: the time is gone, or the tutor was mid-change.
      for (const result of results) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(DomainError);
      const live = await prisma.tutoringSession.count({ where: { tutorId: target.id, status: { in: ["PENDING_PAYMENT", "SCHEDULED"] }, startsAt: wanted.toJSDate() } });
      expect(live).toBe(1);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      await outboxSettled();
      await prisma.$executeRawUnsafe(`TRUNCATE refunds, payments, action_tokens, email_messages, audit_events, participants, tutoring_sessions CASCADE`);
    }
  });

  it("an emailed accept and a signed-in cancel at once: one applies", async () => {
    for (let round = 0; round < 4; round += 1) {
      const { ana, learner, booking } = await cast();
      await cancelSession(ana, booking.sessionId, cancelForm, noMeta);
      const token = linkToken((await emailsOf("tutor-replaced"))[0].text);
      const viaLink = answerByLink(token, "accept", noMeta);
      const signedIn = answerReplacement(learner, booking.sessionId, { answer: "cancel" }, noMeta);
      const [link, cancel] = await Promise.allSettled([viaLink, signedIn]);
      expect(link.status).toBe("fulfilled");
      const linkResult = (link as PromiseFulfilledResult<Awaited<typeof viaLink>>).value;
      const row = await sessionRow(booking.sessionId);
      if (linkResult.kind === "done") {
        expect(cancel).toMatchObject({ status: "rejected", reason: { code: "NO_CHOICE_PENDING" } });
        expect(row).toMatchObject({ status: "SCHEDULED", reassignmentStatus: "ACCEPTED" });
      } else {
        expect(cancel.status).toBe("fulfilled");
        expect(row.status).toBe("CANCELLED");
      }
      await outboxSettled();
      await prisma.$executeRawUnsafe(
        `TRUNCATE refunds, payments, action_tokens, email_messages, audit_events, participants, tutoring_sessions, tutor_profiles, weekly_availability, users CASCADE`,
      );
    }
  });
});
