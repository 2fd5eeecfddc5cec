import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SESSION_POLICY_DEFAULTS } from "~/domain/policies/session-policies";
import {
  defaultActualTimes,
  actualTimeOnSessionDay,
  checkInWindow,
  checkOutMissingAt,
  checkOutWindow,
  dueReminderKinds,
  isCheckOutMissing,
  isNoShowDue,
  noShowDueAt,
  reminderDueAt,
  sessionDayBounds,
  validateActualTimes,
  windowRefusalMessage,
  type ReminderKind,
} from "./attendance-windows";

/*
 * Every rule is in real elapsed time (30 minutes before the start is 30 minutes of clock time before
 * it, whatever the wall clock does); the DST rows show that the instants stay right and that the local
 * times in the messages are those of the reader's wall clock on that day.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const policy = { noShowAfterMinutes: SESSION_POLICY_DEFAULTS.noShowAfterMinutes };
const utc = (iso: string) => new Date(iso);
const nowAt = (ms: number) => DateTime.fromMillis(ms, { zone: "UTC" });

describe("check-in window, at each boundary", () => {
  // opensAt and noShowAt are written out (UTC) rather than computed, with the local times a reader sees.
  describe.each([
    {
      day: "an ordinary day in New York (16:00 EDT)",
      zone: "America/New_York",
      startsAt: "2026-06-10T20:00:00Z",
      endsAt: "2026-06-10T21:00:00Z",
      opensAt: "2026-06-10T19:30:00Z",
      noShowAt: "2026-06-10T20:15:00Z",
      opensLocal: "15:30",
      noShowLocal: "16:15",
    },
    {
      day: "New York's spring-forward day, 2026-03-08 (03:15 EDT; opens 01:45 EST)",
      zone: "America/New_York",
      startsAt: "2026-03-08T07:15:00Z",
      endsAt: "2026-03-08T08:15:00Z",
      opensAt: "2026-03-08T06:45:00Z",
      noShowAt: "2026-03-08T07:30:00Z",
      opensLocal: "01:45",
      noShowLocal: "03:30",
    },
    {
      day: "New York's fall-back day, 2026-11-01 (the second 01:15, EST; opens at the first 01:45, EDT)",
      zone: "America/New_York",
      startsAt: "2026-11-01T06:15:00Z",
      endsAt: "2026-11-01T07:15:00Z",
      opensAt: "2026-11-01T05:45:00Z",
      noShowAt: "2026-11-01T06:30:00Z",
      opensLocal: "01:45",
      noShowLocal: "01:30",
    },
    {
      day: "Lord Howe's half-hour fall-back day, 2026-04-05 (the second 01:45, +10:30; opens at the first 01:45, +11)",
      zone: "Australia/Lord_Howe",
      startsAt: "2026-04-04T15:15:00Z",
      endsAt: "2026-04-04T16:15:00Z",
      opensAt: "2026-04-04T14:45:00Z",
      noShowAt: "2026-04-04T15:30:00Z",
      opensLocal: "01:45",
      noShowLocal: "02:00",
    },
    {
      day: "Lord Howe's half-hour spring-forward day, 2026-10-04 (02:45, +11; opens 01:45, +10:30)",
      zone: "Australia/Lord_Howe",
      startsAt: "2026-10-03T15:45:00Z",
      endsAt: "2026-10-03T16:45:00Z",
      opensAt: "2026-10-03T15:15:00Z",
      noShowAt: "2026-10-03T16:00:00Z",
      opensLocal: "01:45",
      noShowLocal: "03:00",
    },
  ])("$day", ({ zone, startsAt, endsAt, opensAt, noShowAt, opensLocal, noShowLocal }) => {
    const session = { startsAt: utc(startsAt), endsAt: utc(endsAt), zone };
    const opens = utc(opensAt).getTime();
    const start = session.startsAt.getTime();
    const mark = utc(noShowAt).getTime();

    it.each([
      ["42 minutes before the opening", opens - 42 * MINUTE, { state: "not_yet_open", opensAt: utc(opensAt), minutesUntilOpen: 42 }],
      ["41 min 59 s before the opening (rounded up)", opens - 41 * MINUTE - 59 * SECOND, { state: "not_yet_open", opensAt: utc(opensAt), minutesUntilOpen: 42 }],
      ["one second before the opening (never 0 while closed)", opens - SECOND, { state: "not_yet_open", opensAt: utc(opensAt), minutesUntilOpen: 1 }],
      ["exactly 30 minutes before the start", opens, { state: "open", lateMinutes: 0 }],
      ["one second after the opening", opens + SECOND, { state: "open", lateMinutes: 0 }],
      ["exactly at the start", start, { state: "open", lateMinutes: 0 }],
      ["59 seconds after the start", start + 59 * SECOND, { state: "open", lateMinutes: 0 }],
      ["one minute after the start", start + MINUTE, { state: "open", lateMinutes: 1 }],
      ["one second before the no-show mark", mark - SECOND, { state: "open", lateMinutes: 14 }],
      ["exactly at the no-show mark", mark, { state: "closed", reason: "no_show_due", closedAt: utc(noShowAt) }],
      ["one second after the no-show mark", mark + SECOND, { state: "closed", reason: "no_show_due", closedAt: utc(noShowAt) }],
    ])("%s", (_, nowMs, expected) => {
      expect(checkInWindow(session, policy, nowAt(nowMs))).toEqual(expected);
    });

    it.each([
      [mark - SECOND, false],
      [mark, true],
      [mark + SECOND, true],
    ])("no-show due at %i: %s", (nowMs, due) => {
      expect(noShowDueAt(session, policy)).toEqual(utc(noShowAt));
      expect(isNoShowDue(session, policy, nowAt(nowMs))).toBe(due);
    });

    it("says when check-in opens, and when it closed, on the reader's wall clock", () => {
      const early = nowAt(opens - 42 * MINUTE);
      expect(windowRefusalMessage("check-in", checkInWindow(session, policy, early), zone, early)).toBe(`Check-in opens in 42 minutes, at ${opensLocal} (${zone})`);
      const late = nowAt(mark);
      expect(windowRefusalMessage("check-in", checkInWindow(session, policy, late), zone, late)).toBe(
        `Check-in closed at ${noShowLocal} (${zone}), when the session became a no-show. A coordinator can record what happened on the attendance form.`,
      );
      expect(windowRefusalMessage("check-in", checkInWindow(session, policy, nowAt(opens)), zone, nowAt(opens))).toBeNull();
    });
  });

  it("writes one minute in the singular, and the date when the opening is not on the reader's today", () => {
    const session = { startsAt: utc("2026-03-09T20:00:00Z"), endsAt: utc("2026-03-09T21:00:00Z"), zone: "America/New_York" };
    const oneSecondBefore = nowAt(utc("2026-03-09T19:29:59Z").getTime());
    expect(windowRefusalMessage("check-in", checkInWindow(session, policy, oneSecondBefore), "America/New_York", oneSecondBefore)).toBe(
      "Check-in opens in 1 minute, at 15:30 (America/New_York)",
    );
    // 01:00 EST the day before, across the spring-forward night: 38 h 30 min of wall clock, 37 h 30 min (2250 minutes) of elapsed time.
    const dayBefore = nowAt(utc("2026-03-08T06:00:00Z").getTime());
    expect(windowRefusalMessage("check-in", checkInWindow(session, policy, dayBefore), "America/New_York", dayBefore)).toBe(
      "Check-in opens in 2250 minutes, at Mon 9 Mar 2026, 15:30 (America/New_York)",
    );
    // Another reader's zone: the same instant on their wall clock.
    expect(windowRefusalMessage("check-in", checkInWindow(session, policy, oneSecondBefore), "Europe/Paris", oneSecondBefore)).toBe(
      "Check-in opens in 1 minute, at 20:30 (Europe/Paris)",
    );
  });
});

describe("no-show mark", () => {
  const session = { startsAt: utc("2026-06-10T20:00:00Z"), endsAt: utc("2026-06-10T20:30:00Z"), zone: "America/New_York" };
  it.each([
    [15, "2026-06-10T20:15:00Z"],
    [30, "2026-06-10T20:30:00Z"], // the reference's 30-minute rule
    [60, "2026-06-10T20:30:00Z"], // never after the end of a 30-minute session
  ])("after %i minutes: %s", (noShowAfterMinutes, expected) => {
    expect(noShowDueAt(session, { noShowAfterMinutes })).toEqual(utc(expected));
  });

  it("closes check-in at the end when the mark would fall after it", () => {
    expect(checkInWindow(session, { noShowAfterMinutes: 60 }, nowAt(utc("2026-06-10T20:29:59Z").getTime()))).toEqual({ state: "open", lateMinutes: 29 });
    expect(checkInWindow(session, { noShowAfterMinutes: 60 }, nowAt(utc("2026-06-10T20:30:00Z").getTime()))).toEqual({
      state: "closed",
      reason: "no_show_due",
      closedAt: utc("2026-06-10T20:30:00Z"),
    });
  });
});

describe("check-out window, at each boundary", () => {
  describe.each([
    {
      day: "an ordinary day in New York (ends 17:00 EDT)",
      zone: "America/New_York",
      endsAt: "2026-06-10T21:00:00Z",
      opensAt: "2026-06-10T20:30:00Z",
      missingAt: "2026-06-11T21:00:00Z",
      opensLocal: "16:30",
      missingLocal: "17:00",
    },
    {
      day: "ending 12:00 EST the day before New York springs forward: 24 h later is 13:00 EDT",
      zone: "America/New_York",
      endsAt: "2026-03-07T17:00:00Z",
      opensAt: "2026-03-07T16:30:00Z",
      missingAt: "2026-03-08T17:00:00Z",
      opensLocal: "11:30",
      missingLocal: "13:00",
    },
    {
      day: "ending 04:15 EDT on New York's spring-forward day (opens 03:45 EDT)",
      zone: "America/New_York",
      endsAt: "2026-03-08T08:15:00Z",
      opensAt: "2026-03-08T07:45:00Z",
      missingAt: "2026-03-09T08:15:00Z",
      opensLocal: "03:45",
      missingLocal: "04:15",
    },
    {
      day: "ending 12:00 EDT the day before New York falls back: 24 h later is 11:00 EST",
      zone: "America/New_York",
      endsAt: "2026-10-31T16:00:00Z",
      opensAt: "2026-10-31T15:30:00Z",
      missingAt: "2026-11-01T16:00:00Z",
      opensLocal: "11:30",
      missingLocal: "11:00",
    },
    {
      day: "ending 12:00 (+11) the day before Lord Howe falls back half an hour: 24 h later is 11:30",
      zone: "Australia/Lord_Howe",
      endsAt: "2026-04-04T01:00:00Z",
      opensAt: "2026-04-04T00:30:00Z",
      missingAt: "2026-04-05T01:00:00Z",
      opensLocal: "11:30",
      missingLocal: "11:30",
    },
    {
      day: "ending 12:00 (+10:30) the day before Lord Howe springs forward half an hour: 24 h later is 12:30",
      zone: "Australia/Lord_Howe",
      endsAt: "2026-10-03T01:30:00Z",
      opensAt: "2026-10-03T01:00:00Z",
      missingAt: "2026-10-04T01:30:00Z",
      opensLocal: "11:30",
      missingLocal: "12:30",
    },
  ])("$day", ({ zone, endsAt, opensAt, missingAt, opensLocal, missingLocal }) => {
    const session = { startsAt: new Date(utc(endsAt).getTime() - 60 * MINUTE), endsAt: utc(endsAt), zone };
    const opens = utc(opensAt).getTime();
    const missing = utc(missingAt).getTime();

    it.each([
      ["one second before the opening", opens - SECOND, { state: "not_yet_open", opensAt: utc(opensAt), minutesUntilOpen: 1 }],
      ["exactly 30 minutes before the end", opens, { state: "open" }],
      ["one second after the opening", opens + SECOND, { state: "open" }],
      ["one second before 24 h after the end", missing - SECOND, { state: "open" }],
      ["exactly 24 h after the end", missing, { state: "closed", reason: "check_out_missing", closedAt: utc(missingAt) }],
      ["one second after 24 h after the end", missing + SECOND, { state: "closed", reason: "check_out_missing", closedAt: utc(missingAt) }],
    ])("%s", (_, nowMs, expected) => {
      expect(checkOutWindow(session, nowAt(nowMs))).toEqual(expected);
    });

    it.each([
      [missing - SECOND, false],
      [missing, true],
      [missing + SECOND, true],
    ])("check-out missing at %i: %s", (nowMs, flagged) => {
      expect(checkOutMissingAt(session)).toEqual(utc(missingAt));
      expect(isCheckOutMissing(session, nowAt(nowMs))).toBe(flagged);
    });

    it("says when check-out opens, and when it closed, on the reader's wall clock", () => {
      const early = nowAt(opens - 42 * MINUTE);
      expect(windowRefusalMessage("check-out", checkOutWindow(session, early), zone, early)).toBe(`Check-out opens in 42 minutes, at ${opensLocal} (${zone})`);
      const late = nowAt(missing);
      expect(windowRefusalMessage("check-out", checkOutWindow(session, late), zone, late)).toBe(
        `Check-out closed at ${missingLocal} (${zone}), 24 hours after the end. A coordinator can record the attendance on the attendance form.`,
      );
      expect(windowRefusalMessage("check-out", checkOutWindow(session, nowAt(opens)), zone, nowAt(opens))).toBeNull();
    });
  });
});

describe("reminders", () => {
  it.each([
    // 12:00 EDT on New York's spring-forward day: the 24-hour reminder is 24 h of elapsed time before, 11:00 EST the day before.
    ["America/New_York", "2026-03-08T16:00:00Z", "24h", "2026-03-07T16:00:00Z", "Sat 7 Mar 2026, 11:00"],
    ["America/New_York", "2026-03-08T16:00:00Z", "1h", "2026-03-08T15:00:00Z", "Sun 8 Mar 2026, 11:00"],
    ["America/New_York", "2026-11-01T17:00:00Z", "24h", "2026-10-31T17:00:00Z", "Sat 31 Oct 2026, 13:00"],
    ["Australia/Lord_Howe", "2026-10-04T01:00:00Z", "24h", "2026-10-03T01:00:00Z", "Sat 3 Oct 2026, 11:30"],
    ["Australia/Lord_Howe", "2026-04-05T01:30:00Z", "24h", "2026-04-04T01:30:00Z", "Sat 4 Apr 2026, 12:30"],
  ] as const)("in %s, a session at %s: the %s reminder is due at %s (%s local)", (zone, startsAt, kind, dueAt, local) => {
    const due = reminderDueAt({ startsAt: utc(startsAt) }, kind);
    expect(due).toEqual(utc(dueAt));
    expect(DateTime.fromJSDate(due).setZone(zone).toFormat("ccc d LLL yyyy, HH:mm")).toBe(local);
  });

  const session = { startsAt: utc("2026-03-08T16:00:00Z") };
  const day = utc("2026-03-07T16:00:00Z").getTime();
  const hour = utc("2026-03-08T15:00:00Z").getTime();
  const start = session.startsAt.getTime();
  it.each<[string, number, ReminderKind[], ReminderKind[]]>([
    ["one second before the 24 h reminder", day - SECOND, [], []],
    ["exactly 24 h before", day, [], ["24h"]],
    ["one second after, not yet sent", day + SECOND, [], ["24h"]],
    ["after it was sent", day + SECOND, ["24h"], []],
    ["two hours before, never sent (the server was down): late rather than never", start - 120 * MINUTE, [], ["24h"]],
    ["one second before the 1 h reminder", hour - SECOND, ["24h"], []],
    ["exactly 1 h before", hour, ["24h"], ["1h"]],
    ["exactly 1 h before, the 24 h one never sent: only the 1 h one", hour, [], ["1h"]],
    ["50 minutes before, nothing sent yet (booked late)", start - 50 * MINUTE, [], ["1h"]],
    ["one second before the start, 1 h reminder unsent", start - SECOND, ["24h"], ["1h"]],
    ["after the 1 h reminder was sent", hour + SECOND, ["24h", "1h"], []],
    ["after only the 1 h reminder was sent", hour + SECOND, ["1h"], []],
    ["exactly at the start: never once it has started", start, [], []],
    ["one second after the start", start + SECOND, ["24h"], []],
  ])("%s", (_, nowMs, sent, expected) => {
    expect(dueReminderKinds(session, sent, nowAt(nowMs))).toEqual(expected);
  });
});

describe("actual start and end, corrected at check-out", () => {
  // 10:00–11:00 EDT on New York's spring-forward day, a 23-hour day: 05:00Z to 04:00Z the next day.
  const spring = { startsAt: utc("2026-03-08T14:00:00Z"), endsAt: utc("2026-03-08T15:00:00Z"), zone: "America/New_York" };
  const springDay = "Enter a time on the session's day, from Sun 8 Mar 2026, 00:00 to Mon 9 Mar 2026, 00:00 (America/New_York).";

  it.each([
    [
      "Lord Howe's 24.5-hour fall-back day",
      { startsAt: utc("2026-04-04T23:30:00Z"), endsAt: utc("2026-04-05T00:30:00Z"), zone: "Australia/Lord_Howe" },
      "2026-04-04T13:00:00Z",
      "2026-04-05T13:30:00Z",
    ],
    [
      "Lord Howe's 23.5-hour spring-forward day",
      { startsAt: utc("2026-10-04T00:00:00Z"), endsAt: utc("2026-10-04T01:00:00Z"), zone: "Australia/Lord_Howe" },
      "2026-10-03T13:30:00Z",
      "2026-10-04T13:00:00Z",
    ],
    ["New York's 23-hour day", spring, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"],
    [
      "a session across midnight on New York's 25-hour day",
      { startsAt: utc("2026-11-02T04:00:00Z"), endsAt: utc("2026-11-02T05:30:00Z"), zone: "America/New_York" },
      "2026-11-01T04:00:00Z",
      "2026-11-03T05:00:00Z",
    ],
  ])("the session's day on %s", (_, session, from, to) => {
    expect(sessionDayBounds(session)).toEqual({ from: utc(from), to: utc(to) });
  });

  it.each([
    ["a normal correction", "2026-03-08T14:05:00Z", "2026-03-08T15:02:00Z", null],
    ["the start exactly at the day's first instant", "2026-03-08T05:00:00Z", "2026-03-08T15:00:00Z", null],
    ["the end exactly at the closing midnight", "2026-03-08T14:00:00Z", "2026-03-09T04:00:00Z", null],
    ["the start one second before the day", "2026-03-08T04:59:59Z", "2026-03-08T15:00:00Z", { actualStart: springDay }],
    ["the end one second after the day", "2026-03-08T14:00:00Z", "2026-03-09T04:00:01Z", { actualEnd: springDay }],
    ["the start at the closing midnight", "2026-03-09T04:00:00Z", "2026-03-09T04:00:00Z", { actualStart: springDay }],
    ["both on another day", "2026-03-07T14:00:00Z", "2026-03-07T15:00:00Z", { actualStart: springDay, actualEnd: springDay }],
    ["the end equal to the start", "2026-03-08T14:05:00Z", "2026-03-08T14:05:00Z", { actualEnd: "Enter an end after the start (Sun 8 Mar 2026, 10:05)." }],
    ["the end before the start", "2026-03-08T14:05:00Z", "2026-03-08T14:04:59Z", { actualEnd: "Enter an end after the start (Sun 8 Mar 2026, 10:05)." }],
    ["a start that is not a date", "not a date", "2026-03-08T15:00:00Z", { actualStart: springDay }],
  ])("%s", (_, actualStart, actualEnd, errors) => {
    const times = { actualStart: utc(actualStart), actualEnd: utc(actualEnd) };
    expect(validateActualTimes(times, spring, "America/New_York")).toEqual(errors === null ? { ok: true, value: times } : { ok: false, errors });
  });

  it("writes the day in the reader's zone", () => {
    const times = { actualStart: utc("2026-03-07T14:00:00Z"), actualEnd: utc("2026-03-08T15:00:00Z") };
    expect(validateActualTimes(times, spring, "Europe/Paris")).toEqual({
      ok: false,
      errors: { actualStart: "Enter a time on the session's day, from Sun 8 Mar 2026, 06:00 to Mon 9 Mar 2026, 05:00 (Europe/Paris)." },
    });
  });
});

describe("actual times typed on the check-out form", () => {
  it("reads them on the session's local dates in the reader's zone, the end on the end's date across midnight", () => {
    const session = { startsAt: utc("2026-06-11T03:30:00Z"), endsAt: utc("2026-06-11T04:30:00Z") }; // 23:30–00:30 EDT
    expect(actualTimeOnSessionDay("23:40", "start", session, "America/New_York")).toEqual(utc("2026-06-11T03:40:00Z"));
    expect(actualTimeOnSessionDay("00:20", "end", session, "America/New_York")).toEqual(utc("2026-06-11T04:20:00Z"));
    // In London the same session is 04:30–05:30 on one date.
    expect(actualTimeOnSessionDay("04:35", "start", session, "Europe/London")).toEqual(utc("2026-06-11T03:35:00Z"));
  });
});

describe("the actual times a check-out records when the tutor corrects nothing", () => {
  // 15:00–16:00 in New York on Tuesday 10 March 2026 (EDT, UTC−4).
  const session = { startsAt: new Date("2026-03-10T19:00:00Z"), endsAt: new Date("2026-03-10T20:00:00Z"), zone: "America/New_York" };

  it.each([
    [
      "checked in early, out on time: from the scheduled start to the check-out",
      "2026-03-10T18:40:00Z",
      "2026-03-10T20:00:00Z",
      "2026-03-10T19:00:00.000Z",
      "2026-03-10T20:00:00.000Z",
    ],
    ["checked in 10 minutes late: from the check-in", "2026-03-10T19:10:00Z", "2026-03-10T19:55:00Z", "2026-03-10T19:10:00.000Z", "2026-03-10T19:55:00.000Z"],
    [
      "checked out at the day's last instant (midnight in New York): the check-out",
      "2026-03-10T19:00:00Z",
      "2026-03-11T04:00:00Z",
      "2026-03-10T19:00:00.000Z",
      "2026-03-11T04:00:00.000Z",
    ],
    ["checked out the next morning: the scheduled end, so the day is kept", "2026-03-10T19:00:00Z", "2026-03-11T04:00:01Z", "2026-03-10T19:00:00.000Z", "2026-03-10T20:00:00.000Z"],
    [
      "checked out before the check-in time (a short session): the scheduled end",
      "2026-03-10T19:20:00Z",
      "2026-03-10T19:15:00Z",
      "2026-03-10T19:20:00.000Z",
      "2026-03-10T20:00:00.000Z",
    ],
  ])("%s", (_case, checkedInAt, checkOutAt, start, end) => {
    const times = defaultActualTimes({ ...session, checkedInAt: new Date(checkedInAt) }, new Date(checkOutAt));
    expect([times.actualStart.toISOString(), times.actualEnd.toISOString()]).toEqual([start, end]);
  });

  it("with no check-in recorded starts at the scheduled start", () => {
    expect(defaultActualTimes({ ...session, checkedInAt: null }, new Date("2026-03-10T19:50:00Z")).actualStart.toISOString()).toBe("2026-03-10T19:00:00.000Z");
  });
});
