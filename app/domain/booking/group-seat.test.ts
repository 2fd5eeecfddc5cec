import { describe, expect, it } from "vitest";
import { namesSession, sessionFieldsForBooking, type SessionFields } from "./group-seat";

const live: SessionFields = { subject: "Maths", title: "Exam revision", description: "Chapter 4", meetingType: "IN_PERSON", location: "City Library" };
const seat = { slot: "slot1", student: "s2", title: "", description: "" };

describe("the session fields a booking writes (issue 13 B3)", () => {
  it("keeps a live group session's fields for a seat that names none", () => {
    expect(sessionFieldsForBooking(seat, live)).toEqual(live);
  });

  it("keeps them when a racing first booker chose exactly the same", () => {
    expect(
      sessionFieldsForBooking({ ...seat, subject: "Maths", meetingType: "IN_PERSON", location: "City Library", title: "Exam revision", description: "Chapter 4" }, live),
    ).toEqual(live);
  });

  it.each([
    ["another subject", { subject: "Physics", meetingType: "IN_PERSON", location: "City Library", title: "Exam revision", description: "Chapter 4" }],
    ["another meeting", { subject: "Maths", meetingType: "VIDEO", title: "Exam revision", description: "Chapter 4" }],
    ["another place", { subject: "Maths", meetingType: "IN_PERSON", location: "Town Hall", title: "Exam revision", description: "Chapter 4" }],
    ["a title only", { title: "Mine now" }],
  ] as const)("refuses %s for a live group session", (_, fields) => {
    expect(() => sessionFieldsForBooking({ ...seat, ...fields }, live)).toThrow(
      "Another learner has just booked this group session, so its subject, meeting and title are already set. Check the session's details and book again.",
    );
  });

  it("takes a first booker's fields, dropping a place for a meeting that is not in person", () => {
    expect(sessionFieldsForBooking({ ...seat, subject: "Maths", meetingType: "VIDEO", location: "Ignored", title: "T", description: "D" }, null)).toEqual({
      subject: "Maths",
      title: "T",
      description: "D",
      meetingType: "VIDEO",
      location: null,
    });
  });

  it("needs a subject and a meeting from a first booker", () => {
    expect(() => sessionFieldsForBooking(seat, null)).toThrow("Choose a subject.");
    expect(() => sessionFieldsForBooking({ ...seat, subject: "Maths" }, null)).toThrow("Choose how you will meet.");
  });

  it("tells a seat's request from a first booker's", () => {
    expect(namesSession(seat)).toBe(false);
    expect(namesSession({ ...seat, subject: "Maths" })).toBe(true);
    expect(namesSession({ ...seat, title: "x" })).toBe(true);
  });
});
