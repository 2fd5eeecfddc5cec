import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { JOBS } from "../../app/jobs/registry.server";
import { runDueJobs, runJobsNow } from "../../app/jobs/runner.server";
import { DomainError } from "../../app/domain/shared/errors";
import { checkIn } from "../../app/services/attendance.server";
import { prisma } from "../../app/services/db.server";
import { markDueNoShows } from "../../app/services/no-shows.server";
import { operationsOverview } from "../../app/services/operations.server";
import { getBookingView, getSessionView } from "../../app/services/sessions.server";
import { operationsQuery } from "../../app/domain/sessions/operations-filters";
import { listOperations } from "../../app/services/operations-list.server";
import { processDueRefunds } from "../../app/services/payments.server";
import { atDate, createBookedSession, createSessionWithSeats, createStudent, createTutor, createUser, noMeta, useFixedClock, withClockAt, withClockFrozenAt } from "../factories";
import { paidBooking, tutorWithHours, useFakeStripe, weeklyTime } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the sessions start at 10:00 UTC, so the no-show mark is 10:15.
useFixedClock();
const fakeStripe = useFakeStripe();

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const START = utc("2031-03-03T10:00:00Z");
const MARK = utc("2031-03-03T10:15:00Z");
const LAST_CHECK_IN = MARK.minus({ milliseconds: 1 });

const stateOf = (id: string) => prisma.tutoringSession.findUniqueOrThrow({ where: { id }, select: { status: true, noShowParty: true, checkedInAt: true, calendarSequence: true } });
const noShowEmails = (template = "tutor-no-show") => prisma.emailMessage.findMany({ where: { template }, orderBy: { toAddress: "asc" } });
const icsText = (attachments: unknown) => {
  const list = attachments as { filename: string; contentBase64: string }[];
  expect(list).toHaveLength(1);
  return Buffer.from(list[0].contentBase64, "base64").toString("utf8");
};

/** A tutor with hours and a learner whose 10:00 session is booked and paid at the fake Stripe (£40). */
async function paidSession(zone = "UTC") {
  const tutor = await tutorWithHours("Tutor Tess");
  const learner = await createUser({ roles: ["STUDENT"], name: "Student Sam", timezone: zone });
  const booking = await paidBooking(fakeStripe(), learner, tutor.id, weeklyTime(learner.id, START));
  return { tutor: { ...tutor, timezone: "UTC" }, learner, booking };
}

