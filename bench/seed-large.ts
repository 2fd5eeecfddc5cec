/**
 * The benchmark dataset (DESIGN §11): 500 tutors with profiles, weekly hours and a few group slots,
 * 2,000 students, and 200,000 sessions (past ones completed, future ones scheduled, never
 * overlapping), each with a participant. Set-based SQL, so it takes seconds, not minutes.
 *   tsx bench/seed-large.ts   (on DATABASE_URL, or the embedded database in EMBEDDED_DATA_DIR)
 */
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../db/launch";

export const BENCH_TUTORS = 500;
export const BENCH_STUDENTS = 2000;
export const SESSIONS_PER_TUTOR = 400;
/** Tutor 1's id, for the tutor-page benchmark. */
export const BENCH_TUTOR_ID = "bench-tutor-1";

const ZONES = ["America/New_York", "Europe/London", "Asia/Kathmandu", "Australia/Sydney", "America/Los_Angeles"];

export async function seedLargeDataset(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT count(*)::int AS n FROM users WHERE id LIKE 'bench-tutor-%'");
    if (rows[0].n > 0) return;
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO users (id, email, name, timezone, roles, updated_at)
       SELECT 'bench-tutor-' || n, 'bench.tutor' || n || '@tutordesk.test', 'Bench Tutor ' || lpad(n::text, 3, '0'),
              ($1::text[])[1 + n % 5], ARRAY['TUTOR']::"Role"[], now()
         FROM generate_series(1, $2::int) AS n`,
      [ZONES, BENCH_TUTORS],
    );
    await client.query(
      `INSERT INTO tutor_profiles (user_id, headline, subjects, grade_levels, hourly_rate_minor, currency, durations, buffer_minutes, updated_at)
       SELECT 'bench-tutor-' || n, 'Experienced tutor ' || n,
              CASE n % 4 WHEN 0 THEN ARRAY['Maths', 'Physics'] WHEN 1 THEN ARRAY['English', 'History']
                         WHEN 2 THEN ARRAY['Computer science', 'Maths'] ELSE ARRAY['Chemistry', 'Biology'] END,
              CASE n % 3 WHEN 0 THEN ARRAY['HIGH'] WHEN 1 THEN ARRAY['MIDDLE', 'HIGH'] ELSE ARRAY['UNIVERSITY', 'ADULT'] END,
              2000 + (n % 60) * 100, 'USD', ARRAY[30, 60, 90], 10, now()
         FROM generate_series(1, $1::int) AS n`,
      [BENCH_TUTORS],
    );
    await client.query(
      `INSERT INTO weekly_availability (id, tutor_id, weekday, start_minute, end_minute, timezone)
       SELECT 'bench-w-' || n || '-' || d || '-' || w, 'bench-tutor-' || n, d,
              CASE w WHEN 1 THEN 540 ELSE 900 END, CASE w WHEN 1 THEN 720 ELSE 1140 END, ($1::text[])[1 + n % 5]
         FROM generate_series(1, $2::int) AS n, generate_series(1, 5) AS d, generate_series(1, 2) AS w`,
      [ZONES, BENCH_TUTORS],
    );
    await client.query(
      `INSERT INTO users (id, email, name, timezone, roles, updated_at)
       SELECT 'bench-student-' || n, 'bench.student' || n || '@tutordesk.test', 'Bench Student ' || n, 'Europe/London', ARRAY['STUDENT']::"Role"[], now()
         FROM generate_series(1, $1::int) AS n`,
      [BENCH_STUDENTS],
    );
    // Per tutor: 350 completed sessions, one a day going back, and 50 scheduled ones over the next
    // 25 days at 13:00 and 16:00 UTC, so a tutor's active sessions never overlap (the exclusion
    // constraint). Every tutor's k-th session is at the same time, so the k-th sessions' students are
    // distinct (tutor + 7k, modulo the student count): no learner has two at once either.
    await client.query(
      `INSERT INTO tutoring_sessions (id, tutor_id, starts_at, ends_at, timezone, kind, status, title, subject, updated_at)
       SELECT 'bench-s-' || t || '-' || k, 'bench-tutor-' || t,
              CASE WHEN k <= 350 THEN date_trunc('day', now()) - make_interval(days => k) + interval '10 hours'
                   ELSE date_trunc('day', now()) + make_interval(days => 1 + (k - 351) / 2) + CASE WHEN k % 2 = 0 THEN interval '13 hours' ELSE interval '16 hours' END END,
              CASE WHEN k <= 350 THEN date_trunc('day', now()) - make_interval(days => k) + interval '11 hours'
                   ELSE date_trunc('day', now()) + make_interval(days => 1 + (k - 351) / 2) + CASE WHEN k % 2 = 0 THEN interval '14 hours' ELSE interval '17 hours' END END,
              'UTC', 'ONE_TO_ONE', CASE WHEN k <= 350 THEN 'COMPLETED'::"SessionStatus" ELSE 'SCHEDULED'::"SessionStatus" END,
              'Lesson ' || k, 'Maths', now()
         FROM generate_series(1, $1::int) AS t, generate_series(1, $2::int) AS k`,
      [BENCH_TUTORS, SESSIONS_PER_TUTOR],
    );
    await client.query(
      `INSERT INTO participants (id, session_id, student_id, booked_by_id, status)
       SELECT 'bench-p-' || s.id, s.id, student, student, 'CONFIRMED'
         FROM tutoring_sessions s,
              LATERAL (SELECT split_part(s.id, '-', 3)::int AS t, split_part(s.id, '-', 4)::int AS k) parts,
              LATERAL (SELECT 'bench-student-' || (1 + (parts.t - 1 + parts.k * 7) % $1::int) AS student) picked
        WHERE s.id LIKE 'bench-s-%'`,
      [BENCH_STUDENTS],
    );
    await client.query(
      `INSERT INTO slots (id, tutor_id, starts_at, ends_at, timezone, kind, capacity, updated_at)
       SELECT 'bench-slot-' || n || '-' || k, 'bench-tutor-' || n,
              date_trunc('day', now()) + make_interval(days => 7 * k - 1) + interval '20 hours',
              date_trunc('day', now()) + make_interval(days => 7 * k - 1) + interval '21 hours 30 minutes',
              'UTC', 'GROUP', 8, now()
         FROM generate_series(1, $1::int) AS n, generate_series(1, 3) AS k`,
      [BENCH_TUTORS],
    );
    await client.query("COMMIT");
    await client.query("ANALYZE");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const database = await openDatabase({ dataDir: process.env.EMBEDDED_DATA_DIR ?? path.resolve("data/pglite") });
  try {
    const started = Date.now();
    await seedLargeDataset(database.url);
    console.error(`Benchmark dataset ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await database.stop();
  }
}
