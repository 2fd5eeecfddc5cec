import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { DomainError } from "../../app/domain/shared/errors";
import { answerByLink } from "../../app/services/action-links.server";
import { consumeActionToken, readActionToken } from "../../app/services/action-tokens.server";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { bookableTimesFor } from "../../app/services/tutor-availability.server";
import { clock } from "../../app/services/clock.server";
import { prisma } from "../../app/services/db.server";
import { outboxSettled } from "../../app/services/outbox.server";
import { handleStripeEvent } from "../../app/services/payments.server";
import { describeRequestForLink, expireDueRescheduleRequests, proposeReschedule, respondToReschedule } from "../../app/services/reschedules.server";
import { atDate, createBookedSession, createStudent, createTutor, noMeta, setClock, testNow, useFixedClock } from "../factories";
import { refusalOf, useFakeStripe } from "./session-fixtures";

const fakeStripe = useFakeStripe();

// Every test starts at a fixed Monday morning (3 March 2031, 08:00 UTC) and leaves the clock as it found it,
// even when it fails half way: how far a session is from "now" never depends on the hour the suite runs.
useFixedClock();

const HOUR = 3_600_000;

/** A UTC tutor free all day every day for 60-minute lessons at £49.99 an hour; free of charge unless `paid`. */
const tutorFreeAllDay = (options: { paid?: boolean; name?: string } = {}) => createTutor({ name: options.name ?? "Tutor Tess", hourlyRateMinor: 4999, paid: options.paid });
const student = (name?: string): Promise<Booker> => createStudent(name);

/** The usual pair: a tutor, a student and their session three days ahead at 10:00. */
async function setup() {
  const tutor = await tutorFreeAllDay();
  const learner = await student("Student Sam");
  const session = await createBookedSession(tutor.id, learner, atDate(3, 10));
  return { tutor, learner, session };
}

function weeklyTime(studentId: string, startsAt: Date): BookingDetails {
  return { start: startsAt.toISOString(), duration: 60, student: studentId, subject: "Maths", meetingType: "VIDEO", title: "", description: "" };
}

/** Moves the app's clock to `hours` after the test's fixed now (restored after each test). */
function clockAhead(hours: number) {
  setClock(testNow().plus({ seconds: Math.round(hours * 3600) }));
}

const pendingRequest = (sessionId: string) => prisma.rescheduleRequest.findFirstOrThrow({ where: { sessionId, status: "PENDING" } });
const emailsOf = (template: string) => prisma.emailMessage.findMany({ where: { template }, orderBy: { createdAt: "asc" } });
const auditOf = (sessionId: string, action: string) => prisma.auditEvent.findMany({ where: { subjectType: "TutoringSession", subjectId: sessionId, action } });

/** The raw tokens an email's links carry: accept first, then reject. */
function linkTokens(text: string): string[] {
  return [...text.matchAll(/\/a\/([A-Za-z0-9_-]+)/g)].map((match) => match[1]);
}

/** Active sessions of a tutor overlapping [startsAt, startsAt + 1 h). */
const activeAt = (tutorId: string, startsAt: Date) =>
  prisma.tutoringSession.count({
    where: { tutorId, status: { in: ["PENDING_PAYMENT", "SCHEDULED", "IN_PROGRESS"] }, startsAt: { lt: new Date(startsAt.getTime() + HOUR) }, endsAt: { gt: startsAt } },
  });

