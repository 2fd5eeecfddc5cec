import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { formatInstant, offsetLabel } from "~/domain/time/zones";
import { generateBookableTimes, hasBookableTime, rangeIsSettled, type BookableTime, type DatedSlot, type GenerateBookableTimesInput } from "./bookable-times";
import type { ExceptionInput, WeeklyWindow } from "./rules";

const NEW_YORK = "America/New_York";

function generate(input: Partial<GenerateBookableTimesInput> & Pick<GenerateBookableTimesInput, "zone" | "now">): BookableTime[] {
  return generateBookableTimes({
    weekly: [],
    exceptions: [],
    slots: [],
    busy: [],
    durations: [30],
    bufferMinutes: 0,
    policy: SCHEDULING_POLICY_DEFAULTS,
    ...input,
  });
}

/** "01:30 GMT-4": the wall clock and the offset, so both 01:30s of a fall-back night are told apart. */
function clock(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant).setZone(zone);
  return `${local.toFormat("HH:mm")} ${offsetLabel(local)}`;
}

function onDate(times: BookableTime[], zone: string, date: string): BookableTime[] {
  return times.filter((time) => DateTime.fromJSDate(time.startsAt).setZone(zone).toISODate() === date);
}

function startsOn(times: BookableTime[], zone: string, date: string): string[] {
  return onDate(times, zone, date).map((time) => clock(time.startsAt, zone));
}

/** A local wall-clock time as a Date, for building sessions and slots in tests. */
function local(zone: string, dateTime: string): Date {
  return DateTime.fromISO(dateTime, { zone }).toJSDate();
}

