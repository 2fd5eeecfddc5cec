import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { DomainError } from "~/domain/shared/errors";
import {
  datedRangeFields,
  resolveDatedRange,
  validateException,
  validateSlot,
  validateWeeklyWindows,
  type ExceptionInput,
  type ExistingSlot,
  type SlotInput,
  type WeeklyWindow,
} from "./rules";

function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("validateWeeklyWindows", () => {
  it.each<[string, WeeklyWindow[], WeeklyWindow[]]>([
    ["no weekly hours", [], []],
    [
      "sorted by weekday, then start",
      [
        { weekday: 3, start: "14:00", end: "16:00" },
        { weekday: 1, start: "14:00", end: "19:00" },
        { weekday: 1, start: "09:00", end: "12:00" },
      ],
      [
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 1, start: "14:00", end: "19:00" },
        { weekday: 3, start: "14:00", end: "16:00" },
      ],
    ],
    [
      "back-to-back windows",
      [
        { weekday: 2, start: "10:00", end: "11:00" },
        { weekday: 2, start: "09:00", end: "10:00" },
      ],
      [
        { weekday: 2, start: "09:00", end: "10:00" },
        { weekday: 2, start: "10:00", end: "11:00" },
      ],
    ],
    ["an end of 00:00 is midnight", [{ weekday: 5, start: "20:00", end: "00:00" }], [{ weekday: 5, start: "20:00", end: "00:00" }]],
    ["the whole day", [{ weekday: 7, start: "00:00", end: "00:00" }], [{ weekday: 7, start: "00:00", end: "00:00" }]],
    [
      "the same hours on different days do not overlap",
      [
        { weekday: 4, start: "09:00", end: "12:00" },
        { weekday: 2, start: "09:00", end: "12:00" },
      ],
      [
        { weekday: 2, start: "09:00", end: "12:00" },
        { weekday: 4, start: "09:00", end: "12:00" },
      ],
    ],
  ])("accepts %s", (_name, windows, expected) => {
    expect(validateWeeklyWindows(windows)).toEqual(expected);
  });

  it("accepts 12 windows on one weekday", () => {
    const twelve = Array.from({ length: 12 }, (_, hour) => ({
      weekday: 1 as const,
      start: `${String(hour * 2).padStart(2, "0")}:00`,
      end: `${String(hour * 2).padStart(2, "0")}:30`,
    }));
    expect(validateWeeklyWindows(twelve)).toHaveLength(12);
  });

  it.each<[string, WeeklyWindow[], string, RegExp]>([
    ["end before start", [{ weekday: 1, start: "12:00", end: "09:00" }], "ENDS_BEFORE_START", /^Monday: 12:00–09:00 does not end after it starts/],
    ["end equal to start", [{ weekday: 2, start: "09:00", end: "09:00" }], "ENDS_BEFORE_START", /^Tuesday/],
    [
      "overlap",
      [
        { weekday: 3, start: "11:00", end: "13:00" },
        { weekday: 3, start: "09:00", end: "12:00" },
      ],
      "WINDOWS_OVERLAP",
      /^Wednesday: 09:00–12:00 and 11:00–13:00 overlap/,
    ],
    [
      "one inside another",
      [
        { weekday: 4, start: "09:00", end: "17:00" },
        { weekday: 4, start: "10:00", end: "11:00" },
      ],
      "WINDOWS_OVERLAP",
      /^Thursday/,
    ],
    [
      "overlapping a window that ends at midnight",
      [
        { weekday: 6, start: "20:00", end: "00:00" },
        { weekday: 6, start: "23:00", end: "23:30" },
      ],
      "WINDOWS_OVERLAP",
      /^Saturday/,
    ],
    ["malformed start", [{ weekday: 5, start: "9:00", end: "12:00" }], "INVALID_TIME", /^Friday: "9:00" is not a time/],
    ["malformed end", [{ weekday: 7, start: "09:00", end: "24:00" }], "INVALID_TIME", /^Sunday: "24:00"/],
    ["weekday 0", [{ weekday: 0 as WeeklyWindow["weekday"], start: "09:00", end: "10:00" }], "INVALID_WEEKDAY", /Monday to Sunday/],
    [
      "13 windows",
      Array.from({ length: 13 }, (_, hour) => ({ weekday: 1 as const, start: `${String(hour).padStart(2, "0")}:00`, end: `${String(hour).padStart(2, "0")}:30` })),
      "TOO_MANY_WINDOWS",
      /^Monday has 13 time ranges; the most is 12/,
    ],
  ])("rejects %s", (_name, windows, code, message) => {
    const error = domainErrorOf(() => validateWeeklyWindows(windows));
    expect(error.code).toBe(code);
    expect(error.field).toBe("windows");
    expect(error.message).toMatch(message);
  });
});