describe("proposing a new time", () => {
  it("opens a request for the student, emails two links and holds the time against new bookings", async () => {
    const { tutor, learner, session } = await setup();
    const proposed = atDate(4, 14);
    await proposeReschedule(tutor, session.id, { startsAt: proposed, reason: "I have a clash that morning." }, noMeta);

    const request = await pendingRequest(session.id);
    expect(request).toMatchObject({
      initiatorRole: "TUTOR",
      initiatorId: tutor.id,
      proposerId: tutor.id,
      awaitingRole: "STUDENT",
      counterCount: 0,
      onExpiry: "expire",
      reason: "I have a clash that morning.",
    });
    expect(request.proposedStartsAt).toEqual(proposed);
    expect(request.proposedEndsAt).toEqual(new Date(proposed.getTime() + HOUR));
    expect(Math.abs(request.expiresAt.getTime() - (testNow().toMillis() + 48 * HOUR))).toBeLessThan(60_000);

    const [audit] = await auditOf(session.id, "reschedule.proposed");
    expect(audit).toMatchObject({ actorId: tutor.id, reason: "I have a clash that morning.", after: { requestId: request.id, proposedStartsAt: proposed.toISOString() } });
    expect(audit.policySnapshot).toMatchObject({ tutorRescheduleCutoffHours: 2, tutorMaxReschedules: 2, maxCounterProposals: 3 });

    const emails = await emailsOf("reschedule-proposed");
    expect(emails.map((email) => email.toAddress)).toEqual([learner.email]);
    const tokens = linkTokens(emails[0].text);
    expect(tokens).toHaveLength(2);
    expect(await readActionToken(tokens[0])).toEqual({ state: "valid", purpose: "reschedule.accept", subjectId: request.id, userId: learner.id });
    expect(await readActionToken(tokens[1])).toEqual({ state: "valid", purpose: "reschedule.reject", subjectId: request.id, userId: learner.id });
    // Only the hashes are stored.
    const stored = await prisma.actionToken.findMany({ select: { tokenHash: true } });
    expect(stored.map((row) => row.tokenHash).sort()).toEqual(tokens.map((token) => createHash("sha256").update(token).digest("hex")).sort());

    // The proposed hour is busy for everyone else; the hours around it stay free.
    const day = { from: new Date(proposed.getTime() - 3 * HOUR), to: new Date(proposed.getTime() + 3 * HOUR) };
    const starts = (await bookableTimesFor(tutor.id, day)).map((time) => time.startsAt.getTime());
    expect(starts).not.toContain(proposed.getTime());
    expect(starts).not.toContain(proposed.getTime() - HOUR / 2);
    expect(starts).not.toContain(proposed.getTime() + HOUR / 2);
    expect(starts).toContain(proposed.getTime() - HOUR);
    expect(starts).toContain(proposed.getTime() + HOUR);

    const other = await student("Other Olive");
    expect((await refusalOf(createBooking(other, tutor.id, weeklyTime(other.id, proposed), noMeta))).code).toBe("NOT_FREE");
    expect(await activeAt(tutor.id, proposed)).toBe(0);
    // The session itself has not moved yet.
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: session.startsAt, tutorReschedules: 0, studentReschedules: 0 });
  });
});