describe("generateBookableTimes across daylight-saving changes", () => {
  // [case, zone, now, weekly window, date, starts on that date (30-minute lessons)]
  const sunday = (start: string, end: string): WeeklyWindow => ({ weekday: 7, start, end });
  it.each<[string, string, string, WeeklyWindow, string, string[]]>([
    [
      "New York fall-back (25 hours): both 01:00s",
      NEW_YORK,
      "2026-10-28T12:00:00Z",
      sunday("00:00", "03:00"),
      "2026-11-01",
      ["00:00 GMT-4", "00:30 GMT-4", "01:00 GMT-4", "01:30 GMT-4", "01:00 GMT-5", "01:30 GMT-5", "02:00 GMT-5", "02:30 GMT-5"],
    ],
    [
      "New York ordinary Sunday",
      NEW_YORK,
      "2026-10-28T12:00:00Z",
      sunday("00:00", "03:00"),
      "2026-11-08",
      ["00:00 GMT-5", "00:30 GMT-5", "01:00 GMT-5", "01:30 GMT-5", "02:00 GMT-5", "02:30 GMT-5"],
    ],
    ["New York spring-forward (23 hours)", NEW_YORK, "2027-03-10T12:00:00Z", sunday("00:00", "03:00"), "2027-03-14", ["00:00 GMT-5", "00:30 GMT-5", "01:00 GMT-5", "01:30 GMT-5"]],
    [
      "New York window starting inside the gap starts after it",
      NEW_YORK,
      "2027-03-10T12:00:00Z",
      sunday("02:30", "05:00"),
      "2027-03-14",
      ["03:00 GMT-4", "03:30 GMT-4", "04:00 GMT-4", "04:30 GMT-4"],
    ],
    ["New York window entirely inside the gap", NEW_YORK, "2027-03-10T12:00:00Z", sunday("02:00", "02:45"), "2027-03-14", []],
    ["London spring-forward", "Europe/London", "2026-03-25T12:00:00Z", sunday("00:00", "03:00"), "2026-03-29", ["00:00 GMT", "00:30 GMT", "02:00 GMT+1", "02:30 GMT+1"]],
    [
      "London fall-back: both 01:00s",
      "Europe/London",
      "2026-10-21T12:00:00Z",
      sunday("00:00", "03:00"),
      "2026-10-25",
      ["00:00 GMT+1", "00:30 GMT+1", "01:00 GMT+1", "01:30 GMT+1", "01:00 GMT", "01:30 GMT", "02:00 GMT", "02:30 GMT"],
    ],
    [
      "Lord Howe half-hour spring-forward",
      "Australia/Lord_Howe",
      "2026-09-30T00:00:00Z",
      sunday("01:00", "03:00"),
      "2026-10-04",
      ["01:00 GMT+10:30", "01:30 GMT+10:30", "02:30 GMT+11"],
    ],
    [
      "Lord Howe half-hour fall-back: both 01:30s",
      "Australia/Lord_Howe",
      "2026-04-01T00:00:00Z",
      sunday("01:00", "03:00"),
      "2026-04-05",
      ["01:00 GMT+11", "01:30 GMT+11", "01:30 GMT+10:30", "02:00 GMT+10:30", "02:30 GMT+10:30"],
    ],
    [
      "Kathmandu (+05:45, no daylight saving)",
      "Asia/Kathmandu",
      "2026-11-20T00:00:00Z",
      { weekday: 1, start: "09:00", end: "12:00" },
      "2026-11-23",
      ["09:00 GMT+5:45", "09:30 GMT+5:45", "10:00 GMT+5:45", "10:30 GMT+5:45", "11:00 GMT+5:45", "11:30 GMT+5:45"],
    ],
    [
      "Chatham spring-forward (02:45 → 03:45)",
      "Pacific/Chatham",
      "2026-09-23T00:00:00Z",
      sunday("02:00", "05:00"),
      "2026-09-27",
      ["02:00 GMT+12:45", "02:30 GMT+12:45", "04:00 GMT+13:45", "04:30 GMT+13:45"],
    ],
    [
      "Chatham fall-back (03:45 → 02:45): 03:00 and 03:30 twice",
      "Pacific/Chatham",
      "2026-04-01T00:00:00Z",
      sunday("02:00", "05:00"),
      "2026-04-05",
      ["02:00 GMT+13:45", "02:30 GMT+13:45", "03:00 GMT+13:45", "03:30 GMT+13:45", "03:00 GMT+12:45", "03:30 GMT+12:45", "04:00 GMT+12:45", "04:30 GMT+12:45"],
    ],
  ])("%s", (_name, zone, now, window, date, expected) => {
    const times = generate({ zone, now: DateTime.fromISO(now), weekly: [window] });
    expect(startsOn(times, zone, date)).toEqual(expected);
  });

  it.each([
    // A whole-day window with 60-minute lessons every 30 minutes: (hours in the day × 2) − 1 starts.
    [NEW_YORK, "2026-10-28T12:00:00Z", "2026-11-01", 49],
    [NEW_YORK, "2026-10-28T12:00:00Z", "2026-11-08", 47],
    [NEW_YORK, "2027-03-10T12:00:00Z", "2027-03-14", 45],
    ["Europe/London", "2026-10-21T12:00:00Z", "2026-10-25", 49],
    ["Europe/London", "2026-03-25T12:00:00Z", "2026-03-29", 45],
    ["Australia/Lord_Howe", "2026-09-30T00:00:00Z", "2026-10-04", 46], // 23.5 hours
    ["Australia/Lord_Howe", "2026-04-01T00:00:00Z", "2026-04-05", 48], // 24.5 hours
  ])("%s on the Sunday %s… %s has %i one-hour starts", (zone, now, date, count) => {
    const times = generate({ zone, now: DateTime.fromISO(now), weekly: [{ weekday: 7, start: "00:00", end: "00:00" }], durations: [60] });
    expect(onDate(times, zone, date)).toHaveLength(count);
  });

  it.each([
    [NEW_YORK, "2026-10-20T12:00:00Z", ["2026-10-26T13:00:00.000Z", "2026-11-02T14:00:00.000Z", "2026-11-09T14:00:00.000Z", "2026-11-16T14:00:00.000Z"]],
    ["Europe/London", "2026-10-13T12:00:00Z", ["2026-10-19T08:00:00.000Z", "2026-10-26T09:00:00.000Z", "2026-11-02T09:00:00.000Z", "2026-11-09T09:00:00.000Z"]],
  ])("09:00 Monday stays 09:00 local in %s across the change", (zone, now, instants) => {
    const times = generate({ zone, now: DateTime.fromISO(now), weekly: [{ weekday: 1, start: "09:00", end: "10:00" }], durations: [60] });
    expect(times.map((time) => time.startsAt.toISOString())).toEqual(instants);
    expect(times.map((time) => DateTime.fromJSDate(time.startsAt).setZone(zone).toFormat("ccc HH:mm"))).toEqual(Array(4).fill("Mon 09:00"));
  });
});

