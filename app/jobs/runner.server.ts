import { clock } from "~/services/clock.server";
import { claimJob, ensureJobSchedules, finishJobRun } from "~/services/job-runs.server";
import { JOBS, type JobDefinition } from "./registry.server";

export type JobOutcome = { job: string; status: "succeeded" | "failed" | "not_due"; runId?: string; summary?: unknown; error?: string };

async function runOne(name: string, job: JobDefinition, now: Date): Promise<JobOutcome> {
  const runId = await claimJob(name, now);
  if (!runId) return { job: name, status: "not_due" };
  try {
    const summary = await job.run({ now });
    await finishJobRun(runId, name, { ok: true, summary, intervalSeconds: job.intervalSeconds });
    return { job: name, status: "succeeded", runId, summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishJobRun(runId, name, { ok: false, error: message });
    return { job: name, status: "failed", runId, error: message };
  }
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