describe("a negotiation", () => {
  it("moves the session to the countered time and counts the move against the initiator", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash that morning." }, noMeta);
    const first = await pendingRequest(session.id);
    const firstTokens = linkTokens((await emailsOf("reschedule-proposed"))[0].text);

    clockAhead(1);
    const counter = atDate(5, 9);
    expect(await respondToReschedule(learner, session.id, { action: "counter", counterStartsAt: counter, reason: "Mornings suit me better." }, noMeta)).toEqual({
      outcome: "PENDING",
    });
    const countered = await pendingRequest(session.id);
    expect(countered).toMatchObject({ id: first.id, counterCount: 1, awaitingRole: "TUTOR", initiatorRole: "TUTOR", proposerId: learner.id, reason: "Mornings suit me better." });
    expect(countered.proposedStartsAt).toEqual(counter);
    expect(countered.expiresAt.getTime() - first.expiresAt.getTime()).toBeGreaterThan(HOUR - 60_000);
    expect(countered.expiresAt.getTime() - first.expiresAt.getTime()).toBeLessThan(HOUR + 60_000);
    for (const token of firstTokens) expect(await readActionToken(token)).toMatchObject({ state: "used" });
    expect(await auditOf(session.id, "reschedule.countered")).toHaveLength(1);
    // The first proposal's hour is free again; the counter's is held.
    const free = (await bookableTimesFor(tutor.id, { from: atDate(4, 13), to: atDate(4, 16) })).map((time) => time.startsAt.getTime());
    expect(free).toEqual([0, 1, 2, 3, 4, 5].map((half) => atDate(4, 13).getTime() + (half * HOUR) / 2));

    const counterEmails = await emailsOf("reschedule-countered");
    expect(counterEmails.map((email) => email.toAddress)).toEqual([tutor.email]);
    const counterTokens = linkTokens(counterEmails[0].text);
    expect(counterTokens).toHaveLength(2);
    expect(await readActionToken(counterTokens[0])).toMatchObject({ state: "valid", userId: tutor.id, subjectId: first.id });

    // The student cannot accept their own counter-proposal.
    expect((await refusalOf(respondToReschedule(learner, session.id, { action: "accept" }, noMeta))).code).toBe("NOT_YOUR_TURN");

    expect(await respondToReschedule(tutor, session.id, { action: "accept" }, noMeta)).toEqual({ outcome: "ACCEPTED" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({
      status: "SCHEDULED",
      startsAt: counter,
      endsAt: new Date(counter.getTime() + HOUR),
      tutorReschedules: 1,
      studentReschedules: 0,
    });
    expect(await prisma.rescheduleRequest.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "ACCEPTED" });
    for (const token of [...firstTokens, ...counterTokens]) expect(await readActionToken(token)).toMatchObject({ state: "used" });
    const [accepted] = await auditOf(session.id, "reschedule.accepted");
    expect(accepted).toMatchObject({ actorId: tutor.id, before: { startsAt: session.startsAt.toISOString() }, after: { startsAt: counter.toISOString(), status: "ACCEPTED" } });
    // Both sides' calendars change, so the tutor who accepted is emailed the moved event too.
    expect((await emailsOf("reschedule-accepted")).map((email) => email.toAddress).sort()).toEqual([learner.email, tutor.email].sort());
    // The old hour is free again for others, the new one is the session's.
    expect(await activeAt(tutor.id, session.startsAt)).toBe(0);
    expect(await activeAt(tutor.id, counter)).toBe(1);
  });

  it("lets the initiator withdraw, and the other side reject", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(learner, session.id, { startsAt: atDate(4, 14), reason: "Exam that day." }, noMeta);
    expect(await respondToReschedule(tutor, session.id, { action: "reject" }, noMeta)).toEqual({ outcome: "REJECTED" });
    await proposeReschedule(learner, session.id, { startsAt: atDate(4, 15), reason: "Exam that day." }, noMeta);
    expect(await respondToReschedule(learner, session.id, { action: "withdraw" }, noMeta)).toEqual({ outcome: "WITHDRAWN" });
    const statuses = (await prisma.rescheduleRequest.findMany({ where: { sessionId: session.id }, orderBy: { createdAt: "asc" } })).map((row) => row.status);
    expect(statuses).toEqual(["REJECTED", "WITHDRAWN"]);
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: session.startsAt, studentReschedules: 0 });
    expect((await emailsOf("reschedule-rejected")).map((email) => email.toAddress)).toEqual([learner.email]);
    expect((await emailsOf("reschedule-withdrawn")).map((email) => email.toAddress)).toEqual([tutor.email]);
  });
});

