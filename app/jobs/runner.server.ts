import { clock } from "~/services/clock.server";
import { claimJob, ensureJobSchedules, finishJobRun } from "~/services/job-runs.server";
import { JOBS, type JobDefinition } from "./registry.server";

export type JobOutcome = { job: string; status: "succeeded" | "failed" | "not_due"; runId?: string; summary?: unknown; error?: string };

async function runOne(name: string, job: JobDefinition, now: Date, outOfTurn?: { tutorId?: string }): Promise<JobOutcome> {
  const runId = await claimJob(name, now, { dueOrNot: Boolean(outOfTurn) });
  if (!runId) return { job: name, status: "not_due" };
  const keepSchedule = { keepSchedule: Boolean(outOfTurn) };
  try {
    const summary = await job.run({ now, tutorId: outOfTurn?.tutorId });
    await finishJobRun(runId, name, { ok: true, summary, intervalSeconds: job.intervalSeconds }, keepSchedule);
    return { job: name, status: "succeeded", runId, summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishJobRun(runId, name, { ok: false, error: message }, keepSchedule);
    return { job: name, status: "failed", runId, error: message };
  }
}

/**
 * Runs the named jobs now, due or not, and leaves their schedules as they were (an operator's "run it
 * now"; the end-to-end tests' instance with its clock days ahead, which must not push the real
 * instance's schedule days on). With `tutorId`, only jobs that can (`byTutor`) and only that tutor's
 * sessions. A job already running elsewhere is reported "not_due". Unknown names are the caller's to refuse.
 */
export async function runJobsNow(names: readonly string[], options: { tutorId?: string; now?: Date } = {}): Promise<JobOutcome[]> {
  const now = options.now ?? clock.nowDate();
  const jobs = names.map((name) => [name, JOBS[name]] as const);
  await ensureJobSchedules(Object.fromEntries(jobs.map(([name, job]) => [name, job.intervalSeconds])), now);
  const outcomes: JobOutcome[] = [];
  for (const [name, job] of jobs) outcomes.push(await runOne(name, job, now, { tutorId: options.tutorId }));
  return outcomes;
}

/** Runs every due job once. Safe to call from several places at the same moment. */
export async function runDueJobs(options: { now?: Date; jobs?: Record<string, JobDefinition> } = {}): Promise<JobOutcome[]> {
  const jobs = options.jobs ?? JOBS;
  const now = options.now ?? clock.nowDate();
  await ensureJobSchedules(Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job.intervalSeconds])), now);
  const outcomes: JobOutcome[] = [];
  for (const [name, job] of Object.entries(jobs)) outcomes.push(await runOne(name, job, now));
  return outcomes;
}
