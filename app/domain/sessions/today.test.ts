import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { todayAction, todayBounds } from "./today";

// 15:00–16:00 UTC on Monday 3 March 2031, read in London (GMT, = UTC).
const session = { startsAt: new Date("2031-03-03T15:00:00Z"), endsAt: new Date("2031-03-03T16:00:00Z") };
const policy = { noShowAfterMinutes: 15 };
const at = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

describe("the tutor's today list: each session's action", () => {
  it.each([
    [
      "in the morning: the button, with when check-in opens",
      "SCHEDULED",
      "2031-03-03T09:00:00Z",
      { kind: "check_in", open: false, note: "Check-in opens in 330 minutes, at 14:30 (Europe/London)" },
    ],
    ["30 minutes before: open", "SCHEDULED", "2031-03-03T14:30:00Z", { kind: "check_in", open: true, note: null }],
    ["at the no-show mark: closed", "SCHEDULED", "2031-03-03T15:15:00Z", { kind: "none", note: "Check-in closed: the no-show mark has passed" }],
    [
      "checked in, before the check-out opens",
      "IN_PROGRESS",
      "2031-03-03T15:10:00Z",
      { kind: "check_out", open: false, note: "Check-out opens in 20 minutes, at 15:30 (Europe/London)" },
    ],
    ["checked in, check-out open", "IN_PROGRESS", "2031-03-03T15:30:00Z", { kind: "check_out", open: true, note: null }],
    ["checked out", "AWAITING_CONFIRMATION", "2031-03-03T16:05:00Z", { kind: "none", note: "Checked out: waiting for confirmation" }],
    ["a no-show", "NO_SHOW", "2031-03-03T16:05:00Z", { kind: "none", note: "No-show" }],
  ] as const)("%s", (_case, status, now, expected) => {
    expect(todayAction({ ...session, status }, policy, "Europe/London", at(now))).toEqual(expected);
  });

  it("flags a check-out still missing 24 hours after the end", () => {
    expect(todayAction({ ...session, status: "IN_PROGRESS" }, policy, "Europe/London", at("2031-03-04T16:00:00Z"))).toEqual({
      kind: "none",
      note: "Check-out missing: a coordinator records the attendance",
    });
  });
});

describe("today's bounds in the tutor's zone", () => {
  it("is the local day, 23 hours long on New York's spring-forward day", () => {
    const { from, to } = todayBounds(at("2031-03-09T15:00:00Z"), "America/New_York");
    expect([from.toISOString(), to.toISOString()]).toEqual(["2031-03-09T05:00:00.000Z", "2031-03-10T04:00:00.000Z"]);
  });

  it("is the local day in Lord Howe, where the clocks move by half an hour", () => {
    // Sunday 6 April 2031: Lord Howe goes from +11 to +10:30 at 02:00 local time.
    const { from, to } = todayBounds(at("2031-04-06T03:00:00Z"), "Australia/Lord_Howe");
    expect([from.toISOString(), to.toISOString()]).toEqual(["2031-04-05T13:00:00.000Z", "2031-04-06T13:30:00.000Z"]);
  });
});