describe("refusals", () => {
  it("refuses an answer after the request expired", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    clockAhead(49);
    expect((await refusalOf(respondToReschedule(learner, session.id, { action: "accept" }, noMeta))).code).toBe("REQUEST_EXPIRED");
    expect(await pendingRequest(session.id)).toMatchObject({ status: "PENDING" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: session.startsAt, tutorReschedules: 0 });
  });

  it("refuses a fourth counter-proposal", async () => {
    await prisma.policy.create({ data: { key: "maxCounterProposals", value: 3 } });
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    await respondToReschedule(learner, session.id, { action: "counter", counterStartsAt: atDate(4, 15) }, noMeta);
    await respondToReschedule(tutor, session.id, { action: "counter", counterStartsAt: atDate(4, 16) }, noMeta);
    await respondToReschedule(learner, session.id, { action: "counter", counterStartsAt: atDate(4, 17) }, noMeta);
    expect(await pendingRequest(session.id)).toMatchObject({ counterCount: 3, awaitingRole: "TUTOR" });
    expect((await refusalOf(respondToReschedule(tutor, session.id, { action: "counter", counterStartsAt: atDate(4, 18) }, noMeta))).code).toBe("TOO_MANY_COUNTERS");
    const request = await pendingRequest(session.id);
    expect(request).toMatchObject({ counterCount: 3 });
    expect(request.proposedStartsAt).toEqual(atDate(4, 17));
    expect(await auditOf(session.id, "reschedule.countered")).toHaveLength(3);
  });

  it("lets only the side whose proposal is on the table withdraw it", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    expect((await refusalOf(respondToReschedule(learner, session.id, { action: "withdraw" }, noMeta))).code).toBe("ONLY_INITIATOR_WITHDRAWS");
    const stranger = await student("Stranger");
    expect((await refusalOf(respondToReschedule(stranger, session.id, { action: "accept" }, noMeta))).code).toBe("NOT_YOURS");
    expect(await pendingRequest(session.id)).toMatchObject({ status: "PENDING" });
  });

  it("refuses a request within the side's cutoff", async () => {
    const tutor = await tutorFreeAllDay();
    const learner = await student();
    const soon = testNow().plus({ hours: 3 }).startOf("hour").toJSDate();
    const session = await createBookedSession(tutor.id, learner, soon);
    // Under four hours: too late for the student ...
    expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: atDate(4, 14), reason: "Exam that day." }, noMeta))).code).toBe("RESCHEDULE_CUTOFF");
    expect(await prisma.rescheduleRequest.count()).toBe(0);
    // ... and under two hours too late for the tutor as well.
    clockAhead(1.5);
    expect((await refusalOf(proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta))).code).toBe("RESCHEDULE_CUTOFF");
    expect(await prisma.rescheduleRequest.count()).toBe(0);
  });

  it("refuses a third move at the student's request", async () => {
    const { tutor, learner, session } = await setup();
    for (const hour of [14, 15]) {
      await proposeReschedule(learner, session.id, { startsAt: atDate(4, hour), reason: "Exam that day." }, noMeta);
      await respondToReschedule(tutor, session.id, { action: "accept" }, noMeta);
    }
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: atDate(4, 15), studentReschedules: 2, tutorReschedules: 0 });
    expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: atDate(4, 16), reason: "Exam that day." }, noMeta))).code).toBe("RESCHEDULE_LIMIT");
    // The tutor's own allowance is separate.
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 17), reason: "I have a clash." }, noMeta);
    expect(await pendingRequest(session.id)).toMatchObject({ initiatorRole: "TUTOR" });
  });

  it("refuses a second request while one is pending", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(learner, session.id, { startsAt: atDate(4, 14), reason: "Exam that day." }, noMeta);
    expect((await refusalOf(proposeReschedule(tutor, session.id, { startsAt: atDate(4, 16), reason: "I have a clash." }, noMeta))).code).toBe("REQUEST_PENDING");
    expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: atDate(4, 16), reason: "Exam that day." }, noMeta))).code).toBe("REQUEST_PENDING");
    expect(await prisma.rescheduleRequest.count()).toBe(1);
  });

  it("refuses a time that is not free, for a proposal and for a counter", async () => {
    const { tutor, learner, session } = await setup();
    const busy = atDate(4, 14);
    const other = await student("Other Olive");
    await createBookedSession(tutor.id, other, busy);
    expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: busy, reason: "Exam that day." }, noMeta))).code).toBe("NOT_FREE");
    // Overlapping by half an hour is just as taken; off the 30-minute grid is never bookable.
    expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: new Date(busy.getTime() + HOUR / 2), reason: "Exam that day." }, noMeta))).code).toBe("NOT_FREE");
    expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: new Date(busy.getTime() + 3 * HOUR + 60_000), reason: "Exam that day." }, noMeta))).code).toBe(
      "NOT_FREE",
    );
    // Beyond the booking horizon.
    expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: atDate(40, 10), reason: "Exam that day." }, noMeta))).code).toBe("NOT_FREE");
    expect(await prisma.rescheduleRequest.count()).toBe(0);

    await proposeReschedule(learner, session.id, { startsAt: atDate(4, 16), reason: "Exam that day." }, noMeta);
    expect((await refusalOf(respondToReschedule(tutor, session.id, { action: "counter", counterStartsAt: busy }, noMeta))).code).toBe("NOT_FREE");
    expect(await pendingRequest(session.id)).toMatchObject({ counterCount: 0, awaitingRole: "TUTOR" });
    // The session's own hour moved half an hour later overlaps only itself, which does not count.
    await respondToReschedule(tutor, session.id, { action: "counter", counterStartsAt: new Date(session.startsAt.getTime() + HOUR / 2) }, noMeta);
    expect(await pendingRequest(session.id)).toMatchObject({ counterCount: 1 });
  });
});