describe("generateBookableTimes rules", () => {
  // Friday 20 Nov 2026; the Monday below is 23 Nov.
  const now = DateTime.fromISO("2026-11-20T12:00:00Z");
  const monday = "2026-11-23";
  const startsWithDuration = (times: BookableTime[]) => onDate(times, NEW_YORK, monday).map((time) => `${clock(time.startsAt, NEW_YORK).slice(0, 5)}/${time.durationMinutes}`);

  it.each([
    [0, ["09:00/30", "09:00/60", "09:30/30", "09:30/60", "10:00/30", "10:00/60", "10:30/30", "12:00/30", "12:00/60", "12:30/30"]],
    [10, ["09:00/30", "09:00/60", "09:30/30", "09:30/60", "10:00/30", "12:30/30"]],
    [30, ["09:00/30", "09:00/60", "09:30/30", "09:30/60", "10:00/30", "12:30/30"]],
    [45, ["09:00/30", "09:00/60", "09:30/30"]],
  ])("keeps a %i-minute buffer around a session at 11:00–12:00", (bufferMinutes, expected) => {
    const times = generate({
      zone: NEW_YORK,
      now,
      weekly: [{ weekday: 1, start: "09:00", end: "13:00" }],
      durations: [30, 60],
      bufferMinutes,
      busy: [{ startsAt: local(NEW_YORK, `${monday}T11:00`), endsAt: local(NEW_YORK, `${monday}T12:00`) }],
    });
    expect(startsWithDuration(times)).toEqual(expected);
  });

  it("keeps the buffer around a dated slot too, and offers the slot itself", () => {
    const slot: DatedSlot = { id: "group", startsAt: local(NEW_YORK, `${monday}T11:00`), endsAt: local(NEW_YORK, `${monday}T12:00`), kind: "GROUP", capacity: 5, seatsTaken: 0 };
    const times = generate({ zone: NEW_YORK, now, weekly: [{ weekday: 1, start: "09:00", end: "13:00" }], durations: [30, 60], bufferMinutes: 10, slots: [slot] });
    expect(startsWithDuration(times)).toEqual(["09:00/30", "09:00/60", "09:30/30", "09:30/60", "10:00/30", "11:00/60", "12:30/30"]);
    expect(onDate(times, NEW_YORK, monday).find((time) => time.source === "slot")).toMatchObject({ slotId: "group", kind: "GROUP", seatsLeft: 5, capacity: 5 });
  });

  it.each([
    ["08:00 (exactly 60 minutes ahead)", "08:00", 60, ["09:00", "09:30"]],
    ["08:01 (59 minutes ahead)", "08:01", 60, ["09:30"]],
    ["08:30", "08:30", 60, ["09:30"]],
    ["08:31", "08:31", 60, []],
    ["09:00 with no notice required", "09:00", 0, ["09:00", "09:30"]],
  ])("minimum notice: now %s", (_name, nowLocal, minNoticeMinutes, expected) => {
    const times = generate({
      zone: NEW_YORK,
      now: DateTime.fromISO(`${monday}T${nowLocal}`, { zone: NEW_YORK }),
      weekly: [{ weekday: 1, start: "09:00", end: "10:00" }],
      policy: { ...SCHEDULING_POLICY_DEFAULTS, minNoticeMinutes },
    });
    expect(startsOn(times, NEW_YORK, monday).map((label) => label.slice(0, 5))).toEqual(expected);
  });

  it.each([
    // Now is Monday 23 Nov; 28 days later is Monday 21 Dec at the same time, exclusive.
    ["09:00", 28, "2026-12-21", []],
    ["09:01", 28, "2026-12-21", ["09:00"]],
    ["09:31", 28, "2026-12-21", ["09:00", "09:30"]],
    ["09:01", 7, "2026-11-30", ["09:00"]],
    ["09:01", 7, "2026-12-07", []],
  ])("horizon: now %s with %i days → on %s %j", (nowLocal, bookingHorizonDays, date, expected) => {
    const times = generate({
      zone: NEW_YORK,
      now: DateTime.fromISO(`${monday}T${nowLocal}`, { zone: NEW_YORK }),
      weekly: [{ weekday: 1, start: "09:00", end: "10:00" }],
      policy: { ...SCHEDULING_POLICY_DEFAULTS, bookingHorizonDays },
    });
    expect(startsOn(times, NEW_YORK, date).map((label) => label.slice(0, 5))).toEqual(expected);
  });

  it.each<[string, ExceptionInput[], string, string[]]>([
    ["no exception", [], "2026-11-30", ["09:00", "09:30", "10:00"]],
    ["a blocked day", [{ date: "2026-11-30", kind: "BLOCKED" }], "2026-11-30", []],
    ["a blocked day leaves the next week alone", [{ date: "2026-11-30", kind: "BLOCKED" }], "2026-12-07", ["09:00", "09:30", "10:00"]],
    ["different hours", [{ date: "2026-11-30", kind: "HOURS", windows: [{ start: "13:00", end: "14:30" }] }], "2026-11-30", ["13:00", "13:30"]],
    ["hours on a day with no weekly hours", [{ date: "2026-11-29", kind: "HOURS", windows: [{ start: "10:00", end: "11:00" }] }], "2026-11-29", ["10:00"]],
    [
      "blocked wins over hours on the same date",
      [
        { date: "2026-11-30", kind: "HOURS", windows: [{ start: "13:00", end: "15:00" }] },
        { date: "2026-11-30", kind: "BLOCKED" },
      ],
      "2026-11-30",
      [],
    ],
    [
      "back-to-back hours join",
      [
        {
          date: "2026-11-30",
          kind: "HOURS",
          windows: [
            { start: "13:00", end: "14:00" },
            { start: "14:00", end: "15:00" },
          ],
        },
      ],
      "2026-11-30",
      ["13:00", "13:30", "14:00"],
    ],
  ])("exceptions: %s", (_name, exceptions, date, expected) => {
    const times = generate({ zone: NEW_YORK, now, weekly: [{ weekday: 1, start: "09:00", end: "11:00" }], durations: [60], exceptions });
    expect(startsOn(times, NEW_YORK, date).map((label) => label.slice(0, 5))).toEqual(expected);
  });

  it.each<[string, WeeklyWindow[], number[], string, string[]]>([
    [
      "back-to-back weekly windows join, so a 90-minute lesson can span them",
      [
        { weekday: 1, start: "09:00", end: "10:00" },
        { weekday: 1, start: "10:00", end: "11:00" },
      ],
      [90],
      monday,
      ["09:00", "09:30"],
    ],
    ["a window ending at 00:00 runs to midnight", [{ weekday: 1, start: "23:00", end: "00:00" }], [30], monday, ["23:00", "23:30"]],
    ["starts step from the window start, not the hour", [{ weekday: 1, start: "09:15", end: "10:30" }], [30], monday, ["09:15", "09:45"]],
    ["a duration longer than the window offers nothing", [{ weekday: 1, start: "09:00", end: "10:00" }], [90], monday, []],
  ])("%s", (_name, weekly, durations, date, expected) => {
    const times = generate({ zone: NEW_YORK, now, weekly, durations });
    expect(startsOn(times, NEW_YORK, date).map((label) => label.slice(0, 5))).toEqual(expected);
  });

  it("offers weekly times as 1:1 with one seat", () => {
    const [first] = generate({ zone: NEW_YORK, now, weekly: [{ weekday: 1, start: "09:00", end: "10:00" }] });
    expect(first).toEqual({
      startsAt: new Date("2026-11-23T14:00:00Z"),
      endsAt: new Date("2026-11-23T14:30:00Z"),
      durationMinutes: 30,
      kind: "ONE_TO_ONE",
      source: "weekly",
      slotId: null,
      seatsLeft: 1,
      capacity: 1,
    });
  });

  it("rejects a policy without a granularity", () => {
    expect(() => generate({ zone: NEW_YORK, now, policy: { ...SCHEDULING_POLICY_DEFAULTS, slotGranularityMinutes: 0 } })).toThrow(/granularity/);
  });
});