describe("the no-show job", () => {
  it("marks a session at exactly its mark and not one millisecond before: NO_SHOW by the tutor, audited as the system", async () => {
    const { booking } = await paidSession();
    expect(await withClockFrozenAt(LAST_CHECK_IN, () => markDueNoShows())).toBe(0);
    expect(await stateOf(booking.sessionId)).toMatchObject({ status: "SCHEDULED", noShowParty: null });
    expect(await prisma.refund.count()).toBe(0);
    expect(await noShowEmails()).toHaveLength(0);

    expect(await withClockFrozenAt(MARK, () => markDueNoShows())).toBe(1);
    expect(await stateOf(booking.sessionId)).toMatchObject({ status: "NO_SHOW", noShowParty: "tutor", checkedInAt: null });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: booking.sessionId, action: "session.no_show" } });
    expect(audit).toMatchObject({ actorId: null, reason: "The tutor had not checked in by the no-show mark", policySnapshot: { noShowAfterMinutes: 15, refundPercent: 100 } });
    expect(audit.before).toEqual({ status: "SCHEDULED" });
    expect(audit.after).toMatchObject({ status: "NO_SHOW", event: "no_show", noShowParty: "tutor", dueAt: "2031-03-03T10:15:00.000Z" });
    // The learner was not the one absent: the seat stays confirmed, its attendance pending.
    expect(await prisma.participant.findUniqueOrThrow({ where: { id: booking.participantId }, select: { status: true, attendanceStatus: true } })).toEqual({
      status: "CONFIRMED",
      attendanceStatus: "pending",
    });
    // Run again, and later: nothing more happens.
    expect(await withClockFrozenAt(MARK.plus({ hours: 3 }), () => markDueNoShows())).toBe(0);
    expect(await prisma.refund.count()).toBe(1);
  });

  it("runs from the job registry every minute", async () => {
    const { booking } = await paidSession();
    expect(JOBS["mark-no-shows"].intervalSeconds).toBe(60);
    const [outcome] = await runDueJobs({ now: MARK.toJSDate(), jobs: { "mark-no-shows": JOBS["mark-no-shows"] } });
    expect(outcome).toMatchObject({ job: "mark-no-shows", status: "succeeded", summary: { marked: 1 } });
    expect((await stateOf(booking.sessionId)).status).toBe("NO_SHOW");
  });

  it("runs now for one tutor when asked (the job route's ?job=&tutor=), leaving others' sessions and the schedule alone", async () => {
    const { booking, tutor } = await paidSession();
    const other = await createTutor({ name: "Tutor Tom" });
    const otherSession = await createBookedSession(other.id, await createStudent("Student Sue"), atDate(0, 10));
    await runDueJobs({ now: START.toJSDate(), jobs: { "mark-no-shows": JOBS["mark-no-shows"] } });
    const schedule = () => prisma.jobSchedule.findUniqueOrThrow({ where: { name: "mark-no-shows" }, select: { nextRunAt: true, lockedUntil: true } });
    const before = await schedule();
    const [outcome] = await runJobsNow(["mark-no-shows"], { tutorId: tutor.id, now: MARK.toJSDate() });
    expect(outcome).toMatchObject({ status: "succeeded", summary: { marked: 1 } });
    expect((await stateOf(booking.sessionId)).status).toBe("NO_SHOW");
    expect((await stateOf(otherSession.id)).status).toBe("SCHEDULED");
    expect(await schedule()).toEqual({ nextRunAt: before.nextRunAt, lockedUntil: null });
  });

  it("honours a policy of 30 minutes", async () => {
    const { booking } = await paidSession();
    await prisma.policy.create({ data: { key: "noShowAfterMinutes", value: 30 } });
    expect(await withClockFrozenAt(MARK, () => markDueNoShows())).toBe(0);
    expect(await withClockFrozenAt(START.plus({ minutes: 30 }).minus({ milliseconds: 1 }), () => markDueNoShows())).toBe(0);
    expect((await stateOf(booking.sessionId)).status).toBe("SCHEDULED");
    expect(await withClockFrozenAt(START.plus({ minutes: 30 }), () => markDueNoShows())).toBe(1);
    expect((await stateOf(booking.sessionId)).status).toBe("NO_SHOW");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: booking.sessionId, action: "session.no_show" } });
    expect(audit.policySnapshot).toEqual({ noShowAfterMinutes: 30, refundPercent: 100 });
  });

  it("refunds the payment in full, and the refunds job sends what Stripe refused at first", async () => {
    const { booking } = await paidSession();
    // The SDK retries a 500 twice itself, so three failures make the app see one.
    fakeStripe().failNextRefunds(3);
    await withClockFrozenAt(MARK, () => markDueNoShows());
    const [refund] = await prisma.refund.findMany({ select: { id: true, paymentId: true, amountMinor: true, status: true, reason: true, idempotencyKey: true } });
    expect(refund).toMatchObject({
      paymentId: booking.paymentId,
      amountMinor: 4000,
      status: "FAILED",
      reason: "TUTOR_NO_SHOW",
      idempotencyKey: `refund-no-show-${booking.paymentId}`,
    });
    expect([...fakeStripe().refunds.values()].filter((sent) => sent.payment_intent === booking.paymentIntentId)).toHaveLength(0);

    expect(await withClockAt(MARK.plus({ hours: 1 }), () => processDueRefunds())).toBe(1);
    expect(await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: "PROCESSED", amountMinor: 4000 });
    expect([...fakeStripe().refunds.values()].filter((sent) => sent.payment_intent === booking.paymentIntentId).map((sent) => sent.amount)).toEqual([4000]);
  });

  it("emails the learner (in their zone, the refund stated, the calendar event cancelled) and the tutor, once", async () => {
    const { booking, learner, tutor } = await paidSession("Asia/Kathmandu");
    const sequenceBefore = (await stateOf(booking.sessionId)).calendarSequence;
    await withClockFrozenAt(MARK, () => markDueNoShows());
    await withClockFrozenAt(MARK.plus({ minutes: 1 }), () => markDueNoShows());

    const [toLearner] = await noShowEmails();
    expect(await noShowEmails()).toHaveLength(1);
    expect(toLearner.toAddress).toBe(learner.email);
    expect(toLearner.subject).toBe("No-show: your tutor did not check in for Maths on Mon 3 Mar");
    expect(toLearner.text).toContain("Tutor Tess had not checked in 15 minutes after the start of Maths on Monday 3 March 2031, 15:45 (Asia Kathmandu, UTC+5:45)");
    expect(toLearner.text).toContain("The £40.00 you paid is being refunded in full");
    expect(toLearner.text).toContain(`/bookings/${booking.participantId}`);
    const ics = icsText(toLearner.attachments);
    expect(ics).toContain("METHOD:CANCEL");
    expect(ics).toContain(`UID:${booking.participantId}@tutordesk`);
    expect(ics).toContain(`SEQUENCE:${sequenceBefore + 1}`);

    const toTutor = await noShowEmails("tutor-no-show-to-tutor");
    expect(toTutor.map((email) => email.toAddress)).toEqual([tutor.email]);
    expect(toTutor[0].subject).toBe("No-show recorded: Maths on Mon 3 Mar");
    expect(toTutor[0].text).toContain("The learners are refunded in full (£40.00), and the session is not paid.");
    expect(icsText(toTutor[0].attachments)).toContain(`UID:session-${booking.sessionId}@tutordesk`);
  });

  it("two runners at once mark the session once, refund once and email once", async () => {
    const { booking } = await paidSession();
    const results = await withClockFrozenAt(MARK, () => Promise.all([markDueNoShows(), markDueNoShows(), markDueNoShows()]));
    expect(results.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect((await stateOf(booking.sessionId)).status).toBe("NO_SHOW");
    expect(await prisma.refund.count()).toBe(1);
    expect(await noShowEmails()).toHaveLength(1);
    expect(await noShowEmails("tutor-no-show-to-tutor")).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { action: "session.no_show" } })).toBe(1);
  });

  it("in a group: every confirmed seat is refunded in full, booker, student and tutor hear, a held seat is released", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const parent = await createUser({ roles: ["PARENT"], name: "Parent Pat" });
    const [child, adult, holder] = await Promise.all([createStudent("Child Cy"), createStudent("Adult Al"), createStudent("Holder Hu")]);
    const { sessionId, participantIds } = await createSessionWithSeats(
      tutor.id,
      2,
      [
        { studentId: child.id, bookedById: parent.id, status: "CONFIRMED", payment: "PAID" },
        { studentId: adult.id, status: "CONFIRMED", payment: "PAID" },
        { studentId: holder.id, status: "HELD", payment: "PENDING" },
      ],
      { kind: "GROUP", capacity: 5, title: "Algebra club" },
    );
    expect(await withClockFrozenAt(MARK, () => markDueNoShows())).toBe(1);
    expect((await stateOf(sessionId)).status).toBe("NO_SHOW");
    const refunds = await prisma.refund.findMany({ select: { amountMinor: true, payment: { select: { participantId: true } } }, orderBy: { amountMinor: "asc" } });
    expect(refunds.map((refund) => refund.payment.participantId).sort()).toEqual([participantIds[0], participantIds[1]].sort());
    expect(refunds.map((refund) => refund.amountMinor)).toEqual([4000, 4000]);
    const seats = await prisma.participant.findMany({ where: { sessionId }, select: { id: true, status: true, attendanceStatus: true } });
    expect(Object.fromEntries(seats.map((seat) => [seat.id, [seat.status, seat.attendanceStatus]]))).toEqual({
      [participantIds[0]]: ["CONFIRMED", "pending"],
      [participantIds[1]]: ["CONFIRMED", "pending"],
      [participantIds[2]]: ["CANCELLED", "pending"],
    });
    expect(await prisma.payment.findFirstOrThrow({ where: { participantId: participantIds[2] } })).toMatchObject({ status: "EXPIRED" });
    const emails = await noShowEmails();
    expect(emails.map((email) => email.toAddress).sort()).toEqual([parent.email, child.email, adult.email].sort());
    expect(emails.find((email) => email.toAddress === child.email)!.text).toContain("The £40.00 paid for it is being refunded in full to Parent Pat.");
    expect(emails.find((email) => email.toAddress === parent.email)!.text).toContain("The £40.00 you paid is being refunded in full");
    const [toTutor] = await noShowEmails("tutor-no-show-to-tutor");
    expect(toTutor.text).toContain("Learners: Child Cy, Adult Al");
  });

  it("a seat paid partly with credit: the card's part is refunded and the credit's part comes back as credit, once", async () => {
    const { booking, learner } = await paidSession();
    // As if £15 of the £40 had been paid with credit (decision 029): granted, spent on this payment.
    await prisma.creditEntry.create({ data: { payerId: learner.id, amountMinor: 1500, currency: "GBP", kind: "granted", reason: "Goodwill", idempotencyKey: "grant-1" } });
    const payment = await prisma.payment.findFirstOrThrow({ where: { participantId: booking.participantId } });
    await prisma.payment.update({ where: { id: payment.id }, data: { amountMinor: 2500, creditMinor: 1500 } });
    await prisma.creditEntry.create({
      data: { payerId: learner.id, amountMinor: -1500, currency: "GBP", kind: "applied", reason: "Applied", idempotencyKey: `credit-apply-${payment.id}`, paymentId: payment.id },
    });

    expect(await withClockFrozenAt(MARK, () => markDueNoShows())).toBe(1);
    expect(await withClockFrozenAt(MARK.plus({ minutes: 1 }), () => markDueNoShows())).toBe(0);
    expect(await prisma.refund.findMany({ select: { amountMinor: true, idempotencyKey: true } })).toEqual([{ amountMinor: 2500, idempotencyKey: `refund-no-show-${payment.id}` }]);
    expect(await prisma.creditEntry.findMany({ where: { kind: "returned" }, select: { amountMinor: true, idempotencyKey: true, sessionId: true } })).toEqual([
      { amountMinor: 1500, idempotencyKey: `credit-return-no-show-${payment.id}`, sessionId: booking.sessionId },
    ]);
    const balance = await prisma.creditEntry.aggregate({ where: { payerId: learner.id }, _sum: { amountMinor: true } });
    expect(balance._sum.amountMinor).toBe(1500);
  });

  it("a free session: no refund row, and the learner still hears that nothing was paid", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const learner = await createStudent("Student Sam");
    const session = await createBookedSession(tutor.id, learner, atDate(0, 10));
    expect(await withClockFrozenAt(MARK, () => markDueNoShows())).toBe(1);
    expect((await stateOf(session.id)).status).toBe("NO_SHOW");
    expect(await prisma.refund.count()).toBe(0);
    const [email] = await noShowEmails();
    expect(email.text).toContain("Nothing was paid for it, so there is nothing to refund.");
  });

  it("never marks a session its tutor checked in to, however late the job runs", async () => {
    const { tutor, booking } = await paidSession();
    await withClockFrozenAt(utc("2031-03-03T09:50:00Z"), () => checkIn(tutor, booking.sessionId, noMeta));
    for (const at of [MARK, MARK.plus({ hours: 2 }), MARK.plus({ days: 3 })]) expect(await withClockFrozenAt(at, () => markDueNoShows())).toBe(0);
    expect(await stateOf(booking.sessionId)).toMatchObject({ status: "IN_PROGRESS", noShowParty: null });
    expect(await prisma.refund.count()).toBe(0);
    expect(await noShowEmails()).toHaveLength(0);
  });
});