describe("races", () => {
  it("an accept and a booking of the proposed time: the pending proposal keeps it, the booking loses", async () => {
    const { tutor, learner, session } = await setup();
    const proposed = atDate(4, 14);
    await proposeReschedule(tutor, session.id, { startsAt: proposed, reason: "I have a clash." }, noMeta);
    const other = await student("Other Olive");
    const [accept, booking] = await Promise.allSettled([
      respondToReschedule(learner, session.id, { action: "accept" }, noMeta),
      createBooking(other, tutor.id, weeklyTime(other.id, proposed), noMeta),
    ]);
    expect(accept.status).toBe("fulfilled");
    expect(booking.status).toBe("rejected");
    expect((booking as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    expect((booking as PromiseRejectedResult).reason).toMatchObject({ code: "NOT_FREE" });
    expect(await activeAt(tutor.id, proposed)).toBe(1);
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: proposed, tutorReschedules: 1 });
    expect(await prisma.participant.count({ where: { studentId: other.id } })).toBe(0);
  });

  it("a proposal and a booking of the same free time: exactly one gets it", async () => {
    for (let round = 0; round < 3; round += 1) {
      const { tutor, learner, session } = await setup();
      const wanted = atDate(4, 14);
      const other = await student(`Other ${round}`);
      const results = await Promise.allSettled([
        proposeReschedule(learner, session.id, { startsAt: wanted, reason: "Exam that day." }, noMeta),
        createBooking(other, tutor.id, weeklyTime(other.id, wanted), noMeta),
      ]);
      const won = results.filter((result) => result.status === "fulfilled");
      const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(DomainError);
      expect(lost[0].reason).toMatchObject({ code: "NOT_FREE" });
      const pending = await prisma.rescheduleRequest.count({ where: { sessionId: session.id, status: "PENDING" } });
      const booked = await activeAt(tutor.id, wanted);
      // Either the proposal holds the hour, or the booking took it: never both, never neither.
      expect(pending + booked).toBe(1);
      if (booked === 1) {
        // The tutor now cannot be moved onto the taken hour.
        expect((await refusalOf(proposeReschedule(learner, session.id, { startsAt: wanted, reason: "Exam that day." }, noMeta))).code).toBe("NOT_FREE");
      } else {
        expect((await refusalOf(createBooking(other, tutor.id, weeklyTime(other.id, wanted), noMeta))).code).toBe("NOT_FREE");
      }
      await outboxSettled();
      await prisma.$executeRawUnsafe(`TRUNCATE reschedule_requests, action_tokens, email_messages, audit_events, payments, participants, tutoring_sessions CASCADE`);
    }
  });

  it("two answers at once: one applies, the other finds the request closed", async () => {
    const { tutor, learner, session } = await setup();
    const proposed = atDate(4, 14);
    await proposeReschedule(tutor, session.id, { startsAt: proposed, reason: "I have a clash." }, noMeta);
    const results = await Promise.allSettled([
      respondToReschedule(learner, session.id, { action: "accept" }, noMeta),
      respondToReschedule(learner, session.id, { action: "reject" }, noMeta),
    ]);
    const won = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(DomainError);
    expect(lost[0].reason).toMatchObject({ code: "REQUEST_CLOSED" });
    const closes = await prisma.auditEvent.count({ where: { subjectId: session.id, action: { in: ["reschedule.accepted", "reschedule.rejected"] } } });
    expect(closes).toBe(1);
    const request = await prisma.rescheduleRequest.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(request.status).toBe(won[0].outcome);
    const moved = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(moved.startsAt).toEqual(request.status === "ACCEPTED" ? proposed : session.startsAt);
    expect(moved.tutorReschedules).toBe(request.status === "ACCEPTED" ? 1 : 0);
  });

  it("a withdrawal and an accept at once: one applies", async () => {
    const { tutor, learner, session } = await setup();
    const proposed = atDate(4, 14);
    await proposeReschedule(tutor, session.id, { startsAt: proposed, reason: "I have a clash." }, noMeta);
    const results = await Promise.allSettled([
      respondToReschedule(tutor, session.id, { action: "withdraw" }, noMeta),
      respondToReschedule(learner, session.id, { action: "accept" }, noMeta),
    ]);
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toMatchObject({ code: "REQUEST_CLOSED" });
    const request = await prisma.rescheduleRequest.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(["WITHDRAWN", "ACCEPTED"]).toContain(request.status);
    expect(await prisma.auditEvent.count({ where: { subjectId: session.id, action: { in: ["reschedule.accepted", "reschedule.withdrawn"] } } })).toBe(1);
    const moved = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(moved.startsAt).toEqual(request.status === "ACCEPTED" ? proposed : session.startsAt);
  });

  it("an emailed accept link and a signed-in reject at once: one applies", async () => {
    for (let round = 0; round < 10; round += 1) {
      const { tutor, learner, session } = await setup();
      await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
      const request = await pendingRequest(session.id);
      const [acceptToken] = linkTokens((await emailsOf("reschedule-proposed"))[0].text);
      // What the /a/<token> route does: the link is used in the same transaction as the answer.
      const viaLink = answerByLink(acceptToken, "accept", noMeta);
      const signedIn = respondToReschedule(learner, session.id, { action: "reject" }, noMeta);
      const [linkResult, signedInResult] = await Promise.allSettled([viaLink, signedIn]);
      // Never a deadlock or another database error: the loser finds the request closed, or (the
      // link's side) finds its link already retired, which the route answers by showing the outcome.
      expect(linkResult.status).toBe("fulfilled");
      const link = (linkResult as PromiseFulfilledResult<Awaited<typeof viaLink>>).value;
      if (link.kind === "done") expect(signedInResult).toMatchObject({ status: "rejected", reason: { code: "REQUEST_CLOSED" } });
      else {
        expect(signedInResult.status).toBe("fulfilled");
        expect(["stale", "refused"]).toContain(link.kind);
      }
      const closed = await prisma.rescheduleRequest.findUniqueOrThrow({ where: { id: request.id } });
      expect(["ACCEPTED", "REJECTED"]).toContain(closed.status);
      expect(await prisma.auditEvent.count({ where: { subjectId: session.id, action: { in: ["reschedule.accepted", "reschedule.rejected"] } } })).toBe(1);
      expect(await readActionToken(acceptToken)).toMatchObject({ state: "used" });
      await outboxSettled();
      await prisma.$executeRawUnsafe(`TRUNCATE reschedule_requests, action_tokens, email_messages, audit_events, participants, tutoring_sessions CASCADE`);
    }
  });
});

