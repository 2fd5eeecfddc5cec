import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { learnerRow, seatLabel, staffRowStatus, tutorRowStatus, tutorRowWith, type LearnerSeat } from "./list-labels";

const now = DateTime.fromISO("2026-11-21T12:00:00Z");
const tomorrow = new Date("2026-11-22T12:00:00Z");
const yesterday = new Date("2026-11-20T12:00:00Z");
const hourAfter = (date: Date) => new Date(date.getTime() + 3600_000);

function seat(overrides: Partial<LearnerSeat> = {}, session: Partial<LearnerSeat["session"]> = {}): LearnerSeat {
  return {
    id: "seat1",
    status: "CONFIRMED",
    bookedById: "parent",
    paymentStatus: "SUCCEEDED",
    ...overrides,
    session: { id: "s1", status: "SCHEDULED", reassignmentStatus: null, reassignedAt: null, startsAt: tomorrow, endsAt: hourAfter(tomorrow), ...session },
  };
}

describe("the tutor's rows", () => {
  it("name the replacement states, otherwise the session's status", () => {
    expect(tutorRowStatus({ status: "SCHEDULED", reassignmentStatus: "PENDING_ACCEPTANCE" })).toBe("Offered to you: the student is confirming");
    expect(tutorRowStatus({ status: "SCHEDULED", reassignmentStatus: "AWAITING_STUDENT_CHOICE" })).toBe("You cancelled: the student is choosing");
    expect(tutorRowStatus({ status: "SCHEDULED", reassignmentStatus: "ACCEPTED" })).toBe("Scheduled");
    expect(tutorRowStatus({ status: "PENDING_PAYMENT", reassignmentStatus: null })).toBe("Awaiting payment");
    expect(tutorRowStatus({ status: "CANCELLED", reassignmentStatus: "AWAITING_STUDENT_CHOICE" })).toBe("Cancelled");
  });

  it("say who is coming: the student, or a group's seats", () => {
    expect(tutorRowWith({ kind: "ONE_TO_ONE", capacity: 1, confirmed: 1, held: 0, firstStudent: "Sam" })).toBe("Sam");
    expect(tutorRowWith({ kind: "ONE_TO_ONE", capacity: 1, confirmed: 0, held: 1, firstStudent: null })).toBe("Awaiting payment");
    expect(tutorRowWith({ kind: "GROUP", capacity: 6, confirmed: 2, held: 0, firstStudent: "Sam" })).toBe("Group: 2 of 6 booked");
    expect(tutorRowWith({ kind: "GROUP", capacity: 6, confirmed: 2, held: 1, firstStudent: "Sam" })).toBe("Group: 2 of 6 booked, 1 paying");
  });
});

