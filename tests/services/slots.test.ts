import { DateTime } from "luxon";
import { describe, expect, it, vi } from "vitest";
import { clock } from "../../app/services/clock.server";
import { prisma } from "../../app/services/db.server";
import { copyWeekToNext, createSlot, deletePastUnbookedSlots, deleteSlot, listSlotsForWeek, updateSlot } from "../../app/services/slots.server";
import { saveTutorProfile } from "../../app/services/tutors.server";
import { weekContaining } from "../../app/domain/scheduling/weeks";
import { createUser, noMeta, testNow, useFixedClock } from "../factories";

async function tutor(timezone = "Europe/London") {
  const user = await createUser({ roles: ["TUTOR"], timezone });
  await saveTutorProfile(
    user,
    { headline: "", bio: "", subjects: ["Maths"], gradeLevels: ["HIGH"], hourlyRate: 5000, currency: "GBP", durations: [60], bufferMinutes: 0, timezone },
    noMeta,
  );
  return { ...user, timezone };
}

// A fixed Monday (3 March 2031, 08:00 UTC), so no date below falls on a clock change or a month's end by chance.
useFixedClock();

/** A date `days` ahead in `zone`, as the form sends it. */
function dateAhead(days: number, zone: string) {
  return testNow().setZone(zone).plus({ days }).toISODate()!;
}

