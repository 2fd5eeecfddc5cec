/**
 * The one placement check (app/services/session-core/placement.server.ts) and the database's learner
 * exclusion constraint behind it: no path puts a learner into two overlapping active sessions.
 */
import { describe, expect, it } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { DomainError } from "../../app/domain/shared/errors";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { cancelSession } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { outboxSettled } from "../../app/services/outbox.server";
import { answerReplacement } from "../../app/services/replacements.server";
import { proposeReschedule, respondToReschedule } from "../../app/services/reschedules.server";
import { atDate, createStudent, createTutor, noMeta, useFixedClock } from "../factories";
import { refusalOf } from "./session-fixtures";

// A fixed Monday morning (3 March 2031, 08:00 UTC): how far each session is from "now" never depends on when the suite runs.
useFixedClock();

const HOUR = 3_600_000;

/** A UTC tutor free all day every day for 60-minute Maths lessons, free of charge (seats confirm at once). */
const tutor = (name: string) => createTutor({ name });
const student = (name: string): Promise<Booker> => createStudent(name);

const weeklyTime = (studentId: string, startsAt: Date): BookingDetails => ({
  start: startsAt.toISOString(),
  duration: 60,
  student: studentId,
  subject: "Maths",
  meetingType: "VIDEO",
  title: "",
  description: "",
});

/** Sessions of the learner holding an active seat and overlapping [startsAt, startsAt + 1 h). */
async function activeSeatsAt(studentId: string, startsAt: Date) {
  return prisma.participant.count({
    where: {
      studentId,
      status: { in: ["HELD", "CONFIRMED"] },
      session: { status: { in: ["PENDING_PAYMENT", "SCHEDULED", "IN_PROGRESS"] }, startsAt: { lt: new Date(startsAt.getTime() + HOUR) }, endsAt: { gt: startsAt } },
    },
  });
}

async function book(booker: Booker, tutorId: string, startsAt: Date) {
  const result = await createBooking(booker, tutorId, weeklyTime(booker.id, startsAt), noMeta);
  expect(result.status).toBe("CONFIRMED");
  return result;
}

