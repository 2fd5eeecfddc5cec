import { Prisma } from "@prisma/client";
import type { DateTime } from "luxon";
import { CANCEL_SIDES } from "~/domain/analytics/definitions";
import { recentMonths } from "~/domain/pay/periods";
import { formatPrice } from "~/domain/tutors/profile";
import { readRows } from "./db.server";

/*
 * A tutor's and a learner's own numbers (issue 17), one statement each over their index ranges
 * (sessions by tutor and start; seats by student). What counts:
 * - a session is one that was booked: a hold that ended unpaid never was (PENDING_PAYMENT, or
 *   cancelled because the payment never came or the booker let it go);
 * - hours are the completed sessions' recorded time when the tutor recorded it, else their booked length;
 * - upcoming: booked and not yet started.
 */

const UNPAID_CAUSES = [...CANCEL_SIDES.find((side) => side.value === "unpaid")!.causes];
const BOOKED = Prisma.sql`s.status <> 'PENDING_PAYMENT' AND NOT (s.status = 'CANCELLED' AND s.cancel_cause = ANY(${UNPAID_CAUSES}::text[]))`;
const MINUTES = Prisma.sql`extract(epoch FROM CASE WHEN s.actual_started_at IS NOT NULL AND s.actual_ended_at IS NOT NULL
                                                    THEN s.actual_ended_at - s.actual_started_at ELSE s.ends_at - s.starts_at END) / 60`;

export type Stat = { key: string; label: string; value: string };

const whole = (value: number) => new Intl.NumberFormat("en").format(value);
const hours = (minutes: number) => `${new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(minutes / 60)} h`;
function money(byCurrency: Record<string, number> | null): string {
  const entries = Object.entries(byCurrency ?? {}).filter(([, amount]) => Number(amount) !== 0);
  return entries.length === 0 ? "–" : entries.map(([currency, amount]) => formatPrice(Number(amount), currency)).join(" · ");
}

/** The tutor's home and each tutor's staff page: their sessions, hours, earnings this month and last, ratings and students. */
export async function tutorStats(tutor: { id: string; timezone: string }, now: DateTime): Promise<Stat[]> {
  const [thisMonth, lastMonth] = recentMonths(now, tutor.timezone, 2);
  type Row = {
    total: number;
    completed: number;
    scheduled: number;
    cancelled: number;
    no_shows: number;
    upcoming: number;
    minutes: number | null;
    students: number;
    rating_count: number;
    rating_sum: number;
    this_month: Record<string, number> | null;
    last_month: Record<string, number> | null;
  };
  const [row] = await readRows<Row>(Prisma.sql`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE s.status = 'COMPLETED')::int AS completed,
           count(*) FILTER (WHERE s.status = 'SCHEDULED')::int AS scheduled,
           count(*) FILTER (WHERE s.status = 'CANCELLED')::int AS cancelled,
           count(*) FILTER (WHERE s.status = 'NO_SHOW')::int AS no_shows,
           count(*) FILTER (WHERE s.status = 'SCHEDULED' AND s.starts_at > ${now.toJSDate()})::int AS upcoming,
           round(sum(${MINUTES}) FILTER (WHERE s.status = 'COMPLETED'))::int AS minutes,
           (SELECT count(DISTINCT p.student_id)::int FROM participants p JOIN tutoring_sessions s ON s.id = p.session_id
             WHERE s.tutor_id = ${tutor.id} AND p.status = 'CONFIRMED' AND s.status <> 'CANCELLED') AS students,
           (SELECT rating_count FROM tutor_profiles WHERE user_id = ${tutor.id}) AS rating_count,
           (SELECT rating_sum FROM tutor_profiles WHERE user_id = ${tutor.id}) AS rating_sum,
           (SELECT json_object_agg(currency, total) FROM (SELECT currency, sum(amount_minor) AS total FROM tutor_earnings
             WHERE tutor_id = ${tutor.id} AND earned_at >= ${thisMonth!.from} AND earned_at < ${thisMonth!.to} GROUP BY currency) m) AS this_month,
           (SELECT json_object_agg(currency, total) FROM (SELECT currency, sum(amount_minor) AS total FROM tutor_earnings
             WHERE tutor_id = ${tutor.id} AND earned_at >= ${lastMonth!.from} AND earned_at < ${lastMonth!.to} GROUP BY currency) m) AS last_month
      FROM tutoring_sessions s
     WHERE s.tutor_id = ${tutor.id} AND ${BOOKED}`);
  const stats = row!;
  const ratingCount = Number(stats.rating_count ?? 0);
  return [
    { key: "total", label: "Sessions", value: whole(stats.total) },
    { key: "completed", label: "Completed", value: whole(stats.completed) },
    { key: "scheduled", label: "Scheduled", value: whole(stats.scheduled) },
    { key: "upcoming", label: "Upcoming", value: whole(stats.upcoming) },
    { key: "cancelled", label: "Cancelled", value: whole(stats.cancelled) },
    { key: "noShows", label: "No-shows", value: whole(stats.no_shows) },
    { key: "hours", label: "Hours taught", value: hours(stats.minutes ?? 0) },
    { key: "students", label: "Students", value: whole(stats.students) },
    { key: "rating", label: "Average rating", value: ratingCount === 0 ? "–" : `${(Number(stats.rating_sum) / ratingCount).toFixed(2)} of 5 (${whole(ratingCount)})` },
    { key: "earnedThisMonth", label: `Earned in ${thisMonth!.label}`, value: money(stats.this_month) },
    { key: "earnedLastMonth", label: `Earned in ${lastMonth!.label}`, value: money(stats.last_month) },
  ];
}

