import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { DomainError } from "../../app/domain/shared/errors";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { prisma } from "../../app/services/db.server";
import { getBookingView, listSessions } from "../../app/services/sessions.server";
import { createSlot } from "../../app/services/slots.server";
import { createUser, noMeta } from "../factories";
import { at, refusalOf, tutorWithHours, useFakeStripe, weeklyTime } from "./session-fixtures";

const fake = useFakeStripe();

afterAll(async () => {
  await outboxDrained();
});

/**
 * Each commit kicks the email outbox, which delivers in the background. A disconnect in the middle of
 * its (implicitly transactional) update leaves a connection open in a transaction and never returns,
 * so let it drain before the shared afterAll disconnects.
 */
async function outboxDrained() {
  for (let waited = 0; waited < 5_000; waited += 50) {
    if ((await prisma.emailMessage.count({ where: { status: "PENDING" } })) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** A UTC tutor teaching Maths every day 06:00–22:00, $60 an hour, 30- and 60-minute lessons. */
const bookableTutor = (options: { paymentsEnabled?: boolean; name?: string } = {}) =>
  tutorWithHours(options.name ?? "Tutor", { hourlyRate: 6000, currency: "USD", durations: [30, 60], paymentsEnabled: options.paymentsEnabled });

const student = (name?: string): Promise<Booker> => createUser({ roles: ["STUDENT"], name });

function slotTime(studentId: string, slotId: string): BookingDetails {
  return { slot: slotId, student: studentId, subject: "Maths", meetingType: "VIDEO", title: "", description: "" };
}

describe("booking a time", () => {
  it("gives one 1:1 time to exactly one of 20 students booking at once", async () => {
    const tutor = await bookableTutor();
    const students = await Promise.all(Array.from({ length: 20 }, (_, index) => student(`Student ${index}`)));
    const startsAt = at(3);
    const results = await Promise.allSettled(students.map((booker) => createBooking(booker, tutor.id, weeklyTime(booker.id, startsAt), noMeta)));

    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(DomainError);
      expect(reason).toMatchObject({ code: "NOT_FREE", message: expect.stringMatching(/no longer free.*Pick another time/) });
    }
    expect(await prisma.tutoringSession.count({ where: { tutorId: tutor.id } })).toBe(1);
    expect(await prisma.participant.count()).toBe(1);
    expect(await prisma.payment.count()).toBe(1);
    const seat = await prisma.participant.findFirstOrThrow({ include: { session: true } });
    expect(seat).toMatchObject({ status: "HELD", priceMinor: 6000, session: { status: "PENDING_PAYMENT", startsAt: startsAt.toJSDate() } });
    expect(seat.holdExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
  });

  it("still answers NOT_FREE (not a pool timeout) when bookings queue behind a busy tutor", async () => {
    const tutor = await bookableTutor();
    const students = await Promise.all(Array.from({ length: 20 }, (_, index) => student(`Student ${index}`)));
    // Another transaction (a webhook, say) holds the tutor's row for a while; more bookings queue than the pool has connections.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const blocker = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT user_id FROM tutor_profiles WHERE user_id = ${tutor.id} FOR UPDATE`;
        locked();
        await held;
      },
      { timeout: 20_000 },
    );
    await isLocked;
    const bookings = Promise.allSettled(students.map((booker) => createBooking(booker, tutor.id, weeklyTime(booker.id, at(3)), noMeta)));
    setTimeout(release, 3_000);
    const results = await bookings;
    await blocker;

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "NOT_FREE" });
    expect(await prisma.participant.count()).toBe(1);
  });

  it("fills a group slot of 5 with exactly 5 of 10 students booking at once", async () => {
    const tutor = await bookableTutor();
    const date = at(4).toISODate()!;
    const { id: slotId } = await createSlot(tutor, { date, start: "23:00", end: "23:59", kind: "GROUP", capacity: 5 }, noMeta);
    const students = await Promise.all(Array.from({ length: 10 }, (_, index) => student(`Student ${index}`)));
    const results = await Promise.allSettled(students.map((booker) => createBooking(booker, tutor.id, slotTime(booker.id, slotId), noMeta)));

    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    expect(lost).toHaveLength(5);
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(DomainError);
      expect(reason).toMatchObject({ code: "SESSION_FULL", message: expect.stringMatching(/^Session full/) });
    }
    const sessions = await prisma.tutoringSession.findMany({ where: { slotId }, include: { participants: true } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ kind: "GROUP", capacity: 5, status: "PENDING_PAYMENT" });
    expect(sessions[0].participants.map((seat) => seat.status)).toEqual(["HELD", "HELD", "HELD", "HELD", "HELD"]);
  });

  it("is refused by the exclusion constraint when an overlapping active session is inserted directly", async () => {
    const tutor = await bookableTutor();
    const startsAt = at(5).toJSDate();
    const endsAt = at(5, 11).toJSDate();
    const overlapFrom = at(5).plus({ minutes: 30 }).toJSDate();
    const overlapTo = at(5).plus({ minutes: 90 }).toJSDate();
    await prisma.tutoringSession.create({ data: { tutorId: tutor.id, startsAt, endsAt, timezone: "UTC", kind: "ONE_TO_ONE", status: "SCHEDULED" } });

    await expect(
      prisma.$executeRaw`INSERT INTO tutoring_sessions (id, tutor_id, starts_at, ends_at, timezone, kind, status, updated_at)
        VALUES ('direct-active', ${tutor.id}, ${overlapFrom}, ${overlapTo}, 'UTC', 'ONE_TO_ONE', 'PENDING_PAYMENT', now())`,
    ).rejects.toThrow(/tutoring_sessions_no_overlap/);
    // A cancelled session no longer holds the time, so it may overlap.
    await prisma.$executeRaw`INSERT INTO tutoring_sessions (id, tutor_id, starts_at, ends_at, timezone, kind, status, updated_at)
        VALUES ('direct-cancelled', ${tutor.id}, ${overlapFrom}, ${overlapTo}, 'UTC', 'ONE_TO_ONE', 'CANCELLED', now())`;
    expect(await prisma.tutoringSession.findMany({ where: { tutorId: tutor.id }, select: { status: true }, orderBy: { startsAt: "asc" } })).toEqual([
      { status: "SCHEDULED" },
      { status: "CANCELLED" },
    ]);
  });

  it("confirms at once, free, with calendar files, when the tutor takes no payment", async () => {
    const tutor = await bookableTutor({ paymentsEnabled: false });
    const booker = await student();
    const checkoutsBefore = fake().sessions.size;
    const result = await createBooking(booker, tutor.id, weeklyTime(booker.id, at(3)), noMeta);

    expect(result).toMatchObject({ status: "CONFIRMED", checkoutUrl: null, checkoutError: null });
    expect(await prisma.payment.count()).toBe(0);
    expect(fake().sessions.size).toBe(checkoutsBefore);
    const seat = await prisma.participant.findUniqueOrThrow({ where: { id: result.participantId }, include: { session: true } });
    expect(seat).toMatchObject({ status: "CONFIRMED", priceMinor: 0, holdExpiresAt: null, session: { status: "SCHEDULED", priceMinor: 0 } });
    expect(seat.confirmedAt).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "booking.confirmed", subjectId: seat.id } })).toBe(1);

    const emails = await prisma.emailMessage.findMany({ orderBy: { template: "asc" } });
    expect(emails.map((email) => [email.template, email.toAddress])).toEqual([
      ["booking-confirmed", booker.email],
      ["booking-new-for-tutor", tutor.email],
    ]);
    for (const email of emails) {
      expect(email.attachments).toEqual([expect.objectContaining({ filename: "session.ics", contentType: expect.stringContaining("text/calendar") })]);
    }
  });
});