describe("placing a session: the learner must be free too", () => {
  it("Sam cannot accept a move into a time he already has with another tutor (the reported double booking)", async () => {
    const tutorA = await tutor("Tutor A");
    const tutorB = await tutor("Tutor B");
    const sam = await student("Sam");
    const ten = atDate(3, 10);
    const two = atDate(3, 14);
    const withA = await book(sam, tutorA.id, ten);
    // A proposes 14:00 while Sam is still free then; Sam then books B at 14:00; then Sam accepts A's move.
    await proposeReschedule(tutorA, withA.sessionId, { startsAt: two, reason: "I have a clash at ten" }, noMeta);
    await book(sam, tutorB.id, two);
    const refused = await refusalOf(respondToReschedule(sam, withA.sessionId, { action: "accept" }, noMeta));
    expect(refused.code).toBe("STUDENT_BUSY");
    expect(refused.message).toBe("You already have a session at that time. Pick another time.");
    expect(await activeSeatsAt(sam.id, two)).toBe(1);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: withA.sessionId } })).startsAt).toEqual(ten);
    await outboxSettled();
  });

  it("a tutor cannot propose a time the learner already has, and the refusal names the learner", async () => {
    const tutorA = await tutor("Tutor A");
    const tutorB = await tutor("Tutor B");
    const sam = await student("Sam");
    const withA = await book(sam, tutorA.id, atDate(3, 10));
    await book(sam, tutorB.id, atDate(3, 14));
    const refused = await refusalOf(proposeReschedule(tutorA, withA.sessionId, { startsAt: atDate(3, 14), reason: "I have a clash at ten" }, noMeta));
    expect(refused).toMatchObject({ code: "STUDENT_BUSY", message: "Sam already has a session at that time. Pick another time." });
    expect(await prisma.rescheduleRequest.count({ where: { sessionId: withA.sessionId } })).toBe(0);
    await outboxSettled();
  });

  it("the database itself refuses a learner's overlapping seat, inserted or moved there by raw SQL", async () => {
    const tutorA = await tutor("Tutor A");
    const tutorB = await tutor("Tutor B");
    const sam = await student("Sam");
    const withA = await book(sam, tutorA.id, atDate(3, 10));
    const withB = await book(sam, tutorB.id, atDate(3, 14));
    // Moving B's session onto A's time, past every app check.
    await expect(prisma.$executeRaw`UPDATE tutoring_sessions SET starts_at = ${atDate(3, 10)}, ends_at = ${atDate(3, 11)} WHERE id = ${withB.sessionId}`).rejects.toThrow(
      /participants_learner_no_overlap/,
    );
    // A second session for Sam overlapping A's, with a seat inserted directly.
    const other = await prisma.tutoringSession.create({
      data: {
        tutorId: tutorB.id,
        startsAt: new Date(atDate(3, 10).getTime() + HOUR / 2),
        endsAt: new Date(atDate(3, 11).getTime() + HOUR / 2),
        timezone: "UTC",
        kind: "ONE_TO_ONE",
        status: "SCHEDULED",
      },
    });
    await expect(prisma.participant.create({ data: { sessionId: other.id, studentId: sam.id, bookedById: sam.id, status: "CONFIRMED" } })).rejects.toThrow(
      /participants_learner_no_overlap/,
    );
    // A cancelled seat or session takes no time: the same seat is fine once A's session is cancelled.
    await prisma.tutoringSession.update({ where: { id: withA.sessionId }, data: { status: "CANCELLED" } });
    await prisma.participant.create({ data: { sessionId: other.id, studentId: sam.id, bookedById: sam.id, status: "CONFIRMED" } });
    // The copies on the seat follow the session; the app never writes them.
    const seat = await prisma.participant.findFirstOrThrow({ where: { sessionId: withA.sessionId } });
    expect(seat).toMatchObject({ sessionActive: false, sessionStartsAt: atDate(3, 10), sessionEndsAt: atDate(3, 11) });
    await outboxSettled();
  });

  it("a booking, an accepted move and a replacement choice for one learner at one time: exactly one wins, on every ordering", async () => {
    for (let round = 0; round < 3; round += 1) {
      const tutorA = await tutor(`A ${round}`);
      const tutorC = await tutor(`C ${round}`);
      const tutorD = await tutor(`D ${round}`);
      const tutorE = await tutor(`E ${round}`);
      const sam = await student(`Sam ${round}`);
      const two = atDate(4, 14);
      // A's session at 10:00 with a pending move to 14:00; D's at 17:00, cancelled by D so Sam may choose another tutor and time.
      const withA = await book(sam, tutorA.id, atDate(4, 10));
      await proposeReschedule(tutorA, withA.sessionId, { startsAt: two, reason: "Can we do the afternoon" }, noMeta);
      const withD = await book(sam, tutorD.id, atDate(4, 17));
      await cancelSession(tutorD, withD.sessionId, { category: "TUTOR_UNAVAILABLE", reason: "I am unwell that day, sorry." }, noMeta);
      expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: withD.sessionId } })).reassignmentStatus).toBe("PENDING_ACCEPTANCE");
      // Sam picks tutor E (free all day) at 14:00, the time A proposed and C is free.
      const attempts = [
        () => createBooking(sam, tutorC.id, weeklyTime(sam.id, two), noMeta),
        () => respondToReschedule(sam, withA.sessionId, { action: "accept" }, noMeta),
        () => answerReplacement(sam, withD.sessionId, { answer: "choose", tutorId: tutorE.id, startsAt: two }, noMeta),
      ];
      const ordered = [...attempts.slice(round), ...attempts.slice(0, round)];
      const results = await Promise.allSettled(ordered.map((attempt) => attempt()));
      const won = results.filter((result) => result.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "STUDENT_BUSY" });
        if (result.status === "rejected") expect(result.reason).toBeInstanceOf(DomainError);
      }
      expect(await activeSeatsAt(sam.id, two)).toBe(1);
      await outboxSettled();
    }
  });
});
