import { describe, expect, it } from "vitest";
import type { ResolutionForm } from "../../app/domain/disputes/resolution";
import { checkIn, checkOut } from "../../app/services/attendance.server";
import { prisma } from "../../app/services/db.server";
import {
  addTutorSide,
  assignDispute,
  getDisputeCase,
  listDisputes,
  previewResolution,
  reportProblem,
  reportProblemByLink,
  resolveDispute,
} from "../../app/services/disputes.server";
import { confirmHours, confirmHoursByLink, followUpHoursConfirmations, getHoursView } from "../../app/services/hours-confirmations.server";
import { operationsOverview } from "../../app/services/operations.server";
import { processDueRefunds } from "../../app/services/payments.server";
import { adjustCreditByAdmin, creditBalanceMinor } from "../../app/services/credits.server";
import { operationsQuery } from "../../app/domain/sessions/operations-filters";
import { listOperations } from "../../app/services/operations-list.server";
import { createUser, noMeta, useFixedClock, withClockAt, withClockFrozenAt } from "../factories";
import { AFTER_END, checkedOutSession, paidBooking, refusalOf, tutorWithHours, useFakeStripe, utc, weeklyTime } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the sessions run 10:00–11:00 UTC, checked in at 09:45 and out at 11:05 (65 minutes).
useFixedClock();
const fakeStripe = useFakeStripe();
const LATER = utc("2031-03-03T12:00:00Z");

const report = { category: "shorter_than_booked" as const, description: "We stopped after half an hour, not the full hour.", claimedMinutes: 30 };
const at = <T>(run: () => Promise<T>) => withClockFrozenAt(LATER, run);
const inNewYork = <T extends { id: string }>(person: T) => ({ ...person, timezone: "America/New_York" });
const sessionRow = (id: string) => prisma.tutoringSession.findUniqueOrThrow({ where: { id }, select: { status: true, completedAt: true, cancelCause: true } });
const emails = (template: string) => prisma.emailMessage.findMany({ where: { template }, orderBy: { toAddress: "asc" }, select: { toAddress: true, subject: true, text: true } });
const tokenOf = (text: string) => /\/a\/([A-Za-z0-9_-]+)/.exec(text)![1];

async function coordinator(name = "Coordinator Cy") {
  return { ...(await createUser({ roles: ["COORDINATOR"], name, timezone: "UTC" })), timezone: "UTC" };
}

/** A 10:00 session booked by the student themselves and paid at the fake Stripe (£40), checked in and out. */
async function paidCheckedOutSession() {
  const tutor = { ...(await tutorWithHours("Tutor Tess")), timezone: "UTC" };
  const student = { ...(await createUser({ roles: ["STUDENT"], name: "Student Sam", timezone: "UTC" })), timezone: "UTC" };
  const booking = await paidBooking(fakeStripe(), student, tutor.id, weeklyTime(student.id, utc("2031-03-03T10:00:00Z")));
  await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => checkIn(tutor, booking.sessionId, noMeta));
  await withClockFrozenAt(AFTER_END, () => checkOut(tutor, booking.sessionId, {}, noMeta));
  return { tutor, student, booking };
}

function resolution(overrides: Partial<ResolutionForm> = {}): ResolutionForm {
  return {
    step: "resolve",
    outcome: "completed_adjusted",
    approvedMinutes: 30,
    refundPercent: 50,
    tutorPay: "partial",
    noteToBooker: "We refund half: the session was cut short.",
    noteToTutor: "Paid for the 30 minutes that took place.",
    shownRefundMinor: null,
    shownTutorPayMinor: null,
    ...overrides,
  };
}

/** Resolves as the page does: a preview, then the final POST carrying the amounts it showed. */
async function previewAndResolve(actor: Awaited<ReturnType<typeof coordinator>>, disputeId: string, form: ResolutionForm) {
  const preview = await previewResolution(actor, disputeId, form);
  return resolveDispute(actor, disputeId, { ...form, shownRefundMinor: preview.refundMinor, shownTutorPayMinor: preview.tutorPayMinor }, noMeta);
}

