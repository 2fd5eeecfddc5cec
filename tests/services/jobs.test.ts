import { describe, expect, it } from "vitest";
import { runDueJobs } from "../../app/jobs/runner.server";
import type { JobDefinition } from "../../app/jobs/registry.server";
import { prisma } from "../../app/services/db.server";

function countingJob(options: { delayMs?: number; fail?: boolean } = {}) {
  const calls: Date[] = [];
  const job: JobDefinition = {
    intervalSeconds: 60,
    async run({ now }) {
      calls.push(now);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.fail) throw new Error("job exploded");
      return { ok: true };
    },
  };
  return { job, calls };
}

describe("runDueJobs", () => {
  it("runs a due job, records the run, and waits for its interval before running it again", async () => {
    const { job, calls } = countingJob();
    const now = new Date();
    const [first] = await runDueJobs({ jobs: { counter: job }, now });
    expect(first).toMatchObject({ job: "counter", status: "succeeded", summary: { ok: true } });
    expect(await runDueJobs({ jobs: { counter: job }, now: new Date(now.getTime() + 30_000) })).toMatchObject([{ status: "not_due" }]);
    expect(await runDueJobs({ jobs: { counter: job }, now: new Date(Date.now() + 61_000) })).toMatchObject([{ status: "succeeded" }]);
    expect(calls).toHaveLength(2);
    expect(await prisma.jobRun.count({ where: { jobName: "counter", status: "SUCCEEDED" } })).toBe(2);
  });

  it("runs each due job once when called several times at the same moment", async () => {
    const { job, calls } = countingJob({ delayMs: 50 });
    const now = new Date();
    const outcomes = (await Promise.all(Array.from({ length: 5 }, () => runDueJobs({ jobs: { counter: job }, now })))).flat();
    expect(outcomes.filter((outcome) => outcome.status === "succeeded")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === "not_due")).toHaveLength(4);
    expect(calls).toHaveLength(1);
    expect(await prisma.jobRun.count()).toBe(1);
  });

  it("records a failure and makes the job due again at once", async () => {
    const { job } = countingJob({ fail: true });
    const [outcome] = await runDueJobs({ jobs: { exploding: job } });
    expect(outcome).toMatchObject({ status: "failed", error: "job exploded" });
    expect(await prisma.jobRun.findFirstOrThrow({ where: { jobName: "exploding" } })).toMatchObject({ status: "FAILED", error: "job exploded" });
    expect(await runDueJobs({ jobs: { exploding: job }, now: new Date(Date.now() + 1000) })).toMatchObject([{ status: "failed" }]);
  });

  it("runs the real jobs: the outbox, holds, refunds, reminders and the cleaning", async () => {
    const outcomes = await runDueJobs();
    expect(outcomes.map((outcome) => [outcome.job, outcome.status])).toEqual([
      ["deliver-emails", "succeeded"],
      ["expire-holds", "succeeded"],
      ["process-refunds", "succeeded"],
      ["expire-reschedule-requests", "succeeded"],
      ["close-unanswered-replacements", "succeeded"],
      ["mark-no-shows", "succeeded"],
      ["send-session-reminders", "succeeded"],
      ["follow-up-hours-confirmations", "succeeded"],
      ["clean-past-slots", "succeeded"],
      ["prune-availability-changes", "succeeded"],
      ["prune-analytics-changes", "succeeded"],
      ["clean-login-sessions", "succeeded"],
    ]);
  });
});
