import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { runDueJobs } from "~/jobs/runner.server";
import { isAuthorisedJobCaller } from "~/services/job-runs.server";

/**
 * POST /jobs/run with `Authorization: Bearer $JOBS_SECRET`, from cron or a scheduler, every minute.
 * Runs every due job once, however many callers arrive at the same moment.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Use POST." }, { status: 405 });
  if (!isAuthorisedJobCaller(request.headers.get("authorization")))
    return json({ error: "Missing or wrong bearer token." }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  const outcomes = await runDueJobs();
  const failed = outcomes.some((outcome) => outcome.status === "failed");
  return json({ outcomes }, { status: failed ? 500 : 200 });
}

export async function loader() {
  return json({ error: "Use POST with a bearer token." }, { status: 405, headers: { Allow: "POST" } });
}