describe("dated slots", () => {
  it("creates a group slot at the tutor's wall-clock time, audited", async () => {
    const owner = await tutor("America/New_York");
    const date = dateAhead(8, owner.timezone);
    const { id } = await createSlot(owner, { date, start: "10:00", end: "11:30", kind: "GROUP", capacity: 6 }, noMeta);
    const stored = await prisma.slot.findUniqueOrThrow({ where: { id } });
    expect(DateTime.fromJSDate(stored.startsAt).setZone("America/New_York").toFormat("yyyy-MM-dd HH:mm")).toBe(`${date} 10:00`);
    expect(stored).toMatchObject({ kind: "GROUP", capacity: 6, timezone: "America/New_York" });
    expect(await prisma.auditEvent.count({ where: { action: "slot.created", subjectId: id } })).toBe(1);
  });

  it("lets exactly one of two overlapping slots created at the same moment through", async () => {
    const owner = await tutor();
    const date = dateAhead(5, owner.timezone);
    const results = await Promise.allSettled([
      createSlot(owner, { date, start: "09:00", end: "10:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta),
      createSlot(owner, { date, start: "09:30", end: "10:30", kind: "ONE_TO_ONE", capacity: 1 }, noMeta),
      createSlot(owner, { date, start: "09:45", end: "11:00", kind: "GROUP", capacity: 4 }, noMeta),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((candidate) => candidate.status === "rejected")) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "OVERLAPS_SLOT" });
    }
    expect(await prisma.slot.count({ where: { tutorId: owner.id } })).toBe(1);
  });

  it("is refused by the database itself when an overlapping row is inserted directly", async () => {
    const owner = await tutor();
    const start = testNow().plus({ days: 3 }).startOf("hour");
    await prisma.slot.create({
      data: { tutorId: owner.id, startsAt: start.toJSDate(), endsAt: start.plus({ hours: 1 }).toJSDate(), timezone: "UTC", kind: "ONE_TO_ONE", capacity: 1 },
    });
    await expect(
      prisma.$executeRaw`INSERT INTO slots (id, tutor_id, starts_at, ends_at, timezone, kind, capacity, updated_at)
        VALUES ('direct', ${owner.id}, ${start.plus({ minutes: 30 }).toJSDate()}, ${start.plus({ minutes: 90 }).toJSDate()}, 'UTC', 'ONE_TO_ONE', 1, now())`,
    ).rejects.toThrow(/slots_no_overlap|23P01|exclusion/);
    await expect(
      prisma.$executeRaw`INSERT INTO slots (id, tutor_id, starts_at, ends_at, timezone, kind, capacity, updated_at)
        VALUES ('big-group', ${owner.id}, ${start.plus({ hours: 2 }).toJSDate()}, ${start.plus({ hours: 3 }).toJSDate()}, 'UTC', 'GROUP', 21, now())`,
    ).rejects.toThrow(/slots_capacity|23514|check constraint/);
  });

  it("refuses a slot in the past, beyond the horizon, and one that ends before it starts", async () => {
    const owner = await tutor();
    await expect(createSlot(owner, { date: dateAhead(-1, owner.timezone), start: "10:00", end: "11:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta)).rejects.toMatchObject({
      code: "SLOT_IN_PAST",
      field: "date",
    });
    await expect(createSlot(owner, { date: dateAhead(40, owner.timezone), start: "10:00", end: "11:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta)).rejects.toMatchObject({
      code: "BEYOND_HORIZON",
    });
    await expect(createSlot(owner, { date: dateAhead(3, owner.timezone), start: "11:00", end: "10:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta)).rejects.toMatchObject({
      code: "ENDS_BEFORE_START",
      field: "end",
    });
    expect(await prisma.slot.count()).toBe(0);
  });

  // Issue 12: these reached the database (an invalid or year-10000 range) and answered 500.
  it.each([
    ["2026-02-30", "INVALID_DATE"],
    ["2027-13-01", "INVALID_DATE"],
    ["0000-00-00", "INVALID_DATE"],
    ["9999-12-31", "DATE_OUT_OF_RANGE"],
  ])("refuses the date %s on the date field, adding and editing, and writes nothing", async (date, code) => {
    const owner = await tutor();
    const input = { date, start: "10:00", end: "11:00", kind: "ONE_TO_ONE" as const, capacity: 1 };
    await expect(createSlot(owner, input, noMeta)).rejects.toMatchObject({ name: "DomainError", code, field: "date" });
    const { id } = await createSlot(owner, { ...input, date: dateAhead(3, owner.timezone) }, noMeta);
    await expect(updateSlot(owner, id, input, noMeta)).rejects.toMatchObject({ name: "DomainError", code, field: "date" });
    expect(await prisma.slot.findMany({ select: { id: true } })).toEqual([{ id }]);
    expect(await prisma.auditEvent.count({ where: { action: { in: ["slot.created", "slot.updated"] } } })).toBe(1);
  });

  it("moves and deletes a free future slot, but not a booked one", async () => {
    const owner = await tutor();
    const date = dateAhead(6, owner.timezone);
    const { id } = await createSlot(owner, { date, start: "09:00", end: "10:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta);
    await updateSlot(owner, id, { date, start: "13:00", end: "14:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta);
    const moved = await prisma.slot.findUniqueOrThrow({ where: { id } });
    expect(DateTime.fromJSDate(moved.startsAt).setZone(owner.timezone).toFormat("HH:mm")).toBe("13:00");

    const student = await createUser();
    await prisma.tutoringSession.create({
      data: {
        tutorId: owner.id,
        slotId: id,
        startsAt: moved.startsAt,
        endsAt: moved.endsAt,
        timezone: owner.timezone,
        kind: "ONE_TO_ONE",
        status: "SCHEDULED",
        participants: { create: { studentId: student.id, bookedById: student.id, status: "CONFIRMED" } },
      },
    });
    await expect(deleteSlot(owner, id, noMeta)).rejects.toMatchObject({ code: "SLOT_BOOKED" });
    await expect(updateSlot(owner, id, { date, start: "15:00", end: "16:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta)).rejects.toMatchObject({ code: "SLOT_BOOKED" });

    const free = await createSlot(owner, { date, start: "16:00", end: "17:00", kind: "GROUP", capacity: 3 }, noMeta);
    await deleteSlot(owner, free.id, noMeta);
    expect(await prisma.slot.findUnique({ where: { id: free.id } })).toBeNull();
  });

  it("never lets one tutor touch another's slot", async () => {
    const owner = await tutor();
    const other = await tutor();
    const { id } = await createSlot(owner, { date: dateAhead(4, owner.timezone), start: "09:00", end: "10:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta);
    await expect(deleteSlot(other, id, noMeta)).rejects.toMatchObject({ code: "SLOT_NOT_FOUND" });
    expect(await prisma.slot.count({ where: { id } })).toBe(1);
  });

  it("copies a week to the next at the same wall-clock times and reports what it skipped", async () => {
    const owner = await tutor("America/New_York");
    const date = dateAhead(2, owner.timezone);
    await createSlot(owner, { date, start: "09:00", end: "10:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta);
    const nextWeekDate = DateTime.fromISO(date).plus({ weeks: 1 }).toISODate()!;
    await createSlot(owner, { date: nextWeekDate, start: "09:30", end: "10:30", kind: "ONE_TO_ONE", capacity: 1 }, noMeta);
    await createSlot(owner, { date, start: "14:00", end: "15:00", kind: "GROUP", capacity: 5 }, noMeta);

    const result = await copyWeekToNext(owner, weekContaining(date), noMeta);
    expect(result.copied).toBe(1);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0].reason).toMatch(/overlap/i);
    const nextWeek = await listSlotsForWeek(owner.id, weekContaining(nextWeekDate), owner.timezone);
    expect(nextWeek.map((slot) => DateTime.fromISO(slot.startsAt).setZone(owner.timezone).toFormat("HH:mm"))).toEqual(["09:30", "14:00"]);
  });

  it("copies a slot until a midnight the clocks skip to the next week, and back (issue 13 B12)", async () => {
    // Santiago's clocks jump from 00:00 to 01:00 on 2026-09-06; the week before is an ordinary one.
    const spy = vi.spyOn(clock, "now").mockReturnValue(DateTime.fromISO("2026-08-24T12:00:00Z", { zone: "utc" }));
    try {
      const owner = await tutor("America/Santiago");
      await createSlot(owner, { date: "2026-08-29", start: "22:00", end: "00:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta);
      const result = await copyWeekToNext(owner, weekContaining("2026-08-29"), noMeta);
      expect(result).toEqual({ copied: 1, skipped: [] });
      const [copy] = await listSlotsForWeek(owner.id, weekContaining("2026-09-05"), owner.timezone);
      expect([copy.startsAt, copy.endsAt]).toEqual(["2026-09-06T02:00:00.000Z", "2026-09-06T04:00:00.000Z"]);
      // The copy ends at the jump; its week copies on to an ordinary midnight again.
      expect(await copyWeekToNext(owner, weekContaining("2026-09-05"), noMeta)).toEqual({ copied: 1, skipped: [] });
      const [third] = await listSlotsForWeek(owner.id, weekContaining("2026-09-12"), owner.timezone);
      expect([third.startsAt, third.endsAt]).toEqual(["2026-09-13T01:00:00.000Z", "2026-09-13T03:00:00.000Z"]);
    } finally {
      spy.mockRestore();
    }
  });

  it("cleans up past slots nobody booked and keeps booked ones for history", async () => {
    const owner = await tutor();
    const student = await createUser();
    const past = testNow().minus({ days: 2 }).startOf("hour");
    const unbooked = await prisma.slot.create({
      data: { tutorId: owner.id, startsAt: past.toJSDate(), endsAt: past.plus({ hours: 1 }).toJSDate(), timezone: "UTC", kind: "ONE_TO_ONE", capacity: 1 },
    });
    const booked = await prisma.slot.create({
      data: { tutorId: owner.id, startsAt: past.plus({ hours: 3 }).toJSDate(), endsAt: past.plus({ hours: 4 }).toJSDate(), timezone: "UTC", kind: "ONE_TO_ONE", capacity: 1 },
    });
    await prisma.tutoringSession.create({
      data: {
        tutorId: owner.id,
        slotId: booked.id,
        startsAt: booked.startsAt,
        endsAt: booked.endsAt,
        timezone: "UTC",
        kind: "ONE_TO_ONE",
        status: "COMPLETED",
        participants: { create: { studentId: student.id, bookedById: student.id, status: "CONFIRMED" } },
      },
    });
    const future = await createSlot(owner, { date: dateAhead(3, owner.timezone), start: "09:00", end: "10:00", kind: "ONE_TO_ONE", capacity: 1 }, noMeta);
    expect(await deletePastUnbookedSlots(testNow().toJSDate())).toBe(1);
    expect(await prisma.slot.findMany({ select: { id: true }, orderBy: { startsAt: "asc" } })).toEqual([{ id: booked.id }, { id: future.id }]);
    expect(unbooked.id).not.toBe(booked.id);
  });
});
