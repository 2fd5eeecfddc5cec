import { Prisma } from "@prisma/client";
import { CANCEL_SIDES, HELD_STATUSES, LEAD_TIME_BINS, bucketUnit, type DashboardRange } from "~/domain/analytics/definitions";
import { dashboardView, type DashboardNumbers, type DashboardView } from "~/domain/analytics/dashboard-view";
import { DomainError } from "~/domain/shared/errors";
import { hasRole, type Role } from "~/domain/users/roles";
import { clock } from "./clock.server";
import { prisma, readRows } from "./db.server";
import { parseSnapshot, sawTransaction, type Snapshot } from "./schedule-cache.server";

/*
 * The admin dashboard's numbers (issue 17): one SQL statement computes every figure and chart series
 * for a range, in one snapshot, over the sessions' (starts_at) index; nothing is loaded into Node but
 * the totals. The definitions are app/domain/analytics/definitions.ts. The result is cached per
 * range, zone and day, and used only while its snapshot saw every change logged in analytics_changes
 * since (decision 033): a figure is never older than the database.
 */

type Row = {
  snapshot: string;
  sessions: DashboardNumbers["sessions"];
  cancelled_by: Record<string, number>;
  revenue: Record<string, number> | null;
  refunds: Record<string, number> | null;
  rating: { average: number | null; count: number };
  now: DashboardNumbers["now"];
  by_bucket: DashboardNumbers["byBucket"] | null;
  money_by_week: DashboardNumbers["moneyByWeek"] | null;
  lead_times: DashboardNumbers["leadTimes"] | null;
  busy_hours: DashboardNumbers["busyHours"] | null;
};

const statuses = (list: readonly string[]) => Prisma.sql`ARRAY[${Prisma.join(list)}]::"SessionStatus"[]`;

/** The cancelled sessions of each side, one FILTER each, from the one list of causes. */
const CANCELLED_BY = Prisma.sql`json_build_object(${Prisma.join(
  [
    ...CANCEL_SIDES.map((side) => Prisma.sql`${side.value}::text, count(*) FILTER (WHERE r.status = 'CANCELLED' AND r.cancel_cause = ANY(${[...side.causes]}::text[]))`),
    Prisma.sql`'other', count(*) FILTER (WHERE r.status = 'CANCELLED' AND (r.cancel_cause IS NULL OR NOT r.cancel_cause = ANY(${CANCEL_SIDES.flatMap((side) => side.causes)}::text[])))`,
  ],
  ", ",
)})`;

/** The lead-time bins as a CASE, from the one list (hours before the start, the last bin for a cancel after it). */
const LEAD_TIME_CASE = Prisma.sql`CASE ${Prisma.join(
  LEAD_TIME_BINS.filter((bin) => Number.isFinite(bin.minHours)).map(
    (bin) => Prisma.sql`WHEN r.starts_at - r.cancelled_at >= make_interval(hours => ${bin.minHours}::int) THEN ${bin.label}::text`,
  ),
  " ",
)} ELSE ${LEAD_TIME_BINS.at(-1)!.label}::text END`;

