import { describe, expect, it } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { ReassignFormSchema, type ReassignForm } from "../../app/domain/changes/reassign";
import { DomainError } from "../../app/domain/shared/errors";
import type { Booker } from "../../app/services/booking.server";
import { cancelSession } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { outboxSettled } from "../../app/services/outbox.server";
import { getReassignPage, previewReassign, reassignSession } from "../../app/services/reassignments.server";
import { proposeReschedule } from "../../app/services/reschedules.server";
import { getSessionView } from "../../app/services/sessions.server";
import { setTutorVerified } from "../../app/services/tutors.server";
import { createUser, noMeta } from "../factories";
import { at, paidBooking as paidBookingAt, refusalOf, tutorWithHours, useFakeStripe, weeklyTime } from "./session-fixtures";

const fakeStripe = useFakeStripe();
const paidBooking = (booker: Booker, tutorId: string, details: BookingDetails) => paidBookingAt(fakeStripe(), booker, tutorId, details);

/**
 * Ana teaches the booked session; Bea is free; Aaron is booked elsewhere at that hour; Una is not
 * verified; Phil teaches Physics; Ina is inactive; Nora's hours end before the session. Cora coordinates.
 */
async function cast() {
  const admin = await createUser({ roles: ["ADMIN"], name: "Adam Admin" });
  const ana = await tutorWithHours("Ana Original");
  const bea = await tutorWithHours("Bea Free");
  const aaron = await tutorWithHours("Aaron Busy");
  const una = await tutorWithHours("Una Unverified");
  await setTutorVerified(admin, una.id, false, noMeta);
  const phil = await tutorWithHours("Phil Physics", { subjects: ["Physics"] });
  const ina = await tutorWithHours("Ina Inactive", { active: false });
  const nora = await tutorWithHours("Nora Mornings", { end: "09:00" });
  const coordinator = await createUser({ roles: ["COORDINATOR"], name: "Cora Coordinator" });
  const learner = await createUser({ roles: ["STUDENT"], name: "Sam Student", timezone: "America/New_York" });
  const other = await createUser({ roles: ["STUDENT"], name: "Other Student" });
  const startsAt = at(3);
  await paidBooking(other, aaron.id, weeklyTime(other.id, startsAt));
  const booking = await paidBooking(learner, ana.id, weeklyTime(learner.id, startsAt));
  await outboxSettled();
  await prisma.emailMessage.deleteMany();
  return { admin, ana, bea, aaron, una, phil, ina, nora, coordinator, learner, other, startsAt, booking };
}

const form = (fields: Record<string, string>): ReassignForm =>
  ReassignFormSchema.parse({ reason: "Ana is away at a conference that week.", notify: "yes", payout: "full", ...fields });

/** The preview, then the final POST carrying what it showed. */
async function moveAsPreviewed(actor: Parameters<typeof reassignSession>[0], sessionId: string, fields: Record<string, string>) {
  const preview = await previewReassign(actor, sessionId, form(fields));
  return reassignSession(
    actor,
    sessionId,
    form({
      ...fields,
      step: "confirm",
      shownFromTutorId: preview.fromTutorId,
      shownTakeoverMinor: String(preview.takeoverMinor),
      shownPayoutMinor: String(preview.payout.amountMinor),
    }),
    noMeta,
  );
}

function icsFields(attachments: unknown): { method: string; uid: string; sequence: number }[] {
  return ((attachments ?? []) as { contentBase64: string }[]).map((attachment) => {
    const ics = Buffer.from(attachment.contentBase64, "base64").toString();
    const field = (name: string) => (ics.match(new RegExp(`^${name}:(.*)$`, "m"))?.[1] ?? "").replace(/\r$/, "");
    return { method: field("METHOD"), uid: field("UID"), sequence: Number(field("SEQUENCE")) };
  });
}

