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
    [{ date: "next monday" }, "date", "Choose a date."],
    [{ kind: "PRIVATE" }, "kind", "Choose 1:1 or group."],
    [{ kind: "GROUP", capacity: "2.5" }, "capacity", "Enter a whole number of seats."],
  ])("rejects %j on %s", (override, field, message) => {
    const result = SlotFormSchema.safeParse({ date: "2026-11-30", start: "09:00", end: "10:00", kind: "ONE_TO_ONE", ...override });
    expect(result.success).toBe(false);
    expect(result.error!.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });
});
