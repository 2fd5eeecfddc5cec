import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { lateField, markField } from "../../app/domain/sessions/attendance-marks";
import { statusForDomainError } from "../../app/domain/shared/errors";
import { AttendanceFormError, checkIn, checkOut } from "../../app/services/attendance.server";
import { prisma } from "../../app/services/db.server";
import { createSessionWithSeats, createStudent, createTutor, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { refusalOf } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the sessions below start at 10:00 UTC and end at 11:00.
useFixedClock();
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

afterEach(async () => {
  await prisma.policy.deleteMany({ where: { key: "studentNoShowRefundPercent" } });
});

/** A session two hours ahead with a paid £40 seat per learner, checked in by its tutor at 09:45. */
async function checkedInSession(learnerNames: string[]) {
  const tutor = { ...(await createTutor({ name: "Tutor Tess" })), timezone: "UTC" };
  const learners = [];
  for (const name of learnerNames) learners.push(await createStudent(name));
  const group = learners.length > 1;
  const { sessionId, participantIds } = await createSessionWithSeats(
    tutor.id,
    2,
    learners.map((learner) => ({ studentId: learner.id, status: "CONFIRMED" as const, payment: "PAID" as const })),
    { kind: group ? "GROUP" : "ONE_TO_ONE", capacity: learners.length },
  );
  await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => checkIn(tutor, sessionId, noMeta));
  return { tutor, learners, sessionId, participantIds };
}

const seatRows = (sessionId: string) =>
  prisma.participant.findMany({
    where: { sessionId },
    orderBy: { student: { name: "asc" } },
    select: { id: true, status: true, attendanceStatus: true, attendanceLateMinutes: true },
  });
const sessionRow = (id: string) => prisma.tutoringSession.findUniqueOrThrow({ where: { id }, select: { status: true, noShowParty: true, checkedOutAt: true } });
const refundRows = (sessionId: string) =>
  prisma.refund.findMany({
    where: { payment: { participant: { sessionId } } },
    select: { amountMinor: true, reason: true, status: true, payment: { select: { participantId: true } } },
  });

describe("marking each learner at check-out", () => {
  it("records everyone present when the tutor marks nothing", async () => {
    const { tutor, sessionId } = await checkedInSession(["Ada", "Ben"]);
    await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => checkOut(tutor, sessionId, {}, noMeta));
    expect((await seatRows(sessionId)).map((seat) => [seat.attendanceStatus, seat.attendanceLateMinutes])).toEqual([
      ["present", null],
      ["present", null],
    ]);
    expect((await sessionRow(sessionId)).status).toBe("AWAITING_CONFIRMATION");
  });

  it("in a group, marks one learner late and another a no-show: only that seat is affected, the session awaits confirmation, nothing is refunded at 0 %", async () => {
    const { tutor, sessionId, participantIds } = await checkedInSession(["Ada", "Ben"]);
    const [ada, ben] = participantIds;
    const result = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () =>
      checkOut(tutor, sessionId, { marks: { [markField(ada)]: "late", [lateField(ada)]: "7", [markField(ben)]: "no_show" } }, noMeta),
    );
    expect(result.status).toBe("AWAITING_CONFIRMATION");
    expect(await seatRows(sessionId)).toEqual([
      { id: ada, status: "CONFIRMED", attendanceStatus: "late", attendanceLateMinutes: 7 },
      { id: ben, status: "CONFIRMED", attendanceStatus: "no_show", attendanceLateMinutes: null },
    ]);
    expect(await sessionRow(sessionId)).toMatchObject({ status: "AWAITING_CONFIRMATION", noShowParty: null });
    expect(await refundRows(sessionId)).toEqual([]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.checked_out" }, select: { after: true, policySnapshot: true } });
    expect(audit.after).toMatchObject({
      marks: [
        { seatId: ada, status: "late", lateMinutes: 7 },
        { seatId: ben, status: "no_show", lateMinutes: null },
      ],
      refunds: [],
    });
    expect(audit.policySnapshot).toEqual({ studentNoShowRefundPercent: 0 });
  });

  it("makes a 1:1 session whose learner did not come a no-show (party: student), refunded the policy's share", async () => {
    await prisma.policy.create({ data: { key: "studentNoShowRefundPercent", value: 25 } });
    const { tutor, sessionId, participantIds } = await checkedInSession(["Ada"]);
    const result = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => checkOut(tutor, sessionId, { marks: { [markField(participantIds[0])]: "no_show" } }, noMeta));
    expect(result.status).toBe("NO_SHOW");
    expect(await sessionRow(sessionId)).toMatchObject({ status: "NO_SHOW", noShowParty: "student" });
    // 25 % of £40, refunded through the refund queue once.
    const refunds = await refundRows(sessionId);
    expect(refunds.map((refund) => [refund.amountMinor, refund.reason, refund.payment.participantId])).toEqual([[1000, "STUDENT_NO_SHOW", participantIds[0]]]);
  });

  it("refuses bad marks and bad times together, each beside its field, and writes nothing", async () => {
    const { tutor, sessionId, participantIds } = await checkedInSession(["Ada", "Ben"]);
    const [ada, ben] = participantIds;
    const error = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () =>
      refusalOf(
        checkOut(tutor, sessionId, { actualStart: "10:30", actualEnd: "10:00", marks: { [markField(ada)]: "late", [lateField(ada)]: "0", [markField(ben)]: "absent" } }, noMeta),
      ),
    );
    expect(error).toBeInstanceOf(AttendanceFormError);
    expect(statusForDomainError(error)).toBe(400);
    expect((error as AttendanceFormError).errors).toEqual({
      actualEnd: "Enter an end after the start (Mon 3 Mar 2031, 10:30).",
      [lateField(ada)]: "Enter how many minutes late Ada was, from 1 to 60.",
      [markField(ben)]: "Choose how Ben attended.",
    });
    expect((await seatRows(sessionId)).map((seat) => seat.attendanceStatus)).toEqual(["pending", "pending"]);
    expect(await sessionRow(sessionId)).toMatchObject({ status: "IN_PROGRESS", checkedOutAt: null });
  });

  it("never marks a seat cancelled before the check-out", async () => {
    const { tutor, sessionId, participantIds } = await checkedInSession(["Ada", "Ben"]);
    await prisma.participant.update({ where: { id: participantIds[1] }, data: { status: "CANCELLED" } });
    await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => checkOut(tutor, sessionId, { marks: { [markField(participantIds[1])]: "no_show" } }, noMeta));
    expect((await seatRows(sessionId)).map((seat) => [seat.status, seat.attendanceStatus])).toEqual([
      ["CONFIRMED", "present"],
      ["CANCELLED", "pending"],
    ]);
  });
});
