import { DateTime } from "luxon";
import type { Role } from "~/domain/users/roles";
import { prisma } from "./db.server";

type OverviewRow = {
  users: Partial<Record<Role, number>> | null;
  outbox: Partial<Record<"PENDING" | "SENT" | "FAILED", number>> | null;
  runs: { id: string; job_name: string; status: string; started_at: string; error: string | null }[] | null;
};

/** The health of the operation at a glance, for coordinator and admin home pages, in one query. */
export async function operationsOverview(viewerZone: string) {
  const [row] = await prisma.$queryRaw<OverviewRow[]>`
    SELECT
      (SELECT json_object_agg(role, n) FROM (SELECT unnest(roles) AS role, count(*) AS n FROM users GROUP BY 1) AS r) AS users,
      (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM email_messages GROUP BY 1) AS e) AS outbox,
      (SELECT json_agg(j) FROM (SELECT id, job_name, status, started_at, error FROM job_runs ORDER BY started_at DESC LIMIT 8) AS j) AS runs`;
  const users = { STUDENT: 0, PARENT: 0, TUTOR: 0, COORDINATOR: 0, ADMIN: 0, ...row.users };
  const outbox = { PENDING: 0, SENT: 0, FAILED: 0, ...row.outbox };
  return {
    users,
    outbox,
    runs: (row.runs ?? []).map((run) => ({
      id: run.id,
      job: run.job_name,
      status: run.status,
      startedAt: DateTime.fromISO(run.started_at).setZone(viewerZone).toFormat("d LLL, HH:mm"),
      error: run.error,
    })),
  };
}
