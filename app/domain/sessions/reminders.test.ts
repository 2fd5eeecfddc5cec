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
const bookedLongAgo = new Date(start - 7 * 24 * HOUR);

describe("reminderPlan", () => {
  it.each<[string, number, ReminderKind[], Date | null, ReturnType<typeof reminderPlan>]>([
    ["one second before the 24 h instant: nothing", start - 24 * HOUR - SECOND, [], bookedLongAgo, null],
    ["exactly 24 h before: the day-before reminder", start - 24 * HOUR, [], bookedLongAgo, { kind: "24h", action: "send" }],
    ["24 h reminder already handled: nothing until the 1 h instant", start - HOUR - SECOND, ["24h"], bookedLongAgo, null],
    ["exactly 1 h before: the hour-before reminder", start - HOUR, ["24h"], bookedLongAgo, { kind: "1h", action: "send" }],
    ["runner down for a day: 30 min before, only the 1 h reminder", start - 30 * MINUTE, [], bookedLongAgo, { kind: "1h", action: "send" }],
    ["late 24 h reminder (runner down 3 h) still goes", start - 21 * HOUR, [], bookedLongAgo, { kind: "24h", action: "send" }],
    ["at the start: nothing, even unsent", start, [], bookedLongAgo, null],
    ["after the start: nothing", start + MINUTE, [], bookedLongAgo, null],
    ["booked 10 h ahead: the 24 h reminder is recorded, not sent", start - 10 * HOUR + MINUTE, [], new Date(start - 10 * HOUR), { kind: "24h", action: "skip" }],
    ["booked 10 h ahead: the 1 h reminder is sent", start - HOUR, ["24h"], new Date(start - 10 * HOUR), { kind: "1h", action: "send" }],
    ["booked exactly at the 1 h instant: recorded, not sent", start - HOUR, [], new Date(start - HOUR), { kind: "1h", action: "skip" }],
    ["booked one second before the 1 h instant: sent", start - HOUR, [], new Date(start - HOUR - SECOND), { kind: "1h", action: "send" }],
    ["unknown booking time: sent", start - HOUR, [], null, { kind: "1h", action: "send" }],
  ])("%s", (_name, nowMs, sent, knownSince, expected) => {
    expect(reminderPlan({ startsAt }, { sent, knownSince }, at(nowMs))).toEqual(expected);
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
