import { createHash, timingSafeEqual } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { clock } from "./clock.server";
import { prisma } from "./db.server";
import { env } from "./env.server";

/** A run that crashed without finishing frees its job after this long. */
const LEASE_SECONDS = 10 * 60;

/** Registers new jobs (due at once) and keeps intervals in step with the code. */
export async function ensureJobSchedules(intervals: Record<string, number>, now: Date): Promise<void> {
  const names = Object.keys(intervals);
  await prisma.$executeRaw`
    INSERT INTO job_schedules (name, interval_seconds, next_run_at)
    SELECT name, seconds, ${now}::timestamptz FROM unnest(${names}::text[], ${names.map((name) => intervals[name])}::int[]) AS t(name, seconds)
    ON CONFLICT (name) DO UPDATE SET interval_seconds = EXCLUDED.interval_seconds`;
}

/**
 * Claims a job if it is due and nobody holds it, and opens its run record. One atomic UPDATE, so of
 * two callers at the same moment (two app instances, the in-process timer and the cron route)
 * exactly one gets it. Returns the run id, or null when the job is not due or already running.
 */
export async function claimJob(name: string, now: Date, options: { dueOrNot?: boolean } = {}): Promise<string | null> {
  const claimed = await prisma.$executeRaw`
    UPDATE job_schedules SET locked_until = ${new Date(now.getTime() + LEASE_SECONDS * 1000)}
     WHERE name = ${name} AND (${options.dueOrNot ?? false}::boolean OR next_run_at <= ${now}) AND (locked_until IS NULL OR locked_until <= ${now})`;
  if (claimed !== 1) return null;
  const run = await prisma.jobRun.create({ data: { jobName: name, startedAt: now }, select: { id: true } });
  return run.id;
}

export async function finishJobRun(
  runId: string,
  name: string,
  outcome: { ok: true; summary: Prisma.InputJsonValue; intervalSeconds: number } | { ok: false; error: string },
  options: { keepSchedule?: boolean } = {},
): Promise<void> {
  const finishedAt = clock.nowDate();
  await prisma.$transaction([
    prisma.jobRun.update({
      where: { id: runId },
      data: outcome.ok ? { status: "SUCCEEDED", finishedAt, summary: outcome.summary } : { status: "FAILED", finishedAt, error: outcome.error.slice(0, 2000) },
    }),
    prisma.jobSchedule.update({
      where: { name },
      // A failed job is due again on the next call rather than after a full interval.
      // A run asked for out of turn (runJobsNow) leaves the schedule as it was.
      data: options.keepSchedule
        ? { lockedUntil: null }
        : { lockedUntil: null, nextRunAt: outcome.ok ? new Date(finishedAt.getTime() + outcome.intervalSeconds * 1000) : finishedAt },
    }),
  ]);
}

function digest(value: string) {
  return createHash("sha256").update(value).digest();
}

/**
 * True when an `Authorization: Bearer …` header carries JOBS_SECRET. Comparing digests keeps the
 * time the same whatever the length or content of the guess.
 */
export function isAuthorisedJobCaller(authorization: string | null): boolean {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : "";
  return timingSafeEqual(digest(token), digest(env.jobsSecret)) && token.length > 0;
}