describe("staff move a booked session to another tutor", () => {
  it("lists only active, verified tutors of the subject free for the whole time", async () => {
    const { coordinator, booking } = await cast();
    const page = await getReassignPage(coordinator, booking.sessionId);
    expect(page.blocked).toBeNull();
    expect(page.candidates.map((candidate) => candidate.name)).toEqual(["Bea Free"]);
    expect(page).toMatchObject({ takeoverPay: "£40.00", fullPay: "£40.00", alreadyDecided: 0, session: { tutorName: "Ana Original", learners: ["Sam Student"] } });
  });

  it("refuses a tutor not listed, posted anyway: not verified, another subject, inactive, busy, out of hours, the current tutor", async () => {
    const { coordinator, booking, una, phil, ina, aaron, nora, ana } = await cast();
    for (const tutor of [una, phil, ina, ana]) {
      const refusal = await refusalOf(moveAsPreviewed(coordinator, booking.sessionId, { tutorId: tutor.id }));
      expect(refusal).toMatchObject({ code: "NOT_A_CANDIDATE", field: "tutorId" });
      // The final POST alone, without a preview, refuses them too.
      const direct = await refusalOf(reassignSession(coordinator, booking.sessionId, form({ tutorId: tutor.id, step: "confirm", shownFromTutorId: ana.id }), noMeta));
      expect(direct).toMatchObject({ code: "NOT_A_CANDIDATE", field: "tutorId" });
    }
    for (const tutor of [aaron, nora]) {
      expect(await refusalOf(previewReassign(coordinator, booking.sessionId, form({ tutorId: tutor.id })))).toMatchObject({ code: "NOT_FREE", field: "tutorId" });
      const preview = { shownFromTutorId: ana.id, shownTakeoverMinor: "4000", shownPayoutMinor: "4000" };
      const refusal = await refusalOf(reassignSession(coordinator, booking.sessionId, form({ tutorId: tutor.id, step: "confirm", ...preview }), noMeta));
      expect(refusal).toMatchObject({ code: "NOT_FREE", field: "tutorId" });
    }
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ tutorId: ana.id, reassignedFromId: null });
    expect(await prisma.tutorEarning.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
  });

  it("moves it with a partial payout: the row, the ledger, the audit, no refund, and every calendar at one new SEQUENCE", async () => {
    const { coordinator, booking, ana, bea, learner } = await cast();
    const before = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
    const result = await moveAsPreviewed(coordinator, booking.sessionId, { tutorId: bea.id, payout: "partial", payoutAmount: "15.50" });
    expect(result).toEqual({ tutorName: "Bea Free" });

    const moved = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
    expect(moved).toMatchObject({ tutorId: bea.id, status: "SCHEDULED", reassignedFromId: ana.id, cancelledTutorIds: [ana.id], slotId: null, reassignmentStatus: null });
    expect(moved.reassignedAt).not.toBeNull();
    expect(moved.startsAt).toEqual(before.startsAt);
    expect(moved.calendarSequence).toBe(before.calendarSequence + 1);
    expect(await prisma.participant.findUniqueOrThrow({ where: { id: booking.participantId } })).toMatchObject({ status: "CONFIRMED" });
    expect(await prisma.refund.count()).toBe(0);

    const earnings = await prisma.tutorEarning.findMany();
    expect(earnings).toEqual([
      expect.objectContaining({
        tutorId: ana.id,
        sessionId: booking.sessionId,
        participantId: booking.participantId,
        kind: "payout_treatment",
        amountMinor: 1550,
        grossMinor: 4000,
        feePercent: 0,
        currency: "GBP",
      }),
    ]);

    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.reassigned", subjectId: booking.sessionId } });
    expect(audit).toMatchObject({
      actorId: coordinator.id,
      reason: "Ana is away at a conference that week.",
      before: expect.objectContaining({ tutorId: ana.id }),
      after: expect.objectContaining({
        tutorId: bea.id,
        takeoverPayMinor: 4000,
        refundMinor: 0,
        payoutTreatment: expect.objectContaining({ choice: "partial", amountMinor: 1550, tutorId: ana.id }),
      }),
    });

    const emails = await prisma.emailMessage.findMany({ orderBy: { createdAt: "asc" } });
    const sent = emails.map((email) => ({ to: email.toAddress, template: email.template, files: icsFields(email.attachments) }));
    const sequence = moved.calendarSequence;
    expect(sent).toEqual(
      expect.arrayContaining([
        { to: bea.email, template: "session-moved-to-tutor", files: [{ method: "REQUEST", uid: `session-${booking.sessionId}@tutordesk`, sequence }] },
        { to: learner.email, template: "session-moved-learner", files: [{ method: "REQUEST", uid: `${booking.participantId}@tutordesk`, sequence }] },
        { to: ana.email, template: "session-moved-away", files: [{ method: "CANCEL", uid: `session-${booking.sessionId}@tutordesk`, sequence }] },
      ]),
    );
    expect(sent).toHaveLength(3);
    expect(emails.every((email) => email.sessionId === booking.sessionId)).toBe(true);
    expect(emails.find((email) => email.template === "session-moved-away")!.text).toContain("You are paid £15.50 for it.");
    expect(emails.find((email) => email.template === "session-moved-to-tutor")!.text).toContain("£40.00");

    // The learner's page names the new tutor; the old tutor can no longer open it.
    expect(await getSessionView(learner, booking.sessionId)).toMatchObject({ tutorName: "Bea Free" });
    expect(await getSessionView(ana, booking.sessionId)).toBeNull();
    // Moving it again pays Ana nothing more, and Ana is never offered it back.
    const again = await getReassignPage(coordinator, booking.sessionId);
    expect(again.candidates.map((candidate) => candidate.id)).not.toContain(ana.id);
  });

  it("without notify, only the new tutor is emailed; no pay writes no ledger entry", async () => {
    const { coordinator, booking, bea } = await cast();
    await moveAsPreviewed(coordinator, booking.sessionId, { tutorId: bea.id, payout: "none", notify: "" });
    expect((await prisma.emailMessage.findMany()).map((email) => email.toAddress)).toEqual([bea.email]);
    expect(await prisma.tutorEarning.count()).toBe(0);
  });

  it("refuses when the preview no longer holds, and when the new tutor was booked at that time meanwhile", async () => {
    const { coordinator, booking, ana, bea, other } = await cast();
    const shown = { shownFromTutorId: ana.id, shownTakeoverMinor: "4000" };
    const changed = await refusalOf(reassignSession(coordinator, booking.sessionId, form({ tutorId: bea.id, step: "confirm", ...shown, shownPayoutMinor: "3000" }), noMeta));
    expect(changed.code).toBe("PREVIEW_CHANGED");

    // Bea's time is taken after the preview: the move is refused on the tutor field and changes nothing.
    const someoneElse = await createUser({ roles: ["STUDENT"], name: "Third Student" });
    await paidBooking(someoneElse, bea.id, weeklyTime(someoneElse.id, at(3)));
    const busy = await refusalOf(reassignSession(coordinator, booking.sessionId, form({ tutorId: bea.id, step: "confirm", ...shown, shownPayoutMinor: "4000" }), noMeta));
    expect(busy).toMatchObject({ code: "NOT_FREE", field: "tutorId" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ tutorId: ana.id });
    expect(other.id).toBeTruthy();
  });

  it("is for coordinators and admins only, never the session's own tutor, and only for a booked session", async () => {
    const { booking, ana, bea, learner, admin, coordinator } = await cast();
    for (const person of [ana, bea, learner]) expect((await refusalOf(getReassignPage(person, booking.sessionId))).code).toBe("FORBIDDEN");
    expect((await refusalOf(getReassignPage(coordinator, "missing"))).code).toBe("NOT_FOUND");
    expect((await getReassignPage(admin, booking.sessionId)).candidates).toHaveLength(1);
    await cancelSession(learner, booking.sessionId, { category: "SCHEDULE_CONFLICT", reason: "I have an exam that morning." }, noMeta);
    const page = await getReassignPage(coordinator, booking.sessionId);
    expect(page.blocked).toContain("no longer can");
    expect(page.candidates).toEqual([]);
    expect((await refusalOf(moveAsPreviewed(coordinator, booking.sessionId, { tutorId: bea.id }))).code).toBe("NOT_REASSIGNABLE");
  });
});

