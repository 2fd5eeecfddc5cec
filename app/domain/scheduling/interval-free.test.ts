import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { isIntervalFree, type GenerateBookableTimesInput } from "./bookable-times";

const ZONE = "Europe/London";
// Monday 2026-11-23 is a weekday; the tutor works 09:00–12:00 on Mondays.
const NOW = DateTime.fromISO("2026-11-20T12:00:00Z");
const at = (time: string) => DateTime.fromISO(`2026-11-23T${time}`, { zone: ZONE }).toJSDate();

function tutor(overrides: Partial<GenerateBookableTimesInput> = {}): GenerateBookableTimesInput {
  return {
    zone: ZONE,
    weekly: [{ weekday: 1, start: "09:00", end: "12:00" }],
    exceptions: [],
    slots: [],
    busy: [],
    durations: [60],
    bufferMinutes: 15,
    policy: SCHEDULING_POLICY_DEFAULTS,
    now: NOW,
    ...overrides,
  };
}

describe("isIntervalFree", () => {
  it.each<[string, string, string, boolean]>([
    ["inside the window", "09:00", "10:00", true],
    ["off the tutor's granularity and lengths (09:10 for 50 minutes)", "09:10", "10:00", true],
    ["ending exactly at the window's end", "11:00", "12:00", true],
    ["running past the window", "11:30", "12:30", false],
    ["starting before the window", "08:30", "09:30", false],
  ])("an interval %s", (_case, start, end, free) => {
    expect(isIntervalFree(tutor(), { startsAt: at(start), endsAt: at(end) })).toBe(free);
  });

  it("keeps the buffer around busy sessions and dated slots", () => {
    const busy = [{ startsAt: at("10:00"), endsAt: at("11:00") }];
    expect(isIntervalFree(tutor({ busy }), { startsAt: at("09:00"), endsAt: at("09:45") })).toBe(true);
    expect(isIntervalFree(tutor({ busy }), { startsAt: at("09:00"), endsAt: at("09:46") })).toBe(false);
    expect(isIntervalFree(tutor({ busy }), { startsAt: at("11:15"), endsAt: at("12:00") })).toBe(true);
    expect(isIntervalFree(tutor({ busy }), { startsAt: at("11:14"), endsAt: at("12:00") })).toBe(false);
    const slots = [{ id: "s", startsAt: at("09:00"), endsAt: at("10:00"), kind: "GROUP" as const, capacity: 4, seatsTaken: 0 }];
    expect(isIntervalFree(tutor({ slots }), { startsAt: at("10:00"), endsAt: at("11:00") })).toBe(false);
    expect(isIntervalFree(tutor({ slots }), { startsAt: at("10:15"), endsAt: at("11:15") })).toBe(true);
  });

  it("follows exceptions: a day off, or other hours that day", () => {
    expect(isIntervalFree(tutor({ exceptions: [{ date: "2026-11-23", kind: "BLOCKED" }] }), { startsAt: at("09:00"), endsAt: at("10:00") })).toBe(false);
    const hours = tutor({ exceptions: [{ date: "2026-11-23", kind: "HOURS", windows: [{ start: "14:00", end: "16:00" }] }] });
    expect(isIntervalFree(hours, { startsAt: at("09:00"), endsAt: at("10:00") })).toBe(false);
    expect(isIntervalFree(hours, { startsAt: at("14:00"), endsAt: at("15:30") })).toBe(true);
  });

  it("asks the notice and horizon a booking would", () => {
    const justBefore = DateTime.fromJSDate(at("09:00")).minus({ minutes: SCHEDULING_POLICY_DEFAULTS.minNoticeMinutes - 1 });
    expect(isIntervalFree(tutor({ now: justBefore }), { startsAt: at("09:00"), endsAt: at("10:00") })).toBe(false);
    const exactly = DateTime.fromJSDate(at("09:00")).minus({ minutes: SCHEDULING_POLICY_DEFAULTS.minNoticeMinutes });
    expect(isIntervalFree(tutor({ now: exactly }), { startsAt: at("09:00"), endsAt: at("10:00") })).toBe(true);
    const longAgo = DateTime.fromISO("2026-10-01T12:00:00Z");
    expect(isIntervalFree(tutor({ now: longAgo }), { startsAt: at("09:00"), endsAt: at("10:00") })).toBe(false);
  });

  it("rejects an empty or reversed interval", () => {
    expect(isIntervalFree(tutor(), { startsAt: at("10:00"), endsAt: at("10:00") })).toBe(false);
    expect(isIntervalFree(tutor(), { startsAt: at("10:00"), endsAt: at("09:00") })).toBe(false);
  });
});