describe("emailed links", () => {
  it("can be used once, even twice at the same moment", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    const request = await pendingRequest(session.id);
    const [acceptToken, rejectToken] = linkTokens((await emailsOf("reschedule-proposed"))[0].text);

    // The wrong purpose, an unknown token and a token past its expiry use nothing.
    await prisma.$transaction(async (tx) => {
      expect(await consumeActionToken(tx, acceptToken, "reschedule.reject", clock.now())).toBeNull();
      expect(await consumeActionToken(tx, "x".repeat(43), "reschedule.accept", clock.now())).toBeNull();
      expect(await consumeActionToken(tx, rejectToken, "reschedule.reject", clock.now().plus({ hours: 49 }))).toBeNull();
    });
    expect(await readActionToken(rejectToken, clock.now().plus({ hours: 49 }))).toMatchObject({ state: "expired" });
    expect(await readActionToken("not a token")).toEqual({ state: "unknown" });

    const results = await Promise.allSettled([1, 2].map(() => prisma.$transaction((tx) => consumeActionToken(tx, acceptToken, "reschedule.accept", clock.now()))));
    expect(results.every((result) => result.status === "fulfilled")).toBe(true);
    const values = results.map((result) => (result as PromiseFulfilledResult<unknown>).value);
    expect(values.filter((value) => value !== null)).toEqual([{ subjectId: request.id, userId: learner.id }]);
    expect(values.filter((value) => value === null)).toHaveLength(1);
    expect(await readActionToken(acceptToken)).toMatchObject({ state: "used" });
    // The other link still works until the request is answered.
    expect(await readActionToken(rejectToken)).toMatchObject({ state: "valid" });
  });

  it("show a request past its deadline as closed, before and after the expiry job", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    const request = await pendingRequest(session.id);
    expect(await describeRequestForLink(request.id, learner.id)).toMatchObject({ status: "PENDING", open: true, statusLabel: "waiting for an answer" });
    // The answer window has closed but the job has not run: it can no longer be answered.
    clockAhead(49);
    expect(await describeRequestForLink(request.id, learner.id)).toMatchObject({
      status: "PENDING",
      open: false,
      statusLabel: "expired",
      sessionStartsAt: session.startsAt.toISOString(),
    });
    await expireDueRescheduleRequests();
    expect(await describeRequestForLink(request.id, learner.id)).toMatchObject({ status: "EXPIRED", open: false, statusLabel: "expired" });
  });

  it("say an unanswered request past its deadline is being accepted when the policy said so", async () => {
    await prisma.policy.create({ data: { key: "rescheduleExpiryAction", value: "auto_accept" } });
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    const request = await pendingRequest(session.id);
    clockAhead(49);
    expect(await describeRequestForLink(request.id, learner.id)).toMatchObject({
      open: false,
      statusLabel: expect.stringMatching(/^past its deadline: the proposed time is accepted automatically/),
    });
    await expireDueRescheduleRequests();
    expect(await describeRequestForLink(request.id, learner.id)).toMatchObject({ status: "ACCEPTED", open: false, statusLabel: "accepted" });
  });
});

