import { Prisma } from "@prisma/client";
import { DateTime } from "luxon";
import { generateBookableTimes, hasBookableTime, rangeIsSettled, type GenerateBookableTimesInput } from "~/domain/scheduling/bookable-times";
import { averageRating } from "~/domain/sessions/confirmation";
import { formatPrice, type GradeLevel } from "~/domain/tutors/profile";
import { readRows } from "./db.server";
import type { Schedule } from "./schedule-cache.server";
import { loadTutorSchedules, searchPage, userColumns, type ProfileRow, type Range } from "./tutor-schedules.server";

/*
 * The public pages people browse: the tutor search (with "free on a day") and a tutor's page with
 * their open times. Schedules come from the cache (decision 013), always current.
 */

export type TutorCard = {
  id: string;
  name: string;
  headline: string;
  subjects: string[];
  gradeLevels: string[];
  rate: string;
  timezone: string;
  /** The average of learners' ratings to one decimal and how many, or null before the first. */
  rating: { average: string; count: number } | null;
};

/** A tutor's public page: the profile and the bookable times in `range`, from one query. Null when not taking bookings. */
export async function getTutorPage(tutorId: string, range: Range) {
  const input = (await loadTutorSchedules({ ids: [tutorId] }, range, { activeOnly: true, cached: true })).get(tutorId);
  if (!input) return null;
  const { row } = input;
  return {
    tutor: {
      id: row.id,
      name: row.name,
      timezone: row.timezone,
      headline: row.headline,
      bio: row.bio,
      subjects: row.subjects,
      gradeLevels: row.grade_levels,
      rate: `${formatPrice(row.hourly_rate_minor, row.currency)} an hour`,
      rating: averageRating({ ratingCount: row.rating_count, ratingSum: row.rating_sum }),
    },
    times: generateBookableTimes(input),
  };
}

/**
 * "Free on a day" answers per schedule object, so per cached schedule: a settled day's answer

 */
const freeAnswers = new WeakMap<Schedule, Map<string, boolean>>();

function isFreeInRange(input: GenerateBookableTimesInput & { schedule: Schedule }): boolean {
  const range = input.range!;
  if (!rangeIsSettled(range, input.now, input.policy)) return hasBookableTime(input);
  let answers = freeAnswers.get(input.schedule);
  if (!answers) freeAnswers.set(input.schedule, (answers = new Map()));
  const key = `${range.from.getTime()} ${range.to.getTime()} ${input.zone} ${input.durations.join(",")} ${input.bufferMinutes}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = hasBookableTime(input);
    // Bounded: a schedule is asked about the days of the next four weeks, in a few zones.
    if (answers.size >= 500) answers.clear();
    answers.set(key, answer);
  }
  return answer;
}

/**
 * `maxRate` is a highest hourly price in one currency: it keeps only tutors who charge in that currency,
 * at most that much. Prices in different currencies are never compared (there is no rate table), so
 * "$50" does not include a tutor at £45.
 */
export type SearchFilter = { subject?: string; gradeLevel?: GradeLevel; maxRate?: { minor: number; currency: string }; freeOn?: string; viewerZone: string; page: number };

const PAGE_SIZE = 20;

/**
 * Active tutors matching the filters, by name. "Free on" a date (in the viewer's zone) keeps only
 * tutors with at least one bookable time that day, computed exactly as on their page.
 */
export async function searchTutors(filter: SearchFilter): Promise<{ tutors: TutorCard[]; hasMore: boolean }> {
  const subject = filter.subject?.trim();
  const conditions = [Prisma.sql`tp.active`];
  // One string per tutor (joined with an unprintable separator) is several times cheaper to match than unnesting.
  if (subject) conditions.push(Prisma.sql`array_to_string(tp.subjects, chr(31)) ILIKE ${`%${subject.replace(/[%_\\]/g, "\\$&")}%`}`);
  if (filter.gradeLevel) conditions.push(Prisma.sql`${filter.gradeLevel} = ANY (tp.grade_levels)`);
  if (filter.maxRate) conditions.push(Prisma.sql`tp.currency = ${filter.maxRate.currency} AND tp.hourly_rate_minor <= ${filter.maxRate.minor}`);
  const where = Prisma.join(conditions, " AND ");
  const offset = filter.page * PAGE_SIZE;

  type Row = Pick<ProfileRow, "id" | "name" | "timezone" | "headline" | "subjects" | "grade_levels" | "hourly_rate_minor" | "currency" | "rating_count" | "rating_sum">;
  const toCard = (row: Row): TutorCard => ({
    id: row.id,
    name: row.name,
    headline: row.headline,
    subjects: row.subjects,
    gradeLevels: row.grade_levels,
    rate: `${formatPrice(row.hourly_rate_minor, row.currency)} an hour`,
    timezone: row.timezone,
    rating: averageRating({ ratingCount: row.rating_count, ratingSum: row.rating_sum }),
  });
  if (!filter.freeOn) {
    const rows = await readRows<Row>(Prisma.sql`
      SELECT tp.user_id AS id, ${userColumns}, tp.headline, tp.subjects, tp.grade_levels, tp.hourly_rate_minor, tp.currency, tp.rating_count, tp.rating_sum
        FROM (${searchPage(where, PAGE_SIZE + 1, offset)}) tp
       ORDER BY tp.display_name, tp.user_id`);
    return { tutors: rows.slice(0, PAGE_SIZE).map(toCard), hasMore: rows.length > PAGE_SIZE };
  }

  const day = DateTime.fromISO(filter.freeOn, { zone: filter.viewerZone }).startOf("day");
  const range = { from: day.toJSDate(), to: day.plus({ days: 1 }).toJSDate() };
  const found: TutorCard[] = [];
  let skipped = 0;
  // Walk the name-ordered matches in growing batches, one query each, until a page (plus one, to
  // know there is more) is free: most tutors are free on most days, so the first small batch
  // usually suffices. One free time is enough to show a tutor, so their times are not all listed.
  for (let batchOffset = 0, batchSize = offset + PAGE_SIZE + 5; found.length <= PAGE_SIZE; batchOffset += batchSize, batchSize = Math.min(batchSize * 2, 200)) {
    const inputs = await loadTutorSchedules({ search: where, limit: batchSize, offset: batchOffset }, range, { cached: true });
    for (const input of inputs.values()) {
      if (!isFreeInRange(input)) continue;
      if (skipped < offset) skipped += 1;
      else found.push(toCard(input.row));
      if (found.length > PAGE_SIZE) break;
    }
    if (inputs.size < batchSize) break;
  }
  return { tutors: found.slice(0, PAGE_SIZE), hasMore: found.length > PAGE_SIZE };
}
