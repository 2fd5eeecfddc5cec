import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  assertReplacementAnswer,
  choiceOpen,
  choicePending,
  choiceState,
  replyDeadline,
  replyDeadlineOf,
  replyDeadlinePassed,
  seeksReplacement,
  withCancelledTutor,
  type ReassignmentStatus,
  type ReplacementAnswer,
} from "./replacement";

const NOW = DateTime.fromISO("2026-11-21T12:00:00Z");
const startsAt = NOW.plus({ hours: 3 }).toJSDate();

function codeOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? "unexpected";
  }
}

describe("seeksReplacement", () => {
  it.each<[string, "ONE_TO_ONE" | "GROUP", string, number, boolean]>([
    ["a booked 1:1 session", "ONE_TO_ONE", "SCHEDULED", 1, true],
    ["a group session", "GROUP", "SCHEDULED", 3, false],
    ["a 1:1 time still awaiting payment", "ONE_TO_ONE", "PENDING_PAYMENT", 0, false],
    ["a 1:1 session without a confirmed seat", "ONE_TO_ONE", "SCHEDULED", 0, false],
    ["a session under way", "ONE_TO_ONE", "IN_PROGRESS", 1, false],
  ])("%s", (_case, kind, status, confirmedSeats, expected) => {
    expect(seeksReplacement({ kind, status, confirmedSeats })).toBe(expected);
  });
});

describe("assertReplacementAnswer", () => {
  it.each<[string, string, ReassignmentStatus | null, Date, ReplacementAnswer, string | null]>([
    ["accept an offered tutor", "SCHEDULED", "PENDING_ACCEPTANCE", startsAt, "accept", null],
    ["choose another tutor instead of the offered one", "SCHEDULED", "PENDING_ACCEPTANCE", startsAt, "choose", null],
    ["cancel instead of the offered one", "SCHEDULED", "PENDING_ACCEPTANCE", startsAt, "cancel", null],
    ["choose when nobody was free", "SCHEDULED", "AWAITING_STUDENT_CHOICE", startsAt, "choose", null],
    ["cancel when nobody was free", "SCHEDULED", "AWAITING_STUDENT_CHOICE", startsAt, "cancel", null],
    ["accept when nobody was offered", "SCHEDULED", "AWAITING_STUDENT_CHOICE", startsAt, "accept", "NOTHING_OFFERED"],
    ["accept twice", "SCHEDULED", "ACCEPTED", startsAt, "accept", "NO_CHOICE_PENDING"],
    ["answer a session that never had a choice", "SCHEDULED", null, startsAt, "cancel", "NO_CHOICE_PENDING"],
    ["answer after the session was cancelled", "CANCELLED", "PENDING_ACCEPTANCE", startsAt, "accept", "NO_CHOICE_PENDING"],
    ["accept exactly at the start", "SCHEDULED", "PENDING_ACCEPTANCE", NOW.toJSDate(), "accept", "CHOICE_CLOSED"],
    ["accept one second before the start", "SCHEDULED", "PENDING_ACCEPTANCE", NOW.plus({ seconds: 1 }).toJSDate(), "accept", null],
  ])("%s", (_case, status, reassignmentStatus, start, answer, code) => {
    // No offer time: the deadline is the start itself.
    expect(codeOf(() => assertReplacementAnswer({ status, reassignmentStatus, startsAt: start, offeredAt: null, replyHours: 2, now: NOW, answer }))).toBe(code);
  });

  // Offered a day ahead with a 2-hour policy: the deadline (start − 2 h), not the start, closes the choice even before the job has run.
  it.each<[string, Date, ReplacementAnswer, string | null]>([
    ["accept one second before the deadline", NOW.plus({ hours: 2, seconds: 1 }).toJSDate(), "accept", null],
    ["accept exactly at the deadline", NOW.plus({ hours: 2 }).toJSDate(), "accept", "REPLY_DEADLINE_PASSED"],
    ["cancel an hour after the deadline, before the start", NOW.plus({ hours: 1 }).toJSDate(), "cancel", "REPLY_DEADLINE_PASSED"],
    ["choose after the deadline", NOW.plus({ hours: 1, minutes: 59 }).toJSDate(), "choose", "REPLY_DEADLINE_PASSED"],
  ])("%s", (_case, start, answer, code) => {
    const offeredAt = NOW.minus({ days: 1 }).toJSDate();
    expect(
      codeOf(() => assertReplacementAnswer({ status: "SCHEDULED", reassignmentStatus: "PENDING_ACCEPTANCE", startsAt: start, offeredAt, replyHours: 2, now: NOW, answer })),
    ).toBe(code);
  });
});

describe("replyDeadlineOf", () => {
  const start = DateTime.fromISO("2026-11-21T15:00:00Z");
  it.each<[string, Date | null, number, string]>([
    ["an offer a day ahead: the policy's hours before the start", start.minus({ days: 1 }).toJSDate(), 2, "2026-11-21T13:00:00.000Z"],
    ["another policy value", start.minus({ days: 1 }).toJSDate(), 5, "2026-11-21T10:00:00.000Z"],
    ["an offer inside the window: the start", start.minus({ hours: 1 }).toJSDate(), 2, "2026-11-21T15:00:00.000Z"],
    ["a choice without an offer time: the start", null, 2, "2026-11-21T15:00:00.000Z"],
  ])("%s", (_case, offeredAt, hours, expected) => {
    expect(replyDeadlineOf({ startsAt: start.toJSDate(), offeredAt }, hours).toISOString()).toBe(expected);
  });
});

