import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { statusForDomainError } from "../../app/domain/shared/errors";
import { AttendanceFormError, checkIn, checkOut } from "../../app/services/attendance.server";
import { prisma } from "../../app/services/db.server";
import { atDate, createBookedSession, createStudent, createTutor, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { refusalOf } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the session starts at 10:00 UTC, so check-in opens at 09:30 and check-out at 10:30.
useFixedClock();

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

async function setup(tutorZone = "UTC") {
  const tutor = { ...(await createTutor({ name: "Tutor Tess" })), timezone: tutorZone };
  await prisma.user.update({ where: { id: tutor.id }, data: { timezone: tutorZone } });
  const learner = await createStudent("Student Sam");
  const session = await createBookedSession(tutor.id, learner, atDate(0, 10));
  return { tutor, learner, session };
}

const readAttendance = (id: string) =>
  prisma.tutoringSession.findUniqueOrThrow({
    where: { id },
    select: {
      status: true,
      checkedInAt: true,
      checkInSource: true,
      lateMinutes: true,
      checkedOutAt: true,
      checkOutSource: true,
      actualStartedAt: true,
      actualEndedAt: true,
    },
  });

const untouched = {
  status: "SCHEDULED",
  checkedInAt: null,
  checkInSource: null,
  lateMinutes: null,
  checkedOutAt: null,
  checkOutSource: null,
  actualStartedAt: null,
  actualEndedAt: null,
};

const auditActions = async (id: string) =>
  (await prisma.auditEvent.findMany({ where: { subjectType: "TutoringSession", subjectId: id }, orderBy: { id: "asc" }, select: { action: true } })).map((event) => event.action);

describe("check-in", () => {
  it("is refused before its window with the exact minutes and the opening time in the tutor's zone, and changes nothing", async () => {
    const { tutor, session } = await setup("America/New_York");
    const error = await withClockFrozenAt(utc("2031-03-03T08:00:00Z"), () => refusalOf(checkIn(tutor, session.id, noMeta)));
    expect(error.code).toBe("CHECK_IN_NOT_OPEN");
    expect(error.message).toBe("Check-in opens in 90 minutes, at 04:30 (America/New_York)");
    expect(statusForDomainError(error)).toBe(409);
    expect(await readAttendance(session.id)).toEqual(untouched);
    expect(await auditActions(session.id)).toEqual([]);
  });

  it("opens exactly 30 minutes before the start: IN_PROGRESS, source web, 0 minutes late, audited", async () => {
    const { tutor, session } = await setup();
    const result = await withClockFrozenAt(utc("2031-03-03T09:30:00Z"), () => checkIn(tutor, session.id, noMeta));
    expect(result).toEqual({ checkedInAt: new Date("2031-03-03T09:30:00Z"), lateMinutes: 0 });
    expect(await readAttendance(session.id)).toEqual({ ...untouched, status: "IN_PROGRESS", checkedInAt: new Date("2031-03-03T09:30:00Z"), checkInSource: "web", lateMinutes: 0 });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: session.id, action: "session.checked_in" } });
    expect(audit.actorId).toBe(tutor.id);
    expect(audit.before).toEqual({ status: "SCHEDULED" });
    expect(audit.after).toEqual({ status: "IN_PROGRESS", event: "check_in", checkedInAt: "2031-03-03T09:30:00.000Z", source: "web", lateMinutes: 0 });
  });

  it("records whole minutes late after the start, until the no-show mark", async () => {
    const { tutor, session } = await setup();
    const result = await withClockFrozenAt(utc("2031-03-03T10:07:59Z"), () => checkIn(tutor, session.id, noMeta));
    expect(result.lateMinutes).toBe(7);
    expect((await readAttendance(session.id)).lateMinutes).toBe(7);
  });

  it("is refused at the no-show mark", async () => {
    const { tutor, session } = await setup();
    const error = await withClockFrozenAt(utc("2031-03-03T10:15:00Z"), () => refusalOf(checkIn(tutor, session.id, noMeta)));
    expect(error.code).toBe("CHECK_IN_CLOSED");
    expect(error.message).toBe("Check-in closed at 10:15 (UTC), when the session became a no-show. A coordinator can record what happened on the attendance form.");
    expect(statusForDomainError(error)).toBe(409);
    expect(await readAttendance(session.id)).toEqual(untouched);
  });

  it("is the tutor's alone: the student is refused (403), another tutor does not see the session (404), and nothing changes", async () => {
    const { learner, session } = await setup();
    const otherTutor = await createTutor({ name: "Other Otto" });
    await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), async () => {
      const byStudent = await refusalOf(checkIn(learner, session.id, noMeta));
      expect([byStudent.code, statusForDomainError(byStudent)]).toEqual(["FORBIDDEN", 403]);
      const byOther = await refusalOf(checkIn(otherTutor, session.id, noMeta));
      expect([byOther.code, statusForDomainError(byOther)]).toEqual(["NOT_FOUND", 404]);
      const unknown = await refusalOf(checkIn(otherTutor, "no-such-session", noMeta));
      expect(statusForDomainError(unknown)).toBe(404);
    });
    expect(await readAttendance(session.id)).toEqual(untouched);
  });

  it("twice at once: exactly one wins, the other gets a 409 and writes nothing", async () => {
    const { tutor, session } = await setup();
    const results = await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => Promise.allSettled([checkIn(tutor, session.id, noMeta), checkIn(tutor, session.id, noMeta)]));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(["ALREADY_CHECKED_IN", "CHANGED_MEANWHILE"]).toContain(rejected[0].reason.code);
    expect(statusForDomainError(rejected[0].reason)).toBe(409);
    expect(await auditActions(session.id)).toEqual(["session.checked_in"]);
    // Done one after the other, the second says what happened.
    const again = await withClockFrozenAt(utc("2031-03-03T09:46:00Z"), () => refusalOf(checkIn(tutor, session.id, noMeta)));
    expect(again.message).toBe("You already checked in, at Mon 3 Mar 2031, 09:45 GMT (UTC).");
  });
});