describe("a student's or parent's rows", () => {
  it("put the choice after a tutor's cancel first, until its reply deadline; after it, that it is being refunded", () => {
    const choose = { status: "Tutor cancelled: your choice is needed", action: { label: "Choose what happens", href: "/sessions/s1/replacement" } };
    const closed = { status: "Tutor cancelled: no choice made in time, being refunded", action: { label: "View session", href: "/sessions/s1" } };
    const waiting = seat({}, { reassignmentStatus: "AWAITING_STUDENT_CHOICE" });
    expect(learnerRow(waiting, "parent", now, 2)).toEqual(choose);
    // Offered yesterday, the start 2 h away give or take a minute: the 2-hour deadline decides.
    const offered = (startsAt: Date) => seat({}, { reassignmentStatus: "PENDING_ACCEPTANCE", reassignedAt: yesterday, startsAt, endsAt: hourAfter(startsAt) });
    expect(learnerRow(offered(now.plus({ hours: 2, minutes: 1 }).toJSDate()), "parent", now, 2)).toEqual(choose);
    expect(learnerRow(offered(now.plus({ hours: 2 }).toJSDate()), "parent", now, 2)).toEqual(closed);
    expect(learnerRow(offered(now.plus({ hours: 1, minutes: 59 }).toJSDate()), "parent", now, 2)).toEqual(closed);
    expect(learnerRow(offered(now.plus({ hours: 1, minutes: 59 }).toJSDate()), "parent", now, 1)).toEqual(choose);
    const started = seat({}, { reassignmentStatus: "AWAITING_STUDENT_CHOICE", startsAt: yesterday, endsAt: hourAfter(yesterday) });
    expect(learnerRow(started, "parent", now, 2)).toEqual(closed);
    // A seat no longer booked has no choice to make.
    expect(learnerRow(seat({ status: "CANCELLED" }, { reassignmentStatus: "AWAITING_STUDENT_CHOICE" }), "parent", now, 2).status).toBe("Cancelled");
  });

  it("show the session's state once it moves on, and the seat's before that", () => {
    expect(learnerRow(seat({}, { status: "COMPLETED", startsAt: yesterday, endsAt: hourAfter(yesterday) }), "parent", now, 2).status).toBe("Completed");
    expect(learnerRow(seat(), "parent", now, 2)).toEqual({ status: "Confirmed", action: { label: "View session", href: "/sessions/s1" } });
    expect(learnerRow(seat({ status: "CANCELLED" }, { status: "CANCELLED" }), "parent", now, 2).status).toBe("Cancelled");
  });

  it("send a held seat to its booking page: to pay for whoever booked it, to wait for anyone else", () => {
    const held = seat({ status: "HELD", paymentStatus: "PENDING" }, { status: "PENDING_PAYMENT" });
    expect(learnerRow(held, "parent", now, 2)).toEqual({ status: "Awaiting payment", action: { label: "Pay now", href: "/bookings/seat1" } });
    expect(learnerRow(held, "student", now, 2)).toEqual({ status: "Awaiting payment", action: { label: "Awaiting payment", href: "/bookings/seat1" } });
    const processing = seat({ status: "HELD", paymentStatus: "PROCESSING" }, { status: "PENDING_PAYMENT" });
    expect(learnerRow(processing, "parent", now, 2)).toEqual({ status: "Payment processing", action: { label: "Payment processing", href: "/bookings/seat1" } });
  });

  it("word each seat state", () => {
    expect([seatLabel("HELD", null), seatLabel("CONFIRMED", "SUCCEEDED"), seatLabel("CANCELLED", null), seatLabel("EXPIRED", "EXPIRED")]).toEqual([
      "Awaiting payment",
      "Confirmed",
      "Cancelled",
      "Hold expired",
    ]);
  });
});

describe("the staff list's status", () => {
  const endsAt = new Date("2026-11-20T12:00:00Z");
  const dayAfterEnd = DateTime.fromISO("2026-11-21T12:00:00Z");
  it("names who was absent in a no-show", () => {
    expect(staffRowStatus({ status: "NO_SHOW", noShowParty: "tutor", endsAt }, now)).toBe("No-show (tutor)");
    expect(staffRowStatus({ status: "NO_SHOW", noShowParty: "student", endsAt }, now)).toBe("No-show (student)");
    expect(staffRowStatus({ status: "NO_SHOW", noShowParty: null, endsAt }, now)).toBe("No-show");
  });

  it("flags a check-in without check-out from exactly 24 hours after the end, and only in progress", () => {
    expect(staffRowStatus({ status: "IN_PROGRESS", noShowParty: null, endsAt }, dayAfterEnd.minus({ milliseconds: 1 }))).toBe("In progress");
    expect(staffRowStatus({ status: "IN_PROGRESS", noShowParty: null, endsAt }, dayAfterEnd)).toBe("In progress: check-out missing");
    expect(staffRowStatus({ status: "AWAITING_CONFIRMATION", noShowParty: null, endsAt }, dayAfterEnd.plus({ days: 3 }))).toBe("Awaiting confirmation");
  });
});