describe("validateException", () => {
  // Monday 23 Nov 2026, 09:00 in New York; the horizon ends Monday 21 Dec 09:00.
  const context = { zone: "America/New_York", now: DateTime.fromISO("2026-11-23T14:00:00Z"), policy: SCHEDULING_POLICY_DEFAULTS };

  it.each<[string, ExceptionInput, ExceptionInput]>([
    ["a blocked day today", { date: "2026-11-23", kind: "BLOCKED" }, { date: "2026-11-23", kind: "BLOCKED" }],
    ["the last bookable date", { date: "2026-12-21", kind: "BLOCKED" }, { date: "2026-12-21", kind: "BLOCKED" }],
    [
      "hours, sorted",
      {
        date: "2026-11-30",
        kind: "HOURS",
        windows: [
          { start: "15:00", end: "17:00" },
          { start: "08:00", end: "10:00" },
        ],
      },
      {
        date: "2026-11-30",
        kind: "HOURS",
        windows: [
          { start: "08:00", end: "10:00" },
          { start: "15:00", end: "17:00" },
        ],
      },
    ],
    [
      "hours until midnight",
      { date: "2026-11-30", kind: "HOURS", windows: [{ start: "18:00", end: "00:00" }] },
      { date: "2026-11-30", kind: "HOURS", windows: [{ start: "18:00", end: "00:00" }] },
    ],
  ])("accepts %s", (_name, input, expected) => {
    expect(validateException(input, context)).toEqual(expected);
  });

  it.each<[string, ExceptionInput, string, string, RegExp]>([
    ["a malformed date", { date: "2026-11-31", kind: "BLOCKED" }, "INVALID_DATE", "date", /not a date/],
    // What a fuzzer sent (issue 12): each a field error on the date, never a RangeError.
    ["30 February", { date: "2026-02-30", kind: "BLOCKED" }, "INVALID_DATE", "date", /^2026-02-30 is not a date in the calendar/],
    ["month 13", { date: "2027-13-01", kind: "BLOCKED" }, "INVALID_DATE", "date", /^2027-13-01 is not a date in the calendar/],
    ["the zero date", { date: "0000-00-00", kind: "BLOCKED" }, "INVALID_DATE", "date", /^0000-00-00 is not a date in the calendar/],
    ["year 9999", { date: "9999-12-31", kind: "BLOCKED" }, "DATE_OUT_OF_RANGE", "date", /outside the years we handle \(2000 to 2100\)/],
    ["yesterday", { date: "2026-11-22", kind: "BLOCKED" }, "DATE_IN_PAST", "date", /Sun 22 Nov 2026 has already passed/],
    ["beyond the horizon", { date: "2026-12-22", kind: "BLOCKED" }, "BEYOND_HORIZON", "date", /the last date you can change is Mon 21 Dec 2026/],
    [
      "overlapping hours",
      {
        date: "2026-11-30",
        kind: "HOURS",
        windows: [
          { start: "08:00", end: "10:00" },
          { start: "09:00", end: "11:00" },
        ],
      },
      "WINDOWS_OVERLAP",
      "windows",
      /^Mon 30 Nov 2026: 08:00–10:00 and 09:00–11:00 overlap/,
    ],
    ["hours ending before they start", { date: "2026-11-30", kind: "HOURS", windows: [{ start: "10:00", end: "08:00" }] }, "ENDS_BEFORE_START", "windows", /Mon 30 Nov 2026/],
    ["no hours", { date: "2026-11-30", kind: "HOURS", windows: [] }, "NO_HOURS", "windows", /block the whole day instead/],
  ])("rejects %s", (_name, input, code, field, message) => {
    const error = domainErrorOf(() => validateException(input, context));
    expect([error.code, error.field]).toEqual([code, field]);
    expect(error.message).toMatch(message);
  });

  it("uses today in the tutor's zone, not UTC", () => {
    // 03:00 UTC on the 24th is still the 23rd in New York.
    const lateEvening = { ...context, now: DateTime.fromISO("2026-11-24T03:00:00Z") };
    expect(validateException({ date: "2026-11-23", kind: "BLOCKED" }, lateEvening)).toEqual({ date: "2026-11-23", kind: "BLOCKED" });
  });
});