describe("check-out", () => {
  async function checkedIn() {
    const setupResult = await setup();
    await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => checkIn(setupResult.tutor, setupResult.session.id, noMeta));
    return setupResult;
  }
  const checkedInRow = { status: "IN_PROGRESS", checkedInAt: new Date("2031-03-03T09:45:00Z"), checkInSource: "web", lateMinutes: 0 };

  it("is refused before its window (30 minutes before the end) with the minutes, and changes nothing", async () => {
    const { tutor, session } = await checkedIn();
    const error = await withClockFrozenAt(utc("2031-03-03T10:20:00Z"), () => refusalOf(checkOut(tutor, session.id, {}, noMeta)));
    expect(error.code).toBe("CHECK_OUT_NOT_OPEN");
    expect(error.message).toBe("Check-out opens in 10 minutes, at 10:30 (UTC)");
    expect(statusForDomainError(error)).toBe(409);
    expect(await readAttendance(session.id)).toEqual({ ...untouched, ...checkedInRow });
  });

  it("is refused without a check-in", async () => {
    const { tutor, session } = await setup();
    const error = await withClockFrozenAt(utc("2031-03-03T10:45:00Z"), () => refusalOf(checkOut(tutor, session.id, {}, noMeta)));
    expect([error.code, statusForDomainError(error)]).toEqual(["NOT_CHECKED_IN", 409]);
    expect(await readAttendance(session.id)).toEqual(untouched);
  });

  it("records the instant, the source and, uncorrected, from the start to the check-out", async () => {
    const { tutor, session } = await checkedIn();
    await withClockFrozenAt(utc("2031-03-03T11:05:00Z"), () => checkOut(tutor, session.id, {}, noMeta));
    expect(await readAttendance(session.id)).toEqual({
      ...checkedInRow,
      status: "AWAITING_CONFIRMATION",
      checkedOutAt: new Date("2031-03-03T11:05:00Z"),
      checkOutSource: "web",
      actualStartedAt: new Date("2031-03-03T10:00:00Z"),
      actualEndedAt: new Date("2031-03-03T11:05:00Z"),
    });
    expect(await auditActions(session.id)).toEqual(["session.checked_in", "session.checked_out"]);
  });

  it("records the tutor's corrected actual start and end, read in the tutor's zone", async () => {
    const { tutor, session } = await checkedIn();
    // The tutor now reads times in Paris (UTC+1 in March): 11:05 and 11:55 there are 10:05 and 10:55 UTC.
    const inParis = { ...tutor, timezone: "Europe/Paris" };
    const result = await withClockFrozenAt(utc("2031-03-03T11:05:00Z"), () => checkOut(inParis, session.id, { actualStart: "11:05", actualEnd: "11:55" }, noMeta));
    expect(result).toEqual({
      checkedOutAt: new Date("2031-03-03T11:05:00Z"),
      actualStartedAt: new Date("2031-03-03T10:05:00Z"),
      actualEndedAt: new Date("2031-03-03T10:55:00Z"),
      status: "AWAITING_CONFIRMATION",
    });
    const row = await readAttendance(session.id);
    expect([row.status, row.actualStartedAt, row.actualEndedAt]).toEqual(["AWAITING_CONFIRMATION", new Date("2031-03-03T10:05:00Z"), new Date("2031-03-03T10:55:00Z")]);
  });

  it("refuses bad actual times with a message beside each field (400) and writes nothing", async () => {
    const { tutor, session } = await checkedIn();
    const error = await withClockFrozenAt(utc("2031-03-03T11:05:00Z"), () => refusalOf(checkOut(tutor, session.id, { actualStart: "10:05", actualEnd: "09:00" }, noMeta)));
    expect(error).toBeInstanceOf(AttendanceFormError);
    expect((error as AttendanceFormError).errors).toEqual({ actualEnd: "Enter an end after the start (Mon 3 Mar 2031, 10:05)." });
    expect([error.field, statusForDomainError(error)]).toEqual(["actualEnd", 400]);
    expect(await readAttendance(session.id)).toEqual({ ...untouched, ...checkedInRow });
    expect(await auditActions(session.id)).toEqual(["session.checked_in"]);
  });

  it("refuses a student (403), and a second check-out (409)", async () => {
    const { tutor, learner, session } = await checkedIn();
    await withClockFrozenAt(utc("2031-03-03T11:05:00Z"), async () => {
      const byStudent = await refusalOf(checkOut(learner, session.id, {}, noMeta));
      expect(statusForDomainError(byStudent)).toBe(403);
      await checkOut(tutor, session.id, {}, noMeta);
      const again = await refusalOf(checkOut(tutor, session.id, {}, noMeta));
      expect([again.code, again.message, statusForDomainError(again)]).toEqual(["ALREADY_CHECKED_OUT", "You already checked out, at Mon 3 Mar 2031, 11:05 GMT (UTC).", 409]);
    });
  });
});

describe("the database's rules", () => {
  it("refuses a check-out before the check-in and an actual end not after the start", async () => {
    const { session } = await setup();
    await expect(
      prisma.tutoringSession.update({
        where: { id: session.id },
        data: { checkedInAt: new Date("2031-03-03T10:00:00Z"), checkInSource: "web", checkedOutAt: new Date("2031-03-03T09:59:00Z"), checkOutSource: "web" },
      }),
    ).rejects.toThrow();
    await expect(
      prisma.tutoringSession.update({ where: { id: session.id }, data: { actualStartedAt: new Date("2031-03-03T10:00:00Z"), actualEndedAt: new Date("2031-03-03T10:00:00Z") } }),
    ).rejects.toThrow();
    await expect(prisma.tutoringSession.update({ where: { id: session.id }, data: { checkedInAt: new Date("2031-03-03T10:00:00Z") } })).rejects.toThrow();
    expect(await readAttendance(session.id)).toEqual(untouched);
  });
});
