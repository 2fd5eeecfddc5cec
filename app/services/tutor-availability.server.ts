import type { DateTime } from "luxon";
import { generateBookableTimes, isIntervalFree, type BookableTime } from "~/domain/scheduling/bookable-times";
import type { Tx } from "./db.server";
import { loadTutorSchedules, type Range } from "./tutor-schedules.server";

/*
 * What a tutor can take: the decisions booking, rescheduling and replacement make, read from the
 * database (inside the caller's transaction when one is passed), never from the browsing cache.
 */

/** A tutor's bookable times in `range`. Pass the booking transaction (and its `now`) to decide inside it. */
export async function bookableTimesFor(tutorId: string, range: Range, options: { db?: Tx; now?: DateTime; ignoreSessionId?: string } = {}): Promise<BookableTime[]> {
  const input = (await loadTutorSchedules({ ids: [tutorId] }, range, options)).get(tutorId);
  return input ? generateBookableTimes(input) : [];
}

/**
 * Which of these tutors (active ones, in the order given) could take exactly this interval: inside their
 * hours, clear of their sessions, slots and buffers. Pass the transaction (and its `now`) to decide inside it.
 */
export async function tutorsFreeFor(
  tutorIds: string[],
  interval: { startsAt: Date; endsAt: Date },
  options: { db?: Tx; now?: DateTime; ignoreSessionId?: string } = {},
): Promise<string[]> {
  const inputs = await loadTutorSchedules({ ids: tutorIds }, { from: interval.startsAt, to: interval.endsAt }, { ...options, activeOnly: true });
  return tutorIds.filter((id) => {
    const input = inputs.get(id);
    return input ? isIntervalFree(input, interval) : false;
  });
}

/** A tutor's free starts for a session that keeps its length (`minutes`), from their weekly hours, in `range`. */
export async function freeTimesOfLength(tutorId: string, range: Range, minutes: number, options: { ignoreSessionId?: string } = {}): Promise<BookableTime[]> {
  const input = (await loadTutorSchedules({ ids: [tutorId] }, range, { ...options, activeOnly: true })).get(tutorId);
  if (!input) return [];
  return generateBookableTimes({ ...input, durations: [minutes] }).filter((time) => time.source === "weekly");
}
