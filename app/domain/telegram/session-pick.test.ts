import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { pickCheckInSession, pickCheckOutSession, type CandidateSession } from "./session-pick";

const policy = { noShowAfterMinutes: 15 };
const now = DateTime.fromISO("2031-03-03T10:00:00Z", { zone: "utc" });
const at = (minutesFromNow: number) => new Date(now.toMillis() + minutesFromNow * 60_000);

function session(id: string, startMinutes: number, status = "SCHEDULED", extra: Partial<CandidateSession> = {}): CandidateSession {
  return { id, status, startsAt: at(startMinutes), endsAt: at(startMinutes + 60), checkedInAt: null, checkedOutAt: null, ...extra };
}

describe("pickCheckInSession", () => {
  it.each<[string, CandidateSession[], string | null]>([
    ["none", [], null],
    ["open: 30 minutes before the start, exactly", [session("a", 30)], "a"],
    ["several open: the one starting soonest", [session("late", 25), session("soon", 5)], "soon"],
    ["open beats an earlier one already checked in", [session("run", -40, "IN_PROGRESS", { checkedInAt: at(-40) }), session("next", 20)], "next"],
    ["checked in and not ended: that one (the service says so)", [session("run", -10, "IN_PROGRESS", { checkedInAt: at(-10) })], "run"],
    ["checked in, ended: not that one", [session("run", -90, "IN_PROGRESS", { checkedInAt: at(-90) })], null],
    ["not open yet: the nearest one (the service gives the minutes)", [session("far", 300), session("near", 72)], "near"],
    ["opens in exactly 12 hours: still counted", [session("a", 12 * 60 + 30)], "a"],
    ["opens in more than 12 hours: none", [session("a", 12 * 60 + 31)], null],
    ["closed (no-show mark passed), not ended: that one (the service explains)", [session("a", -20)], "a"],
    ["closed and ended: none", [session("a", -61)], null],
    ["other statuses never", [session("c", 5, "CANCELLED"), session("d", 5, "AWAITING_CONFIRMATION")], null],
  ])("%s", (_name, sessions, expected) => {
    expect(pickCheckInSession(sessions, policy, now)).toBe(expected);
  });
});

describe("pickCheckOutSession", () => {
  const inProgress = (id: string, start: number, extra: Partial<CandidateSession> = {}) => session(id, start, "IN_PROGRESS", { checkedInAt: at(start), ...extra });
  it.each<[string, CandidateSession[], string | null]>([
    ["none", [], null],
    ["window open (30 minutes before the end)", [inProgress("a", -30)], "a"],
    ["window open beats one not open yet", [inProgress("later", -5), inProgress("open", -50)], "open"],
    ["not open yet: that one (the service gives the minutes)", [inProgress("a", -5)], "a"],
    ["closed (24 hours after the end): that one (the service explains)", [inProgress("a", -25 * 60)], "a"],
    ["already checked out: none", [inProgress("a", -40, { checkedOutAt: at(-1) })], null],
    ["only a scheduled session starting now: that one (the service says check in first)", [session("a", 10)], "a"],
    ["a scheduled session far ahead: none", [session("a", 120)], null],
  ])("%s", (_name, sessions, expected) => {
    expect(pickCheckOutSession(sessions, policy, now)).toBe(expected);
  });
});