describe("generateBookableTimes with dated slots", () => {
  const now = DateTime.fromISO("2026-11-20T12:00:00Z");
  const at = (dateTime: string) => local(NEW_YORK, dateTime);
  const slot = (id: string, start: string, minutes: number, kind: DatedSlot["kind"], capacity: number, seatsTaken: number): DatedSlot => ({
    id,
    startsAt: at(start),
    endsAt: new Date(at(start).getTime() + minutes * 60_000),
    kind,
    capacity,
    seatsTaken,
  });
  const slots = [
    slot("group-open", "2026-11-24T16:00", 90, "GROUP", 6, 2),
    slot("group-full", "2026-11-24T18:00", 60, "GROUP", 6, 6),
    slot("one-free", "2026-11-25T10:00", 60, "ONE_TO_ONE", 1, 0),
    slot("one-taken", "2026-11-25T12:00", 60, "ONE_TO_ONE", 1, 1),
    slot("one-busy", "2026-11-26T10:00", 60, "ONE_TO_ONE", 1, 0),
    slot("group-with-its-session", "2026-11-26T14:00", 60, "GROUP", 4, 1),
    { ...slot("one-inside-notice", "2026-11-20T07:30", 60, "ONE_TO_ONE", 1, 0), startsAt: new Date(now.toMillis() + 30 * 60_000), endsAt: new Date(now.toMillis() + 90 * 60_000) },
    { ...slot("one-last-minute", "2026-12-18T06:59", 60, "ONE_TO_ONE", 1, 0), startsAt: new Date("2026-12-18T11:59:00Z"), endsAt: new Date("2026-12-18T12:59:00Z") },
    { ...slot("one-at-horizon", "2026-12-18T07:00", 60, "ONE_TO_ONE", 1, 0), startsAt: new Date("2026-12-18T12:00:00Z"), endsAt: new Date("2026-12-18T13:00:00Z") },
  ];
  const busy = [
    { startsAt: at("2026-11-26T10:30"), endsAt: at("2026-11-26T11:30") },
    { startsAt: at("2026-11-26T14:00"), endsAt: at("2026-11-26T15:00") },
  ];
  const times = generate({ zone: NEW_YORK, now, slots, busy, bufferMinutes: 10 });

  it.each([
    ["group-open", { seatsLeft: 4, capacity: 6, durationMinutes: 90, kind: "GROUP" }],
    ["group-full", null],
    ["one-free", { seatsLeft: 1, capacity: 1, durationMinutes: 60, kind: "ONE_TO_ONE" }],
    ["one-taken", null],
    ["one-busy", null],
    ["group-with-its-session", { seatsLeft: 3, capacity: 4, durationMinutes: 60, kind: "GROUP" }],
    ["one-inside-notice", null],
    ["one-last-minute", { seatsLeft: 1, capacity: 1, durationMinutes: 60, kind: "ONE_TO_ONE" }],
    ["one-at-horizon", null],
  ])("%s → %j", (id, expected) => {
    const offered = times.find((time) => time.slotId === id);
    if (expected === null) expect(offered).toBeUndefined();
    else expect(offered).toMatchObject({ ...expected, source: "slot" });
  });
});