describe("reporting a problem", () => {
  it("the booker reports different minutes: DISPUTED, a discrepancy beside the tutor's minutes, both sides emailed, audited", async () => {
    const { tutor, sessionId, parents, seatIds } = await checkedOutSession(["Ada"]);
    const parent = inNewYork(parents[0]);
    const result = await at(() => reportProblem(parent, seatIds[0], report, noMeta));
    expect(result.sessionId).toBe(sessionId);
    expect((await sessionRow(sessionId)).status).toBe("DISPUTED");
    expect(await prisma.sessionDispute.findUniqueOrThrow({ where: { id: result.disputeId } })).toMatchObject({
      participantId: seatIds[0],
      reportedById: parent.id,
      category: "shorter_than_booked",
      claimedMinutes: 30,
      tutorMinutes: 65,
      status: "open",
      priority: "normal",
    });
    const [toParent] = await emails("problem-received");
    expect(toParent).toMatchObject({ toAddress: parent.email, subject: "We received your report about Algebra on Mon 3 Mar" });
    const [toTutor] = await emails("problem-reported-tutor");
    expect(toTutor.toAddress).toBe(tutor.email);
    expect(toTutor.text).toContain("Recorded by the tutor: 65 minutes\nReported instead: 30 minutes");
    expect(toTutor.text).toContain("What happened: We stopped after half an hour, not the full hour.");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.problem_reported" } });
    expect(audit.after).toMatchObject({ status: "DISPUTED", event: "dispute", claimedMinutes: 30, tutorMinutes: 65, discrepancy: true });

    // Each side sees it beside the hours; the seat can no longer be confirmed.
    const view = await getHoursView(parent, sessionId);
    expect(view?.seats[0]).toMatchObject({
      state: "disputed",
      mayConfirmAs: null,
      mayReport: false,
      problem: { category: "Shorter than booked", discrepancy: true, mayRespond: false },
    });
    expect((await getHoursView(tutor, sessionId))?.seats[0].problem).toMatchObject({ mayRespond: true, resolution: null });
    expect((await refusalOf(at(() => confirmHours(parent, seatIds[0], {}, noMeta)))).code).toBe("ALREADY_DISPUTED");
  });

  it("is refused before the end, to anyone but the booker, and after the hours were confirmed; nothing is written", async () => {
    const early = await checkedOutSession(["Ada"], utc("2031-03-03T10:35:00Z"));
    const refusal = await refusalOf(withClockFrozenAt(utc("2031-03-03T10:40:00Z"), () => reportProblem(inNewYork(early.parents[0]), early.seatIds[0], report, noMeta)));
    expect(refusal.code).toBe("CONFIRM_TOO_EARLY");

    const { tutor, learners, parents, seatIds, sessionId } = await checkedOutSession(["Ben"]);
    const stranger = { ...(await createUser({ name: "Stranger" })), timezone: "UTC" };
    expect((await refusalOf(at(() => reportProblem({ ...learners[0], timezone: "UTC" }, seatIds[0], report, noMeta)))).code).toBe("FORBIDDEN");
    expect((await refusalOf(at(() => reportProblem(tutor, seatIds[0], report, noMeta)))).code).toBe("FORBIDDEN");
    expect((await refusalOf(at(() => reportProblem(stranger, seatIds[0], report, noMeta)))).code).toBe("NOT_FOUND");
    await at(() => confirmHours(inNewYork(parents[0]), seatIds[0], {}, noMeta));
    expect((await refusalOf(at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta)))).code).toBe("ALREADY_CONFIRMED");
    expect(await prisma.sessionDispute.count()).toBe(0);
    expect((await sessionRow(sessionId)).status).toBe("COMPLETED");
  });

  it("a confirm racing a report on the same seat: exactly one answer wins, and the session matches it", async () => {
    for (let round = 0; round < 4; round += 1) {
      const { sessionId, parents, seatIds } = await checkedOutSession([`Racer ${round}`]);
      const parent = inNewYork(parents[0]);
      const results = await at(() => Promise.allSettled([confirmHours(parent, seatIds[0], {}, noMeta), reportProblem(parent, seatIds[0], report, noMeta)]));
      const winners = results.filter((result) => result.status === "fulfilled");
      expect(winners).toHaveLength(1);
      const loser = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason.code).toMatch(/^ALREADY_(CONFIRMED|DISPUTED)$/);
      const disputes = await prisma.sessionDispute.count({ where: { sessionId } });
      const seat = await prisma.participant.findUniqueOrThrow({ where: { id: seatIds[0] }, select: { hoursConfirmedAt: true } });
      expect(disputes + (seat.hoursConfirmedAt ? 1 : 0)).toBe(1);
      expect((await sessionRow(sessionId)).status).toBe(disputes === 1 ? "DISPUTED" : "COMPLETED");
    }
  });

  it("the database itself refuses a seat answered both ways", async () => {
    const { parents, seatIds } = await checkedOutSession(["Ada"]);
    await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    await expect(prisma.participant.update({ where: { id: seatIds[0] }, data: { hoursConfirmedAt: new Date() } })).rejects.toThrow(/reported problem/);
  });

  it("through the emailed link: it answers once, either way", async () => {
    const { sessionId, parents } = await checkedOutSession(["Ada"]);
    const [request] = await prisma.emailMessage.findMany({ where: { toAddress: parents[0].email, template: "hours-confirmation-request" }, select: { text: true } });
    const token = tokenOf(request.text);
    expect(await at(() => reportProblemByLink(token, report, noMeta))).toEqual({ kind: "done", sessionId });
    expect(await at(() => reportProblemByLink(token, report, noMeta))).toEqual({ kind: "stale" });
    expect(await at(() => confirmHoursByLink(token, {}, noMeta))).toEqual({ kind: "stale" });
    expect(await prisma.sessionDispute.count({ where: { sessionId } })).toBe(1);
  });

  it("the job neither reminds nor confirms a seat that reported a problem", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada"]);
    await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    await prisma.policy.upsert({ where: { key: "autoConfirmAfterHours" }, create: { key: "autoConfirmAfterHours", value: 72 }, update: { value: 72 } });
    try {
      expect(await followUpHoursConfirmations({ now: utc("2031-03-10T00:00:00Z") })).toEqual({ reminded: 0, autoConfirmed: 0 });
    } finally {
      await prisma.policy.deleteMany({ where: { key: "autoConfirmAfterHours" } });
    }
    expect((await sessionRow(sessionId)).status).toBe("DISPUTED");
    const staff = await coordinator();
    const overdue = await withClockFrozenAt(utc("2031-03-10T00:00:00Z"), () => listOperations(staff, operationsQuery({ attention: ["confirmation-overdue"] }, "UTC")));
    expect(overdue.rows).toHaveLength(0);
    // It is listed as a problem reported instead.
    const reported = await listOperations(staff, operationsQuery({ attention: ["open-dispute"] }, "UTC"));
    expect(reported.rows.map((row) => row.id)).toEqual([sessionId]);
  });
});