describe("what the move settles", () => {
  it("closes a pending reschedule request, and settles a student's open replacement choice (the offered tutor is the one taken from)", async () => {
    const { coordinator, booking, ana, bea, learner } = await cast();
    await proposeReschedule(learner, booking.sessionId, { startsAt: at(4).toJSDate(), reason: "Another day suits me better." }, noMeta);
    await moveAsPreviewed(coordinator, booking.sessionId, { tutorId: bea.id, payout: "none" });
    expect(await prisma.rescheduleRequest.findMany({ where: { sessionId: booking.sessionId }, select: { status: true } })).toEqual([{ status: "WITHDRAWN" }]);
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ tutorId: bea.id, reassignedFromId: ana.id });
  });

  it("a tutor's cancel offered it to Bea; staff move it on to Cleo: the choice is settled and its links retired", async () => {
    const { coordinator, booking, ana, bea } = await cast();
    await cancelSession(ana, booking.sessionId, { category: "TUTOR_UNAVAILABLE", reason: "I am ill and cannot teach that day." }, noMeta);
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ tutorId: bea.id, reassignmentStatus: "PENDING_ACCEPTANCE" });
    const cleo = await tutorWithHours("Cleo Cover");
    const page = await getReassignPage(coordinator, booking.sessionId);
    expect(page.candidates.map((candidate) => candidate.name)).toEqual(["Cleo Cover"]);
    await moveAsPreviewed(coordinator, booking.sessionId, { tutorId: cleo.id, payout: "full" });
    const moved = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
    expect(moved).toMatchObject({ tutorId: cleo.id, reassignmentStatus: "ACCEPTED", reassignedFromId: bea.id, status: "SCHEDULED" });
    expect([...moved.cancelledTutorIds].sort()).toEqual([ana.id, bea.id].sort());
    expect(await prisma.actionToken.count({ where: { subjectId: booking.sessionId, usedAt: null } })).toBe(0);
    // Full pay goes to Bea, whom it was taken from; Ana, who cancelled, is paid nothing.
    expect(await prisma.tutorEarning.findMany({ select: { tutorId: true, amountMinor: true } })).toEqual([{ tutorId: bea.id, amountMinor: 4000 }]);
  });
});

