import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dashboardRange } from "../../app/domain/analytics/definitions";
import { prisma } from "../../app/services/db.server";
import { getDashboard, getDashboardNumbers } from "../../app/services/dashboard.server";
import { listOperations } from "../../app/services/operations-list.server";
import { readOperationsRequest } from "../../app/utils/operations-query";
import { createStudent, createTutor, FIXED_NOW, useFixedClock } from "../factories";
import { refusalOf } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC. New York's clocks go forward on Sunday 9 March 2031 (a 23-hour day).
useFixedClock();
const ZONE = "America/New_York";
const ny = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
const admin = { roles: ["ADMIN"] as const };
const RANGE = dashboardRange({ from: "2031-03-08", to: "2031-03-10" }, ZONE, FIXED_NOW);

type Spec = {
  startsAt: Date;
  status: "SCHEDULED" | "COMPLETED" | "CANCELLED" | "NO_SHOW";
  cause?: string;
  cancelledAt?: Date;
  paid?: boolean;
  refundedMinor?: number;
  stars?: number;
};

/** A known week of sessions: every figure below is counted from it by hand. */
async function knownSessions() {
  const tutor = await createTutor({ name: "Tutor Tess" });
  const learner = await createStudent("Lee Learner");
  const specs: Spec[] = [
    { startsAt: ny("2031-03-08T15:00"), status: "COMPLETED", paid: true, stars: 5 },
    // 23:30 on the short day is still the 9th in New York (03:30 UTC on the 10th).
    { startsAt: ny("2031-03-09T23:30"), status: "COMPLETED", paid: true, stars: 3 },
    { startsAt: ny("2031-03-10T10:00"), status: "CANCELLED", cause: "STUDENT", cancelledAt: ny("2031-03-09T03:00"), paid: true, refundedMinor: 2000 },
    { startsAt: ny("2031-03-09T01:30"), status: "CANCELLED", cause: "TUTOR", cancelledAt: ny("2031-03-09T00:30"), paid: true, refundedMinor: 4000 },
    { startsAt: ny("2031-03-08T12:00"), status: "CANCELLED", cause: "HOLD_EXPIRED", cancelledAt: ny("2031-03-07T12:00") },
    { startsAt: ny("2031-03-10T09:00"), status: "NO_SHOW", paid: true },
    { startsAt: ny("2031-03-10T16:00"), status: "SCHEDULED", paid: true },
    // Outside the range: a minute before it, and the first minute after it.
    { startsAt: ny("2031-03-07T23:59"), status: "COMPLETED", paid: true, stars: 1 },
    { startsAt: ny("2031-03-11T00:00"), status: "COMPLETED", paid: true },
    // Today (3 March) in New York, outside the range: "sessions today" ignores the range.
    { startsAt: ny("2031-03-03T10:00"), status: "SCHEDULED", paid: true },
  ];
  const ids: string[] = [];
  for (const spec of specs) {
    const session = await prisma.tutoringSession.create({
      data: {
        tutorId: tutor.id,
        startsAt: spec.startsAt,
        endsAt: new Date(spec.startsAt.getTime() + 3_600_000),
        timezone: "UTC",
        kind: "ONE_TO_ONE",
        status: spec.status,
        subject: "Maths",
        cancelCause: spec.cause,
        cancelledAt: spec.cancelledAt,
        priceMinor: 4000,
        currency: "GBP",
      },
    });
    const seat = await prisma.participant.create({
      data: {
        sessionId: session.id,
        studentId: learner.id,
        bookedById: learner.id,
        status: spec.status === "CANCELLED" ? "CANCELLED" : "CONFIRMED",
        priceMinor: 4000,
        currency: "GBP",
      },
    });
    if (spec.paid) {
      const payment = await prisma.payment.create({ data: { participantId: seat.id, payerId: learner.id, amountMinor: 4000, currency: "GBP", status: "PAID" } });
      if (spec.refundedMinor)
        await prisma.refund.create({
          data: { paymentId: payment.id, amountMinor: spec.refundedMinor, currency: "GBP", reason: "test", status: "PROCESSED", idempotencyKey: `refund-${seat.id}` },
        });
    }
    if (spec.stars) await prisma.sessionRating.create({ data: { participantId: seat.id, sessionId: session.id, tutorId: tutor.id, raterId: learner.id, stars: spec.stars } });
    ids.push(session.id);
  }
  await prisma.rescheduleRequest.create({
    data: {
      sessionId: ids[6]!,
      initiatorRole: "TUTOR",
      initiatorId: tutor.id,
      proposerId: tutor.id,
      awaitingRole: "STUDENT",
      proposedStartsAt: ny("2031-03-12T10:00"),
      proposedEndsAt: ny("2031-03-12T11:00"),
      reason: "Moving it a little later.",
      expiresAt: ny("2031-03-09T10:00"),
      onExpiry: "expire",
    },
  });
  return { tutor, learner, ids };
}