describe("generateBookableTimes results", () => {
  const now = DateTime.fromISO("2026-11-20T12:00:00Z");
  const weekly: WeeklyWindow[] = [
    { weekday: 1, start: "22:15", end: "00:00" },
    { weekday: 2, start: "00:00", end: "02:00" },
    { weekday: 3, start: "09:00", end: "12:00" },
  ];
  const slots: DatedSlot[] = [
    { id: "s1", startsAt: local(NEW_YORK, "2026-11-25T13:00"), endsAt: local(NEW_YORK, "2026-11-25T14:30"), kind: "ONE_TO_ONE", capacity: 1, seatsTaken: 0 },
  ];
  const input = { zone: NEW_YORK, now, weekly, slots, durations: [90, 30, 60, 30] };
  const all = generate(input);

  it("are sorted by start, then duration, with no repeated durations", () => {
    const keys = all.map((time) => [time.startsAt.getTime(), time.durationMinutes]);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((key) => key.join())).size).toBe(keys.length);
    expect(all.some((time) => time.source === "slot")).toBe(true);
  });

  it.each([
    ["Tuesday after midnight (inside a window that began Monday)", "2026-11-24T00:00", "2026-11-25T00:00"],
    ["the week of 23 Nov", "2026-11-23T00:00", "2026-11-30T00:00"],
    ["an hour and a half across midnight, ending inside the window chain", "2026-11-23T23:00", "2026-11-24T00:30"],
    ["half an hour right after midnight", "2026-11-24T00:30", "2026-11-24T01:00"],
    ["a range reaching past the horizon", "2026-12-14T00:00", "2027-01-31T00:00"],
    ["a range starting in the past", "2026-11-01T00:00", "2026-11-24T00:00"],
  ])("for %s are exactly the full list's times in that range", (_name, from, to) => {
    const range = { from: local(NEW_YORK, from), to: local(NEW_YORK, to) };
    const narrowed = generate({ ...input, range });
    expect(narrowed).toEqual(all.filter((time) => time.startsAt >= range.from && time.startsAt < range.to));
    expect(narrowed.length).toBeGreaterThan(0);
  });

  it("keep the grid of a window that runs past midnight", () => {
    expect(startsOn(generate({ ...input, durations: [30] }), NEW_YORK, "2026-11-24").map((label) => label.slice(0, 5))).toEqual(["00:15", "00:45", "01:15"]);
  });

  it.each(["America/Los_Angeles", "Europe/London", "Asia/Kathmandu", "Pacific/Chatham"])(
    "are instants: a viewer in %s sees the same moments as the tutor in Kathmandu",
    (viewerZone) => {
      const tutorZone = "Asia/Kathmandu";
      const times = generate({ zone: tutorZone, now, weekly: [{ weekday: 1, start: "09:00", end: "10:30" }], durations: [60] });
      expect(times.length).toBeGreaterThan(0);
      for (const time of times) {
        const parse = (zone: string) => DateTime.fromFormat(formatInstant(time.startsAt, zone, { withZone: false }), "ccc d LLL yyyy, HH:mm", { zone }).toMillis();
        expect(parse(viewerZone)).toBe(time.startsAt.getTime());
        expect(parse(viewerZone)).toBe(parse(tutorZone));
        expect(formatInstant(time.startsAt, tutorZone)).toMatch(/(09:00|09:30) GMT\+5:45 \(Asia\/Kathmandu\)$/);
      }
    },
  );
});