function dashboardQuery(range: DashboardRange, today: { from: Date; before: Date }): Prisma.Sql {
  const zone = range.zone;
  const unit = bucketUnit(range.days);
  // Unpaid holds that ended were never booked: they are cancellations of a kind, but not of a session anyone planned around.
  const unpaidCauses = [...CANCEL_SIDES.find((side) => side.value === "unpaid")!.causes];
  return Prisma.sql`
    WITH r AS MATERIALIZED (
      SELECT s.id, s.status, s.starts_at, s.cancel_cause, s.cancelled_at, s.currency, (s.starts_at AT TIME ZONE ${zone}) AS local_start
        FROM tutoring_sessions s
       WHERE s.starts_at >= ${range.startsFrom} AND s.starts_at < ${range.startsBefore}
    ),
    completed_seats AS (
      SELECT r.currency, date_trunc('week', r.local_start) AS week, p.price_minor
        FROM r JOIN participants p ON p.session_id = r.id AND p.status = 'CONFIRMED'
       WHERE r.status = 'COMPLETED'
    ),
    processed_refunds AS (
      SELECT rf.currency, date_trunc('week', r.local_start) AS week, rf.amount_minor
        FROM r JOIN participants p ON p.session_id = r.id JOIN payments pay ON pay.participant_id = p.id JOIN refunds rf ON rf.payment_id = pay.id
       WHERE rf.status = 'PROCESSED'
    )
    SELECT pg_current_snapshot()::text AS snapshot,
      (SELECT json_build_object(
          'total', count(*),
          'completed', count(*) FILTER (WHERE r.status = 'COMPLETED'),
          'cancelled', count(*) FILTER (WHERE r.status = 'CANCELLED'),
          'noShows', count(*) FILTER (WHERE r.status = 'NO_SHOW'),
          'held', count(*) FILTER (WHERE r.status = ANY(${statuses(HELD_STATUSES)})))
         FROM r) AS sessions,
      (SELECT ${CANCELLED_BY} FROM r) AS cancelled_by,
      (SELECT json_object_agg(currency, total) FROM (SELECT currency, sum(price_minor) AS total FROM completed_seats GROUP BY currency) m) AS revenue,
      (SELECT json_object_agg(currency, total) FROM (SELECT currency, sum(amount_minor) AS total FROM processed_refunds GROUP BY currency) m) AS refunds,
      (SELECT json_build_object('average', round(avg(sr.stars), 2), 'count', count(*))
         FROM session_ratings sr JOIN r ON r.id = sr.session_id) AS rating,
      json_build_object(
        'today', (SELECT count(*) FROM tutoring_sessions s
                   WHERE s.starts_at >= ${today.from} AND s.starts_at < ${today.before} AND s.status <> ALL(${statuses(["CANCELLED", "PENDING_PAYMENT"])})),
        'pendingReschedules', (SELECT count(DISTINCT rr.session_id) FROM reschedule_requests rr WHERE rr.status = 'PENDING'),
        'openDisputes', (SELECT count(DISTINCT d.session_id) FROM session_disputes d WHERE d.status = 'open')) AS now,
      (SELECT json_agg(json_build_object('bucket', bucket, 'status', status, 'count', n) ORDER BY bucket, status)
         FROM (SELECT to_char(date_trunc(${unit}, r.local_start), 'YYYY-MM-DD') AS bucket, r.status, count(*) AS n FROM r GROUP BY 1, 2) b) AS by_bucket,
      (SELECT json_agg(json_build_object('week', to_char(week, 'YYYY-MM-DD'), 'currency', currency, 'revenue', revenue, 'refunds', refunds) ORDER BY week, currency)
         FROM (SELECT week, currency, sum(revenue) AS revenue, sum(refunds) AS refunds
                 FROM (SELECT week, currency, price_minor AS revenue, 0 AS refunds FROM completed_seats
                       UNION ALL SELECT week, currency, 0, amount_minor FROM processed_refunds) m
                GROUP BY week, currency) w) AS money_by_week,
      (SELECT json_agg(json_build_object('bin', bin, 'count', n))
         FROM (SELECT ${LEAD_TIME_CASE} AS bin, count(*) AS n FROM r
                WHERE r.status = 'CANCELLED' AND r.cancelled_at IS NOT NULL AND NOT coalesce(r.cancel_cause = ANY(${unpaidCauses}::text[]), false)
                GROUP BY 1) l) AS lead_times,
      (SELECT json_agg(json_build_object('day', day, 'hour', hour, 'count', n))
         FROM (SELECT extract(isodow FROM r.local_start)::int AS day, extract(hour FROM r.local_start)::int AS hour, count(*) AS n
                 FROM r WHERE r.status <> ALL(${statuses(["CANCELLED", "PENDING_PAYMENT"])}) GROUP BY 1, 2) h) AS busy_hours`;
}