describe("the admin dashboard's numbers", () => {
  it("count a known set by hand: the range by start in the viewer's zone, a 23-hour day as one day", async () => {
    await knownSessions();
    const numbers = await getDashboardNumbers(admin, RANGE);
    expect(numbers.sessions).toEqual({ total: 7, completed: 2, cancelled: 3, noShows: 1, held: 3 });
    expect(numbers.cancelledBy).toEqual({ student: 1, tutor: 1, staff: 0, unpaid: 1, unanswered: 0, other: 0 });
    expect(numbers.revenueMinor).toEqual({ GBP: 8000 });
    expect(numbers.refundsMinor).toEqual({ GBP: 6000 });
    expect(numbers.rating).toEqual({ average: 4, count: 2 });
    expect(numbers.now).toEqual({ today: 1, pendingReschedules: 1, openDisputes: 0 });
    expect(numbers.byBucket).toEqual([
      { bucket: "2031-03-08", status: "COMPLETED", count: 1 },
      { bucket: "2031-03-08", status: "CANCELLED", count: 1 },
      { bucket: "2031-03-09", status: "COMPLETED", count: 1 },
      { bucket: "2031-03-09", status: "CANCELLED", count: 1 },
      { bucket: "2031-03-10", status: "SCHEDULED", count: 1 },
      { bucket: "2031-03-10", status: "CANCELLED", count: 1 },
      { bucket: "2031-03-10", status: "NO_SHOW", count: 1 },
    ]);
    // The week of Monday 3 March holds the 8th and 9th, the week of the 10th the rest.
    expect(numbers.moneyByWeek).toEqual([
      { week: "2031-03-03", currency: "GBP", revenue: 8000, refunds: 4000 },
      { week: "2031-03-10", currency: "GBP", revenue: 0, refunds: 2000 },
    ]);
    expect(numbers.leadTimes.sort((a, b) => a.bin.localeCompare(b.bin))).toEqual([
      { bin: "1–3 days", count: 1 },
      { bin: "Under 2 hours", count: 1 },
    ]);
    expect(numbers.busyHours.sort((a, b) => a.day - b.day || a.hour - b.hour)).toEqual([
      { day: 1, hour: 9, count: 1 },
      { day: 1, hour: 16, count: 1 },
      { day: 6, hour: 15, count: 1 },
      { day: 7, hour: 23, count: 1 },
    ]);
  });

  it("every counted figure links to an operations list of exactly that many sessions", async () => {
    await knownSessions();
    const view = await getDashboard(admin, RANGE);
    const figures = view.groups.flatMap((group) => group.figures);
    const expected: Record<string, number> = {
      total: 7,
      completed: 2,
      cancelled: 3,
      noShows: 1,
      noShowRate: 3,
      rating: 2,
      revenue: 2,
      refunds: 2,
      "cancelled-student": 1,
      "cancelled-tutor": 1,
      "cancelled-staff": 0,
      "cancelled-unpaid": 1,
      "cancelled-unanswered": 0,
      today: 1,
      pendingReschedules: 1,
      openDisputes: 0,
    };
    for (const [key, rows] of Object.entries(expected)) {
      const figure = figures.find((candidate) => candidate.key === key)!;
      const { query } = readOperationsRequest(new URL(`http://localhost${figure.href}`), ZONE);
      const listed = await listOperations(admin, { ...query!, size: 100 });
      expect([key, listed.rows.length]).toEqual([key, rows]);
    }
    expect(Object.fromEntries(figures.map((figure) => [figure.key, figure.value]))).toMatchObject({
      total: "7",
      noShowRate: "33.33%",
      rating: "4.00 of 5",
      revenue: "£80.00",
      refunds: "£60.00",
      net: "£20.00",
    });
  });

  it("is recomputed once a change commits, and only admins may see it", async () => {
    const { tutor, learner } = await knownSessions();
    expect((await getDashboardNumbers(admin, RANGE)).sessions.completed).toBe(2);
    const session = await prisma.tutoringSession.create({
      data: { tutorId: tutor.id, startsAt: ny("2031-03-10T12:00"), endsAt: ny("2031-03-10T13:00"), timezone: "UTC", kind: "ONE_TO_ONE", status: "SCHEDULED", subject: "Maths" },
    });
    await prisma.participant.create({ data: { sessionId: session.id, studentId: learner.id, bookedById: learner.id, status: "CONFIRMED", priceMinor: 4000, currency: "GBP" } });
    expect((await getDashboardNumbers(admin, RANGE)).sessions.total).toBe(8);
    await prisma.tutoringSession.update({ where: { id: session.id }, data: { status: "COMPLETED" } });
    expect((await getDashboardNumbers(admin, RANGE)).sessions.completed).toBe(3);

    for (const roles of [["COORDINATOR"], ["TUTOR"], ["STUDENT"]] as const) {
      expect((await refusalOf(getDashboardNumbers({ roles }, RANGE))).code).toBe("FORBIDDEN");
    }
  });
});