describe("a check-in racing the no-show job", () => {
  it("exactly one wins, and the loser changes nothing (many times)", async () => {
    const outcomes = { checkedIn: 0, noShow: 0 };
    for (let round = 0; round < 12; round += 1) {
      const tutor = { ...(await createTutor({ name: `Tutor ${round}` })), timezone: "UTC" };
      const learner = await createStudent(`Learner ${round}`);
      const { sessionId, participantIds } = await createSessionWithSeats(tutor.id, 2, [{ studentId: learner.id, status: "CONFIRMED", payment: "PAID" }]);
      // The check-in at the last instant it is allowed, the job at the first instant the mark is due.
      const [checkInResult, marked] = await withClockFrozenAt(LAST_CHECK_IN, () =>
        Promise.all([
          checkIn(tutor, sessionId, noMeta).then(
            (result) => ({ ok: true as const, result }),
            (error: unknown) => ({ ok: false as const, error }),
          ),
          markDueNoShows({ now: MARK }),
        ]),
      );
      const state = await stateOf(sessionId);
      const refunds = await prisma.refund.count({ where: { payment: { participantId: participantIds[0] } } });
      const emails = await prisma.emailMessage.count({ where: { template: { in: ["tutor-no-show", "tutor-no-show-to-tutor"] }, toAddress: { in: [learner.email, tutor.email] } } });
      const audits = (await prisma.auditEvent.findMany({ where: { subjectId: sessionId }, select: { action: true } })).map((event) => event.action);
      if (checkInResult.ok) {
        outcomes.checkedIn += 1;
        expect(checkInResult.result.lateMinutes).toBe(14);
        expect(state).toMatchObject({ status: "IN_PROGRESS", noShowParty: null, checkedInAt: LAST_CHECK_IN.toJSDate() });
        expect(marked).toBe(0);
        expect({ refunds, emails, audits }).toEqual({ refunds: 0, emails: 0, audits: ["session.checked_in"] });
      } else {
        outcomes.noShow += 1;
        expect(checkInResult.error).toBeInstanceOf(DomainError);
        expect(["CHANGED_MEANWHILE", "INVALID_TRANSITION"]).toContain((checkInResult.error as DomainError).code);
        expect(state).toMatchObject({ status: "NO_SHOW", noShowParty: "tutor", checkedInAt: null });
        expect(marked).toBe(1);
        expect({ refunds, emails, audits }).toEqual({ refunds: 1, emails: 2, audits: ["session.no_show"] });
      }
    }
    expect(outcomes.checkedIn + outcomes.noShow).toBe(12);
  });
});

