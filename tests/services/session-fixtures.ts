/**
 * What the tests of changes to booked sessions share: the local fake Stripe for the whole file, a tutor
 * with daily hours, a booking paid through the real webhook path, the clock moved, and refusals.
 */
import { DateTime } from "luxon";
import type Stripe from "stripe";
import { afterAll, beforeAll, expect } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { DomainError } from "../../app/domain/shared/errors";
import { saveWeeklySchedule } from "../../app/services/availability.server";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { prisma } from "../../app/services/db.server";
import { handleStripeEvent } from "../../app/services/payments.server";
import { saveTutorProfile } from "../../app/services/tutors.server";
import { startFakeStripe, type FakeStripe } from "../../dev/fake-stripe";
import { checkIn, checkOut } from "../../app/services/attendance.server";
import { createSessionWithSeats, createStudent, createTutor, createUser, noMeta, withClockAt, withClockFrozenAt } from "../factories";

// Moved to tests/factories.ts; still exported here for the tests that import them from this file.
export { at, withClockAt } from "../factories";

/** Starts the fake Stripe before the file's tests and points the app at it; the getter reads it in a test. */
export function useFakeStripe(): () => FakeStripe {
  let fake: FakeStripe | undefined;
  beforeAll(async () => {
    fake = await startFakeStripe({ port: 0, webhookSecret: "whsec_test" });
    process.env.STRIPE_SECRET_KEY = "sk_test_x";
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_test";
    process.env.STRIPE_API_BASE = fake.url;
  });
  afterAll(async () => {
    await fake?.close();
  });
  return () => fake!;
}

type TutorOptions = {
  subjects?: string[];
  start?: string;
  end?: string;
  hourlyRate?: number;
  currency?: Parameters<typeof saveTutorProfile>[1]["currency"];
  durations?: number[];
  active?: boolean;
  paymentsEnabled?: boolean;
};

/** A UTC tutor teaching `subjects` every day between `start` and `end`: by default 60-minute sessions at £40 an hour. */
export async function tutorWithHours(name: string, options: TutorOptions = {}) {
  const user = await createUser({ roles: ["TUTOR"], timezone: "UTC", name });
  await saveTutorProfile(
    user,
    {
      headline: "",
      bio: "",
      subjects: options.subjects ?? ["Maths"],
      gradeLevels: ["HIGH"],
      hourlyRate: options.hourlyRate ?? 4000,
      currency: options.currency ?? "GBP",
      durations: options.durations ?? [60],
      bufferMinutes: 0,
      timezone: "UTC",
    },
    noMeta,
  );
  await saveWeeklySchedule(
    user,
    ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, start: options.start ?? "06:00", end: options.end ?? "22:00" })),
    noMeta,
  );
  if (options.active === false || options.paymentsEnabled === false) {
    await prisma.tutorProfile.update({ where: { userId: user.id }, data: { active: options.active ?? true, paymentsEnabled: options.paymentsEnabled ?? true } });
  }
  return user;
}

/** A 60-minute Maths time from the tutor's weekly hours. */
export function weeklyTime(studentId: string, startsAt: DateTime, overrides: Partial<BookingDetails> = {}): BookingDetails {
  return { start: startsAt.toISO()!, duration: 60, student: studentId, subject: "Maths", meetingType: "VIDEO", title: "", description: "", ...overrides };
}

/** Books, pays at the fake and handles the webhook: a CONFIRMED seat with a PAID payment Stripe can refund. */
export async function paidBooking(fake: FakeStripe, booker: Booker, tutorId: string, details: BookingDetails) {
  const result = await createBooking(booker, tutorId, details, noMeta);
  expect(result).toMatchObject({ status: "HELD", checkoutError: null });
  const pending = await prisma.payment.findFirstOrThrow({ where: { participantId: result.participantId, status: "PENDING" } });
  const event = await fake.completeSession(pending.checkoutSessionId!, { deliver: false });
  expect(await handleStripeEvent(event as unknown as Stripe.Event)).toBe("confirmed");
  const payment = await prisma.payment.findUniqueOrThrow({ where: { id: pending.id } });
  expect(payment).toMatchObject({ status: "PAID", paymentIntentId: expect.any(String) });
  return { participantId: result.participantId, sessionId: result.sessionId, paymentId: payment.id, amountMinor: payment.amountMinor, paymentIntentId: payment.paymentIntentId! };
}

/** Runs with the app's clock moved so that "now" is `hours` hours before `startsAt`. */
export function hoursBefore<T>(startsAt: DateTime, hours: number, run: () => Promise<T>): Promise<T> {
  return withClockAt(startsAt.minus({ seconds: Math.round(hours * 3600) }), run);
}

/** Resolves to the DomainError a call was refused with (fails the test on success or any other error). */
export async function refusalOf(call: Promise<unknown>): Promise<DomainError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

export const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
/** Five minutes after the end of `checkedOutSession`'s 10:00–11:00 UTC session (on the fixed clock's day). */
export const AFTER_END = utc("2031-03-03T11:05:00Z");

/**
 * A paid session (payments recorded, not through Stripe) with one seat per learner, each booked by a parent in New York, checked in at 09:45
 * and (unless `checkOutAt` is null) checked out then.
 */
export async function checkedOutSession(learnerNames: string[], checkOutAt: DateTime | null = AFTER_END) {
  const tutor = { ...(await createTutor({ name: "Tutor Tess" })), timezone: "UTC" };
  const parents: Awaited<ReturnType<typeof createUser>>[] = [];
  const learners: Awaited<ReturnType<typeof createStudent>>[] = [];
  for (const name of learnerNames) {
    learners.push(await createStudent(name));
    parents.push({ ...(await createUser({ roles: ["PARENT"], name: `Parent of ${name}`, timezone: "America/New_York" })) });
  }
  const group = learners.length > 1;
  const { sessionId, participantIds } = await createSessionWithSeats(
    tutor.id,
    2,
    learners.map((learner, index) => ({ studentId: learner.id, bookedById: parents[index].id, status: "CONFIRMED" as const, payment: "PAID" as const })),
    { kind: group ? "GROUP" : "ONE_TO_ONE", capacity: learners.length, title: "Algebra" },
  );
  await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => checkIn(tutor, sessionId, noMeta));
  if (checkOutAt) await withClockFrozenAt(checkOutAt, () => checkOut(tutor, sessionId, {}, noMeta));
  return { tutor, learners, parents, sessionId, seatIds: participantIds };
}