describe("validateSlot", () => {
  const zone = "America/New_York";
  // Monday 23 Nov 2026, 09:00 EST; the horizon ends Monday 21 Dec 2026, 09:00 EST.
  const now = DateTime.fromISO("2026-11-23T14:00:00Z");
  const existing: ExistingSlot[] = [
    { id: "wed-10", startsAt: new Date("2026-11-25T15:00:00Z"), endsAt: new Date("2026-11-25T16:00:00Z") }, // 10:00–11:00 local
  ];
  const context = { zone, now, policy: SCHEDULING_POLICY_DEFAULTS, existing };
  const slot = (overrides: Partial<SlotInput>): SlotInput => ({ date: "2026-11-25", start: "14:00", end: "15:00", kind: "ONE_TO_ONE", capacity: 1, ...overrides });

  it.each<[string, Partial<SlotInput>, string, string, number]>([
    ["1:1 with capacity 1", {}, "2026-11-25T19:00:00.000Z", "2026-11-25T20:00:00.000Z", 60],
    ["group of 2", { kind: "GROUP", capacity: 2 }, "2026-11-25T19:00:00.000Z", "2026-11-25T20:00:00.000Z", 60],
    ["group of 20", { kind: "GROUP", capacity: 20 }, "2026-11-25T19:00:00.000Z", "2026-11-25T20:00:00.000Z", 60],
    ["back-to-back before another slot", { start: "09:00", end: "10:00" }, "2026-11-25T14:00:00.000Z", "2026-11-25T15:00:00.000Z", 60],
    ["back-to-back after another slot", { start: "11:00", end: "12:30" }, "2026-11-25T16:00:00.000Z", "2026-11-25T17:30:00.000Z", 90],
    ["until midnight", { start: "22:00", end: "00:00" }, "2026-11-26T03:00:00.000Z", "2026-11-26T05:00:00.000Z", 120],
    ["a minute after now", { date: "2026-11-23", start: "09:01", end: "10:00" }, "2026-11-23T14:01:00.000Z", "2026-11-23T15:00:00.000Z", 59],
    ["a minute before the horizon", { date: "2026-12-21", start: "08:59", end: "10:00" }, "2026-12-21T13:59:00.000Z", "2026-12-21T15:00:00.000Z", 61],
  ])("accepts %s", (_name, overrides, startsAt, endsAt, durationMinutes) => {
    const valid = validateSlot(slot(overrides), context);
    expect(valid.startsAt.toISO()).toBe(startsAt);
    expect(valid.endsAt.toISO()).toBe(endsAt);
    expect(valid.durationMinutes).toBe(durationMinutes);
    expect(valid.startOffset).toBe("GMT-5");
  });

  it.each<[string, Partial<SlotInput>, string, string, RegExp]>([
    ["start exactly now", { date: "2026-11-23", start: "09:00", end: "10:00" }, "SLOT_IN_PAST", "date", /has already started or passed/],
    ["yesterday", { date: "2026-11-22", start: "14:00", end: "15:00" }, "SLOT_IN_PAST", "date", /Choose a later date/],
    [
      "start exactly at the horizon",
      { date: "2026-12-21", start: "09:00", end: "10:00" },
      "BEYOND_HORIZON",
      "date",
      /the last date is Mon 21 Dec 2026 \(starting before 09:00 GMT-5\)/,
    ],
    ["start past the horizon", { date: "2027-01-04" }, "BEYOND_HORIZON", "date", /up to 28 days ahead/],
    ["end before start", { start: "15:00", end: "14:00" }, "ENDS_BEFORE_START", "end", /does not end after it starts/],
    ["end equal to start", { start: "15:00", end: "15:00" }, "ENDS_BEFORE_START", "end", /15:00–15:00/],
    ["a group of 1", { kind: "GROUP", capacity: 1 }, "CAPACITY_OUT_OF_RANGE", "capacity", /2 to 20 students.*1:1 slot/],
    ["a group of 21", { kind: "GROUP", capacity: 21 }, "CAPACITY_OUT_OF_RANGE", "capacity", /2 to 20/],
    ["a group of 2.5", { kind: "GROUP", capacity: 2.5 }, "CAPACITY_OUT_OF_RANGE", "capacity", /2 to 20/],
    ["a 1:1 with capacity 2", { capacity: 2 }, "CAPACITY_ON_ONE_TO_ONE", "capacity", /exactly one student/],
    ["a 1:1 with capacity 0", { capacity: 0 }, "CAPACITY_ON_ONE_TO_ONE", "capacity", /exactly one student/],
    ["overlapping the end of another slot", { start: "10:30", end: "11:30" }, "OVERLAPS_SLOT", "start", /your slot on Wed 25 Nov 2026, 10:00–11:00 GMT-5 \(America\/New_York\)/],
    ["overlapping the start of another slot", { start: "09:30", end: "10:30" }, "OVERLAPS_SLOT", "start", /ends by 10:00 or starts from 11:00/],
    ["around another slot", { start: "09:00", end: "12:00" }, "OVERLAPS_SLOT", "start", /10:00–11:00/],
    ["inside another slot", { start: "10:15", end: "10:45", kind: "GROUP", capacity: 5 }, "OVERLAPS_SLOT", "start", /10:00–11:00/],
    ["a malformed date", { date: "2026-02-30" }, "INVALID_DATE", "date", /not a date/],
    ["month 13", { date: "2027-13-01" }, "INVALID_DATE", "date", /^2027-13-01 is not a date in the calendar/],
    ["the zero date", { date: "0000-00-00" }, "INVALID_DATE", "date", /^0000-00-00 is not a date in the calendar/],
    ["year 9999", { date: "9999-12-31" }, "DATE_OUT_OF_RANGE", "date", /outside the years we handle/],
    ["a malformed start", { start: "2pm" }, "INVALID_TIME", "start", /not a time/],
    ["a malformed end", { end: "15:60" }, "INVALID_TIME", "end", /not a time/],
  ])("rejects %s", (_name, overrides, code, field, message) => {
    const error = domainErrorOf(() => validateSlot(slot(overrides), context));
    expect([error.code, error.field]).toEqual([code, field]);
    expect(error.message).toMatch(message);
  });

  describe("around daylight-saving changes", () => {
    const at = (zoneName: string, nowIso: string) => ({ zone: zoneName, now: DateTime.fromISO(nowIso), policy: SCHEDULING_POLICY_DEFAULTS, existing: [] });

    it.each<[string, string, string, SlotInput, "start" | "end", RegExp]>([
      [
        "New York start in the gap",
        "America/New_York",
        "2027-03-01T12:00:00Z",
        slot({ date: "2027-03-14", start: "02:30", end: "04:00" }),
        "start",
        /^02:30 does not exist on Sun 14 Mar 2027 in America\/New_York: the clocks jump from 02:00 to 03:00.*Choose a time before 02:00 or from 03:00/,
      ],
      [
        "New York end in the gap",
        "America/New_York",
        "2027-03-01T12:00:00Z",
        slot({ date: "2027-03-14", start: "01:00", end: "02:15" }),
        "end",
        /02:15 does not exist on Sun 14 Mar 2027.*End by 02:00 or from 03:00\.$/,
      ],
      ["London", "Europe/London", "2026-03-20T12:00:00Z", slot({ date: "2026-03-29", start: "01:00", end: "02:00" }), "start", /from 01:00 to 02:00/],
      ["Lord Howe", "Australia/Lord_Howe", "2026-09-20T00:00:00Z", slot({ date: "2026-10-04", start: "02:00", end: "03:00" }), "start", /from 02:00 to 02:30/],
      [
        "Chatham",
        "Pacific/Chatham",
        "2026-09-20T00:00:00Z",
        slot({ date: "2026-09-27", start: "03:00", end: "04:00" }),
        "start",
        /Pacific\/Chatham: the clocks jump from 02:45 to 03:45/,
      ],
    ])("rejects a time in the %s gap", (_name, zoneName, nowIso, input, field, message) => {
      const error = domainErrorOf(() => validateSlot(input, at(zoneName, nowIso)));
      expect([error.code, error.field]).toEqual(["NONEXISTENT_LOCAL_TIME", field]);
      expect(error.message).toMatch(message);
    });

    it.each<[string, string, string, SlotInput, string, number, string]>([
      // 01:30 occurs twice on 1 Nov 2026: the first (EDT) is taken; 02:30 is EST, so the slot lasts 2 hours.
      ["New York repeated hour", "America/New_York", "2026-10-20T12:00:00Z", slot({ date: "2026-11-01", start: "01:30", end: "02:30" }), "2026-11-01T05:30:00.000Z", 120, "GMT-4"],
      ["New York spring day", "America/New_York", "2027-03-01T12:00:00Z", slot({ date: "2027-03-14", start: "01:00", end: "03:00" }), "2027-03-14T06:00:00.000Z", 60, "GMT-5"],
      // "Until 02:00" on the night 02:00 becomes 03:00 ends where the clocks jump: one hour.
      [
        "New York end exactly at the jump",
        "America/New_York",
        "2027-03-01T12:00:00Z",
        slot({ date: "2027-03-14", start: "01:00", end: "02:00" }),
        "2027-03-14T06:00:00.000Z",
        60,
        "GMT-5",
      ],
      ["Kathmandu", "Asia/Kathmandu", "2026-11-20T00:00:00Z", slot({ date: "2026-11-23", start: "09:00", end: "10:00" }), "2026-11-23T03:15:00.000Z", 60, "GMT+5:45"],
      ["Chatham summer", "Pacific/Chatham", "2026-11-20T00:00:00Z", slot({ date: "2026-11-23", start: "09:00", end: "10:00" }), "2026-11-22T19:15:00.000Z", 60, "GMT+13:45"],
      [
        "Lord Howe repeated half hour",
        "Australia/Lord_Howe",
        "2026-03-30T00:00:00Z",
        slot({ date: "2026-04-05", start: "01:30", end: "02:00" }),
        "2026-04-04T14:30:00.000Z",
        60,
        "GMT+11",
      ],
    ])("accepts the %s", (_name, zoneName, nowIso, input, startsAt, durationMinutes, startOffset) => {
      const valid = validateSlot(input, at(zoneName, nowIso));
      expect(valid.startsAt.toISO()).toBe(startsAt);
      expect(valid.durationMinutes).toBe(durationMinutes);
      expect(valid.startOffset).toBe(startOffset);
    });
  });
});

