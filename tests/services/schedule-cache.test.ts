import { DateTime } from "luxon";
import { afterEach, describe, expect, inject, it } from "vitest";
import { addException, saveWeeklySchedule } from "../../app/services/availability.server";
import { bookableTimesFor } from "../../app/services/tutor-availability.server";
import { pruneAvailabilityChanges } from "../../app/services/tutor-schedules.server";
import { getTutorPage, searchTutors } from "../../app/services/tutor-search.server";
import { prisma } from "../../app/services/db.server";
import { parseSnapshot, sawTransaction, ScheduleCache, type Schedule } from "../../app/services/schedule-cache.server";
import { createSlot } from "../../app/services/slots.server";
import { saveTutorProfile } from "../../app/services/tutors.server";
import { createUser, noMeta, testNow, useFixedClock } from "../factories";

const ZONE = "Europe/London";
// A fixed Monday (3 March 2031, 08:00 UTC): the weekday found below, and London's offset on it, never change with the day the suite runs.
useFixedClock();
const weekdays = [1, 2, 3, 4, 5] as const;

async function tutor(name: string) {
  const user = await createUser({ roles: ["TUTOR"], timezone: ZONE, name });
  await saveTutorProfile(
    user,
    { headline: "", bio: "", subjects: ["Chemistry"], gradeLevels: ["HIGH"], hourlyRate: 5000, currency: "GBP", durations: [60], bufferMinutes: 0, timezone: ZONE },
    noMeta,
  );
  const actor = { ...user, timezone: ZONE };
  await saveWeeklySchedule(
    actor,
    weekdays.map((weekday) => ({ weekday, start: "09:00", end: "11:00" })),
    noMeta,
  );
  return actor;
}

/** A weekday at least three days ahead, in London. */
function aWeekday() {
  let day = testNow().setZone(ZONE).plus({ days: 3 }).startOf("day");
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}

const dayRange = (day: DateTime) => ({ from: day.toJSDate(), to: day.plus({ days: 1 }).toJSDate() });
const startsOf = (times: { startsAt: Date }[]) => times.map((time) => DateTime.fromJSDate(time.startsAt).setZone(ZONE).toFormat("HH:mm"));

/** The public page (cached schedules) shows exactly what a fresh read of the database gives. */
async function expectPageCurrent(tutorId: string, range: { from: Date; to: Date }) {
  const page = await getTutorPage(tutorId, range);
  const fresh = await bookableTimesFor(tutorId, range);
  expect(page?.times).toEqual(fresh);
  return startsOf(fresh);
}

async function freeOnDay(day: DateTime): Promise<string[]> {
  return (await searchTutors({ subject: "Chemistry", freeOn: day.toISODate()!, viewerZone: ZONE, page: 0 })).tutors.map((card) => card.name);
}

