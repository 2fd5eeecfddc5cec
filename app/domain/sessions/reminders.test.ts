import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { ReminderKind } from "./attendance-windows";
import { reminderPlan, timeUntilStart } from "./reminders";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const startsAt = new Date("2026-03-08T16:00:00Z");
const start = startsAt.getTime();
const at = (ms: number) => DateTime.fromMillis(ms, { zone: "UTC" });

describe("reminderPlan", () => {
  it.each<[string, number, ReminderKind[], ReminderKind | null]>([
    ["one second before the 24 h instant: nothing", start - 24 * HOUR - SECOND, [], null],
    ["exactly 24 h before: the day-before reminder", start - 24 * HOUR, [], "24h"],
    ["24 h reminder already sent: nothing until the 1 h instant", start - HOUR - SECOND, ["24h"], null],
    ["exactly 1 h before: the hour-before reminder", start - HOUR, ["24h"], "1h"],
    ["1 h reminder sent: nothing more", start - 30 * MINUTE, ["24h", "1h"], null],
    ["runner down for a day: 30 min before, only the 1 h reminder", start - 30 * MINUTE, [], "1h"],
    ["after the 1 h reminder, never the missed 24 h one", start - 20 * MINUTE, ["1h"], null],
    ["late 24 h reminder (runner down 3 h, or booked 21 h ahead) still goes", start - 21 * HOUR, [], "24h"],
    ["at the start: nothing, even unsent", start, [], null],
    ["after the start: nothing", start + MINUTE, [], null],
  ])("%s", (_name, nowMs, sent, expected) => {
    expect(reminderPlan({ startsAt }, sent, at(nowMs))).toEqual(expected);
  });
});

describe("timeUntilStart", () => {
  it.each([
    [24 * HOUR, "in 24 hours"],
    [HOUR, "in 1 hour"],
    [HOUR + MINUTE, "in 1 hour 1 minute"],
    [21 * HOUR + 30 * MINUTE, "in 21 hours 30 minutes"],
    [35 * MINUTE, "in 35 minutes"],
    [MINUTE, "in 1 minute"],
    [20 * SECOND, "in 0 minutes"],
  ])("%d ms before → %s", (lead, text) => {
    expect(timeUntilStart(startsAt, at(start - lead))).toBe(text);
  });
});