/**
 * Issue 12: the day-off / other-hours form accepted hours the dated-slot form refused. Both now read a
 * dated range through resolveDatedRange, so each case below must get the same answer from both.
 */
describe("one daylight-saving rule for dated slots and other hours", () => {
  type Case = [
    name: string,
    zone: string,
    nowIso: string,
    date: string,
    start: string,
    end: string,
    expected: { field: "start" | "end"; message: RegExp } | { startsAt: string; endsAt: string },
  ];
  const cases: Case[] = [
    [
      "New York, the fuzzer's 02:30–03:30",
      "America/New_York",
      "2027-03-01T12:00:00Z",
      "2027-03-14",
      "02:30",
      "03:30",
      {
        field: "start",
        message:
          /^02:30 does not exist on Sun 14 Mar 2027 in America\/New_York: the clocks jump from 02:00 to 03:00 for daylight saving\. Choose a time before 02:00 or from 03:00\.$/,
      },
    ],
    ["New York, a start at the jump", "America/New_York", "2027-03-01T12:00:00Z", "2027-03-14", "02:00", "04:00", { field: "start", message: /^02:00 does not exist/ }],
    [
      "New York, an end inside the gap",
      "America/New_York",
      "2027-03-01T12:00:00Z",
      "2027-03-14",
      "01:00",
      "02:30",
      { field: "end", message: /^02:30 does not exist on Sun 14 Mar 2027.*End by 02:00 or from 03:00\.$/ },
    ],
    [
      "New York, an end exactly at the jump",
      "America/New_York",
      "2027-03-01T12:00:00Z",
      "2027-03-14",
      "01:00",
      "02:00",
      { startsAt: "2027-03-14T06:00:00.000Z", endsAt: "2027-03-14T07:00:00.000Z" },
    ],
    [
      "New York, from the moment after the jump",
      "America/New_York",
      "2027-03-01T12:00:00Z",
      "2027-03-14",
      "03:00",
      "04:00",
      { startsAt: "2027-03-14T07:00:00.000Z", endsAt: "2027-03-14T08:00:00.000Z" },
    ],
    [
      "New York, across the jump",
      "America/New_York",
      "2027-03-01T12:00:00Z",
      "2027-03-14",
      "01:30",
      "03:30",
      { startsAt: "2027-03-14T06:30:00.000Z", endsAt: "2027-03-14T07:30:00.000Z" },
    ],
    [
      "New York, the repeated hour takes the earlier 01:30",
      "America/New_York",
      "2026-10-20T12:00:00Z",
      "2026-11-01",
      "01:30",
      "02:30",
      { startsAt: "2026-11-01T05:30:00.000Z", endsAt: "2026-11-01T07:30:00.000Z" },
    ],
    ["London, a start in the gap", "Europe/London", "2026-03-20T12:00:00Z", "2026-03-29", "01:30", "03:00", { field: "start", message: /the clocks jump from 01:00 to 02:00/ }],
    [
      "London, an end at the jump",
      "Europe/London",
      "2026-03-20T12:00:00Z",
      "2026-03-29",
      "00:00",
      "01:00",
      { startsAt: "2026-03-29T00:00:00.000Z", endsAt: "2026-03-29T01:00:00.000Z" },
    ],
    ["Lord Howe, a start in the half-hour gap", "Australia/Lord_Howe", "2026-09-20T00:00:00Z", "2026-10-04", "02:15", "03:00", { field: "start", message: /from 02:00 to 02:30/ }],
    [
      "Lord Howe, an end in the half-hour gap",
      "Australia/Lord_Howe",
      "2026-09-20T00:00:00Z",
      "2026-10-04",
      "01:00",
      "02:15",
      { field: "end", message: /End by 02:00 or from 02:30/ },
    ],
    [
      "Lord Howe, an end at the jump",
      "Australia/Lord_Howe",
      "2026-09-20T00:00:00Z",
      "2026-10-04",
      "01:00",
      "02:00",
      { startsAt: "2026-10-03T14:30:00.000Z", endsAt: "2026-10-03T15:30:00.000Z" },
    ],
    ["Chatham, a start in the gap", "Pacific/Chatham", "2026-09-20T00:00:00Z", "2026-09-27", "03:00", "04:00", { field: "start", message: /the clocks jump from 02:45 to 03:45/ }],
    // Issue 13 B12: Santiago skips midnight itself; no time comes "before 00:00" that day.
    [
      "Santiago, a start at the skipped midnight",
      "America/Santiago",
      "2026-08-30T12:00:00Z",
      "2026-09-06",
      "00:00",
      "02:00",
      {
        field: "start",
        message:
          /^00:00 does not exist on Sun 6 Sep 2026 in America\/Santiago: the clocks jump from 00:00 to 01:00 for daylight saving\. The day starts at 01:00: choose a time from 01:00, or end a range on the day before at 00:00\.$/,
      },
    ],
    [
      "Santiago, an end at the skipped midnight",
      "America/Santiago",
      "2026-08-30T12:00:00Z",
      "2026-09-05",
      "22:00",
      "00:00",
      { startsAt: "2026-09-06T02:00:00.000Z", endsAt: "2026-09-06T04:00:00.000Z" },
    ],
    [
      "Santiago, from the moment after the jump",
      "America/Santiago",
      "2026-08-30T12:00:00Z",
      "2026-09-06",
      "01:00",
      "02:00",
      { startsAt: "2026-09-06T04:00:00.000Z", endsAt: "2026-09-06T05:00:00.000Z" },
    ],
    [
      "Kathmandu has no gap",
      "Asia/Kathmandu",
      "2026-03-20T00:00:00Z",
      "2026-03-29",
      "02:30",
      "03:30",
      { startsAt: "2026-03-28T20:45:00.000Z", endsAt: "2026-03-28T21:45:00.000Z" },
    ],
  ];
  const context = (zone: string, nowIso: string) => ({ zone, now: DateTime.fromISO(nowIso), policy: SCHEDULING_POLICY_DEFAULTS });

  it.each(cases)("a slot: %s", (_name, zone, nowIso, date, start, end, expected) => {
    const run = () => validateSlot({ date, start, end, kind: "ONE_TO_ONE", capacity: 1 }, { ...context(zone, nowIso), existing: [] });
    if ("field" in expected) {
      const error = domainErrorOf(run);
      expect([error.code, error.field]).toEqual(["NONEXISTENT_LOCAL_TIME", expected.field]);
      expect(error.message).toMatch(expected.message);
    } else {
      const valid = run();
      expect([valid.startsAt.toISO(), valid.endsAt.toISO()]).toEqual([expected.startsAt, expected.endsAt]);
    }
  });

  it.each(cases)("other hours: %s", (_name, zone, nowIso, date, start, end, expected) => {
    const run = () => validateException({ date, kind: "HOURS", windows: [{ start, end }] }, context(zone, nowIso));
    if ("field" in expected) {
      const error = domainErrorOf(run);
      expect([error.code, error.field]).toEqual(["NONEXISTENT_LOCAL_TIME", expected.field]);
      expect(error.message).toMatch(expected.message);
    } else {
      expect(run()).toEqual({ date, kind: "HOURS", windows: [{ start, end }] });
      // Kept as wall-clock minutes; the instants are what generation reads them as (resolveDatedRange).
      const range = resolveDatedRange(date, { start, end }, zone);
      expect([range.startsAt.toISO(), range.endsAt.toISO()]).toEqual([expected.startsAt, expected.endsAt]);
    }
  });

  it("checks every range of the day, naming the one in the gap", () => {
    const error = domainErrorOf(() =>
      validateException(
        {
          date: "2027-03-14",
          kind: "HOURS",
          windows: [
            { start: "09:00", end: "10:00" },
            { start: "02:30", end: "03:30" },
          ],
        },
        context("America/New_York", "2027-03-01T12:00:00Z"),
      ),
    );
    expect([error.code, error.field, error.message.slice(0, 5)]).toEqual(["NONEXISTENT_LOCAL_TIME", "start", "02:30"]);
  });
});

