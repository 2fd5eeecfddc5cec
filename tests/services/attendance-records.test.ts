import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { markField } from "../../app/domain/sessions/attendance-marks";
import type { AttendanceRecordInput } from "../../app/domain/sessions/attendance-record";
import { statusForDomainError } from "../../app/domain/shared/errors";
import { AttendanceFormError } from "../../app/services/attendance.server";
import { getAttendanceRecordView, recordAttendance } from "../../app/services/attendance-records.server";
import { prisma } from "../../app/services/db.server";
import { createSessionWithSeats, createStudent, createTutor, createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { refusalOf } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the sessions run 10:00–11:00 UTC and the records are made at 12:00 UTC.
useFixedClock();
const noon = DateTime.fromISO("2031-03-03T12:00:00Z", { zone: "utc" });

/** A one-hour session 10:00–11:00 UTC with one paid £40 seat, in `status`, and a coordinator in UTC. */
async function setup(status: "SCHEDULED" | "IN_PROGRESS" | "NO_SHOW" | "COMPLETED" = "SCHEDULED") {
  const tutor = await createTutor({ name: "Tutor Tess" });
  const learner = await createStudent("Ada");
  const coordinator = { ...(await createUser({ roles: ["COORDINATOR"], name: "Coordinator Cy", timezone: "UTC" })), timezone: "UTC" };
  const { sessionId, participantIds } = await createSessionWithSeats(tutor.id, 2, [{ studentId: learner.id, status: "CONFIRMED", payment: "PAID" }]);
  if (status === "IN_PROGRESS")
    await prisma.tutoringSession.update({ where: { id: sessionId }, data: { status, checkedInAt: new Date("2031-03-03T10:04:00Z"), checkInSource: "web", lateMinutes: 4 } });
  else if (status === "NO_SHOW") await prisma.tutoringSession.update({ where: { id: sessionId }, data: { status, noShowParty: "tutor" } });
  else if (status !== "SCHEDULED") await prisma.tutoringSession.update({ where: { id: sessionId }, data: { status } });
  return { tutor, learner, coordinator, sessionId, seatId: participantIds[0] };
}

const record = (overrides: Partial<AttendanceRecordInput> = {}): AttendanceRecordInput => ({
  tutorAttendance: "present",
  actualStart: "10:00",
  actualEnd: "11:00",
  checkInSource: "admin_override",
  checkOutSource: "admin_override",
  reason: "The tutor's phone died",
  ...overrides,
});

const sessionRow = (id: string) =>
  prisma.tutoringSession.findUniqueOrThrow({
    where: { id },
    select: {
      status: true,
      noShowParty: true,
      checkedInAt: true,
      checkInSource: true,
      checkedOutAt: true,
      checkOutSource: true,
      actualStartedAt: true,
      actualEndedAt: true,
      attendanceNotes: true,
      lateMinutes: true,
    },
  });
const refunds = (sessionId: string) => prisma.refund.findMany({ where: { payment: { participant: { sessionId } } }, select: { amountMinor: true, reason: true } });

describe("a coordinator records attendance", () => {
  it("records a session that happened without a check-in: SCHEDULED → AWAITING_CONFIRMATION, filled by staff, audited with the old and new values and the reason", async () => {
    const { coordinator, sessionId, seatId } = await setup();
    const result = await withClockFrozenAt(noon, () =>
      recordAttendance(coordinator, sessionId, record({ notes: "Family confirmed by phone" }), { [markField(seatId)]: "present" }, noMeta),
    );
    expect(result).toEqual({ status: "AWAITING_CONFIRMATION" });
    expect(await sessionRow(sessionId)).toEqual({
      status: "AWAITING_CONFIRMATION",
      noShowParty: null,
      checkedInAt: new Date("2031-03-03T10:00:00Z"),
      checkInSource: "admin_override",
      checkedOutAt: new Date("2031-03-03T11:00:00Z"),
      checkOutSource: "admin_override",
      actualStartedAt: new Date("2031-03-03T10:00:00Z"),
      actualEndedAt: new Date("2031-03-03T11:00:00Z"),
      attendanceNotes: "Family confirmed by phone",
      lateMinutes: 0,
    });
    expect((await prisma.participant.findUniqueOrThrow({ where: { id: seatId } })).attendanceStatus).toBe("present");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.attendance_recorded" } });
    expect([audit.actorId, audit.reason]).toEqual([coordinator.id, "The tutor's phone died"]);
    expect(audit.before).toMatchObject({ status: "SCHEDULED", tutorAttendance: "pending", checkedInAt: null, seats: [{ id: seatId, status: "pending" }] });
    expect(audit.after).toMatchObject({
      status: "AWAITING_CONFIRMATION",
      event: "attendance_recorded",
      tutorAttendance: "present",
      checkInSource: "admin_override",
      seats: [{ id: seatId, status: "present" }],
    });

    const view = await getAttendanceRecordView(coordinator, sessionId);
    expect(view.history[0]).toMatchObject({ action: "session.attendance_recorded", by: "Coordinator Cy", reason: "The tutor's phone died" });
    expect(view.history[0].changes).toEqual(
      expect.arrayContaining([
        { field: "Status", from: "Scheduled", to: "Awaiting confirmation" },
        { field: "Tutor", from: "Not recorded yet", to: "Present" },
        { field: "Check-in from", from: "—", to: "Recorded by staff" },
        { field: "Checked in", from: "—", to: "Mon 3 Mar 2031, 10:00 GMT (UTC)" },
        { field: "Ada", from: "Not recorded", to: "Present" },
      ]),
    );
  });

  it("clears a wrong tutor no-show (NO_SHOW → AWAITING_CONFIRMATION)", async () => {
    const { coordinator, sessionId, seatId } = await setup("NO_SHOW");
    await withClockFrozenAt(noon, () =>
      recordAttendance(coordinator, sessionId, record({ tutorAttendance: "late", tutorLateMinutes: "5", actualStart: "10:05" }), { [markField(seatId)]: "present" }, noMeta),
    );
    expect(await sessionRow(sessionId)).toMatchObject({ status: "AWAITING_CONFIRMATION", noShowParty: null, lateMinutes: 5 });
  });

  it("records the tutor's no-show on a session checked in by mistake: every learner refunded in full, once", async () => {
    const { coordinator, sessionId } = await setup("IN_PROGRESS");
    await withClockFrozenAt(noon, () => recordAttendance(coordinator, sessionId, record({ tutorAttendance: "no_show" }), {}, noMeta));
    expect(await sessionRow(sessionId)).toMatchObject({ status: "NO_SHOW", noShowParty: "tutor", checkedInAt: null, actualStartedAt: null });
    expect(await refunds(sessionId)).toEqual([{ amountMinor: 4000, reason: "TUTOR_NO_SHOW" }]);
    // Saved again (a second coordinator, the notes corrected): nothing left to refund, no second refund.
    await withClockFrozenAt(noon, () => recordAttendance(coordinator, sessionId, record({ tutorAttendance: "no_show", notes: "Confirmed" }), {}, noMeta));
    expect(await refunds(sessionId)).toHaveLength(1);
    expect((await sessionRow(sessionId)).attendanceNotes).toBe("Confirmed");
  });

  it("refuses bad input beside each field and writes nothing", async () => {
    const { coordinator, sessionId, seatId } = await setup();
    const error = await withClockFrozenAt(noon, () =>
      refusalOf(recordAttendance(coordinator, sessionId, record({ actualStart: "10:30", actualEnd: "10:00" }), { [markField(seatId)]: "gone" }, noMeta)),
    );
    expect(error).toBeInstanceOf(AttendanceFormError);
    expect((error as AttendanceFormError).errors).toEqual({ actualEnd: "Enter an end after the start (Mon 3 Mar 2031, 10:30).", [markField(seatId)]: "Choose how Ada attended." });
    expect((await sessionRow(sessionId)).status).toBe("SCHEDULED");
    expect(await prisma.auditEvent.count({ where: { subjectId: sessionId } })).toBe(0);
  });

  it("is staff's alone: the tutor and the student get a 403 and nothing changes; a completed session is a 409", async () => {
    const { tutor, learner, coordinator, sessionId } = await setup();
    for (const outsider of [
      { ...tutor, timezone: "UTC" },
      { ...learner, timezone: "UTC" },
    ]) {
      const error = await withClockFrozenAt(noon, () => refusalOf(recordAttendance(outsider, sessionId, record(), {}, noMeta)));
      expect(statusForDomainError(error)).toBe(403);
    }
    expect((await sessionRow(sessionId)).status).toBe("SCHEDULED");
    const completed = await setup("COMPLETED");
    const error = await withClockFrozenAt(noon, () => refusalOf(recordAttendance(coordinator, completed.sessionId, record(), {}, noMeta)));
    expect([error.code, statusForDomainError(error)]).toEqual(["NOT_RECORDABLE", 409]);
  });
});