describe("cancelling in answer to the tutor", () => {
  it("cancels the session and closes the request (no payment, no refund)", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    const request = await pendingRequest(session.id);
    expect(await respondToReschedule(learner, session.id, { action: "cancel" }, noMeta)).toEqual({ outcome: "CANCELLED_BY_STUDENT" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({
      status: "CANCELLED",
      cancelCause: "STUDENT",
      startsAt: session.startsAt,
    });
    expect(await prisma.participant.findFirstOrThrow({ where: { sessionId: session.id } })).toMatchObject({ status: "CANCELLED" });
    expect(await prisma.rescheduleRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "CANCELLED_BY_STUDENT" });
    expect(await prisma.refund.count()).toBe(0);
    expect(await auditOf(session.id, "reschedule.cancelled_by_student")).toHaveLength(1);
    expect(await prisma.actionToken.count({ where: { usedAt: null } })).toBe(0);
    expect((await emailsOf("session-cancelled")).map((email) => email.toAddress).sort()).toEqual([learner.email, tutor.email].sort());
    // The held hour is free again.
    expect(await activeAt(tutor.id, atDate(4, 14))).toBe(0);
    expect((await bookableTimesFor(tutor.id, { from: atDate(4, 14), to: atDate(4, 15) })).map((time) => time.startsAt.toISOString())).toEqual([
      atDate(4, 14).toISOString(),
      new Date(atDate(4, 14).getTime() + HOUR / 2).toISOString(),
    ]);
  });

  it("is offered only when the tutor asked", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(learner, session.id, { startsAt: atDate(4, 14), reason: "Exam that day." }, noMeta);
    expect((await refusalOf(respondToReschedule(learner, session.id, { action: "cancel" }, noMeta))).code).toBe("ONLY_STUDENT_CANCELS");
    expect((await refusalOf(respondToReschedule(tutor, session.id, { action: "cancel" }, noMeta))).code).toBe("ONLY_STUDENT_CANCELS");
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "SCHEDULED" });
  });

  it("refunds a paid seat in full even inside the late-cancellation tier", async () => {
    const tutor = await tutorFreeAllDay({ paid: true });
    const learner = await student("Student Sam");
    const startsAt = atDate(2, 10);
    const result = await createBooking(learner, tutor.id, weeklyTime(learner.id, startsAt), noMeta);
    const pending = await prisma.payment.findFirstOrThrow({ where: { participantId: result.participantId, status: "PENDING" } });
    const event = await fakeStripe().completeSession(pending.checkoutSessionId!, { deliver: false });
    expect(await handleStripeEvent(event as unknown as Stripe.Event)).toBe("confirmed");
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: pending.id } });
    expect(payment).toMatchObject({ status: "PAID", amountMinor: 4999 });

    // Five hours before the start: a student's own cancel would refund 70 % only.
    clockAhead((startsAt.getTime() - testNow().toMillis()) / HOUR - 5);
    await proposeReschedule(tutor, result.sessionId, { startsAt: atDate(3, 10), reason: "I have a clash." }, noMeta);
    expect(await respondToReschedule(learner, result.sessionId, { action: "cancel" }, noMeta)).toEqual({ outcome: "CANCELLED_BY_STUDENT" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: result.sessionId } })).toMatchObject({ status: "CANCELLED" });
    const refunds = await prisma.refund.findMany();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ paymentId: payment.id, amountMinor: 4999, status: "PROCESSED" });
    expect([...fakeStripe().refunds.values()].filter((refund) => refund.payment_intent === payment.paymentIntentId).map((refund) => refund.amount)).toEqual([4999]);
  });
});

