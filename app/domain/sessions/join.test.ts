import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { effectiveMeetingUrl, joinDecision, MeetingLinkSchema, type JoinSession } from "./join";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const startsAt = new Date("2026-11-01T06:15:00Z");
const endsAt = new Date("2026-11-01T07:15:00Z");
const start = startsAt.getTime();
const end = endsAt.getTime();
const at = (ms: number) => DateTime.fromMillis(ms, { zone: "UTC" });
const url = "https://meet.example.com/room";
const session: JoinSession = { status: "SCHEDULED", meetingType: "VIDEO", startsAt, endsAt, meetingUrl: url };
const opensAt = new Date(start - 10 * MINUTE);

describe("joinDecision at the window's boundaries", () => {
  it.each<[string, Partial<JoinSession>, number, ReturnType<typeof joinDecision>]>([
    ["one second before 10 minutes before the start", {}, start - 10 * MINUTE - SECOND, { state: "not_yet_open", opensAt }],
    ["exactly 10 minutes before the start", {}, start - 10 * MINUTE, { state: "open", url }],
    ["at the start", {}, start, { state: "open", url }],
    ["in progress, one second before the end", { status: "IN_PROGRESS" }, end - SECOND, { state: "open", url }],
    ["at the end", { status: "IN_PROGRESS" }, end, { state: "none" }],
    ["a day ahead", {}, start - 24 * 60 * MINUTE, { state: "not_yet_open", opensAt }],
    ["in person", { meetingType: "IN_PERSON" }, start, { state: "none" }],
    ["no link", { meetingUrl: null }, start, { state: "none" }],
    ["cancelled", { status: "CANCELLED" }, start, { state: "none" }],
    ["awaiting confirmation (checked out)", { status: "AWAITING_CONFIRMATION" }, start, { state: "none" }],
    ["no-show", { status: "NO_SHOW" }, start, { state: "none" }],
    ["pending payment", { status: "PENDING_PAYMENT" }, start, { state: "none" }],
    ["audio call", { meetingType: "AUDIO" }, start, { state: "open", url }],
  ])("%s", (_name, change, nowMs, expected) => {
    expect(joinDecision({ ...session, ...change }, at(nowMs))).toEqual(expected);
  });
});

describe("effectiveMeetingUrl", () => {
  it.each([
    ["https://s", "https://t", "https://s"],
    [null, "https://t", "https://t"],
    ["  ", "https://t", "https://t"],
    [null, null, null],
  ])("session %s, tutor %s → %s", (own, tutor, expected) => {
    expect(effectiveMeetingUrl(own, tutor)).toBe(expected);
  });
});

describe("MeetingLinkSchema", () => {
  it.each([
    [{ meetingUrl: "https://meet.example.com/abc?x=1&y=2" }, "https://meet.example.com/abc?x=1&y=2"],
    [{ meetingUrl: "  http://zoom.example/j/1  " }, "http://zoom.example/j/1"],
    [{}, null],
    [{ meetingUrl: "" }, null],
    [{ meetingUrl: `https://e.com/${"a".repeat(500 - 14)}` }, `https://e.com/${"a".repeat(486)}`],
  ])("accepts %j", (input, expected) => {
    const result = MeetingLinkSchema.safeParse(input);
    expect(result.success && result.data.meetingUrl).toBe(expected);
  });

  it.each([["javascript:alert(1)"], ["ftp://e.com/x"], ["meet.example.com/room"], ["https://"], ["https://exa mple.com"], [`https://e.com/${"a".repeat(500 - 13)}`]])(
    "refuses %s",
    (meetingUrl) => {
      expect(MeetingLinkSchema.safeParse({ meetingUrl }).success).toBe(false);
    },
  );
});
