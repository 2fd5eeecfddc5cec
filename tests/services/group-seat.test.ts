import { afterAll, describe, expect, it } from "vitest";
import { createBooking, getBookingStep, type Booker } from "../../app/services/booking.server";
import { prisma } from "../../app/services/db.server";
import { createSlot } from "../../app/services/slots.server";
import { createUser, noMeta } from "../factories";
import { at, refusalOf, tutorWithHours } from "./session-fixtures";

// Issue 13 B3: a second learner in a group session is not asked for the session's fields, sees the
// session's, and cannot change them by posting others.

afterAll(async () => {
  for (let waited = 0; waited < 5_000 && (await prisma.emailMessage.count({ where: { status: "PENDING" } })) > 0; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

const student = (name: string): Promise<Booker> => createUser({ roles: ["STUDENT"], name });

/** A free tutor (no payments) teaching Maths and Physics with a group slot of 5, booked first by Ada in person. */
async function groupBookedByAda() {
  const tutor = await tutorWithHours("Tutor", { hourlyRate: 6000, currency: "USD", durations: [60], subjects: ["Maths", "Physics"], paymentsEnabled: false });
  const { id: slotId } = await createSlot(tutor, { date: at(4).toISODate()!, start: "23:00", end: "23:59", kind: "GROUP", capacity: 5 }, noMeta);
  const ada = await student("Ada");
  const first = await createBooking(
    ada,
    tutor.id,
    { slot: slotId, student: ada.id, subject: "Maths", meetingType: "IN_PERSON", location: "City Library", title: "Exam revision", description: "Chapter 4" },
    noMeta,
  );
  return { tutor, slotId, first };
}

const sessionFields = (sessionId: string) =>
  prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId }, select: { subject: true, title: true, description: true, meetingType: true, location: true } });

const adas = { subject: "Maths", title: "Exam revision", description: "Chapter 4", meetingType: "IN_PERSON", location: "City Library" };

describe("a seat in an existing group session", () => {
  it("names no group session to the first booker", async () => {
    const tutor = await tutorWithHours("Tutor", { hourlyRate: 6000, currency: "USD", durations: [60], paymentsEnabled: false });
    const { id: slotId } = await createSlot(tutor, { date: at(4).toISODate()!, start: "23:00", end: "23:59", kind: "GROUP", capacity: 5 }, noMeta);
    const ada = await student("Ada");
    expect((await getBookingStep(ada, tutor.id, { slot: slotId })).groupSession).toBeNull();
  });

  it("shows the second learner the session's subject, title and meeting, without the first booker's notes", async () => {
    const { tutor, slotId } = await groupBookedByAda();
    const ben = await student("Ben");
    const step = await getBookingStep(ben, tutor.id, { slot: slotId });
    expect(step.groupSession).toEqual({ subject: "Maths", title: "Exam revision", meetingType: "IN_PERSON", location: "City Library" });
  });

  it("books the second learner with only the time and who it is for, keeping the session's fields", async () => {
    const { tutor, slotId, first } = await groupBookedByAda();
    const ben = await student("Ben");
    const second = await createBooking(ben, tutor.id, { slot: slotId, student: ben.id }, noMeta);
    expect(second).toMatchObject({ sessionId: first.sessionId, status: "CONFIRMED" });
    expect(await sessionFields(first.sessionId)).toEqual(adas);
  });

  it("refuses other session fields posted for a seat, and the session keeps its own", async () => {
    const { tutor, slotId, first } = await groupBookedByAda();
    const ben = await student("Ben");
    const error = await refusalOf(
      createBooking(ben, tutor.id, { slot: slotId, student: ben.id, subject: "Physics", meetingType: "VIDEO", title: "Mine now", description: "" }, noMeta),
    );
    expect(error).toMatchObject({
      code: "GROUP_DETAILS_SET",
      message: "Another learner has just booked this group session, so its subject, meeting and title are already set. Check the session's details and book again.",
    });
    expect(await sessionFields(first.sessionId)).toEqual(adas);
    expect(await prisma.participant.count({ where: { sessionId: first.sessionId } })).toBe(1);
  });

  it("accepts the same fields again (two first bookers who chose alike)", async () => {
    const { tutor, slotId, first } = await groupBookedByAda();
    const ben = await student("Ben");
    const second = await createBooking(ben, tutor.id, { slot: slotId, student: ben.id, ...adas, meetingType: "IN_PERSON" }, noMeta);
    expect(second.sessionId).toBe(first.sessionId);
  });

  it("still asks the first booker of a time for a subject", async () => {
    const tutor = await tutorWithHours("Tutor", { hourlyRate: 6000, currency: "USD", durations: [60], paymentsEnabled: false });
    const { id: slotId } = await createSlot(tutor, { date: at(4).toISODate()!, start: "23:00", end: "23:59", kind: "GROUP", capacity: 5 }, noMeta);
    const ada = await student("Ada");
    const error = await refusalOf(createBooking(ada, tutor.id, { slot: slotId, student: ada.id }, noMeta));
    expect(error).toMatchObject({ code: "INVALID_DETAILS", field: "subject", message: "Choose a subject." });
    expect(await prisma.tutoringSession.count()).toBe(0);
  });
});
