import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";
import { learnerStats, tutorStats } from "../../app/services/person-stats.server";
import { createStudent, createTutor, FIXED_NOW, useFixedClock } from "../factories";

// Monday 3 March 2031, 08:00 UTC; the tutor's zone is UTC, so this month is March and the last February.
useFixedClock();
const at = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).toJSDate();

type Spec = {
  startsAt: string;
  status: "SCHEDULED" | "COMPLETED" | "CANCELLED" | "NO_SHOW" | "PENDING_PAYMENT";
  cause?: string;
  actualMinutes?: number;
  stars?: number;
  refundMinor?: number;
};

async function tutorWithHistory() {
  const tutor = { ...(await createTutor({ name: "Tutor Tess" })), timezone: "UTC" };
  const [ann, bo] = [await createStudent("Ann"), await createStudent("Bo")];
  const specs: (Spec & { learner: typeof ann })[] = [
    { learner: ann, startsAt: "2031-02-10T10:00:00Z", status: "COMPLETED", actualMinutes: 45, stars: 5 },
    { learner: ann, startsAt: "2031-02-17T10:00:00Z", status: "COMPLETED", stars: 4 },
    { learner: bo, startsAt: "2031-02-20T10:00:00Z", status: "COMPLETED" },
    { learner: bo, startsAt: "2031-02-24T10:00:00Z", status: "NO_SHOW" },
    { learner: bo, startsAt: "2031-02-26T10:00:00Z", status: "CANCELLED", cause: "STUDENT", refundMinor: 4000 },
    // Never booked: an unpaid hold that ended, and one still waiting for payment.
    { learner: bo, startsAt: "2031-02-27T10:00:00Z", status: "CANCELLED", cause: "HOLD_EXPIRED" },
    { learner: bo, startsAt: "2031-03-05T12:00:00Z", status: "PENDING_PAYMENT" },
    { learner: ann, startsAt: "2031-03-04T10:00:00Z", status: "SCHEDULED" },
    // Scheduled but already started (not upcoming).
    { learner: ann, startsAt: "2031-03-03T07:30:00Z", status: "SCHEDULED" },
  ];
  for (const spec of specs) {
    const startsAt = at(spec.startsAt);
    const session = await prisma.tutoringSession.create({
      data: {
        tutorId: tutor.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        timezone: "UTC",
        kind: "ONE_TO_ONE",
        status: spec.status,
        cancelCause: spec.cause,
        subject: "Maths",
        ...(spec.actualMinutes ? { actualStartedAt: startsAt, actualEndedAt: new Date(startsAt.getTime() + spec.actualMinutes * 60_000) } : {}),
      },
    });
    const seat = await prisma.participant.create({
      data: {
        sessionId: session.id,
        studentId: spec.learner.id,
        bookedById: spec.learner.id,
        status: spec.status === "CANCELLED" ? "CANCELLED" : spec.status === "PENDING_PAYMENT" ? "HELD" : "CONFIRMED",
        priceMinor: 4000,
        currency: "GBP",
      },
    });
    if (spec.status !== "PENDING_PAYMENT" && spec.cause !== "HOLD_EXPIRED") {
      const payment = await prisma.payment.create({ data: { participantId: seat.id, payerId: spec.learner.id, amountMinor: 4000, currency: "GBP", status: "PAID" } });
      if (spec.refundMinor)
        await prisma.refund.create({
          data: { paymentId: payment.id, amountMinor: spec.refundMinor, currency: "GBP", reason: "test", status: "PROCESSED", idempotencyKey: `r-${seat.id}` },
        });
    }
    if (spec.stars) await prisma.sessionRating.create({ data: { participantId: seat.id, sessionId: session.id, tutorId: tutor.id, raterId: spec.learner.id, stars: spec.stars } });
    if (spec.status === "COMPLETED") {
      await prisma.tutorEarning.create({
        data: {
          tutorId: tutor.id,
          sessionId: session.id,
          participantId: seat.id,
          kind: "session_completed",
          amountMinor: 3600,
          grossMinor: 4000,
          feePercent: 10,
          currency: "GBP",
          earnedAt: startsAt,
        },
      });
    }
  }
  // One earning this month (a payout for the started session, written today).
  const started = await prisma.participant.findFirstOrThrow({ where: { session: { startsAt: at("2031-03-03T07:30:00Z") } } });
  await prisma.tutorEarning.create({
    data: {
      tutorId: tutor.id,
      sessionId: started.sessionId,
      participantId: started.id,
      kind: "payout_treatment",
      amountMinor: 1000,
      grossMinor: 4000,
      feePercent: 0,
      currency: "GBP",
      earnedAt: FIXED_NOW.toJSDate(),
    },
  });
  return { tutor, ann, bo };
}

const byKey = (stats: { key: string; value: string }[]) => Object.fromEntries(stats.map((stat) => [stat.key, stat.value]));

describe("a person's own numbers", () => {
  it("a tutor's count booked sessions only, hours as recorded or booked, earnings by month in their zone", async () => {
    const { tutor } = await tutorWithHistory();
    expect(byKey(await tutorStats(tutor, FIXED_NOW))).toEqual({
      total: "7",
      completed: "3",
      scheduled: "2",
      upcoming: "1",
      cancelled: "1",
      noShows: "1",
      // 45 minutes recorded, two booked hours.
      hours: "2.8 h",
      students: "2",
      rating: "4.50 of 5 (2)",
      earnedThisMonth: "£10.00",
      earnedLastMonth: "£108.00",
    });
  });

  it("a learner's count their confirmed places, money paid and refunded, and the tutors they had", async () => {
    const { ann, bo } = await tutorWithHistory();
    expect(byKey(await learnerStats(ann.id, FIXED_NOW))).toEqual({ completed: "2", upcoming: "1", hours: "1.8 h", spent: "£160.00", refunded: "–", tutors: "Tutor Tess" });
    expect(byKey(await learnerStats(bo.id, FIXED_NOW))).toEqual({ completed: "1", upcoming: "0", hours: "1 h", spent: "£120.00", refunded: "£40.00", tutors: "Tutor Tess" });
  });
});
