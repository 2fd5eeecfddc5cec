import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/shared/errors";
import {
  DAY_MS,
  endMinutesOfDay,
  gapAround,
  isLocalDate,
  isLocalTime,
  localTimeFromMinutes,
  minutesOfDay,
  offsetTimeline,
  resolveLocalTime,
  zoneOffsetMinutes,
} from "./local-time";

describe("isLocalDate", () => {
  it.each([
    ["2026-11-23", true],
    ["2028-02-29", true], // leap year
    ["2026-02-29", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-1-05", false],
    ["2026-11-23T09:00", false],
    ["23/11/2026", false],
    ["", false],
    ["0099-01-01", true], // not rolled into 1999
  ])("%s → %s", (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });
});

describe("isLocalTime", () => {
  it.each([
    ["00:00", true],
    ["09:30", true],
    ["23:59", true],
    ["24:00", false],
    ["9:00", false],
    ["09:60", false],
    ["09:00:00", false],
    [" 09:00", false],
    ["9am", false],
  ])("%s → %s", (value, expected) => {
    expect(isLocalTime(value)).toBe(expected);
  });
});

describe("minutes of the day", () => {
  it.each([
    ["00:00", 0, 1440],
    ["09:30", 570, 570],
    ["23:59", 1439, 1439],
  ])("%s is %i as a start and %i as an end", (time, asStart, asEnd) => {
    expect(minutesOfDay(time)).toBe(asStart);
    expect(endMinutesOfDay(time)).toBe(asEnd);
    expect(localTimeFromMinutes(asEnd)).toBe(time);
  });
});

describe("resolveLocalTime", () => {
  type Expected = { instant: string; ambiguous: boolean } | "NONEXISTENT";
  it.each<[string, string, string, string, Expected]>([
    // New York: spring forward 02:00 → 03:00 on 8 Mar 2026, fall back 02:00 → 01:00 on 1 Nov 2026.
    ["New York gap", "America/New_York", "2026-03-08", "02:30", "NONEXISTENT"],
    ["New York gap start", "America/New_York", "2026-03-08", "02:00", "NONEXISTENT"],
    ["New York before gap", "America/New_York", "2026-03-08", "01:59", { instant: "2026-03-08T06:59:00.000Z", ambiguous: false }],
    ["New York after gap", "America/New_York", "2026-03-08", "03:00", { instant: "2026-03-08T07:00:00.000Z", ambiguous: false }],
    ["New York repeated 01:30 (EDT)", "America/New_York", "2026-11-01", "01:30", { instant: "2026-11-01T05:30:00.000Z", ambiguous: true }],
    ["New York repeated 01:00 (EDT)", "America/New_York", "2026-11-01", "01:00", { instant: "2026-11-01T05:00:00.000Z", ambiguous: true }],
    ["New York 00:59 before repeat", "America/New_York", "2026-11-01", "00:59", { instant: "2026-11-01T04:59:00.000Z", ambiguous: false }],
    ["New York 02:00 after repeat", "America/New_York", "2026-11-01", "02:00", { instant: "2026-11-01T07:00:00.000Z", ambiguous: false }],
    // London: 01:00 → 02:00 on 29 Mar 2026, 02:00 → 01:00 on 25 Oct 2026.
    ["London gap", "Europe/London", "2026-03-29", "01:30", "NONEXISTENT"],
    ["London after gap", "Europe/London", "2026-03-29", "02:00", { instant: "2026-03-29T01:00:00.000Z", ambiguous: false }],
    ["London repeated 01:30 (BST)", "Europe/London", "2026-10-25", "01:30", { instant: "2026-10-25T00:30:00.000Z", ambiguous: true }],
    // Lord Howe moves only 30 minutes: 02:00 → 02:30 on 4 Oct 2026 (+10:30 → +11), 02:00 → 01:30 on 5 Apr 2026.
    ["Lord Howe gap 02:00", "Australia/Lord_Howe", "2026-10-04", "02:00", "NONEXISTENT"],
    ["Lord Howe gap 02:15", "Australia/Lord_Howe", "2026-10-04", "02:15", "NONEXISTENT"],
    ["Lord Howe before gap", "Australia/Lord_Howe", "2026-10-04", "01:59", { instant: "2026-10-03T15:29:00.000Z", ambiguous: false }],
    ["Lord Howe after gap", "Australia/Lord_Howe", "2026-10-04", "02:30", { instant: "2026-10-03T15:30:00.000Z", ambiguous: false }],
    ["Lord Howe repeated 01:30", "Australia/Lord_Howe", "2026-04-05", "01:30", { instant: "2026-04-04T14:30:00.000Z", ambiguous: true }],
    ["Lord Howe repeated 01:45", "Australia/Lord_Howe", "2026-04-05", "01:45", { instant: "2026-04-04T14:45:00.000Z", ambiguous: true }],
    ["Lord Howe 01:29 before repeat", "Australia/Lord_Howe", "2026-04-05", "01:29", { instant: "2026-04-04T14:29:00.000Z", ambiguous: false }],
    ["Lord Howe 02:00 after repeat", "Australia/Lord_Howe", "2026-04-05", "02:00", { instant: "2026-04-04T15:30:00.000Z", ambiguous: false }],
    // Kathmandu is +05:45 all year.
    ["Kathmandu", "Asia/Kathmandu", "2026-11-23", "09:00", { instant: "2026-11-23T03:15:00.000Z", ambiguous: false }],
    ["Kathmandu on a European DST night", "Asia/Kathmandu", "2026-03-29", "02:30", { instant: "2026-03-28T20:45:00.000Z", ambiguous: false }],
    // Chatham: 02:45 → 03:45 on 27 Sep 2026 (+12:45 → +13:45), 03:45 → 02:45 on 5 Apr 2026.
    ["Chatham gap start", "Pacific/Chatham", "2026-09-27", "02:45", "NONEXISTENT"],
    ["Chatham gap end", "Pacific/Chatham", "2026-09-27", "03:44", "NONEXISTENT"],
    ["Chatham before gap", "Pacific/Chatham", "2026-09-27", "02:44", { instant: "2026-09-26T13:59:00.000Z", ambiguous: false }],
    ["Chatham after gap", "Pacific/Chatham", "2026-09-27", "03:45", { instant: "2026-09-26T14:00:00.000Z", ambiguous: false }],
    ["Chatham repeated 03:00", "Pacific/Chatham", "2026-04-05", "03:00", { instant: "2026-04-04T13:15:00.000Z", ambiguous: true }],
    ["Chatham 03:45 after repeat", "Pacific/Chatham", "2026-04-05", "03:45", { instant: "2026-04-04T15:00:00.000Z", ambiguous: false }],
  ])("%s: %s %s %s", (_name, zone, date, time, expected) => {
    const result = resolveLocalTime(date, time, zone);
    if (expected === "NONEXISTENT") {
      expect(result).toEqual({ ok: false, reason: "NONEXISTENT" });
      return;
    }
    if (!result.ok) throw new Error(`expected ${date} ${time} to exist in ${zone}`);
    expect(result.instant.toISO()).toBe(expected.instant);
    expect(result.instant.zoneName).toBe("UTC");
    expect(result.ambiguous).toBe(expected.ambiguous);
  });

  it.each([
    ["2026-02-30", "09:00", "America/New_York", "INVALID_DATE"],
    ["2026-11-23", "24:00", "America/New_York", "INVALID_TIME"],
    ["2026-11-23", "09:00", "Mars/Olympus_Mons", "INVALID_TIME_ZONE"],
  ])("rejects %s %s in %s with %s", (date, time, zone, code) => {
    expect(() => resolveLocalTime(date, time, zone)).toThrow(DomainError);
    try {
      resolveLocalTime(date, time, zone);
    } catch (error) {
      expect((error as DomainError).code).toBe(code);
    }
  });
});

describe("gapAround", () => {
  it.each([
    ["America/New_York", "2026-03-08", "02:30", { from: "02:00", to: "03:00" }],
    ["Europe/London", "2026-03-29", "01:30", { from: "01:00", to: "02:00" }],
    ["Australia/Lord_Howe", "2026-10-04", "02:10", { from: "02:00", to: "02:30" }],
    ["Pacific/Chatham", "2026-09-27", "03:00", { from: "02:45", to: "03:45" }],
    ["America/New_York", "2026-03-08", "03:00", null],
    ["America/New_York", "2026-11-01", "01:30", null],
  ])("%s %s %s → %j", (zone, date, time, expected) => {
    expect(gapAround(date, time, zone)).toEqual(expected);
  });
});

describe("offsetTimeline", () => {
  it.each([
    ["America/New_York", "2026-02-20T00:00:00Z"],
    ["Europe/London", "2026-10-01T00:00:00Z"],
    ["Australia/Lord_Howe", "2026-09-20T00:00:00Z"],
    ["Pacific/Chatham", "2026-03-20T00:00:00Z"],
    ["Asia/Kathmandu", "2026-03-20T00:00:00Z"],
  ])("agrees with Intl every 7 minutes for 40 days in %s from %s", (zone, fromIso) => {
    const fromMs = Date.parse(fromIso);
    const toMs = fromMs + 40 * DAY_MS;
    const offsetAt = offsetTimeline(zone, fromMs, toMs);
    for (let epochMs = fromMs - DAY_MS; epochMs <= toMs + DAY_MS; epochMs += 7 * 60_000) {
      expect(offsetAt(epochMs)).toBe(zoneOffsetMinutes(zone, epochMs));
    }
  });
});
