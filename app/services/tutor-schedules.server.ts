import { Prisma } from "@prisma/client";
import type { DateTime } from "luxon";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import type { GenerateBookableTimesInput } from "~/domain/scheduling/bookable-times";
import type { ExceptionInput, WeeklyWindow } from "~/domain/scheduling/rules";
import { horizonEndMs } from "~/domain/scheduling/weeks";
import { DAY_MS, localTimeFromMinutes } from "~/domain/scheduling/local-time";
import { clock } from "./clock.server";
import { prisma, readRows, type Tx } from "./db.server";
import { parseSnapshot, ScheduleCache, type Schedule } from "./schedule-cache.server";
import { ACTIVE_SESSION_STATUSES_SQL } from "./session-core/sql.server";

/*
 * Reading tutors' profiles and schedules (weekly hours, exceptions, dated slots with their seats,
 * sessions and proposed times) in one query, straight from the database for decisions or through
 * this process's schedule cache for the pages people browse (decision 013). The answers are built
 * on it in tutor-availability.server.ts (what a tutor can take) and tutor-search.server.ts (the
 * public search and tutor page).
 */

export type Range = { from: Date; to: Date };

/** The profile columns every availability read returns. */
export type ProfileRow = {
  id: string;
  name: string;
  headline: string;
  bio: string;
  subjects: string[];
  grade_levels: string[];
  hourly_rate_minor: number;
  currency: string;
  durations: number[];
  buffer_minutes: number;
  timezone: string;
  /** Learners' ratings, counted and summed by the database (migration 20261207080000). */
  rating_count: number;
  rating_sum: number;
};

/** The schedule columns (scheduleColumns below). */
type ScheduleRow = {
  /** See decodeWeekly; null without weekly hours. */
  weekly: string | null;
  weekly_zone: string | null;
  exceptions: { date: string; kind: "BLOCKED" | "HOURS"; start: number | null; end: number | null }[];
  slots: { id: string; startsAt: string; endsAt: string; kind: "ONE_TO_ONE" | "GROUP"; capacity: number; seatsTaken: number }[];
  /** See decodeIntervals; null when nothing is busy. */
  busy: string | null;
};

// A search loads about ten weekly windows and ten busy times for each of 25 tutors per request.
// Those two lists come back as plain text ("1 540 720,2 540 720" and "startMs endMs,…"): the
// database builds such text in about half the time it takes to build JSON objects, and Node splits
// it faster than it parses JSON dates. The rarer lists (exceptions, slots) stay JSON.

/** "weekday startMinute endMinute" per weekly window, comma-separated. */
function decodeWeekly(text: string | null): WeeklyWindow[] {
  if (!text) return [];
  return text.split(",").map((window) => {
    const [weekday, start, end] = window.split(" ").map(Number);
    return { weekday: weekday as WeeklyWindow["weekday"], start: localTimeFromMinutes(start), end: localTimeFromMinutes(end) };
  });
}

/** "startMs endMs" (epoch milliseconds) per busy time, comma-separated. */
function decodeIntervals(text: string | null): { startsAt: Date; endsAt: Date }[] {
  if (!text) return [];
  return text.split(",").map((interval) => {
    const space = interval.indexOf(" ");
    return { startsAt: new Date(Number(interval.slice(0, space))), endsAt: new Date(Number(interval.slice(space + 1))) };
  });
}

function decodeSchedule(row: ScheduleRow): Schedule {
  const exceptionsByDate = new Map<string, ExceptionInput>();
  for (const exception of row.exceptions) {
    const date = exception.date.slice(0, 10);
    const current = exceptionsByDate.get(date);
    if (exception.kind === "BLOCKED") exceptionsByDate.set(date, { date, kind: "BLOCKED" });
    else if (current?.kind !== "BLOCKED") {
      const window = { start: localTimeFromMinutes(exception.start!), end: localTimeFromMinutes(exception.end!) };
      exceptionsByDate.set(date, { date, kind: "HOURS", windows: [...(current?.kind === "HOURS" ? current.windows : []), window] });
    }
  }
  return {
    weekly: decodeWeekly(row.weekly),
    weeklyZone: row.weekly_zone,
    exceptions: [...exceptionsByDate.values()],
    slots: row.slots.map((slot) => ({ ...slot, startsAt: new Date(slot.startsAt), endsAt: new Date(slot.endsAt), seatsTaken: Number(slot.seatsTaken) })),
    busy: decodeIntervals(row.busy),
  };
}

/** Epoch milliseconds of a timestamptz, as text, for decodeIntervals. */
const epochMs = (column: string) => Prisma.raw(`(extract(epoch FROM ${column}) * 1000)::bigint`);

/**
 * One page of the active tutors matching `where` (conditions on tutor_profiles tp), in name order.
 * It reads tutor_profiles alone, ordered by its indexed copy of the name (display_name, kept equal
 * to users.name by triggers), so the database can walk the (active, display_name, user_id) index
 * and stop after the page instead of joining and sorting every match. Order by
 * (tp.display_name, tp.user_id) again outside it.
 */
