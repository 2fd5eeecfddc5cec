import { describe, expect, it } from "vitest";
import {
  autoConfirmAt,
  averageRating,
  confirmationDueAt,
  confirmRefusal,
  decideHoursConfirmation,
  isHoursReminderDue,
  isRatingEditable,
  RatingSchema,
  seatConfirmation,
  sessionStatusAfterAnswers,
  type ConfirmableSession,
} from "./confirmation";

const ZONE = "America/New_York";
const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);
const policy = { confirmationWindowHours: 48, autoConfirmAfterHours: 0 };

// 15:00–16:00 New York (20:00–21:00 UTC), checked out at 16:05.
const session: ConfirmableSession = { status: "AWAITING_CONFIRMATION", endsAt: at("2026-12-10T21:00:00Z"), confirmationOpenedAt: at("2026-12-10T21:05:00Z") };
const pending = { status: "CONFIRMED", hoursConfirmedAt: null };

describe("the confirmation window", () => {
  it.each([
    ["one second before the scheduled end", "2026-12-10T20:59:59Z", { state: "too_early", minutesUntilOpen: 1 }],
    ["42 minutes before the end", "2026-12-10T20:18:00Z", { state: "too_early", minutesUntilOpen: 42 }],
    ["exactly at the end", "2026-12-10T21:00:00Z", { state: "open", overdue: false }],
    ["one second before the window passes", "2026-12-12T21:04:59Z", { state: "open", overdue: false }],
    ["exactly 48 hours after the wait began", "2026-12-12T21:05:00Z", { state: "open", overdue: true }],
  ])("%s", (_label, now, expected) => {
    expect(seatConfirmation(session, pending, policy, ms(now))).toMatchObject(expected);
  });

  it("counts from the scheduled end when the wait began before it (an early check-out)", () => {
    const early = { ...session, confirmationOpenedAt: at("2026-12-10T20:40:00Z") };
    expect(confirmationDueAt(early, policy)).toEqual(at("2026-12-12T21:00:00Z"));
  });

  it("counts from a coordinator's late record when it came after the end", () => {
    const recordedLater = { ...session, confirmationOpenedAt: at("2026-12-11T09:00:00Z") };
    expect(confirmationDueAt(recordedLater, policy)).toEqual(at("2026-12-13T09:00:00Z"));
  });

  it("is 48 elapsed hours across a DST change (New York falls back on 1 November 2026)", () => {
    const overFallBack = { ...session, endsAt: at("2026-10-31T14:00:00Z"), confirmationOpenedAt: at("2026-10-31T14:00:00Z") };
    expect(confirmationDueAt(overFallBack, policy)).toEqual(at("2026-11-02T14:00:00Z"));
  });

  it.each([
    ["a confirmed seat", { status: "CONFIRMED", hoursConfirmedAt: at("2026-12-11T00:00:00Z") }, "confirmed"],
    ["a cancelled seat", { status: "CANCELLED", hoursConfirmedAt: null }, "not_a_seat"],
  ])("%s is not open", (_label, seat, state) => {
    expect(seatConfirmation(session, seat, policy, ms("2026-12-11T00:00:00Z")).state).toBe(state);
  });

  it.each(["SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"] as const)("a %s session is not awaiting confirmation", (status) => {
    expect(seatConfirmation({ ...session, status }, pending, policy, ms("2026-12-11T00:00:00Z")).state).toBe("not_awaiting");
  });
});