describe("cached schedules on the public pages", () => {
  afterEach(async () => {
    await prisma.$executeRawUnsafe(`ALTER TABLE weekly_availability ENABLE TRIGGER USER`);
  });

  it("are served from memory: a change made with the change log switched off goes unseen, the next logged one shows both", async () => {
    const james = await tutor("James");
    const day = aWeekday();
    const range = dayRange(day);
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00"]);

    await prisma.$executeRawUnsafe(`ALTER TABLE weekly_availability DISABLE TRIGGER USER`);
    await prisma.weeklyAvailability.updateMany({ where: { tutorId: james.id }, data: { endMinute: 12 * 60 } });
    // The cache answered: without a change row nothing says the schedule moved.
    expect(startsOf((await getTutorPage(james.id, range))!.times)).toEqual(["09:00", "09:30", "10:00"]);
    expect(startsOf(await bookableTimesFor(james.id, range))).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00"]);

    await prisma.$executeRawUnsafe(`ALTER TABLE weekly_availability ENABLE TRIGGER USER`);
    await addException(james, { date: day.plus({ days: 7 }).toISODate()!, kind: "BLOCKED" }, noMeta);
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00"]);
  });

  it("show every kind of change at once: hours, days off, slots, seats, sessions, proposals, a session changing tutor", async () => {
    const james = await tutor("James");
    const maria = await tutor("Maria");
    const student = await createUser();
    const day = aWeekday();
    const range = dayRange(day);
    const at = (hour: number, minute = 0) => day.set({ hour, minute }).toJSDate();
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00"]);
    expect(await freeOnDay(day)).toEqual(["James", "Maria"]);

    await saveWeeklySchedule(
      james,
      weekdays.map((weekday) => ({ weekday, start: "09:00", end: "12:00" })),
      noMeta,
    );
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00"]);

    await addException(james, { date: day.toISODate()!, kind: "BLOCKED" }, noMeta);
    expect(await expectPageCurrent(james.id, range)).toEqual([]);
    expect(await freeOnDay(day)).toEqual(["Maria"]);
    await prisma.availabilityException.deleteMany({ where: { tutorId: james.id } });
    expect(await expectPageCurrent(james.id, range)).toHaveLength(5);
    expect(await freeOnDay(day)).toEqual(["James", "Maria"]);

    const slot = await createSlot(james, { date: day.toISODate()!, start: "14:00", end: "15:00", kind: "GROUP", capacity: 3 }, noMeta);
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "14:00"]);
    const group = await prisma.tutoringSession.create({
      data: {
        tutorId: james.id,
        slotId: slot.id,
        startsAt: at(14),
        endsAt: at(15),
        timezone: ZONE,
        kind: "GROUP",
        capacity: 3,
        status: "SCHEDULED",
        participants: { create: { studentId: student.id, bookedById: student.id, status: "CONFIRMED" } },
      },
      select: { id: true, participants: { select: { id: true } } },
    });
    await expectPageCurrent(james.id, range);
    expect((await getTutorPage(james.id, range))!.times.find((time) => time.slotId === slot.id)?.seatsLeft).toBe(2);
    await prisma.participant.update({ where: { id: group.participants[0].id }, data: { status: "CANCELLED" } });
    await expectPageCurrent(james.id, range);
    expect((await getTutorPage(james.id, range))!.times.find((time) => time.slotId === slot.id)?.seatsLeft).toBe(3);

    const booked = await prisma.tutoringSession.create({
      data: { tutorId: james.id, startsAt: at(9), endsAt: at(10), timezone: ZONE, kind: "ONE_TO_ONE", status: "SCHEDULED" },
    });
    expect(await expectPageCurrent(james.id, range)).toEqual(["10:00", "10:30", "11:00", "14:00"]);
    // Notes and check-ins do not touch availability, and still leave the page right.
    await prisma.tutoringSession.update({ where: { id: booked.id }, data: { title: "Organic chemistry" } });
    expect(await expectPageCurrent(james.id, range)).toEqual(["10:00", "10:30", "11:00", "14:00"]);

    // A proposal to move the booked session onto 11:00 holds that time until answered.
    const proposal = await prisma.rescheduleRequest.create({
      data: {
        sessionId: booked.id,
        initiatorRole: "STUDENT",
        initiatorId: student.id,
        proposerId: student.id,
        awaitingRole: "TUTOR",
        proposedStartsAt: at(11),
        proposedEndsAt: at(12),
        reason: "Clash",
        expiresAt: at(8),
        onExpiry: "expire",
      },
    });
    expect(await expectPageCurrent(james.id, range)).toEqual(["10:00", "14:00"]);
    await prisma.rescheduleRequest.update({ where: { id: proposal.id }, data: { status: "REJECTED" } });
    expect(await expectPageCurrent(james.id, range)).toEqual(["10:00", "10:30", "11:00", "14:00"]);

    // Maria takes the session over: James is free at 09:00 again, Maria is not.
    expect(await expectPageCurrent(maria.id, range)).toEqual(["09:00", "09:30", "10:00"]);
    await prisma.tutoringSession.update({ where: { id: booked.id }, data: { tutorId: maria.id } });
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "14:00"]);
    expect(await expectPageCurrent(maria.id, range)).toEqual(["10:00"]);

    await prisma.tutoringSession.update({ where: { id: booked.id }, data: { status: "CANCELLED" } });
    expect(await expectPageCurrent(maria.id, range)).toEqual(["09:00", "09:30", "10:00"]);
    await prisma.slot.update({ where: { id: slot.id }, data: { capacity: 4 } });
    await expectPageCurrent(james.id, range);
  });

  it("writes one change row per tutor and statement, none for columns availability does not read", async () => {
    const james = await tutor("James");
    const count = () => prisma.availabilityChange.count({ where: { tutorId: james.id } });
    const before = await count();
    const day = aWeekday();
    const session = await prisma.tutoringSession.create({
      data: { tutorId: james.id, startsAt: day.set({ hour: 9 }).toJSDate(), endsAt: day.set({ hour: 10 }).toJSDate(), timezone: ZONE, kind: "ONE_TO_ONE", status: "SCHEDULED" },
    });
    expect(await count()).toBe(before + 1);
    await prisma.tutoringSession.update({ where: { id: session.id }, data: { title: "Notes only" } });
    expect(await count()).toBe(before + 1);
    await prisma.weeklyAvailability.updateMany({ where: { tutorId: james.id }, data: { endMinute: 12 * 60 } });
    expect(await count()).toBe(before + 2);
  });

  it("prunes change rows older than a day, by the database's clock", async () => {
    const james = await tutor("James");
    await prisma.$executeRaw`UPDATE availability_changes SET created_at = now() - interval '25 hours' WHERE tutor_id = ${james.id}`;
    await addException(james, { date: aWeekday().toISODate()!, kind: "BLOCKED" }, noMeta);
    const total = await prisma.availabilityChange.count({ where: { tutorId: james.id } });
    expect(await pruneAvailabilityChanges()).toBe(total - 1);
    expect(await prisma.availabilityChange.count({ where: { tutorId: james.id } })).toBe(1);
  });

  it.runIf(inject("databaseKind") === "postgres")("does not keep a schedule read while a change was in flight once that change commits", async () => {
    const james = await tutor("James");
    const range = dayRange(aWeekday());
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00"]);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const writtenYet = new Promise<void>((resolve) => (written = resolve));
    const slow = prisma.$transaction(async (tx) => {
      await tx.weeklyAvailability.updateMany({ where: { tutorId: james.id }, data: { endMinute: 12 * 60 } });
      written();
      await released;
    });
    await writtenYet;
    // Meanwhile another change to James commits, so the page reads him again, at a snapshot in which
    // the slow transaction is still in progress.
    await addException(james, { date: aWeekday().plus({ days: 7 }).toISODate()!, kind: "BLOCKED" }, noMeta);
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00"]);
    release();
    await slow;
    expect(await expectPageCurrent(james.id, range)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00"]);
  });
});