describe("hasBookableTime", () => {
  const now = DateTime.fromISO("2026-11-20T12:00:00Z");
  const busyMonday = { startsAt: local(NEW_YORK, "2026-11-23T09:00"), endsAt: local(NEW_YORK, "2026-11-23T12:00") };
  const slotOnly: DatedSlot = { id: "s1", startsAt: local(NEW_YORK, "2026-11-28T13:00"), endsAt: local(NEW_YORK, "2026-11-28T14:00"), kind: "GROUP", capacity: 3, seatsTaken: 0 };
  const fullSlot: DatedSlot = { ...slotOnly, id: "s2", startsAt: local(NEW_YORK, "2026-11-29T13:00"), endsAt: local(NEW_YORK, "2026-11-29T14:00"), seatsTaken: 3 };
  const base = {
    zone: NEW_YORK,
    now,
    weekly: [
      { weekday: 1, start: "09:00", end: "12:00" },
      { weekday: 2, start: "22:00", end: "00:00" },
      { weekday: 4, start: "09:00", end: "09:20" },
    ] as WeeklyWindow[],
    exceptions: [
      { date: "2026-11-24", kind: "BLOCKED" },
      { date: "2026-11-25", kind: "HOURS", windows: [{ start: "10:00", end: "11:00" }] },
    ] as ExceptionInput[],
    slots: [slotOnly, fullSlot],
    busy: [busyMonday],
    durations: [30, 60],
  };

  // Every day of three weeks, in three viewers' days: the answer is whether the full list has a time.
  it.each(["America/New_York", "Europe/London", "Pacific/Chatham"])("agrees with the full list on every day seen from %s", (viewerZone) => {
    for (let day = DateTime.fromISO("2026-11-19", { zone: viewerZone }); day < DateTime.fromISO("2026-12-10", { zone: viewerZone }); day = day.plus({ days: 1 })) {
      for (const input of [base, { ...base, busy: [] }, { ...base, durations: [90] }]) {
        const range = { from: day.toJSDate(), to: day.plus({ days: 1 }).toJSDate() };
        const full = generate({ ...input, range });
        expect(hasBookableTime({ bufferMinutes: 0, policy: SCHEDULING_POLICY_DEFAULTS, ...input, range }), `${viewerZone} ${day.toISODate()}`).toBe(full.length > 0);
      }
    }
  });
});

