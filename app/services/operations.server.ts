import { DateTime } from "luxon";
import { listRecentJobRuns } from "./job-runs.server";
import { outboxCounts } from "./outbox.server";
import { countUsersByRole } from "./users.server";

/** The health of the operation at a glance, for coordinator and admin home pages. */
export async function operationsOverview(viewerZone: string) {
  const [users, outbox, runs] = await Promise.all([countUsersByRole(), outboxCounts(), listRecentJobRuns(8)]);
  return {
    users,
    outbox,
    runs: runs.map((run) => ({ ...run, startedAt: DateTime.fromISO(run.startedAt).setZone(viewerZone).toFormat("d LLL, HH:mm") })),
  };
}