/** Issue 13 B12: a stored range is written back (to edit it, or copy it) as times that read back the same. */
describe("datedRangeFields", () => {
  it.each<[string, string, string, string, { date: string; start: string; end: string }]>([
    // 2026-09-06 00:00 does not exist in Santiago (00:00 becomes 01:00): "until 00:00" ends at the jump.
    ["Santiago, until the skipped midnight", "America/Santiago", "2026-09-06T02:00:00Z", "2026-09-06T04:00:00Z", { date: "2026-09-05", start: "22:00", end: "00:00" }],
    ["Santiago, an ordinary midnight", "America/Santiago", "2026-08-30T02:00:00Z", "2026-08-30T04:00:00Z", { date: "2026-08-29", start: "22:00", end: "00:00" }],
    ["Santiago, after the jump", "America/Santiago", "2026-09-06T04:00:00Z", "2026-09-06T05:00:00Z", { date: "2026-09-06", start: "01:00", end: "02:00" }],
    ["New York, until the jump", "America/New_York", "2027-03-14T06:00:00Z", "2027-03-14T07:00:00Z", { date: "2027-03-14", start: "01:00", end: "03:00" }],
    ["London, an ordinary slot", "Europe/London", "2026-11-30T09:00:00Z", "2026-11-30T10:30:00Z", { date: "2026-11-30", start: "09:00", end: "10:30" }],
  ])("%s", (_name, zone, startsAt, endsAt, expected) => {
    const fields = datedRangeFields(new Date(startsAt), new Date(endsAt), zone);
    expect(fields).toEqual(expected);
    const read = resolveDatedRange(fields.date, fields, zone);
    expect([read.startsAt.toISO(), read.endsAt.toISO()]).toEqual([new Date(startsAt).toISOString(), new Date(endsAt).toISOString()]);
  });

  it("a slot until the skipped midnight is accepted, and accepted again as the edit form shows it", () => {
    const context = { zone: "America/Santiago", now: DateTime.fromISO("2026-08-30T12:00:00Z"), policy: SCHEDULING_POLICY_DEFAULTS, existing: [] };
    const created = validateSlot({ date: "2026-09-05", start: "22:00", end: "00:00", kind: "ONE_TO_ONE", capacity: 1 }, context);
    expect([created.startsAt.toISO(), created.endsAt.toISO(), created.durationMinutes]).toEqual(["2026-09-06T02:00:00.000Z", "2026-09-06T04:00:00.000Z", 120]);
    const shown = datedRangeFields(created.startsAt.toJSDate(), created.endsAt.toJSDate(), context.zone);
    const edited = validateSlot({ ...shown, kind: "ONE_TO_ONE", capacity: 1 }, context);
    expect(edited.endsAt.toISO()).toBe("2026-09-06T04:00:00.000Z");
  });
});