export function searchPage(where: Prisma.Sql, limit: number, offset: number): Prisma.Sql {
  return Prisma.sql`SELECT * FROM tutor_profiles tp WHERE ${where} ORDER BY tp.display_name, tp.user_id LIMIT ${limit} OFFSET ${offset}`;
}

/** The user's name and zone for each row of a page: one index lookup per row shown, whatever plan the page got. */
export const userColumns = Prisma.sql`(SELECT u.name FROM users u WHERE u.id = tp.user_id) AS name, (SELECT u.timezone FROM users u WHERE u.id = tp.user_id) AS timezone`;

const profileColumns = Prisma.sql`tp.user_id AS id, ${userColumns}, tp.headline, tp.bio, tp.subjects, tp.grade_levels, tp.hourly_rate_minor, tp.currency, tp.durations, tp.buffer_minutes, tp.rating_count, tp.rating_sum`;

/**
 * A tutor's (tp) schedule between two instants, with `weeklyJoin` beside it: exceptions by date (in any
 * zone), slots and busy times that overlap. Slots and sessions last at most a day (a check
 * constraint), so a bounded index range finds them.
 */
function scheduleColumns(from: Date, to: Date, ignoreSessionId: string): Prisma.Sql {
  const longest = new Date(from.getTime() - DAY_MS);
  return Prisma.sql`
      weekly.windows AS weekly, weekly.zone AS weekly_zone,
      COALESCE((SELECT json_agg(json_build_object('date', e.date, 'kind', e.kind, 'start', e.start_minute, 'end', e.end_minute) ORDER BY e.date, e.start_minute)
                  FROM availability_exceptions e WHERE e.tutor_id = tp.user_id AND e.date BETWEEN ${from}::date AND ${to}::date), '[]') AS exceptions,
      COALESCE((SELECT json_agg(json_build_object('id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'kind', s.kind, 'capacity', s.capacity,
                  'seatsTaken', (SELECT count(*) FROM tutoring_sessions ts JOIN participants p ON p.session_id = ts.id
                                  WHERE ts.slot_id = s.id AND ts.status <> 'CANCELLED' AND p.status IN ('HELD', 'CONFIRMED'))))
                  FROM slots s WHERE s.tutor_id = tp.user_id AND s.starts_at < ${to} AND s.starts_at > ${longest} AND s.ends_at > ${from}), '[]') AS slots,
      (SELECT string_agg(${epochMs("busy.starts_at")} || ' ' || ${epochMs("busy.ends_at")}, ',') FROM (
                  SELECT ts.starts_at, ts.ends_at
                    FROM tutoring_sessions ts WHERE ts.tutor_id = tp.user_id AND ts.status IN (${ACTIVE_SESSION_STATUSES_SQL})
                     AND ts.starts_at < ${to} AND ts.starts_at > ${longest} AND ts.ends_at > ${from} AND ts.id <> ${ignoreSessionId}
                  UNION ALL
                  -- A time proposed for moving a session is held while the other side decides.
                  SELECT r.proposed_starts_at, r.proposed_ends_at
                    FROM reschedule_requests r JOIN tutoring_sessions moved ON moved.id = r.session_id
                   WHERE r.status = 'PENDING' AND moved.tutor_id = tp.user_id AND r.session_id <> ${ignoreSessionId}
                     AND r.proposed_starts_at < ${to} AND r.proposed_ends_at > ${from}) busy) AS busy`;
}

const weeklyJoin = Prisma.sql`
      LEFT JOIN LATERAL (
        SELECT string_agg(w.weekday || ' ' || w.start_minute || ' ' || w.end_minute, ',') AS windows, min(w.timezone) AS zone
          FROM weekly_availability w WHERE w.tutor_id = tp.user_id) weekly ON true`;

/** Which tutors to load: given ids, or a page of a name-ordered search. */
type TutorSelection = { ids: string[] } | { search: Prisma.Sql; limit: number; offset: number };

type AvailabilityOptions = {
  activeOnly?: boolean;
  db?: Tx;
  now?: DateTime;
  ignoreSessionId?: string;
  /** For the pages people browse: schedules may come from this process's cache (always current, see ScheduleCache). Decisions read the database. */
  cached?: boolean;
};

/** Every tutor's schedule this process has read for the public pages (decision 013). */
const schedules = new ScheduleCache();

/**
 * Daily: the change log keeps a day, twice the longest a cached schedule lives. Aged by the
 * database's own clock, which wrote the rows, whatever the app's clock says.
 */
export async function pruneAvailabilityChanges(): Promise<number> {
  return prisma.$executeRaw`DELETE FROM availability_changes WHERE created_at < now() - interval '1 day'`;
}

// A cached schedule covers from 4 days before its read to 4 days after the horizon then: a request
// needs its range (clipped to now and the horizon) with 2 days either side, plus a day for sessions
// that started before, so an entry serves requests for a day after it was read.
const CACHE_MARGIN_MS = 4 * DAY_MS;

