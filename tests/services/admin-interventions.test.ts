import { describe, expect, it } from "vitest";
import {
  clearNoShow,
  forceComplete,
  getClearNoShowPlan,
  getForceCompletePlan,
  getManualRefundView,
  manualRefund,
  newRefundKey,
} from "../../app/services/admin-interventions.server";
import { checkOut } from "../../app/services/attendance.server";
import { getPayroll } from "../../app/services/earnings.server";
import { markField } from "../../app/domain/sessions/attendance-marks";
import { prisma } from "../../app/services/db.server";
import { reportProblem } from "../../app/services/disputes.server";
import { confirmHours } from "../../app/services/hours-confirmations.server";
import { markDueNoShows } from "../../app/services/no-shows.server";
import { createSessionWithSeats, createStudent, createTutor, createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { AFTER_END, checkedOutSession, refusalOf, utc } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; checkedOutSession's session runs 10:00–11:00 UTC, checked in at 09:45.
useFixedClock();
const LATER = utc("2031-03-03T12:00:00Z");
const at = <T>(run: () => Promise<T>) => withClockFrozenAt(LATER, run);
const reason = "The tutor's check-out failed after the meeting ended.";

async function admin(name = "Admin Ada") {
  return { ...(await createUser({ roles: ["ADMIN"], name, timezone: "UTC" })), timezone: "UTC" };
}
const sessionRow = (id: string) =>
  prisma.tutoringSession.findUniqueOrThrow({ where: { id }, select: { status: true, noShowParty: true, actualStartedAt: true, actualEndedAt: true } });
const earnings = (sessionId: string) =>
  prisma.tutorEarning.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" }, select: { kind: true, amountMinor: true, participantId: true } });
const inNewYork = <T extends { id: string }>(person: T) => ({ ...person, timezone: "America/New_York" });

/** Force completes as the page does: the plan, then the POST carrying its figures. */
async function planAndForce(actor: Awaited<ReturnType<typeof admin>>, sessionId: string, actualMinutes = 50) {
  const plan = await getForceCompletePlan(actor, sessionId);
  return forceComplete(actor, sessionId, { actualMinutes, reason, ...plan.shown }, noMeta);
}

describe("force complete", () => {
  it("completes a session stuck in progress: seats confirmed by staff, the minutes recorded, earnings once, audited, emailed", async () => {
    const boss = await admin();
    const { tutor, parents, sessionId, seatIds } = await checkedOutSession(["Ada"], null);
    const plan = await at(() => getForceCompletePlan(boss, sessionId));
    expect(plan).toMatchObject({
      refusal: null,
      minutes: { min: 1, max: 120, suggested: 60 },
      seats: [{ id: seatIds[0], answer: "to_confirm", earnsText: "£40.00" }],
      shown: { shownStatus: "IN_PROGRESS", shownSeats: 1, shownEarningsMinor: 4000 },
    });
    await at(() => planAndForce(boss, sessionId, 50));
    const row = await sessionRow(sessionId);
    expect(row.status).toBe("COMPLETED");
    expect(row.actualStartedAt?.toISOString()).toBe("2031-03-03T09:45:00.000Z");
    expect(row.actualEndedAt?.toISOString()).toBe("2031-03-03T10:35:00.000Z");
    expect(await prisma.participant.findUniqueOrThrow({ where: { id: seatIds[0] }, select: { hoursConfirmedVia: true, hoursConfirmedById: true } })).toEqual({
      hoursConfirmedVia: "staff",
      hoursConfirmedById: boss.id,
    });
    expect(await earnings(sessionId)).toEqual([{ kind: "session_completed", amountMinor: 4000, participantId: seatIds[0] }]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.force_completed" } });
    expect(audit).toMatchObject({ actorId: boss.id, reason });
    expect(audit.before).toMatchObject({ status: "IN_PROGRESS", bookedMinutes: 60, actualMinutes: null });
    expect(audit.after).toMatchObject({ status: "COMPLETED", event: "force_complete", actualMinutes: 50, seatsConfirmedByStaff: [seatIds[0]], earningsMinor: 4000 });
    const mails = await prisma.emailMessage.findMany({ where: { template: "session-force-completed" }, select: { toAddress: true, text: true } });
    expect(mails.map((mail) => mail.toAddress).sort()).toEqual([parents[0].email, tutor.email].sort());
    expect(mails[0].text).toContain(`Reason: ${reason}`);

    // Once only: a second POST is refused, and nothing more is earned.
    expect((await refusalOf(at(() => planAndForce(boss, sessionId)))).code).toBe("NOT_COMPLETABLE");
    expect(await earnings(sessionId)).toHaveLength(1);
  });

  it("refuses what it must, writing nothing: an open dispute, stale figures, minutes out of bounds, not ended, a coordinator, the session's own tutor", async () => {
    const boss = await admin();
    const disputed = await checkedOutSession(["Ben"]);
    const plan = await at(() => getForceCompletePlan(boss, disputed.sessionId));
    await at(() =>
      reportProblem(inNewYork(disputed.parents[0]), disputed.seatIds[0], { category: "other", description: "Something else went wrong here.", claimedMinutes: 30 }, noMeta),
    );
    expect((await refusalOf(at(() => forceComplete(boss, disputed.sessionId, { actualMinutes: 60, reason, ...plan.shown }, noMeta)))).code).toBe("OPEN_DISPUTE");

    const waiting = await checkedOutSession(["Cy"]);
    const shown = (await at(() => getForceCompletePlan(boss, waiting.sessionId))).shown;
    expect(shown.shownStatus).toBe("AWAITING_CONFIRMATION");
    expect((await refusalOf(at(() => forceComplete(boss, waiting.sessionId, { actualMinutes: 60, reason, ...shown, shownEarningsMinor: 1 }, noMeta)))).code).toBe(
      "PREVIEW_CHANGED",
    );
    expect((await refusalOf(at(() => forceComplete(boss, waiting.sessionId, { actualMinutes: 121, reason, ...shown }, noMeta)))).code).toBe("INVALID_MINUTES");
    expect((await refusalOf(at(() => forceComplete(boss, waiting.sessionId, { actualMinutes: 0, reason, ...shown }, noMeta)))).code).toBe("INVALID_MINUTES");
    const coordinator = { ...(await createUser({ roles: ["COORDINATOR"], name: "Coordinator Cy" })), timezone: "UTC" };
    expect((await refusalOf(at(() => forceComplete(coordinator, waiting.sessionId, { actualMinutes: 60, reason, ...shown }, noMeta)))).code).toBe("FORBIDDEN");
    expect((await refusalOf(at(() => getForceCompletePlan(coordinator, waiting.sessionId)))).code).toBe("FORBIDDEN");
    await prisma.user.update({ where: { id: waiting.tutor.id }, data: { roles: ["TUTOR", "ADMIN"] } });
    const tutorAdmin = { ...waiting.tutor, roles: ["TUTOR" as const, "ADMIN" as const] };
    expect((await refusalOf(at(() => forceComplete(tutorAdmin, waiting.sessionId, { actualMinutes: 60, reason, ...shown }, noMeta)))).code).toBe("FORBIDDEN");
    expect((await sessionRow(waiting.sessionId)).status).toBe("AWAITING_CONFIRMATION");

    // A scheduled session only once its booked end has passed (10:00–11:00 here).
    const tutor = await createTutor({ name: "Tutor Tim" });
    const learner = await createStudent("Dee");
    const { sessionId } = await createSessionWithSeats(tutor.id, 2, [{ studentId: learner.id, status: "CONFIRMED", payment: "PAID" }]);
    const early = await withClockFrozenAt(utc("2031-03-03T10:30:00Z"), () => getForceCompletePlan(boss, sessionId));
    expect(early.refusal).toMatch(/not reached its booked end/);
    expect((await refusalOf(withClockFrozenAt(utc("2031-03-03T10:30:00Z"), () => planAndForce(boss, sessionId)))).code).toBe("NOT_ENDED");
    await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => planAndForce(boss, sessionId, 60));
    expect((await sessionRow(sessionId)).status).toBe("COMPLETED");
    expect(await prisma.auditEvent.count({ where: { action: "session.force_completed" } })).toBe(1);
  });

  it("racing the booker's confirm or report: one wins, the other is refused, earnings written once", async () => {
    const boss = await admin();
    for (let round = 0; round < 3; round += 1) {
      const { sessionId, parents, seatIds } = await checkedOutSession([`Racer ${round}`]);
      const plan = await at(() => getForceCompletePlan(boss, sessionId));
      const parent = inNewYork(parents[0]);
      const answer =
        round === 1
          ? reportProblem(parent, seatIds[0], { category: "other", description: "Something else went wrong here.", claimedMinutes: 30 }, noMeta)
          : confirmHours(parent, seatIds[0], {}, noMeta);
      const results = await at(() => Promise.allSettled([forceComplete(boss, sessionId, { actualMinutes: 60, reason, ...plan.shown }, noMeta), answer]));
      const rejected = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason.message).toBeTruthy();
      const status = (await sessionRow(sessionId)).status;
      expect(status).toBe(round === 1 && results[1].status === "fulfilled" ? "DISPUTED" : "COMPLETED");
      expect((await earnings(sessionId)).length).toBe(status === "COMPLETED" ? 1 : 0);
    }
  });
});