describe("the expiry job", () => {
  it("expires an unanswered request and leaves the session where it was", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash." }, noMeta);
    const request = await pendingRequest(session.id);
    expect(await expireDueRescheduleRequests()).toBe(0);
    clockAhead(49);
    expect(await expireDueRescheduleRequests()).toBe(1);
    expect(await expireDueRescheduleRequests()).toBe(0);
    expect(await prisma.rescheduleRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "EXPIRED" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "SCHEDULED", startsAt: session.startsAt, tutorReschedules: 0 });
    expect((await emailsOf("reschedule-expired")).map((email) => email.toAddress).sort()).toEqual([learner.email, tutor.email].sort());
    expect(await auditOf(session.id, "reschedule.expired")).toMatchObject([{ actorId: null, policySnapshot: { rescheduleExpiryAction: "expire" } }]);
    expect(await prisma.actionToken.count({ where: { usedAt: null } })).toBe(0);
  });

  it("moves the session when the policy said accept automatically", async () => {
    await prisma.policy.create({ data: { key: "rescheduleExpiryAction", value: "auto_accept" } });
    const { tutor, learner, session } = await setup();
    const proposed = atDate(4, 14);
    await proposeReschedule(tutor, session.id, { startsAt: proposed, reason: "I have a clash." }, noMeta);
    const request = await pendingRequest(session.id);
    expect(request.onExpiry).toBe("auto_accept");
    clockAhead(49);
    expect(await expireDueRescheduleRequests()).toBe(1);
    expect(await prisma.rescheduleRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "ACCEPTED" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({
      startsAt: proposed,
      endsAt: new Date(proposed.getTime() + HOUR),
      tutorReschedules: 1,
    });
    expect((await emailsOf("reschedule-accepted")).map((email) => email.toAddress).sort()).toEqual([learner.email, tutor.email].sort());
    expect(await auditOf(session.id, "reschedule.accepted")).toHaveLength(1);
  });

  it("only expires an auto-accept request whose time was taken meanwhile", async () => {
    await prisma.policy.create({ data: { key: "rescheduleExpiryAction", value: "auto_accept" } });
    const { tutor, session } = await setup();
    const proposed = atDate(4, 14);
    await proposeReschedule(tutor, session.id, { startsAt: proposed, reason: "I have a clash." }, noMeta);
    // Written past the application's checks (an admin's repair, say): the hour is no longer free.
    const other = await student("Other Olive");
    await createBookedSession(tutor.id, other, proposed);
    clockAhead(49);
    expect(await expireDueRescheduleRequests()).toBe(1);
    expect(await prisma.rescheduleRequest.findFirstOrThrow({ where: { sessionId: session.id } })).toMatchObject({ status: "EXPIRED" });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: session.startsAt, tutorReschedules: 0 });
  });
});