function numbersOf(row: Row): DashboardNumbers {
  const counts = (value: Record<string, number>) => Object.fromEntries(Object.entries(value).map(([key, count]) => [key, Number(count)]));
  return {
    sessions: counts(row.sessions) as DashboardNumbers["sessions"],
    cancelledBy: counts(row.cancelled_by) as DashboardNumbers["cancelledBy"],
    revenueMinor: counts(row.revenue ?? {}),
    refundsMinor: counts(row.refunds ?? {}),
    rating: { average: row.rating.average === null ? null : Number(row.rating.average), count: Number(row.rating.count) },
    now: counts(row.now) as DashboardNumbers["now"],
    byBucket: (row.by_bucket ?? []).map((entry) => ({ ...entry, count: Number(entry.count) })),
    moneyByWeek: (row.money_by_week ?? []).map((entry) => ({ ...entry, revenue: Number(entry.revenue), refunds: Number(entry.refunds) })),
    leadTimes: (row.lead_times ?? []).map((entry) => ({ ...entry, count: Number(entry.count) })),
    busyHours: (row.busy_hours ?? []).map((entry) => ({ ...entry, count: Number(entry.count) })),
  };
}

type Entry = { numbers: DashboardNumbers; snapshot: Snapshot; loadedAtMs: number };

/**
 * The dashboard's results by range, zone and day, each with the snapshot it was computed at. An entry
 * serves a request while every change logged since its snapshot's xmin was visible to that snapshot;
 * the first change it missed drops it (and every entry computed before that change). Entries live
 * for at most an hour, well under the day after which changes are pruned.
 */
class DashboardCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly maxEntries = 200,
    private readonly maxAgeMs = 3600_000,
  ) {}

  oldestXmin(): bigint | null {
    let oldest: bigint | null = null;
    for (const entry of this.entries.values()) if (oldest === null || entry.snapshot.xmin < oldest) oldest = entry.snapshot.xmin;
    return oldest;
  }

  get(key: string, changes: readonly bigint[], nowMs: number): DashboardNumbers | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (nowMs - entry.loadedAtMs > this.maxAgeMs || !changes.every((xid) => sawTransaction(entry.snapshot, xid))) {
      this.entries.delete(key);
      return null;
    }
    return entry.numbers;
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }

  clear(): void {
    this.entries.clear();
  }
}

const cache = new DashboardCache();

/** Tests that write rows without the triggers' help (none today) or change the clock's day call this. */
export function forgetDashboardCache(): void {
  cache.clear();
}

/** The transactions of the changes logged from `since` on, visible to this statement. */
async function changesSince(since: bigint | null): Promise<bigint[]> {
  if (since === null) return [];
  const rows = await readRows<{ xids: string | null }>(Prisma.sql`SELECT string_agg(xid::text, ',') AS xids FROM analytics_changes WHERE xid >= ${since.toString()}::bigint`);
  return rows[0]?.xids ? rows[0].xids.split(",").map(BigInt) : [];
}

/** Every figure and chart series of the dashboard for `range` (admins only). */
export async function getDashboardNumbers(viewer: { roles: readonly Role[] }, range: DashboardRange): Promise<DashboardNumbers> {
  if (!hasRole(viewer.roles, "ADMIN")) throw new DomainError("FORBIDDEN", "Only admins see the dashboard.");
  const now = clock.now().setZone(range.zone);
  const todayStart = now.startOf("day");
  const key = `${range.from}|${range.to}|${range.zone}|${todayStart.toISODate()}`;
  const nowMs = Date.now();
  const cached = cache.get(key, await changesSince(cache.oldestXmin()), nowMs);
  if (cached) return cached;
  const [row] = await readRows<Row>(dashboardQuery(range, { from: todayStart.toJSDate(), before: todayStart.plus({ days: 1 }).startOf("day").toJSDate() }));
  const numbers = numbersOf(row!);
  cache.set(key, { numbers, snapshot: parseSnapshot(row!.snapshot), loadedAtMs: nowMs });
  return numbers;
}

/** The dashboard page: its figures with their meanings and links, and its charts (admins only). */
export async function getDashboard(viewer: { roles: readonly Role[] }, range: DashboardRange): Promise<DashboardView> {
  const numbers = await getDashboardNumbers(viewer, range);
  return dashboardView(numbers, range, clock.now().setZone(range.zone).toISODate()!);
}

/** Deletes logged changes older than a day (the cache's entries live an hour). The daily job calls it. */
export async function pruneAnalyticsChanges(): Promise<number> {
  return prisma.$executeRaw`DELETE FROM analytics_changes WHERE created_at < now() - interval '1 day'`;
}
