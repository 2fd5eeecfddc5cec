import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { JOBS } from "~/jobs/registry.server";
import { runDueJobs, runJobsNow } from "~/jobs/runner.server";
import { isAuthorisedJobCaller } from "~/services/job-runs.server";

/**
 * POST /jobs/run with `Authorization: Bearer $JOBS_SECRET`, from cron or a scheduler, every minute.
 * Runs every due job once, however many callers arrive at the same moment. With `?job=name` (repeatable)
 * it runs those jobs now, due or not, without moving their schedules; `&tutor=ID` limits a job that
 * acts on sessions to that tutor's.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Use POST." }, { status: 405 });
  if (!isAuthorisedJobCaller(request.headers.get("authorization")))
    return json({ error: "Missing or wrong bearer token." }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  // `?job=a&job=b` runs just those, now (runJobsNow); `&tutor=ID` limits them to one tutor's sessions.
  const url = new URL(request.url);
  const names = url.searchParams.getAll("job");
  const tutorId = url.searchParams.get("tutor") ?? undefined;
  const unknown = names.filter((name) => !Object.hasOwn(JOBS, name));
  if (unknown.length > 0) return json({ error: `No such job: ${unknown.join(", ")}.` }, { status: 400 });
  if (tutorId !== undefined && (names.length === 0 || names.some((name) => !JOBS[name].byTutor)))
    return json({ error: "Only jobs that act on sessions (mark-no-shows) run for one tutor: name them with job=." }, { status: 400 });
  const outcomes = names.length > 0 ? await runJobsNow(names, { tutorId }) : await runDueJobs();
  const failed = outcomes.some((outcome) => outcome.status === "failed");
  return json({ outcomes }, { status: failed ? 500 : 200 });
}

export async function loader() {
  return json({ error: "Use POST with a bearer token." }, { status: 405, headers: { Allow: "POST" } });
}
