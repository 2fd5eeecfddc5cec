import { afterEach, describe, expect, it } from "vitest";
import type { ResolutionForm } from "../../app/domain/disputes/resolution";
import { prisma } from "../../app/services/db.server";
import { previewResolution, reportProblem, resolveDispute } from "../../app/services/disputes.server";
import { getPayroll, getTutorEarnings, previewPayoutTreatment, recordCompletionEarnings, recordPayoutTreatment } from "../../app/services/earnings.server";
import { confirmHours } from "../../app/services/hours-confirmations.server";
import { createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { checkedOutSession, refusalOf, utc } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the seeded seats are £40.00 each, the sessions 10:00–11:00 UTC.
useFixedClock();
const LATER = utc("2031-03-03T12:00:00Z");
const at = <T>(run: () => Promise<T>) => withClockFrozenAt(LATER, run);
const inNewYork = <T extends { id: string }>(person: T) => ({ ...person, timezone: "America/New_York" });
const ledger = (tutorId: string) =>
  prisma.tutorEarning.findMany({
    where: { tutorId },
    orderBy: { kind: "asc" },
    select: { participantId: true, kind: true, amountMinor: true, grossMinor: true, feePercent: true, currency: true },
  });

afterEach(async () => {
  await prisma.policy.deleteMany({ where: { key: "platformFeePercent" } });
});

async function staff(roles: ("COORDINATOR" | "ADMIN")[] = ["COORDINATOR"]) {
  return { ...(await createUser({ roles, name: roles.includes("ADMIN") ? "Admin Ada" : "Coordinator Cy", timezone: "UTC" })), timezone: "UTC" };
}

async function resolve(disputeId: string, form: Partial<ResolutionForm>) {
  const coordinator = await staff();
  const full: ResolutionForm = {
    step: "resolve",
    outcome: "completed_adjusted",
    approvedMinutes: 30,
    refundPercent: 0,
    tutorPay: "partial",
    noteToBooker: "Decided.",
    noteToTutor: "Decided.",
    shownRefundMinor: null,
    shownTutorPayMinor: null,
    ...form,
  };
  const preview = await previewResolution(coordinator, disputeId, full);
  return resolveDispute(coordinator, disputeId, { ...full, shownRefundMinor: preview.refundMinor, shownTutorPayMinor: preview.tutorPayMinor }, noMeta);
}

const report = { category: "shorter_than_booked" as const, description: "We stopped after half an hour.", claimedMinutes: 30 };

describe("the earnings ledger", () => {
  it("a completed session earns its tutor the seat's price less the platform fee in force, once", async () => {
    await prisma.policy.create({ data: { key: "platformFeePercent", value: 15 } });
    const { tutor, parents, seatIds, sessionId } = await checkedOutSession(["Ada"]);
    await at(() => confirmHours(inNewYork(parents[0]), seatIds[0], {}, noMeta));
    expect(await ledger(tutor.id)).toEqual([{ participantId: seatIds[0], kind: "session_completed", amountMinor: 3400, grossMinor: 4000, feePercent: 15, currency: "GBP" }]);
    // Settling again adds nothing; the ledger refuses changes.
    await prisma.$transaction((tx) => recordCompletionEarnings(tx, sessionId, LATER.toJSDate()));
    expect(await ledger(tutor.id)).toHaveLength(1);
    await expect(prisma.tutorEarning.updateMany({ where: { tutorId: tutor.id }, data: { amountMinor: 1 } })).rejects.toThrow(/append-only/);
  });

  it("nothing is earned until the session completes: a group's first confirmation waits for the last", async () => {
    const { tutor, parents, seatIds } = await checkedOutSession(["Ada", "Ben"]);
    await at(() => confirmHours(inNewYork(parents[0]), seatIds[0], {}, noMeta));
    expect(await ledger(tutor.id)).toEqual([]);
    await at(() => confirmHours(inNewYork(parents[1]), seatIds[1], {}, noMeta));
    expect((await ledger(tutor.id)).map((entry) => [entry.participantId, entry.amountMinor])).toEqual(
      expect.arrayContaining([
        [seatIds[0], 4000],
        [seatIds[1], 4000],
      ]),
    );
  });

  it("a resolution earns what it decided; the group's confirmed seat earns when it completes the session", async () => {
    const { tutor, parents, seatIds } = await checkedOutSession(["Ada", "Ben"]);
    const { disputeId } = await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    await at(() => confirmHours(inNewYork(parents[1]), seatIds[1], {}, noMeta));
    expect(await ledger(tutor.id)).toEqual([]);
    await at(() => resolve(disputeId, {}));
    const entries = await ledger(tutor.id);
    expect(entries.map((entry) => [entry.participantId, entry.kind, entry.amountMinor])).toEqual([
      [seatIds[1], "session_completed", 4000],
      [seatIds[0], "dispute_resolved", 2000],
    ]);
  });

  it("a resolution that cancels with no pay records that the seat earned nothing", async () => {
    const { tutor, parents, seatIds } = await checkedOutSession(["Ada"]);
    const { disputeId } = await at(() => reportProblem(inNewYork(parents[0]), seatIds[0], report, noMeta));
    await at(() => resolve(disputeId, { outcome: "cancelled", approvedMinutes: null, tutorPay: "none" }));
    expect(await ledger(tutor.id)).toEqual([{ participantId: seatIds[0], kind: "dispute_resolved", amountMinor: 0, grossMinor: 4000, feePercent: 0, currency: "GBP" }]);
  });
});

describe("payout treatments", () => {
  it("pay the booked seats once at the fee in force: a later change of the same seats pays nothing more", async () => {
    const { tutor, sessionId, seatIds } = await checkedOutSession(["Ana", "Ben"], null);
    await prisma.policy.create({ data: { key: "platformFeePercent", value: 25 } });
    const first = await previewPayoutTreatment(prisma, sessionId, { choice: "partial", amountMinor: 4500 });
    expect([first.fullMinor, first.amountMinor, first.alreadyDecided]).toEqual([6000, 4500, 0]);
    await prisma.$transaction((tx) => recordPayoutTreatment(tx, { tutorId: tutor.id, sessionId, preview: first, earnedAt: LATER.toJSDate() }));
    expect(await ledger(tutor.id)).toEqual([
      { participantId: seatIds[0], kind: "payout_treatment", amountMinor: 2250, grossMinor: 4000, feePercent: 25, currency: "GBP" },
      { participantId: seatIds[1], kind: "payout_treatment", amountMinor: 2250, grossMinor: 4000, feePercent: 25, currency: "GBP" },
    ]);

    const again = await previewPayoutTreatment(prisma, sessionId, { choice: "full", amountMinor: null });
    expect([again.fullMinor, again.amountMinor, again.entries, again.alreadyDecided]).toEqual([0, 0, [], 2]);
    await prisma.$transaction((tx) => recordPayoutTreatment(tx, { tutorId: tutor.id, sessionId, preview: first, earnedAt: LATER.toJSDate() }));
    expect(await ledger(tutor.id)).toHaveLength(2);
  });

  it("refuses partial pay above what full pay would be", async () => {
    const { sessionId } = await checkedOutSession(["Ana"], null);
    const refusal = await refusalOf(previewPayoutTreatment(prisma, sessionId, { choice: "partial", amountMinor: 4001 }));
    expect([refusal.code, refusal.field]).toEqual(["INVALID_PAYOUT", "payoutAmount"]);
  });
});

describe("reading it", () => {
  it("the tutor sees their months in their zone and the month's entries; only tutors have a page", async () => {
    const { tutor, parents, seatIds, sessionId } = await checkedOutSession(["Ada"]);
    await at(() => confirmHours(inNewYork(parents[0]), seatIds[0], {}, noMeta));
    const view = await at(() => getTutorEarnings(tutor));
    expect(view.months[0]).toMatchObject({ month: "2031-03", label: "March 2031", entries: 1, totals: [{ currency: "GBP", amountMinor: 4000, text: "£40.00" }] });
    expect(view.months[1]).toMatchObject({ month: "2031-02", entries: 0, totals: [] });
    expect(view.months).toHaveLength(12);
    expect(view.selected).toMatchObject({ month: "2031-03", totals: [{ text: "£40.00" }] });
    expect(view.selected.rows).toEqual([expect.objectContaining({ sessionId, studentName: "Ada", kind: "session_completed", gross: "£40.00", feePercent: 0, amount: "£40.00" })]);
    expect((await at(() => getTutorEarnings(tutor, { month: "2031-02" }))).selected.rows).toEqual([]);
    // A month that is not one falls back to the current month.
    expect((await at(() => getTutorEarnings(tutor, { month: "March" }))).selected.month).toBe("2031-03");
    expect((await refusalOf(getTutorEarnings({ ...parents[0], timezone: "UTC" }))).code).toBe("FORBIDDEN");
  });

  it("admins see each tutor's balance for a period of whole days in their zone; coordinators do not", async () => {
    const first = await checkedOutSession(["Ada"]);
    const second = await checkedOutSession(["Ben", "Cy"]);
    await at(() => confirmHours(inNewYork(first.parents[0]), first.seatIds[0], {}, noMeta));
    for (const [index, seatId] of second.seatIds.entries()) await at(() => confirmHours(inNewYork(second.parents[index]), seatId, {}, noMeta));
    const admin = await staff(["ADMIN"]);
    const rows = await getPayroll(admin, { from: "2031-03-01", to: "2031-03-31" }, "UTC");
    expect(rows.map((row) => [row.tutorId, row.entries, row.amountMinor, row.amount])).toEqual([
      [second.tutor.id, 2, 8000, "£80.00"],
      [first.tutor.id, 1, 4000, "£40.00"],
    ]);
    // Earned at 12:00 UTC on 3 March: a range ending on the 2nd leaves it out.
    expect(await getPayroll(admin, { from: "2031-03-01", to: "2031-03-02" }, "UTC")).toEqual([]);
    // In Kiritimati (UTC+14) 12:00 UTC is already 4 March 02:00.
    expect(await getPayroll(admin, { from: "2031-03-03", to: "2031-03-03" }, "Pacific/Kiritimati")).toEqual([]);
    expect((await refusalOf(getPayroll(await staff(), { from: "2031-03-01", to: "2031-03-31" }, "UTC"))).code).toBe("FORBIDDEN");
  });
});