describe("a reassign racing the student's cancel", () => {
  it("one wins, the other is told clearly, and the database is one story or the other", async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 6; round += 1) {
      await prisma.emailMessage.deleteMany();
      const { coordinator, booking, ana, bea, learner } = await cast();
      const shown = { shownFromTutorId: ana.id, shownTakeoverMinor: "4000", shownPayoutMinor: "0" };
      const reassign = () => reassignSession(coordinator, booking.sessionId, form({ tutorId: bea.id, payout: "none", step: "confirm", ...shown }), noMeta);
      const cancel = () => cancelSession(learner, booking.sessionId, { category: "SCHEDULE_CONFLICT", reason: "I have an exam that morning.", seenTutorId: ana.id }, noMeta);
      // Each side goes first in turn: the first to take Ana's row wins.
      const [moved, cancelled] = round % 2 === 0 ? await Promise.allSettled([reassign(), cancel()]) : (await Promise.allSettled([cancel(), reassign()])).reverse();
      const winners = [moved, cancelled].filter((result) => result.status === "fulfilled");
      expect(winners).toHaveLength(1);
      const loser = [moved, cancelled].find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(DomainError);
      const session = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
      const refunds = await prisma.refund.findMany({ where: { paymentId: booking.paymentId } });
      if (moved.status === "fulfilled") {
        outcomes.add("moved");
        expect(loser.reason.message).toContain("moved to another tutor");
        expect(session).toMatchObject({ status: "SCHEDULED", tutorId: bea.id, reassignedFromId: ana.id });
        expect(refunds).toEqual([]);
        expect(await prisma.participant.findUniqueOrThrow({ where: { id: booking.participantId } })).toMatchObject({ status: "CONFIRMED" });
      } else {
        outcomes.add("cancelled");
        expect(loser.reason.message).toMatch(/no longer/);
        expect(session).toMatchObject({ status: "CANCELLED", tutorId: ana.id, reassignedFromId: null });
        expect(refunds.map((refund) => refund.amountMinor)).toEqual([4000]);
        expect(await prisma.auditEvent.count({ where: { action: "session.reassigned", subjectId: booking.sessionId } })).toBe(0);
      }
      expect(await prisma.tutorEarning.count({ where: { sessionId: booking.sessionId } })).toBe(0);
    }
    // Each side won some round.
    expect([...outcomes].sort()).toEqual(["cancelled", "moved"]);
  });
});
