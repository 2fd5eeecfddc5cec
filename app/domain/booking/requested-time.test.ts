import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import type { BookableTime } from "~/domain/scheduling/bookable-times";
import { matchRequestedTime } from "./requested-time";

const now = DateTime.fromISO("2026-11-23T08:00:00Z", { zone: "utc" });
const at = (iso: string) => new Date(iso);
const weekly = (iso: string, minutes: number): BookableTime => ({
  startsAt: at(iso),
  endsAt: new Date(at(iso).getTime() + minutes * 60_000),
  durationMinutes: minutes,
  kind: "ONE_TO_ONE",
  source: "weekly",
  slotId: null,
  seatsLeft: 1,
  capacity: 1,
});
const times = [weekly("2026-11-24T09:00:00Z", 60), weekly("2026-11-24T09:00:00Z", 30)];
const base = { times, offeredDurations: [30, 60], policy: SCHEDULING_POLICY_DEFAULTS, now };

describe("matching a requested time", () => {
  it("finds a weekly time by start and length", () => {
    const match = matchRequestedTime({ ...base, request: { kind: "weekly", startsAt: at("2026-11-24T09:00:00Z"), durationMinutes: 30 } });
    expect(match.durationMinutes).toBe(30);
  });

  it.each([
    ["PAST", "2026-11-23T07:59:59Z", 60],
    ["PAST", "2026-11-23T08:00:00Z", 60],
    ["INSIDE_NOTICE", "2026-11-23T08:59:59Z", 60],
    ["NOT_FREE", "2026-11-23T09:00:00Z", 60], // exactly at the notice edge, but not a bookable time
    ["BEYOND_HORIZON", "2026-12-21T08:00:00Z", 60], // exactly 28 days
    ["DURATION_NOT_OFFERED", "2026-11-24T09:00:00Z", 45],
    ["NOT_FREE", "2026-11-24T10:00:00Z", 60],
  ] as const)("refuses with %s at %s", (code, iso, minutes) => {
    expect(() => matchRequestedTime({ ...base, request: { kind: "weekly", startsAt: at(iso), durationMinutes: minutes } })).toThrow(expect.objectContaining({ code }));
  });

  it("says a full group is full, and a taken 1:1 slot is no longer free", () => {
    const slot = { startsAt: at("2026-11-25T10:00:00Z"), endsAt: at("2026-11-25T11:00:00Z"), capacity: 4, seatsTaken: 4 };
    expect(() => matchRequestedTime({ ...base, request: { kind: "slot", slotId: "g" }, slot })).toThrow("Session full");
    const single = { ...slot, capacity: 1, seatsTaken: 0 };
    expect(() => matchRequestedTime({ ...base, request: { kind: "slot", slotId: "s" }, slot: single })).toThrow(expect.objectContaining({ code: "NOT_FREE" }));
    expect(() => matchRequestedTime({ ...base, request: { kind: "slot", slotId: "missing" }, slot: null })).toThrow(expect.objectContaining({ code: "NOT_FREE" }));
  });

  it("finds a group slot with seats left", () => {
    const slotTime: BookableTime = { ...weekly("2026-11-25T10:00:00Z", 60), kind: "GROUP", source: "slot", slotId: "g", seatsLeft: 2, capacity: 4 };
    const slot = { startsAt: slotTime.startsAt, endsAt: slotTime.endsAt, capacity: 4, seatsTaken: 2 };
    expect(matchRequestedTime({ ...base, times: [slotTime], request: { kind: "slot", slotId: "g" }, slot }).slotId).toBe("g");
  });
});
