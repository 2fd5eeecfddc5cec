/**
 * A session page as staff see it (issue 13, B4): every seat, but only the actions staff may take:
 * cancel (the whole session), never "propose a new time", and a pending move without the sides' link.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";
import { getSessionView } from "../../app/services/sessions.server";
import { createUser } from "../factories";

async function oneToOneTomorrow() {
  const tutor = await createUser({ roles: ["TUTOR"], name: "Tia Tutor" });
  await prisma.tutorProfile.create({ data: { userId: tutor.id, subjects: ["Maths"], gradeLevels: ["HIGH"], durations: [60], hourlyRateMinor: 4000, currency: "GBP" } });
  const student = await createUser({ name: "Sol Student" });
  const startsAt = DateTime.utc().plus({ days: 1 }).startOf("hour");
  const session = await prisma.tutoringSession.create({
    data: {
      tutorId: tutor.id,
      startsAt: startsAt.toJSDate(),
      endsAt: startsAt.plus({ hours: 1 }).toJSDate(),
      timezone: "UTC",
      kind: "ONE_TO_ONE",
      capacity: 1,
      status: "SCHEDULED",
      subject: "Maths",
    },
  });
  await prisma.participant.create({ data: { sessionId: session.id, studentId: student.id, bookedById: student.id, status: "CONFIRMED", priceMinor: 4000, currency: "GBP" } });
  return { tutor, student, session, startsAt };
}

describe("a session page's actions", () => {
  it("offers staff the cancel, not a move, while the tutor and the student may propose one", async () => {
    const { tutor, student, session } = await oneToOneTomorrow();
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const admin = await createUser({ roles: ["ADMIN"] });

    for (const staff of [coordinator, admin]) {
      const view = await getSessionView(staff, session.id);
      expect(view).toMatchObject({ canReschedule: false, canCancel: true, cancelsWholeSession: true, pendingMove: null });
      expect(view?.seats.map((seat) => seat.studentName)).toEqual(["Sol Student"]);
    }
    expect(await getSessionView(tutor, session.id)).toMatchObject({ canReschedule: true, canCancel: true, cancelsWholeSession: true });
    expect(await getSessionView(student, session.id)).toMatchObject({ canReschedule: true, canCancel: true, cancelsWholeSession: false });
  });

  it("shows staff a pending move as waiting for a side, with no turn of their own", async () => {
    const { tutor, student, session, startsAt } = await oneToOneTomorrow();
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    await prisma.rescheduleRequest.create({
      data: {
        sessionId: session.id,
        initiatorRole: "TUTOR",
        initiatorId: tutor.id,
        proposerId: tutor.id,
        awaitingRole: "STUDENT",
        proposedStartsAt: startsAt.plus({ hours: 3 }).toJSDate(),
        proposedEndsAt: startsAt.plus({ hours: 4 }).toJSDate(),
        reason: "A clash with another lesson",
        expiresAt: startsAt.minus({ hours: 2 }).toJSDate(),
        onExpiry: "expire",
      },
    });
    expect((await getSessionView(coordinator, session.id))?.pendingMove).toMatchObject({ yours: false, yourTurn: false, awaiting: "student" });
    expect((await getSessionView(student, session.id))?.pendingMove).toMatchObject({ yours: true, yourTurn: true });
    expect((await getSessionView(tutor, session.id))?.pendingMove).toMatchObject({ yours: true, yourTurn: false });
  });
});