describe("rangeIsSettled", () => {
  const policy = SCHEDULING_POLICY_DEFAULTS;
  // Round-the-clock hours chained over midnight (the grid runs from the window's start, days back) and a Chatham tutor.
  const inputs = [
    {
      zone: "Pacific/Chatham",
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "00:00" })) as WeeklyWindow[],
      exceptions: [],
      slots: [],
      busy: [],
      durations: [45],
    },
    {
      zone: NEW_YORK,
      weekly: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
        { weekday, start: "23:45", end: "00:00" },
        { weekday, start: "00:00", end: "02:00" },
      ]) as WeeklyWindow[],
      exceptions: [],
      slots: [],
      busy: [],
      durations: [60],
    },
  ];

  it("holds only from two days ahead to two days before the horizon", () => {
    const now = DateTime.fromISO("2026-11-20T12:00:00Z");
    const day = (offsetDays: number) => ({ from: now.plus({ days: offsetDays }).toJSDate(), to: now.plus({ days: offsetDays + 1 }).toJSDate() });
    expect([1, 2, 25, 26].map((offset) => rangeIsSettled(day(offset), now, policy))).toEqual([false, true, true, false]);
  });

  it("means the answer for that range is the same at any later time it still holds (and outside it, time does change answers)", () => {
    const start = DateTime.fromISO("2026-10-25T06:00:00Z"); // a week before New York falls back
    let changedOutside = 0;
    for (const input of inputs) {
      for (let offset = 0; offset < 30; offset += 1) {
        const viewerDay = start.setZone("Europe/London").plus({ days: offset }).startOf("day");
        const range = { from: viewerDay.toJSDate(), to: viewerDay.plus({ days: 1 }).toJSDate() };
        const nows = [0, 5, 13, 23, 31, 47].map((hours) => start.plus({ hours }));
        const settled = nows.filter((now) => rangeIsSettled(range, now, policy)).map((now) => generate({ ...input, now, range }));
        for (const list of settled) expect(list, `${input.zone} ${viewerDay.toISODate()}`).toEqual(settled[0]);
        const all = nows.map((now) => JSON.stringify(generate({ ...input, now, range })));
        if (new Set(all).size > 1) changedOutside += 1;
      }
    }
    expect(changedOutside).toBeGreaterThan(0);
  });
});

/**
 * Issue 13 B13: starts lie on the tutor's wall-clock grid. Stepping in real time from a window's start
 * left the grid after a change the step does not divide, for as long as the window ran (weeks, for
 * round-the-clock hours, whose days join into one window).
 */
