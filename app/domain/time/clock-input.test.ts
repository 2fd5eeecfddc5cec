import { describe, expect, it } from "vitest";
import { SlotFormSchema } from "~/domain/scheduling/slot-form";
import { CLOCK_INPUT_ATTRIBUTES, readClockTime } from "./clock-input";

/** Issue 13 B16: times of day are typed and read as 24-hour times, never AM/PM. */
describe("readClockTime", () => {
  it.each([
    ["09:00", "09:00"],
    ["9:00", "09:00"],
    ["0900", "09:00"],
    ["9.30", "09:30"],
    [" 17:30 ", "17:30"],
    ["00:00", "00:00"],
    ["23:59", "23:59"],
  ])("reads %j as %s", (text, expected) => {
    expect(readClockTime(text)).toBe(expected);
  });

  it.each(["9am", "2:30 PM", "12:00 am", "24:00", "17:60", "17:3", "", "noon", "1:2:3"])("refuses %j", (text) => {
    expect(readClockTime(text)).toBeNull();
  });

  it("offers the browser a pattern that agrees with the reading", () => {
    const pattern = new RegExp(`^(?:${CLOCK_INPUT_ATTRIBUTES.pattern})$`);
    for (const text of ["09:00", "9:00", "0900", "9.30", "23:59", "00:00"]) expect(pattern.test(text), text).toBe(true);
    for (const text of ["9am", "24:00", "17:60", "2:30 PM"]) expect(pattern.test(text), text).toBe(false);
    expect(CLOCK_INPUT_ATTRIBUTES.type).toBe("text"); // not type=time, which follows the browser's locale (AM/PM)
  });
});

describe("the slot form reads 24-hour times", () => {
  const slot = (start: string, end: string) => SlotFormSchema.safeParse({ date: "2026-11-30", start, end, kind: "ONE_TO_ONE" });

  it("keeps afternoon times as typed and normalises short ones", () => {
    expect(slot("14:00", "15:30")).toMatchObject({ success: true, data: { start: "14:00", end: "15:30" } });
    expect(slot("9:00", "0945")).toMatchObject({ success: true, data: { start: "09:00", end: "09:45" } });
  });

  it("refuses AM/PM", () => {
    const result = slot("2:00 PM", "3:00 PM");
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["start", "Enter a time like 09:00."],
      ["end", "Enter a time like 09:00."],
    ]);
  });
});