/**
 * Everything generation needs for several tutors over a range, in ONE query whatever the number of
 * tutors: each round trip costs about half a millisecond on the embedded database, so the tutor page
 * and the "free on" search ask once (the search's page of names included), or, with `cached`, read
 * the profiles and the tutors' recent changes once and the schedules only of tutors whose cached one
 * is stale. Rows come back in the search's name order.
 */
export async function loadTutorSchedules(selection: TutorSelection, range: Range, options: AvailabilityOptions = {}) {
  const inputs = new Map<string, GenerateBookableTimesInput & { row: ProfileRow; schedule: Schedule }>();
  if ("ids" in selection && selection.ids.length === 0) return inputs;
  // The search's page is picked first, so the per-tutor subqueries run only for the tutors on it.
  const tutors =
    "ids" in selection
      ? Prisma.sql`SELECT * FROM tutor_profiles tp WHERE tp.user_id IN (${Prisma.join(selection.ids)}) AND (tp.active OR NOT ${options.activeOnly ?? false})`
      : searchPage(selection.search, selection.limit, selection.offset);
  const now = options.now ?? clock.now();
  const toInput = (row: ProfileRow, schedule: Schedule) => ({
    row,
    schedule,
    // Weekly hours are wall-clock in the zone they were saved in.
    zone: schedule.weeklyZone ?? row.timezone,
    weekly: schedule.weekly,
    exceptions: schedule.exceptions,
    slots: schedule.slots,
    busy: schedule.busy,
    durations: row.durations,
    bufferMinutes: row.buffer_minutes,
    policy: SCHEDULING_POLICY_DEFAULTS,
    now,
    range,
  });

  if (!options.cached || options.db || options.ignoreSessionId) {
    // Exceptions are calendar dates in the tutor's zone: two days either side covers every zone.
    const from = new Date(range.from.getTime() - 2 * DAY_MS);
    const to = new Date(range.to.getTime() + 2 * DAY_MS);
    const query = Prisma.sql`
      SELECT ${profileColumns}, ${scheduleColumns(from, to, options.ignoreSessionId ?? "")}
        FROM (${tutors}) tp ${weeklyJoin}
       ORDER BY tp.display_name, tp.user_id`;
    // Inside a transaction (booking), its own connection; otherwise straight from the pool.
    const rows = options.db ? await options.db.$queryRaw<(ProfileRow & ScheduleRow)[]>(query) : await readRows<ProfileRow & ScheduleRow>(query);
    for (const row of rows) inputs.set(row.id, toInput(row, decodeSchedule(row)));
    return inputs;
  }

  const nowMs = now.toMillis();
  const horizonMs = horizonEndMs(now, SCHEDULING_POLICY_DEFAULTS);
  const needFromMs = Math.max(range.from.getTime(), nowMs - DAY_MS) - 2 * DAY_MS;
  const needToMs = Math.min(range.to.getTime(), horizonMs) + 2 * DAY_MS;
  // Only changes some entry might not have seen: below every entry's xmin, all were.
  const since = schedules.oldestXmin(nowMs);
  const changes =
    since === null
      ? Prisma.sql`NULL::text AS changes`
      : Prisma.sql`(SELECT string_agg(c.xid::text, ',') FROM availability_changes c WHERE c.tutor_id = tp.user_id AND c.xid >= ${since.toString()}::bigint) AS changes`;
  const rows = await readRows<ProfileRow & { changes: string | null }>(Prisma.sql`
    SELECT ${profileColumns}, ${changes} FROM (${tutors}) tp ORDER BY tp.display_name, tp.user_id`);
  const known = new Map<string, Schedule>();
  for (const row of rows) {
    const schedule = schedules.get(row.id, row.changes ? row.changes.split(",").map(BigInt) : [], needFromMs, needToMs, nowMs);
    if (schedule) known.set(row.id, schedule);
  }
  const missing = rows.filter((row) => !known.has(row.id)).map((row) => row.id);
  if (missing.length > 0) {
    const cover = { fromMs: nowMs - CACHE_MARGIN_MS, toMs: horizonMs + CACHE_MARGIN_MS };
    // The snapshot this statement reads at: changes committed after it make the entry stale.
    const loaded = await readRows<{ id: string; snapshot: string } & ScheduleRow>(Prisma.sql`
      SELECT tp.user_id AS id, pg_current_snapshot()::text AS snapshot, ${scheduleColumns(new Date(cover.fromMs), new Date(cover.toMs), "")}
        FROM tutor_profiles tp ${weeklyJoin}
       WHERE tp.user_id = ANY (${missing}::text[])`);
    for (const row of loaded) {
      const schedule = decodeSchedule(row);
      schedules.set(row.id, schedule, parseSnapshot(row.snapshot), cover, nowMs);
      known.set(row.id, schedule);
    }
  }
  for (const row of rows) {
    const schedule = known.get(row.id);
    if (schedule) inputs.set(row.id, toInput(row, schedule));
  }
  return inputs;
}
