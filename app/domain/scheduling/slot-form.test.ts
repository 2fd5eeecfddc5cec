import { describe, expect, it } from "vitest";
import { SlotFormSchema } from "./slot-form";

describe("SlotFormSchema", () => {
  it.each([
    [{ date: "2026-11-30", start: "09:00", end: "10:00", kind: "ONE_TO_ONE" }, { capacity: 1 }],
    [{ date: "2026-11-30", start: "09:00", end: "10:00", kind: "ONE_TO_ONE", capacity: "3" }, { capacity: 3 }],
    [{ date: "2026-11-30", start: "09:00", end: "10:00", kind: "GROUP", capacity: "8" }, { capacity: 8 }],
  ])("parses %j", (input, expected) => {
    expect(SlotFormSchema.parse(input)).toMatchObject(expected);
  });

  it.each([
    [{ kind: "GROUP" }, "capacity", "Enter the number of seats (2 to 20)."],
    [{ start: "9am" }, "start", "Enter a time like 09:00."],
    [{ date: "next monday" }, "date", '"next monday" is not a date. Write it like 2026-11-23, or pick one from the calendar.'],
    [{ date: undefined }, "date", "Choose a date."],
    // Issue 12: what a fuzzer posted to /tutor/slots, now a message beside the date field.
    [{ date: "2026-02-30" }, "date", "2026-02-30 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    [{ date: "2027-13-01" }, "date", "2027-13-01 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    [{ date: "0000-00-00" }, "date", "0000-00-00 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    [{ date: "9999-12-31" }, "date", "9999-12-31 is outside the years we handle (2000 to 2100). Pick a date from the calendar."],
    [{ kind: "PRIVATE" }, "kind", "Choose 1:1 or group."],
    [{ kind: "GROUP", capacity: "2.5" }, "capacity", "Enter a whole number of seats."],
  ])("rejects %j on %s", (override, field, message) => {
    const result = SlotFormSchema.safeParse({ date: "2026-11-30", start: "09:00", end: "10:00", kind: "ONE_TO_ONE", ...override });
    expect(result.success).toBe(false);
    expect(result.error!.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });
});