describe("generateBookableTimes on the wall-clock grid", () => {
  const policyWithStep = (step: number) => ({ ...SCHEDULING_POLICY_DEFAULTS, slotGranularityMinutes: step });
  const wallMinutes = (instant: Date, zone: string) => {
    const local = DateTime.fromJSDate(instant).setZone(zone);
    return local.hour * 60 + local.minute;
  };

  it("Lord Howe's half-hour spring-forward with a 60-minute step keeps whole hours", () => {
    const zone = "Australia/Lord_Howe";
    const times = generate({
      zone,
      now: DateTime.fromISO("2026-09-30T00:00:00Z"),
      weekly: [{ weekday: 7, start: "00:00", end: "06:00" }],
      durations: [60],
      policy: policyWithStep(60),
    });
    expect(startsOn(times, zone, "2026-10-04")).toEqual(["00:00 GMT+10:30", "01:00 GMT+10:30", "03:00 GMT+11", "04:00 GMT+11", "05:00 GMT+11"]);
  });

  it("New York's fall-back with a 45-minute step keeps the grid of 09:00 for the weeks after", () => {
    const times = generate({
      zone: NEW_YORK,
      now: DateTime.fromISO("2026-10-25T12:00:00Z"),
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "00:00" })) as WeeklyWindow[],
      durations: [45],
      policy: policyWithStep(45),
    });
    expect(startsOn(times, NEW_YORK, "2026-11-10").slice(12, 15)).toEqual(["09:00 GMT-5", "09:45 GMT-5", "10:30 GMT-5"]);
  });

  // Round-the-clock hours (one window for weeks) and ordinary daily hours, a step of 30, 45, 60 or 90
  // minutes, around each zone's changes: every start reads as a grid time on the tutor's clock, and
  // every grid instant in the window is offered (twice where a fall-back repeats it, never in a gap).
  const zones: [string, string[]][] = [
    ["Australia/Lord_Howe", ["2026-09-28T00:00:00Z", "2026-03-30T00:00:00Z"]],
    ["America/Santiago", ["2026-09-01T00:00:00Z", "2026-03-30T00:00:00Z"]],
    [NEW_YORK, ["2026-10-28T00:00:00Z", "2027-03-10T00:00:00Z"]],
    ["Asia/Kathmandu", ["2026-11-20T00:00:00Z"]],
  ];
  const schedules: [string, WeeklyWindow[]][] = [
    ["round the clock", [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "00:00" })) as WeeklyWindow[]],
    [
      "evenings into the night",
      [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
        { weekday, start: "18:00", end: "00:00" },
        { weekday, start: "00:00", end: "06:00" },
      ]) as WeeklyWindow[],
    ],
  ];
  for (const [zone, nows] of zones) {
    for (const nowIso of nows) {
      for (const [scheduleName, weekly] of schedules) {
        it.each([30, 45, 60, 90])(`${zone} from ${nowIso}, ${scheduleName}, every %i minutes`, (step) => {
          const now = DateTime.fromISO(nowIso);
          // Ten days from two days on: clear of the notice and of the windows' own edges, across the change.
          const range = { from: now.plus({ days: 2 }).toJSDate(), to: now.plus({ days: 12 }).toJSDate() };
          const times = generate({ zone, now, weekly, durations: [step], policy: policyWithStep(step), range });
          const starts = times.map((time) => time.startsAt.getTime());
          for (const time of times) expect(wallMinutes(time.startsAt, zone) % step, `${time.startsAt.toISOString()} ${clock(time.startsAt, zone)}`).toBe(0);
          // Every zone's offset is a whole number of quarter hours, so grid instants fall on UTC quarter hours.
          const gridWithinHours: number[] = [];
          for (let ms = Math.ceil(range.from.getTime() / 900_000) * 900_000; ms < range.to.getTime(); ms += 900_000) {
            const instant = new Date(ms);
            const minutes = wallMinutes(instant, zone);
            const inHours = scheduleName === "round the clock" || minutes >= 18 * 60 || minutes + step <= 6 * 60;
            if (minutes % step === 0 && inHours) gridWithinHours.push(ms);
          }
          expect(starts).toEqual(gridWithinHours);
        });
      }
    }
  }
});
