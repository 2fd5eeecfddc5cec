import { DateTime } from "luxon";
import type { Role } from "~/domain/users/roles";
import { clock } from "./clock.server";
import { prisma } from "./db.server";
import { getSessionPolicy } from "./policies.server";
import { OPEN_MISMATCH_SQL } from "./mismatch-flags.server";
import { flaggedWhere } from "./staff-sessions.server";

type OverviewRow = {
  users: Partial<Record<Role, number>> | null;
  outbox: Partial<Record<"PENDING" | "SENT" | "FAILED", number>> | null;
  runs: { id: string; job_name: string; status: string; started_at: string; error: string | null }[] | null;
  check_out_missing: number;
  confirmation_overdue: number;
  tutor_no_shows: number;
  open_disputes: number;
  open_mismatches: number;
};

/** How far back the home's count of tutor no-shows looks. */
const NO_SHOW_DAYS = 7;

/** The health of the operation at a glance, for coordinator and admin home pages, in one query. */
export async function operationsOverview(viewerZone: string) {
  const now = clock.nowDate();
  const noShowsSince = new Date(now.getTime() - NO_SHOW_DAYS * 24 * 3600_000);
  const policy = await getSessionPolicy();
  const [row] = await prisma.$queryRaw<OverviewRow[]>`
    SELECT
      (SELECT json_object_agg(role, n) FROM (SELECT unnest(roles) AS role, count(*) AS n FROM users GROUP BY 1) AS r) AS users,
      (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM email_messages GROUP BY 1) AS e) AS outbox,
      (SELECT json_agg(j) FROM (SELECT id, job_name, status, started_at, error FROM job_runs ORDER BY started_at DESC LIMIT 8) AS j) AS runs,
      (SELECT count(*)::int FROM tutoring_sessions s WHERE ${flaggedWhere("check-out-missing", now, policy)}) AS check_out_missing,
      (SELECT count(*)::int FROM tutoring_sessions s WHERE ${flaggedWhere("confirmation-overdue", now, policy)}) AS confirmation_overdue,
      (SELECT count(*)::int FROM tutoring_sessions s WHERE ${flaggedWhere("no-show", now, policy)} AND s.no_show_party = 'tutor' AND s.starts_at >= ${noShowsSince}) AS tutor_no_shows,
      (SELECT count(*)::int FROM session_disputes WHERE status = 'open') AS open_disputes,
      (SELECT count(*)::int FROM tutoring_sessions s WHERE ${OPEN_MISMATCH_SQL}) AS open_mismatches`;
  const users = { STUDENT: 0, PARENT: 0, TUTOR: 0, COORDINATOR: 0, ADMIN: 0, ...row.users };
  const outbox = { PENDING: 0, SENT: 0, FAILED: 0, ...row.outbox };
  return {
    users,
    outbox,
    sessions: {
      checkOutMissing: row.check_out_missing,
      confirmationOverdue: row.confirmation_overdue,
      confirmationWindowHours: policy.confirmationWindowHours,
      tutorNoShows: row.tutor_no_shows,
      openDisputes: row.open_disputes,
      openMismatches: row.open_mismatches,
      noShowDays: NO_SHOW_DAYS,
    },
    runs: (row.runs ?? []).map((run) => ({
      id: run.id,
      job: run.job_name,
      status: run.status,
      startedAt: DateTime.fromISO(run.started_at).setZone(viewerZone).toFormat("d LLL, HH:mm"),
      error: run.error,
    })),
  };
}
