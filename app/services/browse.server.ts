import { Prisma } from "@prisma/client";
import { DateTime } from "luxon";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { generateBookableTimes, type BookableTime } from "~/domain/scheduling/bookable-times";
import type { ExceptionInput, WeeklyWindow } from "~/domain/scheduling/rules";
import { formatPrice, type GradeLevel } from "~/domain/tutors/profile";
import { minutesToTime } from "./availability.server";
import { clock } from "./clock.server";
import { prisma } from "./db.server";

/** Statuses that hold a tutor's time (DESIGN §5): the same set the exclusion constraint covers. */
const ACTIVE_STATUSES = ["PENDING_PAYMENT", "SCHEDULED", "IN_PROGRESS"] as const;

export type TutorCard = {
  id: string;
  name: string;
  headline: string;
  subjects: string[];
  gradeLevels: string[];
  rate: string;
  timezone: string;
};

type Range = { from: Date; to: Date };

/**
 * Everything generation needs for several tutors over a range, in five queries whatever the number of
 * tutors: profiles, weekly windows, exceptions, slots with their taken seats, and busy sessions.
 */
async function loadAvailability(tutorIds: string[], range: Range) {
  if (tutorIds.length === 0) return new Map<string, Parameters<typeof generateBookableTimes>[0]>();
  const padded = { from: new Date(range.from.getTime() - 2 * 86_400_000), to: new Date(range.to.getTime() + 2 * 86_400_000) };
  const [profiles, weekly, exceptions, slots, busy] = await Promise.all([
    prisma.tutorProfile.findMany({ where: { userId: { in: tutorIds } }, select: { userId: true, durations: true, bufferMinutes: true, user: { select: { timezone: true } } } }),
    prisma.weeklyAvailability.findMany({ where: { tutorId: { in: tutorIds } }, select: { tutorId: true, weekday: true, startMinute: true, endMinute: true, timezone: true } }),
    prisma.availabilityException.findMany({
      where: { tutorId: { in: tutorIds }, date: { gte: padded.from, lte: padded.to } },
      select: { tutorId: true, date: true, kind: true, startMinute: true, endMinute: true },
    }),
    prisma.$queryRaw<{ id: string; tutor_id: string; starts_at: Date; ends_at: Date; kind: "ONE_TO_ONE" | "GROUP"; capacity: number; seats_taken: number }[]>`
      SELECT s.id, s.tutor_id, s.starts_at, s.ends_at, s.kind, s.capacity,
             (SELECT count(*)::int FROM tutoring_sessions ts JOIN participants p ON p.session_id = ts.id
               WHERE ts.slot_id = s.id AND ts.status <> 'CANCELLED' AND p.status IN ('HELD', 'CONFIRMED')) AS seats_taken
        FROM slots s
       WHERE s.tutor_id IN (${Prisma.join(tutorIds)}) AND s.starts_at < ${padded.to} AND s.ends_at > ${padded.from}`,
    prisma.tutoringSession.findMany({
      where: { tutorId: { in: tutorIds }, status: { in: [...ACTIVE_STATUSES] }, startsAt: { lt: padded.to }, endsAt: { gt: padded.from } },
      select: { tutorId: true, startsAt: true, endsAt: true },
    }),
  ]);
  const now = clock.now();
  const inputs = new Map<string, Parameters<typeof generateBookableTimes>[0]>();
  for (const profile of profiles) {
    const windows = weekly.filter((row) => row.tutorId === profile.userId);
    const exceptionsByDate = new Map<string, ExceptionInput>();
    for (const row of exceptions.filter((candidate) => candidate.tutorId === profile.userId)) {
      const date = row.date.toISOString().slice(0, 10);
      if (row.kind === "BLOCKED") {
        exceptionsByDate.set(date, { date, kind: "BLOCKED" });
        continue;
      }
      const current = exceptionsByDate.get(date);
      if (current?.kind === "BLOCKED") continue;
      const window = { start: minutesToTime(row.startMinute!), end: row.endMinute === 1440 ? "00:00" : minutesToTime(row.endMinute!) };
      exceptionsByDate.set(date, { date, kind: "HOURS", windows: [...(current?.kind === "HOURS" ? current.windows : []), window] });
    }
    inputs.set(profile.userId, {
      // Weekly hours are wall-clock in the zone they were saved in.
      zone: windows[0]?.timezone ?? profile.user.timezone,
      weekly: windows.map((row) => ({
        weekday: row.weekday as WeeklyWindow["weekday"],
        start: minutesToTime(row.startMinute),
        end: row.endMinute === 1440 ? "00:00" : minutesToTime(row.endMinute),
      })),
      exceptions: [...exceptionsByDate.values()],
      slots: slots
        .filter((slot) => slot.tutor_id === profile.userId)
        .map((slot) => ({ id: slot.id, startsAt: slot.starts_at, endsAt: slot.ends_at, kind: slot.kind, capacity: slot.capacity, seatsTaken: slot.seats_taken })),
      busy: busy.filter((session) => session.tutorId === profile.userId),
      durations: profile.durations,
      bufferMinutes: profile.bufferMinutes,
      policy: SCHEDULING_POLICY_DEFAULTS,
      now,
      range,
    });
  }
  return inputs;
}