describe("what the learner sees", () => {
  it("the booking page and the session page say the tutor did not check in, with the refund", async () => {
    const { booking, learner, tutor } = await paidSession();
    await withClockFrozenAt(MARK, () => markDueNoShows());
    const view = await withClockFrozenAt(MARK, () => getBookingView(learner, booking.participantId));
    expect(view).toMatchObject({
      statusLabel: "No-show — your tutor did not check in",
      noShow: { refunds: [{ amount: "£40.00", state: "processed", label: "refunded" }], noRefund: null },
      cancellation: null,
    });
    const page = await withClockFrozenAt(MARK, () => getSessionView(learner, booking.sessionId));
    expect(page).toMatchObject({ status: "No-show — your tutor did not check in", canCancel: false, canReschedule: false, seats: [{ status: "Refunded in full" }] });
    expect((await withClockFrozenAt(MARK, () => getSessionView(tutor, booking.sessionId)))?.status).toBe("No-show — the tutor did not check in");
  });

  it("a free booking's page says there was nothing to refund", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const learner = await createStudent("Student Sam");
    const session = await createBookedSession(tutor.id, learner, atDate(0, 10));
    await withClockFrozenAt(MARK, () => markDueNoShows());
    const seat = await prisma.participant.findFirstOrThrow({ where: { sessionId: session.id } });
    expect((await getBookingView(learner, seat.id))?.noShow).toEqual({ refunds: [], noRefund: "Nothing was paid, so there is nothing to refund." });
  });
});

