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
});