describe("the tutor's side", () => {
  it("is added once by the tutor while the problem is open; anyone else is refused", async () => {
    const { tutor, parents, seatIds, sessionId } = await checkedOutSession(["Ada"]);
    const { disputeId } = await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    expect((await refusalOf(at(() => addTutorSide(inNewYork(parents[0]), disputeId, "I was there for the hour.", noMeta)))).code).toBe("FORBIDDEN");
    await at(() => addTutorSide(tutor, disputeId, "We did the full hour; the student left early.", noMeta));
    expect((await refusalOf(at(() => addTutorSide(tutor, disputeId, "Another try at it.", noMeta)))).code).toBe("ALREADY_RESPONDED");
    const seen = (await getHoursView(inNewYork(parents[0]), sessionId))?.seats[0].problem;
    expect(seen?.tutorResponse?.text).toBe("We did the full hour; the student left early.");
  });
});

describe("resolving", () => {
  it("splits the refund of a seat paid partly with credit: the credit's share comes back as credit, once (decision 029)", async () => {
    const tutor = { ...(await tutorWithHours("Tutor Tess")), timezone: "UTC" };
    const student = { ...(await createUser({ roles: ["STUDENT"], name: "Student Sam", timezone: "UTC" })), timezone: "UTC" };
    const admin = await createUser({ roles: ["ADMIN"] });
    await adjustCreditByAdmin(admin, student.id, { amountMinor: 1001, currency: "GBP", reason: "Goodwill for an earlier lesson", key: "dispute-credit-key-0001" }, noMeta);
    const booking = await paidBooking(fakeStripe(), student, tutor.id, weeklyTime(student.id, utc("2031-03-03T10:00:00Z")));
    expect(booking.amountMinor).toBe(2999);
    await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => checkIn(tutor, booking.sessionId, noMeta));
    await withClockFrozenAt(AFTER_END, () => checkOut(tutor, booking.sessionId, {}, noMeta));
    const { disputeId } = await at(() => reportProblem(student, booking.participantId, report, noMeta));
    const staff = await coordinator();

    // 50 % of £40.00 (card £29.99 + credit £10.01) is £20.00: £5.00 (50 % of the credit, rounded down) as credit, £15.00 to the card.
    expect(await at(() => previewResolution(staff, disputeId, resolution()))).toMatchObject({ refundMinor: 2000 });
    await at(() => previewAndResolve(staff, disputeId, resolution()));
    expect((await refusalOf(at(() => previewAndResolve(staff, disputeId, resolution())))).code).toBe("DISPUTE_RESOLVED");
    expect(await prisma.refund.findMany({ select: { amountMinor: true, idempotencyKey: true } })).toEqual([{ amountMinor: 1500, idempotencyKey: `refund-dispute-${disputeId}` }]);
    expect(await prisma.creditEntry.findMany({ where: { kind: "returned" }, select: { amountMinor: true, idempotencyKey: true } })).toEqual([
      { amountMinor: 500, idempotencyKey: `credit-return-dispute-${disputeId}` },
    ]);
    expect(await creditBalanceMinor(prisma, student.id, "GBP")).toBe(500);
    expect(await prisma.sessionDispute.findUniqueOrThrow({ where: { id: disputeId } })).toMatchObject({ refundMinor: 2000 });
  });

  it("with a 50% refund through Stripe that fails once: one refund row under its own key, sent once by the job; the session completes; both sides told", async () => {
    const { tutor, student, booking } = await paidCheckedOutSession();
    const { disputeId } = await at(() => reportProblem(student, booking.participantId, report, noMeta));
    const staff = await coordinator();
    // The SDK retries a 500 twice itself, so three failures make the app see one.
    fakeStripe().failNextRefunds(3);
    const resolved = await at(() => previewAndResolve(staff, disputeId, resolution()));
    expect(resolved).toEqual({ sessionId: booking.sessionId, sessionStatus: "COMPLETED" });
    expect(await sessionRow(booking.sessionId)).toMatchObject({ status: "COMPLETED", completedAt: LATER.toJSDate() });
    const [refund] = await prisma.refund.findMany({ select: { id: true, amountMinor: true, status: true, reason: true, idempotencyKey: true, paymentId: true } });
    expect(refund).toMatchObject({ paymentId: booking.paymentId, amountMinor: 2000, status: "FAILED", reason: "DISPUTE_RESOLVED", idempotencyKey: `refund-dispute-${disputeId}` });
    expect(await prisma.sessionDispute.findUniqueOrThrow({ where: { id: disputeId } })).toMatchObject({
      status: "resolved",
      outcome: "completed_adjusted",
      approvedMinutes: 30,
      refundPercent: 50,
      refundMinor: 2000,
      refundId: refund.id,
      tutorPay: "partial",
      tutorPayMinor: 2000,
      resolvedById: staff.id,
    });

    expect(await withClockAt(LATER.plus({ hours: 1 }), () => processDueRefunds())).toBe(1);
    expect(await withClockAt(LATER.plus({ hours: 2 }), () => processDueRefunds())).toBe(0);
    const sent = [...fakeStripe().refunds.values()].filter((one) => one.payment_intent === booking.paymentIntentId);
    expect(sent.map((one) => one.amount)).toEqual([2000]);

    // Resolving again is refused; no second refund.
    expect((await refusalOf(at(() => previewAndResolve(staff, disputeId, resolution())))).code).toBe("DISPUTE_RESOLVED");
    expect(await prisma.refund.count()).toBe(1);

    const resolvedEmails = await emails("problem-resolved");
    expect(resolvedEmails.map((email) => email.toAddress).sort()).toEqual([student.email, tutor.email].sort());
    const toStudent = resolvedEmails.find((email) => email.toAddress === student.email)!;
    expect(toStudent.text).toContain("Refund: £20.00");
    expect(toStudent.text).toContain("The coordinator's note: We refund half: the session was cut short.");
    expect(toStudent.text).not.toContain("Paid for the 30 minutes");
    const toTutor = resolvedEmails.find((email) => email.toAddress === tutor.email)!;
    expect(toTutor.text).toContain("Your pay for this session: £20.00 (partial: by the approved minutes)");
    expect(toTutor.text).not.toContain("Refund:");

    // Both sides see the outcome on the session page, each with their own note and money.
    const studentSees = (await getHoursView(student, booking.sessionId))?.seats[0].problem?.resolution;
    expect(studentSees).toMatchObject({ outcome: "Completed, with adjusted minutes", approvedMinutes: 30, refund: "£20.00", tutorPay: null });
    expect(studentSees?.notes).toEqual([{ to: "you", text: "We refund half: the session was cut short." }]);
    const tutorSees = (await getHoursView(tutor, booking.sessionId))?.seats[0].problem?.resolution;
    expect(tutorSees).toMatchObject({ refund: null, tutorPay: "£20.00" });
    expect(tutorSees?.notes).toEqual([{ to: "you", text: "Paid for the 30 minutes that took place." }]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: booking.sessionId, action: "dispute.resolved" } });
    expect(audit.after).toMatchObject({ status: "COMPLETED", event: "resolve", refundMinor: 2000, tutorPayMinor: 2000, approvedMinutes: 30 });
  });

  it("never refunds more than is left of the payment after an earlier refund", async () => {
    const { student, booking } = await paidCheckedOutSession();
    await prisma.refund.create({ data: { paymentId: booking.paymentId, amountMinor: 3000, currency: "GBP", reason: "EARLIER", idempotencyKey: "earlier", status: "PROCESSED" } });
    const { disputeId } = await at(() => reportProblem(student, booking.participantId, report, noMeta));
    const staff = await coordinator();
    const preview = await at(() => previewResolution(staff, disputeId, resolution({ outcome: "cancelled", refundPercent: 100, tutorPay: "none" })));
    expect(preview).toMatchObject({ refundMinor: 1000, refundCapped: true, leftMinor: 1000, approvedMinutes: 0, tutorPayMinor: 0 });
  });

  it("refuses amounts that changed since the preview", async () => {
    const { student, booking } = await paidCheckedOutSession();
    const { disputeId } = await at(() => reportProblem(student, booking.participantId, report, noMeta));
    const staff = await coordinator();
    const refusal = await refusalOf(at(() => resolveDispute(staff, disputeId, resolution({ shownRefundMinor: 4000, shownTutorPayMinor: 2000 }), noMeta)));
    expect(refusal.code).toBe("PREVIEW_CHANGED");
    expect((await sessionRow(booking.sessionId)).status).toBe("DISPUTED");
    expect(await prisma.refund.count()).toBe(0);
  });

  it("cancelled: the seat and the session are cancelled by the resolution, and its outcome stays on show", async () => {
    const { student, booking } = await paidCheckedOutSession();
    const { disputeId } = await at(() => reportProblem(student, booking.participantId, { ...report, category: "tutor_absent", claimedMinutes: 0 }, noMeta));
    const staff = await coordinator();
    const resolved = await at(() => previewAndResolve(staff, disputeId, resolution({ outcome: "cancelled", approvedMinutes: null, refundPercent: 100, tutorPay: "none" })));
    expect(resolved.sessionStatus).toBe("CANCELLED");
    expect(await sessionRow(booking.sessionId)).toMatchObject({ status: "CANCELLED", cancelCause: "DISPUTE_RESOLVED" });
    expect((await prisma.participant.findUniqueOrThrow({ where: { id: booking.participantId } })).status).toBe("CANCELLED");
    expect((await getHoursView(student, booking.sessionId))?.seats[0].problem?.resolution).toMatchObject({ outcome: "Cancelled", refund: "£40.00" });
  });

  it("the session's tutor, even as a coordinator, does not resolve their own session's problem", async () => {
    const { tutor, parents, seatIds } = await checkedOutSession(["Ada"]);
    await prisma.user.update({ where: { id: tutor.id }, data: { roles: ["TUTOR", "COORDINATOR"] } });
    const { disputeId } = await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    const refusal = await refusalOf(at(() => previewAndResolve({ ...tutor, roles: ["TUTOR", "COORDINATOR"] }, disputeId, resolution({ refundPercent: 0 }))));
    expect(refusal.code).toBe("FORBIDDEN");
  });
});