describe("clear a no-show", () => {
  it("a learners' no-show: the tutor earned the policy's share; clearing takes it back, marks cleared, the booker asked to confirm, emailed, audited", async () => {
    const boss = await admin();
    await prisma.policy.create({ data: { key: "studentNoShowTutorPayPercent", value: 50 } });
    const { tutor, parents, sessionId, seatIds } = await checkedOutSession(["Ada"], null);
    await withClockFrozenAt(AFTER_END, () => checkOut(tutor, sessionId, { marks: { [markField(seatIds[0])]: "no_show" } }, noMeta));
    expect(await sessionRow(sessionId)).toMatchObject({ status: "NO_SHOW", noShowParty: "student" });
    expect(await earnings(sessionId)).toEqual([{ kind: "no_show", amountMinor: 2000, participantId: seatIds[0] }]);
    const payroll = async () => (await getPayroll(boss, { from: "2031-03-03", to: "2031-03-03" }, "UTC")).find((row) => row.tutorId === tutor.id);
    expect(await payroll()).toMatchObject({ entries: 1, grossMinor: 4000, amountMinor: 2000, noShowsMinor: 2000, noShows: "£20.00" });

    const plan = await at(() => getClearNoShowPlan(boss, sessionId));
    expect(plan).toMatchObject({
      refusal: null,
      party: "student",
      correctionText: "£20.00",
      seats: [{ clearsMark: true }],
      shown: { shownParty: "student", shownSeats: 1, shownCorrectionMinor: 2000 },
    });
    expect((await refusalOf(at(() => clearNoShow(boss, sessionId, { reason, ...plan.shown, shownCorrectionMinor: 0 }, noMeta)))).code).toBe("PREVIEW_CHANGED");
    await at(() => clearNoShow(boss, sessionId, { reason, ...plan.shown }, noMeta));
    expect(await sessionRow(sessionId)).toMatchObject({ status: "AWAITING_CONFIRMATION", noShowParty: null });
    expect((await prisma.participant.findUniqueOrThrow({ where: { id: seatIds[0] } })).attendanceStatus).toBe("present");
    expect(await earnings(sessionId)).toEqual([
      { kind: "no_show", amountMinor: 2000, participantId: seatIds[0] },
      { kind: "no_show_cleared", amountMinor: -2000, participantId: seatIds[0] },
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.no_show_cleared" } });
    expect(audit).toMatchObject({ actorId: boss.id, reason });
    expect(audit.before).toMatchObject({ status: "NO_SHOW", noShowParty: "student", seats: [{ id: seatIds[0], status: "no_show" }] });
    expect(audit.after).toMatchObject({ status: "AWAITING_CONFIRMATION", event: "clear_no_show", noShowParty: null, earningsTakenBackMinor: 2000 });
    expect(await prisma.emailMessage.count({ where: { template: "hours-confirmation-request", toAddress: parents[0].email } })).toBe(1);
    expect((await prisma.emailMessage.findMany({ where: { template: "no-show-cleared" } })).map((mail) => mail.toAddress).sort()).toEqual([parents[0].email, tutor.email].sort());

    // The booker confirms: the seat is paid as any completed one; the balance is the full pay, once.
    await at(() => confirmHours(inNewYork(parents[0]), seatIds[0], {}, noMeta));
    const all = await earnings(sessionId);
    expect(all.map((entry) => entry.kind)).toEqual(["no_show", "no_show_cleared", "session_completed"]);
    expect(all.reduce((sum, entry) => sum + entry.amountMinor, 0)).toBe(4000);
    // Payroll counts the seat once, at its price, with nothing left for the no-show.
    expect(await payroll()).toMatchObject({ entries: 1, grossMinor: 4000, amountMinor: 4000, noShowsMinor: 0 });
    // Nothing left to clear.
    expect((await refusalOf(at(() => clearNoShow(boss, sessionId, { reason, ...plan.shown }, noMeta)))).code).toBe("NOT_A_NO_SHOW");
  });

  it("a tutor's no-show: nothing was earned, the refund stays, the session waits for the booker", async () => {
    const boss = await admin();
    const tutor = await createTutor({ name: "Tutor Tim" });
    const learner = await createStudent("Eve");
    const { sessionId } = await createSessionWithSeats(tutor.id, 2, [{ studentId: learner.id, status: "CONFIRMED", payment: "PAID" }]);
    expect(await withClockFrozenAt(utc("2031-03-03T10:15:00Z"), () => markDueNoShows({ tutorId: tutor.id }))).toBe(1);
    expect(await earnings(sessionId)).toEqual([]);
    const plan = await at(() => getClearNoShowPlan(boss, sessionId));
    expect(plan).toMatchObject({ party: "tutor", refundedText: "£40.00", correctionText: null, seats: [{ clearsMark: false }] });
    await at(() => clearNoShow(boss, sessionId, { reason, ...plan.shown }, noMeta));
    expect(await sessionRow(sessionId)).toMatchObject({ status: "AWAITING_CONFIRMATION", noShowParty: null });
    expect(await earnings(sessionId)).toEqual([]);
    expect(await prisma.refund.count({ where: { payment: { participant: { sessionId } } } })).toBe(1);
    expect((await prisma.emailMessage.findFirstOrThrow({ where: { template: "no-show-cleared", toAddress: learner.email } })).text).toContain("(£40.00) stays refunded");
  });

  it("the database refuses a clearing entry that takes back no no-show", async () => {
    const { tutor, sessionId, seatIds } = await checkedOutSession(["Ada"]);
    await expect(
      prisma.tutorEarning.create({
        data: {
          tutorId: tutor.id,
          sessionId,
          participantId: seatIds[0],
          kind: "no_show_cleared",
          amountMinor: -100,
          grossMinor: 4000,
          feePercent: 0,
          currency: "GBP",
          earnedAt: new Date(),
        },
      }),
    ).rejects.toThrow();
    await expect(
      prisma.tutorEarning.create({
        data: {
          tutorId: tutor.id,
          sessionId,
          participantId: seatIds[0],
          kind: "no_show",
          amountMinor: -100,
          grossMinor: 4000,
          feePercent: 0,
          currency: "GBP",
          earnedAt: new Date(),
        },
      }),
    ).rejects.toThrow();
  });
});

describe("manual refund", () => {
  async function partlyRefunded() {
    const { sessionId, seatIds, parents } = await checkedOutSession(["Ada"]);
    const payment = await prisma.payment.findFirstOrThrow({ where: { participantId: seatIds[0] } });
    await prisma.refund.create({
      data: { paymentId: payment.id, amountMinor: 1500, currency: "GBP", reason: "LATE_CANCEL", idempotencyKey: `earlier-${payment.id}`, status: "PROCESSED" },
    });
    return { sessionId, seatId: seatIds[0], payer: parents[0], paymentId: payment.id };
  }
  const refundsOf = (paymentId: string) => prisma.refund.findMany({ where: { paymentId }, select: { amountMinor: true, reason: true, idempotencyKey: true } });

  it("after a partial refund, never more than is left; a double POST of one page refunds once; the payer emailed; audited", async () => {
    const boss = await admin();
    const { sessionId, seatId, payer, paymentId } = await partlyRefunded();
    const view = await at(() => getManualRefundView(boss, sessionId));
    expect(view.seats).toEqual([expect.objectContaining({ id: seatId, paidText: "£40.00", refundedText: "£15.00", leftMinor: 2500, leftText: "£25.00" })]);
    const key = newRefundKey();
    const form = { seatId, amount: 2501, reason, key, shownLeftMinor: 2500 };
    const tooMuch = await refusalOf(at(() => manualRefund(boss, sessionId, form, noMeta)));
    expect(tooMuch).toMatchObject({ code: "INVALID_REFUND_AMOUNT", field: "amount" });
    const first = await at(() => manualRefund(boss, sessionId, { ...form, amount: 1000 }, noMeta));
    const again = await at(() => manualRefund(boss, sessionId, { ...form, amount: 1000 }, noMeta));
    expect(first).toMatchObject({ amountMinor: 1000, repeated: false });
    expect(again).toMatchObject({ refundId: first.refundId, repeated: true });
    expect((await refundsOf(paymentId)).filter((refund) => refund.reason === "ADMIN_MANUAL")).toEqual([
      { amountMinor: 1000, reason: "ADMIN_MANUAL", idempotencyKey: `refund-manual-${key}` },
    ]);
    // The page shown before that refund is out of date now.
    expect((await refusalOf(at(() => manualRefund(boss, sessionId, { ...form, amount: 1500, key: newRefundKey() }, noMeta)))).code).toBe("PREVIEW_CHANGED");
    await at(() => manualRefund(boss, sessionId, { ...form, amount: 1500, key: newRefundKey(), shownLeftMinor: 1500 }, noMeta));
    expect((await at(() => getManualRefundView(boss, sessionId))).seats[0].leftMinor).toBe(0);
    expect((await refusalOf(at(() => manualRefund(boss, sessionId, { ...form, amount: 1, key: newRefundKey(), shownLeftMinor: 0 }, noMeta)))).code).toBe("NOTHING_LEFT");
    const total = (await refundsOf(paymentId)).reduce((sum, refund) => sum + refund.amountMinor, 0);
    expect(total).toBe(4000);
    const mails = await prisma.emailMessage.findMany({ where: { template: "admin-refund-issued" }, select: { toAddress: true, subject: true } });
    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatchObject({ toAddress: payer.email, subject: "Refund issued for your session: Algebra on Mon 3 Mar" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.manual_refund" }, orderBy: { id: "asc" } });
    expect(audit).toMatchObject({ actorId: boss.id, reason });
    expect(audit.before).toMatchObject({ refundedMinor: 1500, leftMinor: 2500 });
    expect(audit.after).toMatchObject({ amountMinor: 1000, refundedMinor: 2500, leftMinor: 1500 });
  });

  it("two admins racing, each from a page showing what was left: one refunds, the other is refused; the payment is never exceeded", async () => {
    const [one, two] = [await admin("Admin One"), await admin("Admin Two")];
    for (let round = 0; round < 3; round += 1) {
      const { sessionId, seatId, paymentId } = await partlyRefunded();
      const results = await at(() =>
        Promise.allSettled([
          manualRefund(one, sessionId, { seatId, amount: 2000, reason, key: newRefundKey(), shownLeftMinor: 2500 }, noMeta),
          manualRefund(two, sessionId, { seatId, amount: 2000, reason, key: newRefundKey(), shownLeftMinor: 2500 }, noMeta),
        ]),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect((results.find((result) => result.status === "rejected") as PromiseRejectedResult).reason.code).toBe("PREVIEW_CHANGED");
      const total = (await refundsOf(paymentId)).reduce((sum, refund) => sum + refund.amountMinor, 0);
      expect(total).toBe(3500);
    }
  });

  it("is for admins only, and only for a place of this session", async () => {
    const boss = await admin();
    const { sessionId, seatId } = await partlyRefunded();
    const other = await checkedOutSession(["Zed"]);
    const coordinator = { ...(await createUser({ roles: ["COORDINATOR"] })), timezone: "UTC" };
    expect((await refusalOf(at(() => getManualRefundView(coordinator, sessionId)))).code).toBe("FORBIDDEN");
    expect((await refusalOf(at(() => manualRefund(coordinator, sessionId, { seatId, amount: 100, reason, key: newRefundKey(), shownLeftMinor: 2500 }, noMeta)))).code).toBe(
      "FORBIDDEN",
    );
    expect((await refusalOf(at(() => manualRefund(boss, other.sessionId, { seatId, amount: 100, reason, key: newRefundKey(), shownLeftMinor: 2500 }, noMeta)))).code).toBe(
      "NO_PAYMENT",
    );
  });
});