export async function bookableTimesFor(tutorId: string, range: Range): Promise<BookableTime[]> {
  const input = (await loadAvailability([tutorId], range)).get(tutorId);
  return input ? generateBookableTimes(input) : [];
}

export type SearchFilter = { subject?: string; gradeLevel?: GradeLevel; maxRateMinor?: number; freeOn?: string; viewerZone: string; page: number };

const PAGE_SIZE = 20;

/**
 * Active tutors matching the filters, by name. "Free on" a date (in the viewer's zone) keeps only
 * tutors with at least one bookable time that day, computed exactly as on their page.
 */
export async function searchTutors(filter: SearchFilter): Promise<{ tutors: TutorCard[]; hasMore: boolean }> {
  const subject = filter.subject?.trim();
  const conditions = [Prisma.sql`tp.active`];
  if (subject) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM unnest(tp.subjects) AS s WHERE s ILIKE ${`%${subject.replace(/[%_\\]/g, "\\$&")}%`})`);
  if (filter.gradeLevel) conditions.push(Prisma.sql`${filter.gradeLevel} = ANY (tp.grade_levels)`);
  if (filter.maxRateMinor !== undefined) conditions.push(Prisma.sql`tp.hourly_rate_minor <= ${filter.maxRateMinor}`);
  const where = Prisma.join(conditions, " AND ");
  const offset = filter.page * PAGE_SIZE;

  type Row = { id: string; name: string; timezone: string; headline: string; subjects: string[]; grade_levels: string[]; hourly_rate_minor: number; currency: string };
  const toCard = (row: Row): TutorCard => ({
    id: row.id,
    name: row.name,
    headline: row.headline,
    subjects: row.subjects,
    gradeLevels: row.grade_levels,
    rate: `${formatPrice(row.hourly_rate_minor, row.currency)} an hour`,
    timezone: row.timezone,
  });
  const select = Prisma.sql`
    SELECT u.id, u.name, u.timezone, tp.headline, tp.subjects, tp.grade_levels, tp.hourly_rate_minor, tp.currency
      FROM tutor_profiles tp JOIN users u ON u.id = tp.user_id
     WHERE ${where}
     ORDER BY u.name, u.id`;

  if (!filter.freeOn) {
    const rows = await prisma.$queryRaw<Row[]>`${select} LIMIT ${PAGE_SIZE + 1} OFFSET ${offset}`;
    return { tutors: rows.slice(0, PAGE_SIZE).map(toCard), hasMore: rows.length > PAGE_SIZE };
  }

  const day = DateTime.fromISO(filter.freeOn, { zone: filter.viewerZone }).startOf("day");
  const range = { from: day.toJSDate(), to: day.plus({ days: 1 }).toJSDate() };
  const found: TutorCard[] = [];
  let skipped = 0;
  // Walk the name-ordered matches in batches until a page (plus one, to know there is more) is free.
  for (let batchOffset = 0; found.length <= PAGE_SIZE; batchOffset += 100) {
    const rows = await prisma.$queryRaw<Row[]>`${select} LIMIT 100 OFFSET ${batchOffset}`;
    if (rows.length === 0) break;
    const inputs = await loadAvailability(rows.map((row) => row.id), range);
    for (const row of rows) {
      const input = inputs.get(row.id);
      if (!input || generateBookableTimes(input).length === 0) continue;
      if (skipped < offset) skipped += 1;
      else found.push(toCard(row));
      if (found.length > PAGE_SIZE) break;
    }
    if (rows.length < 100) break;
  }
  return { tutors: found.slice(0, PAGE_SIZE), hasMore: found.length > PAGE_SIZE };
}

export async function getPublicTutor(tutorId: string) {
  const row = await prisma.tutorProfile.findFirst({
    where: { userId: tutorId, active: true },
    select: {
      headline: true,
      bio: true,
      subjects: true,
      gradeLevels: true,
      hourlyRateMinor: true,
      currency: true,
      durations: true,
      user: { select: { id: true, name: true, timezone: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.user.id,
    name: row.user.name,
    timezone: row.user.timezone,
    headline: row.headline,
    bio: row.bio,
    subjects: row.subjects,
    gradeLevels: row.gradeLevels,
    rate: `${formatPrice(row.hourlyRateMinor, row.currency)} an hour`,
    durations: row.durations,
  };
}
