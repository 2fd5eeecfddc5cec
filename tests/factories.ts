import type { ParticipantStatus, ReassignmentStatus, Role, SessionKind, SessionStatus } from "@prisma/client";
import { DateTime } from "luxon";
import { afterEach, beforeEach, vi } from "vitest";
import { clock } from "../app/services/clock.server";
import { prisma } from "../app/services/db.server";
import { hashPassword } from "../app/services/password.server";

let counter = 0;
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "a long test password";

/** A user with a unique email and the test password (hashed once per file: scrypt is slow on purpose). */
export async function createUser(overrides: { roles?: Role[]; email?: string; name?: string; timezone?: string } = {}) {
  counter += 1;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return prisma.user.create({
    data: {
      email: overrides.email ?? `user${counter}-${Date.now()}@example.test`,
      name: overrides.name ?? `Test User ${counter}`,
      timezone: overrides.timezone ?? "Europe/London",
      roles: overrides.roles ?? ["STUDENT"],
      passwordHash: await cachedHash,
    },
    select: { id: true, email: true, name: true, roles: true, timezone: true },
  });
}

export const noMeta = { ip: "127.0.0.1", userAgent: "vitest" };

/**
 * A fixed "now" for tests whose result could change with the day of the week, a clock change (DST) or
 * a month's end: Monday 3 March 2031, 08:00 UTC (London on GMT, weeks from its change to BST). In the
 * future, so everything the app writes at "now" is already due by the database's real clock.
 */
export const FIXED_NOW = DateTime.fromISO("2031-03-03T08:00:00Z", { zone: "utc" });

let fixedNow: DateTime | undefined;

/** The test's "now": the instant `useFixedClock` fixed for this file's tests, else the wall clock. */
export const testNow = (): DateTime => fixedNow ?? DateTime.utc();

/** `days` from the test's today (see `testNow`) at `hour`:00 UTC. */
export const at = (days: number, hour = 10): DateTime => testNow().plus({ days }).startOf("day").set({ hour });

/** `at(...)` as a JavaScript Date, for rows written directly. */
export const atDate = (days: number, hour = 10): Date => at(days, hour).toJSDate();

/** Moves the app's clock (app/services/clock.server.ts) so that its "now" is `instant`; `useFixedClock` or `withClockAt` restores it. */
export function setClock(instant: DateTime) {
  process.env.CLOCK_OFFSET_SECONDS = String(Math.floor((instant.toMillis() - Date.now()) / 1000));
}

/** Every test of the file runs with the app's clock and `testNow()` at `instant`; each test leaves the clock as it found it, even when it fails. */
export function useFixedClock(instant: DateTime = FIXED_NOW) {
  const previous = process.env.CLOCK_OFFSET_SECONDS;
  beforeEach(() => {
    fixedNow = instant;
    setClock(instant);
  });
  afterEach(() => {
    fixedNow = undefined;
    if (previous === undefined) delete process.env.CLOCK_OFFSET_SECONDS;
    else process.env.CLOCK_OFFSET_SECONDS = previous;
  });
}

/** Runs with the app's clock moved to `instant`. */
export async function withClockAt<T>(instant: DateTime, run: () => Promise<T>): Promise<T> {
  const previous = process.env.CLOCK_OFFSET_SECONDS;
  setClock(instant);
  try {
    return await run();
  } finally {
    if (previous === undefined) delete process.env.CLOCK_OFFSET_SECONDS;
    else process.env.CLOCK_OFFSET_SECONDS = previous;
  }
}

/**
 * Runs with the app's clock stopped at exactly `instant`, to the millisecond. `withClockAt` moves the
 * clock by whole seconds and keeps it running, so it can land up to a second early: use this one for
 * tests at a window's first or last instant.
 */
export async function withClockFrozenAt<T>(instant: DateTime, run: () => Promise<T>): Promise<T> {
  const frozen = vi.spyOn(clock, "now").mockImplementation(() => instant);
  try {
    return await run();
  } finally {
    frozen.mockRestore();
  }
}

/** A student in UTC. */
export const createStudent = (name?: string) => createUser({ roles: ["STUDENT"], name, timezone: "UTC" });

/**
 * A tutor teaching 60-minute Maths (rows written directly, no audit): free all day every day in UTC
 * unless `weeklyHours: false`, free of charge (seats confirm at once) unless `paid`.
 */
export async function createTutor(options: { name?: string; hourlyRateMinor?: number; paid?: boolean; weeklyHours?: boolean } = {}) {
  const user = await createUser({ roles: ["TUTOR"], timezone: "UTC", name: options.name });
  await prisma.tutorProfile.create({
    data: {
      userId: user.id,
      subjects: ["Maths"],
      gradeLevels: ["HIGH"],
      hourlyRateMinor: options.hourlyRateMinor ?? 4000,
      currency: "GBP",
      durations: [60],
      paymentsEnabled: options.paid ?? false,
    },
  });
  if (options.weeklyHours !== false)
    await prisma.weeklyAvailability.createMany({ data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ tutorId: user.id, weekday, startMinute: 0, endMinute: 1440, timezone: "UTC" })) });
  return user;
}

/** A booked, confirmed one-to-one hour of Maths at `startsAt` (rows written directly: booking has its own tests). */
export async function createBookedSession(tutorId: string, booker: { id: string }, startsAt: Date, counts: { studentReschedules?: number; tutorReschedules?: number } = {}) {
  return prisma.tutoringSession.create({
    data: {
      tutorId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      timezone: "UTC",
      kind: "ONE_TO_ONE",
      status: "SCHEDULED",
      subject: "Maths",
      ...counts,
      participants: { create: { studentId: booker.id, bookedById: booker.id, status: "CONFIRMED", confirmedAt: testNow().toJSDate() } },
    },
    select: { id: true, startsAt: true, endsAt: true },
  });
}

export type SeatSpec = { studentId: string; bookedById?: string; status: ParticipantStatus; payment?: "PENDING" | "PROCESSING" | "PAID" };

/** A one-hour Maths session `hours` from the test's now (negative: in the past) with the given seats at £40, written directly: for tests that read. */
export async function createSessionWithSeats(
  tutorId: string,
  hours: number,
  seats: SeatSpec[],
  options: { kind?: SessionKind; capacity?: number; status?: SessionStatus; reassignmentStatus?: ReassignmentStatus; title?: string } = {},
) {
  const startsAt = testNow().plus({ hours }).startOf("minute");
  const session = await prisma.tutoringSession.create({
    data: {
      tutorId,
      startsAt: startsAt.toJSDate(),
      endsAt: startsAt.plus({ hours: 1 }).toJSDate(),
      timezone: "UTC",
      kind: options.kind ?? "ONE_TO_ONE",
      capacity: options.capacity ?? 1,
      status: options.status ?? "SCHEDULED",
      reassignmentStatus: options.reassignmentStatus,
      subject: "Maths",
      title: options.title ?? "",
    },
  });
  const participantIds: string[] = [];
  for (const seat of seats) {
    const participant = await prisma.participant.create({
      data: { sessionId: session.id, studentId: seat.studentId, bookedById: seat.bookedById ?? seat.studentId, status: seat.status, priceMinor: 4000, currency: "GBP" },
    });
    if (seat.payment)
      await prisma.payment.create({ data: { participantId: participant.id, payerId: participant.bookedById, amountMinor: 4000, currency: "GBP", status: seat.payment } });
    participantIds.push(participant.id);
  }
  return { sessionId: session.id, participantIds };
}