describe("who may confirm, and when", () => {
  const context = (now: string) => ({ nowMs: ms(now), zone: ZONE });

  it("refuses a confirm before the end with the time it opens, in the reader's zone", () => {
    expect(confirmRefusal(session, pending, "booker", policy, context("2026-12-10T20:18:00Z"))?.message).toBe(
      "The session has not finished yet: its hours can be confirmed from Thu 10 Dec 2026, 16:00 GMT-5 (America/New_York), in 42 minutes.",
    );
  });

  it("counts hours when the wait is long", () => {
    expect(confirmRefusal(session, pending, "staff", policy, context("2026-12-10T17:30:00Z"))?.message).toMatch(/in 3 hours 30 minutes\.$/);
  });

  it("lets the booker and staff confirm from the end", () => {
    expect(confirmRefusal(session, pending, "booker", policy, context("2026-12-10T21:00:00Z"))).toBeNull();
    expect(confirmRefusal(session, pending, "staff", policy, context("2026-12-10T21:00:00Z"))).toBeNull();
  });

  it("refuses the system unless automatic confirmation is on and due", () => {
    const late = context("2026-12-20T00:00:00Z");
    expect(confirmRefusal(session, pending, "auto", policy, late)?.code).toBe("AUTO_CONFIRM_NOT_DUE");
    const auto = { ...policy, autoConfirmAfterHours: 72 };
    expect(autoConfirmAt(session, auto)).toEqual(at("2026-12-13T21:05:00Z"));
    expect(confirmRefusal(session, pending, "auto", auto, context("2026-12-13T21:04:59Z"))?.code).toBe("AUTO_CONFIRM_NOT_DUE");
    expect(confirmRefusal(session, pending, "auto", auto, context("2026-12-13T21:05:00Z"))).toBeNull();
  });

  it("refuses a second answer with the instant of the first", () => {
    const done = { status: "CONFIRMED", hoursConfirmedAt: at("2026-12-10T21:30:00Z") };
    expect(confirmRefusal(session, done, "booker", policy, context("2026-12-11T00:00:00Z"))?.message).toBe(
      "These hours were already confirmed, at Thu 10 Dec 2026, 16:30 GMT-5 (America/New_York).",
    );
  });

  it("explains a session whose tutor has not checked out", () => {
    expect(confirmRefusal({ ...session, status: "IN_PROGRESS" }, pending, "booker", policy, context("2026-12-11T00:00:00Z"))?.message).toMatch(/not checked out yet/);
  });
});

describe("deciding a confirmation", () => {
  const group = {
    ...session,
    seats: [
      { id: "a", status: "CONFIRMED", hoursConfirmedAt: null },
      { id: "b", status: "CONFIRMED", hoursConfirmedAt: null },
      { id: "c", status: "CANCELLED", hoursConfirmedAt: null },
    ],
  };
  const context = { nowMs: ms("2026-12-11T00:00:00Z"), zone: ZONE };

  it("completes a group only with its last confirmed seat's answer; a cancelled seat waits for nothing", () => {
    expect(decideHoursConfirmation(group, "a", "booker", policy, context)).toEqual({ seatId: "a", via: "booker", completesSession: false });
    const oneLeft = { ...group, seats: group.seats.map((seat) => (seat.id === "a" ? { ...seat, hoursConfirmedAt: at("2026-12-10T22:00:00Z") } : seat)) };
    expect(decideHoursConfirmation(oneLeft, "b", "staff", policy, context)).toEqual({ seatId: "b", via: "staff", completesSession: true });
  });

  it("refuses a seat of another session", () => {
    expect(() => decideHoursConfirmation(group, "zzz", "booker", policy, context)).toThrow(/not part of this session/);
  });
});