describe("snapshots", () => {
  it("read as PostgreSQL prints them, and see what had committed", () => {
    const snapshot = parseSnapshot("100:105:101,103");
    expect([99n, 100n, 101n, 102n, 103n, 104n, 105n].map((xid) => sawTransaction(snapshot, xid))).toEqual([true, true, false, true, false, true, false]);
    expect(parseSnapshot("7:7:").inProgress.size).toBe(0);
    expect(() => parseSnapshot("nonsense")).toThrow();
  });
});

describe("ScheduleCache", () => {
  const schedule: Schedule = { weekly: [], weeklyZone: null, exceptions: [], slots: [], busy: [] };
  const snapshot = parseSnapshot("100:105:103");
  const cover = { fromMs: 0, toMs: 1000 };

  it("serves an entry while it covers the range and saw every change", () => {
    const cache = new ScheduleCache();
    cache.set("t", schedule, snapshot, cover, 0);
    expect(cache.get("t", [90n, 104n], 10, 900, 5)).toBe(schedule);
    expect(cache.get("t", [], 10, 1001, 5)).toBeNull(); // beyond what it holds
    expect(cache.get("t", [], 10, 900, 5)).toBe(schedule); // still there
    expect(cache.get("t", [103n], 10, 900, 5)).toBeNull(); // committed after the snapshot
    expect(cache.get("t", [], 10, 900, 5)).toBeNull(); // and dropped
  });

  it("ages entries out and keeps at most its bound", () => {
    const cache = new ScheduleCache(2, 1000);
    cache.set("a", schedule, snapshot, cover, 0);
    cache.set("b", schedule, parseSnapshot("50:50:"), cover, 0);
    expect(cache.oldestXmin(10)).toBe(50n);
    cache.set("c", schedule, snapshot, cover, 0);
    expect(cache.get("a", [], 10, 900, 10)).toBeNull(); // the bound pushed out the first one loaded
    expect(cache.oldestXmin(10)).toBe(50n);
    expect(cache.get("b", [60n], 10, 900, 10)).toBeNull(); // stale, so dropped: the bound moves up
    expect(cache.oldestXmin(10)).toBe(100n);
    expect(cache.get("c", [], 10, 900, 1001)).toBeNull(); // too old
    cache.set("d", schedule, snapshot, cover, 0);
    expect(cache.oldestXmin(100_000)).toBeNull(); // swept
  });
});
