import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { addException, getSchedule, removeException, saveWeeklySchedule } from "../../app/services/availability.server";
import { prisma } from "../../app/services/db.server";
import { saveTutorProfile } from "../../app/services/tutors.server";
import { createSlot } from "../../app/services/slots.server";
import { createUser, noMeta } from "../factories";
import { withClockAt } from "./session-fixtures";

async function tutor(timezone = "Australia/Lord_Howe") {
  const user = await createUser({ roles: ["TUTOR"], timezone });
  await saveTutorProfile(
    user,
    { headline: "", bio: "", subjects: ["Maths"], gradeLevels: ["HIGH"], hourlyRate: 5000, currency: "AUD", durations: [30, 60], bufferMinutes: 5, timezone },
    noMeta,
  );
  return { ...user, timezone };
}

describe("weekly schedule and exceptions", () => {
  it("replaces the weekly hours at once, in the tutor's zone, with an audited before and after", async () => {
    const owner = await tutor();
    await saveWeeklySchedule(owner, [{ weekday: 1, start: "09:00", end: "12:00" }], noMeta);
    await saveWeeklySchedule(
      owner,
      [
        { weekday: 3, start: "14:00", end: "00:00" },
        { weekday: 2, start: "08:00", end: "09:30" },
      ],
      noMeta,
    );
    const schedule = await getSchedule(owner.id, owner.timezone);
    expect(schedule.weekly).toEqual([
      { weekday: 2, start: "08:00", end: "09:30" },
      { weekday: 3, start: "14:00", end: "00:00" },
    ]);
    expect(schedule.savedZone).toBe("Australia/Lord_Howe");
    const events = await prisma.auditEvent.findMany({ where: { action: "availability.weekly_saved" }, orderBy: { id: "asc" } });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events[1].before)).toContain("540");
  });

  it("refuses overlapping weekly hours and keeps the old ones", async () => {
    const owner = await tutor();
    await saveWeeklySchedule(owner, [{ weekday: 1, start: "09:00", end: "12:00" }], noMeta);
    await expect(
      saveWeeklySchedule(
        owner,
        [
          { weekday: 4, start: "09:00", end: "12:00" },
          { weekday: 4, start: "11:00", end: "13:00" },
        ],
        noMeta,
      ),
    ).rejects.toMatchObject({ code: "WINDOWS_OVERLAP" });
    expect((await getSchedule(owner.id, owner.timezone)).weekly).toEqual([{ weekday: 1, start: "09:00", end: "12:00" }]);
  });

  it("keeps one day off per date, lets other hours be added, and removes them", async () => {
    const owner = await tutor("UTC");
    const date = DateTime.utc().plus({ days: 5 }).toISODate()!;
    await addException(owner, { date, kind: "HOURS", windows: [{ start: "10:00", end: "12:00" }] }, noMeta);
    await expect(addException(owner, { date, kind: "HOURS", windows: [{ start: "11:00", end: "13:00" }] }, noMeta)).rejects.toMatchObject({ code: "EXCEPTION_OVERLAP" });
    await addException(owner, { date, kind: "HOURS", windows: [{ start: "14:00", end: "15:00" }] }, noMeta);
    expect((await getSchedule(owner.id, "UTC")).exceptions.map((row) => [row.kind, row.start, row.end])).toEqual([
      ["HOURS", "10:00", "12:00"],
      ["HOURS", "14:00", "15:00"],
    ]);
    await addException(owner, { date, kind: "BLOCKED" }, noMeta);
    const schedule = await getSchedule(owner.id, "UTC");
    expect(schedule.exceptions.map((row) => row.kind)).toEqual(["BLOCKED"]);
    await expect(addException(owner, { date, kind: "BLOCKED" }, noMeta)).rejects.toMatchObject({ code: "ALREADY_BLOCKED" });
    expect(await removeException(owner, schedule.exceptions[0].id, noMeta)).toBe(true);
    expect((await getSchedule(owner.id, "UTC")).exceptions).toEqual([]);
  });

  it("refuses an exception in the past or beyond the horizon, and one for another tutor's row", async () => {
    const owner = await tutor("UTC");
    await expect(addException(owner, { date: DateTime.utc().minus({ days: 1 }).toISODate()!, kind: "BLOCKED" }, noMeta)).rejects.toMatchObject({ code: "DATE_IN_PAST" });
    await expect(addException(owner, { date: DateTime.utc().plus({ days: 60 }).toISODate()!, kind: "BLOCKED" }, noMeta)).rejects.toMatchObject({ code: "BEYOND_HORIZON" });
    const other = await tutor("UTC");
    await addException(owner, { date: DateTime.utc().plus({ days: 3 }).toISODate()!, kind: "BLOCKED" }, noMeta);
    const [row] = (await getSchedule(owner.id, "UTC")).exceptions;
    expect(await removeException(other, row.id, noMeta)).toBe(false);
  });

  // Issue 12: the other-hours form took hours the dated-slot form refused; the service re-checks the same rule.
  it("refuses other hours starting or ending in a daylight-saving gap, as a dated slot is refused, and writes nothing", async () => {
    const owner = await tutor("America/New_York");
    await withClockAt(DateTime.fromISO("2027-03-01T12:00:00Z"), async () => {
      const hours = (start: string, end: string) => addException(owner, { date: "2027-03-14", kind: "HOURS", windows: [{ start, end }] }, noMeta);
      await expect(hours("02:30", "03:30")).rejects.toMatchObject({
        code: "NONEXISTENT_LOCAL_TIME",
        field: "start",
        message: "02:30 does not exist on Sun 14 Mar 2027 in America/New_York: the clocks jump from 02:00 to 03:00 for daylight saving. Choose a time before 02:00 or from 03:00.",
      });
      await expect(hours("01:00", "02:30")).rejects.toMatchObject({
        code: "NONEXISTENT_LOCAL_TIME",
        field: "end",
        message: expect.stringMatching(/End by 02:00 or from 03:00\.$/),
      });
      await expect(createSlot(owner, { date: "2027-03-14", start: "02:30", end: "03:30", kind: "ONE_TO_ONE", capacity: 1 }, noMeta)).rejects.toMatchObject({
        code: "NONEXISTENT_LOCAL_TIME",
        field: "start",
      });
      expect(await prisma.availabilityException.count()).toBe(0);
      expect(await prisma.auditEvent.count({ where: { action: "availability.exception_added" } })).toBe(0);

      // Until the jump is fine: 01:00–02:00 is the hour before the clocks go forward.
      await hours("01:00", "02:00");
      expect((await getSchedule(owner.id, owner.timezone)).exceptions.map((row) => [row.date, row.start, row.end])).toEqual([["2027-03-14", "01:00", "02:00"]]);
    });
  });

  it.each([
    ["2026-02-30", "INVALID_DATE"],
    ["2027-13-01", "INVALID_DATE"],
    ["0000-00-00", "INVALID_DATE"],
    ["9999-12-31", "DATE_OUT_OF_RANGE"],
  ])("refuses a day off on %s with a date field error and writes nothing", async (date, code) => {
    const owner = await tutor("UTC");
    await expect(addException(owner, { date, kind: "BLOCKED" }, noMeta)).rejects.toMatchObject({ name: "DomainError", code, field: "date" });
    expect(await prisma.availabilityException.count()).toBe(0);
  });

  it("asks for a profile before any hours", async () => {
    const bare = await createUser({ roles: ["TUTOR"] });
    await expect(saveWeeklySchedule({ ...bare, timezone: "UTC" }, [], noMeta)).rejects.toMatchObject({ code: "NO_TUTOR_PROFILE" });
  });
});