describe("answers in a session with a reported problem", () => {
  const now = ms("2026-12-11T00:00:00Z");
  const disputedSeat = { ...pending, dispute: { status: "open" as const, outcome: null } };

  it("a seat with a reported problem is answered: it can no longer be confirmed", () => {
    expect(seatConfirmation(session, disputedSeat, policy, now)).toEqual({ state: "disputed", dispute: { status: "open", outcome: null } });
    expect(confirmRefusal(session, disputedSeat, "booker", policy, { nowMs: now, zone: ZONE })?.code).toBe("ALREADY_DISPUTED");
  });

  it("another seat of a DISPUTED group still answers for itself", () => {
    expect(seatConfirmation({ ...session, status: "DISPUTED" }, pending, policy, now)).toMatchObject({ state: "open" });
  });

  it("the last silent seat of a group does not complete it while another seat's problem is open", () => {
    const group = {
      ...session,
      status: "DISPUTED" as const,
      seats: [
        { ...disputedSeat, id: "a" },
        { ...pending, id: "b" },
      ],
    };
    expect(decideHoursConfirmation(group, "b", "booker", policy, { nowMs: now, zone: ZONE }).completesSession).toBe(false);
  });

  it.each([
    ["a problem still open", [disputedSeat, { ...pending, hoursConfirmedAt: at("2026-12-11T00:00:00Z") }], "DISPUTED"],
    ["a seat still silent after a resolution", [{ ...pending, dispute: { status: "resolved" as const, outcome: "completed_as_is" as const } }, pending], "AWAITING_CONFIRMATION"],
    [
      "a confirmed seat and a resolved one",
      [
        { ...pending, dispute: { status: "resolved" as const, outcome: "completed_adjusted" as const } },
        { ...pending, hoursConfirmedAt: at("2026-12-11T00:00:00Z") },
      ],
      "COMPLETED",
    ],
    [
      "a resolution cancelled the only seat",
      [{ status: "CANCELLED", hoursConfirmedAt: null, dispute: { status: "resolved" as const, outcome: "cancelled" as const } }],
      "CANCELLED",
    ],
    [
      "one seat cancelled by a resolution, the other confirmed",
      [
        { status: "CANCELLED", hoursConfirmedAt: null, dispute: { status: "resolved" as const, outcome: "cancelled" as const } },
        { ...pending, hoursConfirmedAt: at("2026-12-11T00:00:00Z") },
      ],
      "COMPLETED",
    ],
  ])("with %s the session is %s", (_label, seats, expected) => {
    expect(sessionStatusAfterAnswers(seats)).toBe(expected);
  });
});

describe("the reminder to a silent booker", () => {
  it("is due once the window passed, and only once", () => {
    const seat = { ...pending, hoursReminderSentAt: null };
    expect(isHoursReminderDue(session, seat, policy, ms("2026-12-12T21:04:59Z"))).toBe(false);
    expect(isHoursReminderDue(session, seat, policy, ms("2026-12-12T21:05:00Z"))).toBe(true);
    expect(isHoursReminderDue(session, { ...seat, hoursReminderSentAt: at("2026-12-12T21:05:00Z") }, policy, ms("2026-12-13T00:00:00Z"))).toBe(false);
  });
});

describe("ratings", () => {
  it("are editable for 7 days after the hours were confirmed", () => {
    const confirmedAt = at("2026-12-10T21:30:00Z");
    expect(isRatingEditable(confirmedAt, ms("2026-12-17T21:29:59Z"))).toBe(true);
    expect(isRatingEditable(confirmedAt, ms("2026-12-17T21:30:00Z"))).toBe(false);
    expect(isRatingEditable(null, ms("2026-12-10T21:30:00Z"))).toBe(false);
  });

  it.each([
    [{}, { stars: undefined, comment: "" }],
    [
      { stars: "", comment: "  " },
      { stars: undefined, comment: "" },
    ],
    [
      { stars: "4", comment: " Clear <b>and</b> kind " },
      { stars: 4, comment: "Clear <b>and</b> kind" },
    ],
    // 1,000 characters as the database counts them, though JavaScript's length says 2,000.
    [
      { stars: "5", comment: "😀".repeat(1000) },
      { stars: 5, comment: "😀".repeat(1000) },
    ],
  ])("reads %j", (form, expected) => {
    expect(RatingSchema.parse(form)).toEqual(expected);
  });

  it.each([
    [{ stars: "0" }, "stars", "Choose from 1 to 5 stars, or leave the rating out."],
    [{ stars: "6" }, "stars", "Choose from 1 to 5 stars, or leave the rating out."],
    [{ stars: "4.5" }, "stars", "Choose from 1 to 5 stars, or leave the rating out."],
    [{ comment: "Lovely" }, "stars", "Choose the stars for your comment, from 1 to 5."],
    [{ stars: "5", comment: "x".repeat(1001) }, "comment", "Keep the comment to 1,000 characters or fewer."],
  ])("refuses %j beside the field", (form, field, message) => {
    const result = RatingSchema.safeParse(form);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toContainEqual([field, message]);
  });

  it("averages to one decimal", () => {
    expect(averageRating({ ratingCount: 0, ratingSum: 0 })).toBeNull();
    expect(averageRating({ ratingCount: 3, ratingSum: 14 })).toEqual({ average: "4.7", count: 3 });
    expect(averageRating({ ratingCount: 2, ratingSum: 10 })).toEqual({ average: "5.0", count: 2 });
  });
});