describe("group sessions", () => {
  it("each seat answers for itself; the session waits for the open problem, then completes", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada", "Ben"]);
    const { disputeId } = await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    expect((await sessionRow(sessionId)).status).toBe("DISPUTED");
    // Ben's parent confirms meanwhile: nothing completes while Ada's problem is open.
    expect(await at(() => confirmHours(inNewYork(parents[1]), seatIds[1], {}, noMeta))).toEqual({ sessionId, completed: false });
    expect((await sessionRow(sessionId)).status).toBe("DISPUTED");
    const staff = await coordinator();
    const resolved = await at(() => previewAndResolve(staff, disputeId, resolution({ outcome: "completed_as_is", approvedMinutes: null, refundPercent: 0, tutorPay: "full" })));
    expect(resolved.sessionStatus).toBe("COMPLETED");
  });

  it("a resolution with another seat still silent returns the session to waiting; that seat's answer completes it", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada", "Ben"]);
    const { disputeId } = await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    const staff = await coordinator();
    const resolved = await at(() => previewAndResolve(staff, disputeId, resolution({ outcome: "cancelled", approvedMinutes: null, refundPercent: 0, tutorPay: "none" })));
    expect(resolved.sessionStatus).toBe("AWAITING_CONFIRMATION");
    expect(await at(() => confirmHours(inNewYork(parents[1]), seatIds[1], {}, noMeta))).toEqual({ sessionId, completed: true });
    expect((await sessionRow(sessionId)).status).toBe("COMPLETED");
  });
});