/** A learner's numbers (the student's home; a parent's, for each child): their seats, hours, money and tutors. */
export async function learnerStats(studentId: string, now: DateTime): Promise<Stat[]> {
  type Row = {
    completed: number;
    upcoming: number;
    minutes: number | null;
    spent: Record<string, number> | null;
    refunded: Record<string, number> | null;
    tutors: string[] | null;
  };
  const [row] = await readRows<Row>(Prisma.sql`
    WITH seats AS (
      SELECT p.id, p.status AS seat_status, s.status, s.starts_at, s.ends_at, s.actual_started_at, s.actual_ended_at, s.tutor_id, s.cancel_cause
        FROM participants p JOIN tutoring_sessions s ON s.id = p.session_id
       WHERE p.student_id = ${studentId}
    )
    SELECT count(*) FILTER (WHERE s.status = 'COMPLETED' AND s.seat_status = 'CONFIRMED')::int AS completed,
           count(*) FILTER (WHERE s.status = 'SCHEDULED' AND s.seat_status = 'CONFIRMED' AND s.starts_at > ${now.toJSDate()})::int AS upcoming,
           round(sum(${MINUTES}) FILTER (WHERE s.status = 'COMPLETED' AND s.seat_status = 'CONFIRMED'))::int AS minutes,
           (SELECT json_object_agg(currency, total) FROM (SELECT pay.currency, sum(pay.amount_minor) AS total
              FROM seats JOIN payments pay ON pay.participant_id = seats.id WHERE pay.status = 'PAID' GROUP BY pay.currency) m) AS spent,
           (SELECT json_object_agg(currency, total) FROM (SELECT r.currency, sum(r.amount_minor) AS total
              FROM seats JOIN payments pay ON pay.participant_id = seats.id JOIN refunds r ON r.payment_id = pay.id WHERE r.status = 'PROCESSED' GROUP BY r.currency) m) AS refunded,
           (SELECT array_agg(name ORDER BY name) FROM (SELECT DISTINCT u.name FROM seats JOIN users u ON u.id = seats.tutor_id
              WHERE seats.status = 'COMPLETED' AND seats.seat_status = 'CONFIRMED') t) AS tutors
      FROM seats s`);
  const stats = row!;
  return [
    { key: "completed", label: "Sessions completed", value: whole(stats.completed) },
    { key: "upcoming", label: "Upcoming", value: whole(stats.upcoming) },
    { key: "hours", label: "Hours", value: hours(stats.minutes ?? 0) },
    { key: "spent", label: "Paid", value: money(stats.spent) },
    { key: "refunded", label: "Refunded", value: money(stats.refunded) },
    { key: "tutors", label: "Tutors seen", value: stats.tutors?.length ? stats.tutors.join(", ") : "–" },
  ];
}