describe("booking refusals", () => {
  it("refuses times in the past, inside the notice and beyond the horizon", async () => {
    const tutor = await bookableTutor();
    const booker = await student();
    const now = DateTime.utc();
    const cases: [DateTime, string][] = [
      [now.minus({ days: 1 }).startOf("hour"), "PAST"],
      [now.plus({ minutes: 30 }), "INSIDE_NOTICE"],
      [now.plus({ days: 29 }).startOf("hour"), "BEYOND_HORIZON"],
    ];
    for (const [startsAt, code] of cases) {
      expect(await refusalOf(createBooking(booker, tutor.id, weeklyTime(booker.id, startsAt), noMeta))).toMatchObject({ code });
    }
    expect(await prisma.tutoringSession.count()).toBe(0);
  });

  it("refuses a subject the tutor does not teach", async () => {
    const tutor = await bookableTutor();
    const booker = await student();
    const error = await refusalOf(createBooking(booker, tutor.id, weeklyTime(booker.id, at(3), { subject: "Art" }), noMeta));
    expect(error).toMatchObject({ code: "SUBJECT_NOT_TAUGHT", field: "subject" });
    expect(await prisma.participant.count()).toBe(0);
  });

  it("lets a parent book for their linked child only", async () => {
    const tutor = await bookableTutor();
    const parent = await createUser({ roles: ["PARENT"], name: "Parent" });
    const child = await student("Child");
    const stranger = await student("Someone else's child");
    await prisma.parentLink.create({ data: { parentId: parent.id, studentId: child.id } });

    const error = await refusalOf(createBooking(parent, tutor.id, weeklyTime(stranger.id, at(3)), noMeta));
    expect(error).toMatchObject({ code: "NOT_YOUR_STUDENT" });
    expect(await prisma.participant.count()).toBe(0);

    await prisma.tutorProfile.update({ where: { userId: tutor.id }, data: { paymentsEnabled: false } });
    const result = await createBooking(parent, tutor.id, weeklyTime(child.id, at(3)), noMeta);
    expect(await prisma.participant.findUniqueOrThrow({ where: { id: result.participantId } })).toMatchObject({ studentId: child.id, bookedById: parent.id, status: "CONFIRMED" });
    const emails = await prisma.emailMessage.findMany({ select: { template: true, toAddress: true }, orderBy: { template: "asc" } });
    expect(emails).toEqual([
      { template: "booking-confirmed", toAddress: parent.email },
      { template: "booking-for-you", toAddress: child.email },
      { template: "booking-new-for-tutor", toAddress: tutor.email },
    ]);
  });

  it("refuses a second seat in the same group for the same student", async () => {
    const tutor = await bookableTutor();
    const booker = await student();
    const { id: slotId } = await createSlot(tutor, { date: at(4).toISODate()!, start: "23:00", end: "23:59", kind: "GROUP", capacity: 5 }, noMeta);
    await createBooking(booker, tutor.id, slotTime(booker.id, slotId), noMeta);
    const error = await refusalOf(createBooking(booker, tutor.id, slotTime(booker.id, slotId), noMeta));
    expect(error).toMatchObject({ code: "ALREADY_BOOKED", message: expect.stringMatching(/already booked into this session/) });
    expect(await prisma.participant.count()).toBe(1);
  });

  it("refuses a student who already has a session at that time with another tutor", async () => {
    const first = await bookableTutor({ name: "First" });
    const second = await bookableTutor({ name: "Second" });
    const booker = await student();
    await createBooking(booker, first.id, weeklyTime(booker.id, at(3)), noMeta);
    const error = await refusalOf(createBooking(booker, second.id, weeklyTime(booker.id, at(3).plus({ minutes: 30 })), noMeta));
    expect(error).toMatchObject({ code: "STUDENT_BUSY", message: expect.stringMatching(/You already have a session/) });
    expect(await prisma.tutoringSession.count({ where: { tutorId: second.id } })).toBe(0);
  });

  it("never double-books a student who books two tutors for the same time at once", async () => {
    const tutors = await Promise.all([bookableTutor({ name: "First" }), bookableTutor({ name: "Second" }), bookableTutor({ name: "Third" })]);
    const booker = await student();
    const results = await Promise.allSettled(tutors.map((tutor) => createBooking(booker, tutor.id, weeklyTime(booker.id, at(3)), noMeta)));
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(lost.map(({ reason }) => (reason as DomainError).code)).toEqual(["STUDENT_BUSY", "STUDENT_BUSY"]);
    expect(await prisma.participant.count({ where: { studentId: booker.id } })).toBe(1);
  });
});