describe("choicePending and withCancelledTutor", () => {
  it("only the two waiting states are pending", () => {
    expect([choicePending("PENDING_ACCEPTANCE"), choicePending("AWAITING_STUDENT_CHOICE"), choicePending("ACCEPTED"), choicePending(null)]).toEqual([true, true, false, false]);
  });
  it("remembers each cancelling tutor once", () => {
    expect(withCancelledTutor([], "t1")).toEqual(["t1"]);
    expect(withCancelledTutor(["t1"], "t2")).toEqual(["t1", "t2"]);
    expect(withCancelledTutor(["t1", "t2"], "t1")).toEqual(["t1", "t2"]);
  });
});

describe("choiceState and choiceOpen", () => {
  const offeredAt = NOW.minus({ days: 1 }).toJSDate();
  it.each<[string, string, ReassignmentStatus | null, Date, Date | null, string]>([
    ["waiting on the student", "SCHEDULED", "PENDING_ACCEPTANCE", startsAt, offeredAt, "open"],
    ["nobody offered, still waiting", "SCHEDULED", "AWAITING_STUDENT_CHOICE", startsAt, offeredAt, "open"],
    ["settled", "SCHEDULED", "ACCEPTED", startsAt, offeredAt, "none"],
    ["never asked", "SCHEDULED", null, startsAt, null, "none"],
    ["cancelled meanwhile", "CANCELLED", "PENDING_ACCEPTANCE", startsAt, offeredAt, "none"],
    ["no offer time, exactly at the start", "SCHEDULED", "PENDING_ACCEPTANCE", NOW.toJSDate(), null, "closed"],
    ["no offer time, one second before the start", "SCHEDULED", "PENDING_ACCEPTANCE", NOW.plus({ seconds: 1 }).toJSDate(), null, "open"],
    // The deadline is 2 h before the start: the pages follow it, not the start.
    ["a minute before the deadline", "SCHEDULED", "PENDING_ACCEPTANCE", NOW.plus({ hours: 2, minutes: 1 }).toJSDate(), offeredAt, "open"],
    ["exactly at the deadline", "SCHEDULED", "PENDING_ACCEPTANCE", NOW.plus({ hours: 2 }).toJSDate(), offeredAt, "closed"],
    ["a minute after the deadline, before the start", "SCHEDULED", "AWAITING_STUDENT_CHOICE", NOW.plus({ hours: 1, minutes: 59 }).toJSDate(), offeredAt, "closed"],
    ["after the start, the job not yet run", "SCHEDULED", "PENDING_ACCEPTANCE", NOW.minus({ minutes: 5 }).toJSDate(), offeredAt, "closed"],
  ])("%s", (_case, status, reassignmentStatus, start, offered, expected) => {
    const session = { status, reassignmentStatus, startsAt: start, offeredAt: offered };
    expect(choiceState(session, 2, NOW)).toBe(expected);
    expect(choiceOpen(session, 2, NOW)).toBe(expected === "open");
  });

  it("follows the policy's hours", () => {
    const session = { status: "SCHEDULED", reassignmentStatus: "PENDING_ACCEPTANCE" as const, startsAt, offeredAt };
    // The start is 3 h away: a 2-hour deadline is an hour off, a 3-hour one is now, a 4-hour one has passed.
    expect([2, 3, 4].map((hours) => choiceState(session, hours, NOW))).toEqual(["open", "closed", "closed"]);
  });
});

describe("replyDeadline", () => {
  const start = DateTime.fromISO("2026-12-08T11:15:00Z");
  const deadlineOf = (offeredAt: DateTime, hours: number) =>
    DateTime.fromJSDate(replyDeadline({ startsAt: start.toJSDate(), offeredAt: offeredAt.toJSDate() }, hours))
      .toUTC()
      .toISO();

  it.each<[string, DateTime, number, string]>([
    ["the default 2 hours before the start, not the start itself", start.minus({ days: 2 }), 2, "2026-12-08T09:15:00.000Z"],
    ["an admin's 24 hours", start.minus({ days: 2 }), 24, "2026-12-07T11:15:00.000Z"],
    ["0 hours means until the start", start.minus({ days: 2 }), 0, "2026-12-08T11:15:00.000Z"],
    ["offered inside the window: until the start", start.minus({ minutes: 90 }), 2, "2026-12-08T11:15:00.000Z"],
    ["offered exactly at the would-be deadline: until the start", start.minus({ hours: 2 }), 2, "2026-12-08T11:15:00.000Z"],
    ["offered a second before the window: the deadline stands", start.minus({ hours: 2, seconds: 1 }), 2, "2026-12-08T09:15:00.000Z"],
  ])("%s", (_case, offeredAt, hours, expected) => {
    expect(deadlineOf(offeredAt, hours)).toBe(expected);
  });

  it("is passed from the deadline on, and falls back to the start for a choice without an offer time", () => {
    const session = { startsAt: start.toJSDate(), offeredAt: start.minus({ days: 1 }).toJSDate() };
    expect(replyDeadlinePassed(session, 2, start.minus({ hours: 2, seconds: 1 }))).toBe(false);
    expect(replyDeadlinePassed(session, 2, start.minus({ hours: 2 }))).toBe(true);
    expect(replyDeadlinePassed({ ...session, offeredAt: null }, 2, start.minus({ hours: 1 }))).toBe(false);
    expect(replyDeadlinePassed({ ...session, offeredAt: null }, 2, start)).toBe(true);
  });
});
