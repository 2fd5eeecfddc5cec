import { describe, expect, it } from "vitest";
import { ExceptionSchema, scheduleFormValues, WeeklyScheduleSchema, windowFieldName } from "./schedule-form";

describe("WeeklyScheduleSchema", () => {
  it("turns filled rows into windows and ignores blank ones", () => {
    const result = WeeklyScheduleSchema.parse({
      [windowFieldName(1, 0, "start")]: "09:00",
      [windowFieldName(1, 0, "end")]: "12:00",
      [windowFieldName(1, 1, "start")]: "14:00",
      [windowFieldName(1, 1, "end")]: "18:00",
      [windowFieldName(6, 0, "start")]: "10:00",
      [windowFieldName(6, 0, "end")]: "13:00",
    });
    expect(result).toEqual([
      { weekday: 1, start: "09:00", end: "12:00" },
      { weekday: 1, start: "14:00", end: "18:00" },
      { weekday: 6, start: "10:00", end: "13:00" },
    ]);
  });

  it("names the missing half of a row and a malformed time", () => {
    const result = WeeklyScheduleSchema.safeParse({ [windowFieldName(2, 0, "start")]: "09:00", [windowFieldName(3, 0, "start")]: "9am", [windowFieldName(3, 0, "end")]: "10:00" });
    expect(result.success).toBe(false);
    const issues = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(issues).toEqual({ [windowFieldName(3, 0, "start")]: "Use a time like 09:00." });
    const second = WeeklyScheduleSchema.safeParse({ [windowFieldName(2, 0, "start")]: "09:00" });
    expect(second.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[windowFieldName(2, 0, "end"), "Add the end time."]]);
  });

  it("round-trips through the form values", () => {
    const windows = [
      { weekday: 1 as const, start: "09:00", end: "12:00" },
      { weekday: 7 as const, start: "18:00", end: "00:00" },
    ];
    expect(WeeklyScheduleSchema.parse(scheduleFormValues(windows))).toEqual(windows);
  });
});

describe("ExceptionSchema", () => {
  it.each([
    [{ date: "2026-12-24", kind: "BLOCKED" }, true],
    [{ date: "2026-12-24", kind: "HOURS", start: "10:00", end: "12:00" }, true],
    [{ date: "2026-12-24", kind: "HOURS", start: "10:00" }, false],
    [{ date: "24/12/2026", kind: "BLOCKED" }, false],
    [{ date: "2026-12-24", kind: "HOLIDAY" }, false],
  ])("%j → %s", (input, ok) => {
    expect(ExceptionSchema.safeParse(input).success).toBe(ok);
  });

  // Issue 12: dates a fuzzer posted, each answered beside the date field (they used to reach the database).
  it.each([
    ["2026-02-30", "2026-02-30 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    ["2027-13-01", "2027-13-01 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    ["0000-00-00", "0000-00-00 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    ["9999-12-31", "9999-12-31 is outside the years we handle (2000 to 2100). Pick a date from the calendar."],
    ["24/12/2026", '"24/12/2026" is not a date. Write it like 2026-11-23, or pick one from the calendar.'],
    [undefined, "Choose a date."],
  ])("refuses the date %j on the date field", (date, message) => {
    const result = ExceptionSchema.safeParse({ date, kind: "BLOCKED" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["date", message]]);
  });
});