describe("the coordinators' list and assignment", () => {
  it("lists open problems oldest first, narrows to one's own, and shows the count on the home page", async () => {
    const first = await checkedOutSession(["Ada"]);
    const second = await checkedOutSession(["Ben"]);
    const older = await at(() => reportProblem(inNewYork(first.parents[0]), first.seatIds[0], report, noMeta));
    const newer = await withClockFrozenAt(LATER.plus({ minutes: 5 }), () =>
      reportProblem(inNewYork(second.parents[0]), second.seatIds[0], { ...report, category: "behaviour", claimedMinutes: null }, noMeta),
    );
    const staff = await coordinator();
    const rows = await listDisputes(staff, { show: "open" });
    expect(rows.map((row) => [row.disputeId, row.priority, row.discrepancy])).toEqual([
      [older.disputeId, "normal", true],
      [newer.disputeId, "urgent", false],
    ]);
    expect((await operationsOverview("UTC")).sessions.openDisputes).toBe(2);

    await assignDispute(staff, newer.disputeId, { assigneeId: staff.id, priority: "high" }, noMeta);
    expect((await listDisputes(staff, { show: "open", assignee: "me" })).map((row) => row.disputeId)).toEqual([newer.disputeId]);
    expect((await listDisputes(staff, { show: "open", assignee: "nobody" })).map((row) => row.disputeId)).toEqual([older.disputeId]);
    const found = await getDisputeCase(staff, newer.disputeId);
    expect(found).toMatchObject({ priority: "high", assignee: { id: staff.id, name: "Coordinator Cy" }, tutorMinutes: 65, bookedMinutes: 60 });
    expect(found.history.map((event) => event.action)).toContain("dispute.assigned");

    const parent = { ...first.parents[0], timezone: "UTC" };
    expect((await refusalOf(assignDispute(staff, older.disputeId, { assigneeId: parent.id, priority: "normal" }, noMeta))).code).toBe("INVALID_ASSIGNEE");
    expect((await refusalOf(listDisputes(parent, { show: "open" }))).code).toBe("FORBIDDEN");
    expect((await refusalOf(getDisputeCase(parent, older.disputeId))).code).toBe("FORBIDDEN");
  });
});