describe("seeing bookings", () => {
  it("shows a booking to the tutor, the student and a linked parent, and to nobody else", async () => {
    const tutor = await bookableTutor({ name: "Tess Tutor" });
    const child = await student("Kim Child");
    const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent" });
    const stranger = await createUser({ roles: ["STUDENT", "PARENT"], name: "Stranger" });
    await prisma.parentLink.create({ data: { parentId: parent.id, studentId: child.id } });
    const booked = await createBooking(child, tutor.id, weeklyTime(child.id, at(3)), noMeta);

    const upcoming = { when: "upcoming", page: 0 } as const;
    const asTutor = await listSessions(tutor, { perspective: "tutor", ...upcoming });
    expect(asTutor.rows).toEqual([expect.objectContaining({ sessionId: booked.sessionId, status: "Awaiting payment" })]);
    const asStudent = await listSessions(child, { perspective: "learner", ...upcoming });
    expect(asStudent.rows).toEqual([
      expect.objectContaining({
        key: booked.participantId,
        with: "Tess Tutor",
        status: "Awaiting payment",
        action: { label: "Pay now", href: `/bookings/${booked.participantId}` },
      }),
    ]);
    const asParent = await listSessions(parent, { perspective: "learner", ...upcoming });
    expect(asParent.rows).toEqual([expect.objectContaining({ key: booked.participantId, with: "Tess Tutor · for Kim Child" })]);
    expect((await listSessions(stranger, { perspective: "learner", ...upcoming })).rows).toEqual([]);

    expect(await getBookingView(child, booked.participantId)).toMatchObject({ isBooker: true, status: "HELD", paymentStatus: "PENDING", price: "$60.00" });
    expect(await getBookingView(parent, booked.participantId)).toMatchObject({ isBooker: false, studentName: "Kim Child" });
    expect(await getBookingView(tutor, booked.participantId)).not.toBeNull();
    expect(await getBookingView(stranger, booked.participantId)).toBeNull();
  });
});