describe("what coordinators see", () => {
  it('a tutor\'s no-show reads "No-show (tutor)" on the operations list, its no-show filter, and is counted on their home', async () => {
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const { booking } = await paidSession();
    await withClockFrozenAt(MARK, () => markDueNoShows());
    const all = await withClockFrozenAt(MARK, () => listOperations(coordinator, operationsQuery({}, "UTC")));
    expect(all.rows.map((row) => [row.id, row.status])).toEqual([[booking.sessionId, "No-show (tutor)"]]);
    const noShows = await withClockFrozenAt(MARK, () => listOperations(coordinator, operationsQuery({ status: ["NO_SHOW"] }, "UTC")));
    expect(noShows.rows.map((row) => [row.id, row.status])).toEqual([[booking.sessionId, "No-show (tutor)"]]);
    expect((await withClockFrozenAt(MARK, () => operationsOverview("UTC"))).sessions).toEqual({
      checkOutMissing: 0,
      confirmationOverdue: 0,
      confirmationWindowHours: 48,
      tutorNoShows: 1,
      noShowDays: 7,
      openDisputes: 0,
      openMismatches: 0,
    });
  });

  it("a check-in without check-out is flagged from exactly 24 hours after the end, listed and counted, and stays in progress", async () => {
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const [tutor, other] = await Promise.all([createTutor({ name: "Tutor Tess" }), createTutor({ name: "Tutor Tom" })]);
    const [learner, second] = await Promise.all([createStudent("Student Sam"), createStudent("Student Sue")]);
    // Ended exactly 24 hours before now (08:00), and 30 minutes later than that; a finished one ended long ago.
    const { sessionId: missing } = await createSessionWithSeats(tutor.id, -25, [{ studentId: learner.id, status: "CONFIRMED" }], { status: "IN_PROGRESS" });
    const { sessionId: notYet } = await createSessionWithSeats(other.id, -24.5, [{ studentId: second.id, status: "CONFIRMED" }], { status: "IN_PROGRESS" });
    const { sessionId: done } = await createSessionWithSeats(tutor.id, -72, [{ studentId: learner.id, status: "CONFIRMED" }], { status: "AWAITING_CONFIRMATION" });
    const now = utc("2031-03-03T08:00:00Z");

    const flagged = await withClockFrozenAt(now, () => listOperations(coordinator, operationsQuery({ attention: ["check-out-missing"] }, "UTC")));
    expect(flagged).toEqual({ hasMore: false, rows: [expect.objectContaining({ id: missing, status: "In progress: check-out missing" })] });
    const all = await withClockFrozenAt(now, () => listOperations(coordinator, operationsQuery({}, "UTC")));
    expect(all.rows.map((row) => [row.id, row.status])).toEqual([
      [notYet, "In progress"],
      [missing, "In progress: check-out missing"],
      [done, "Awaiting confirmation"],
    ]);
    expect((await withClockFrozenAt(now, () => operationsOverview("UTC"))).sessions.checkOutMissing).toBe(1);
    // One millisecond earlier nothing is flagged yet; half an hour later both are.
    expect((await withClockFrozenAt(now.minus({ milliseconds: 1 }), () => listOperations(coordinator, operationsQuery({ attention: ["check-out-missing"] }, "UTC")))).rows).toEqual(
      [],
    );
    expect((await withClockFrozenAt(now.plus({ minutes: 30 }), () => operationsOverview("UTC"))).sessions.checkOutMissing).toBe(2);
    // A flag, not a change: the sessions stay in progress, and the no-show job leaves them alone.
    await withClockFrozenAt(now.plus({ minutes: 30 }), () => markDueNoShows());
    expect((await prisma.tutoringSession.findMany({ where: { id: { in: [missing, notYet] } }, select: { status: true } })).map((row) => row.status)).toEqual([
      "IN_PROGRESS",
      "IN_PROGRESS",
    ]);
  });
});
