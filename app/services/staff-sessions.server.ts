import { Prisma } from "@prisma/client";
import { DateTime } from "luxon";
import type { SessionPolicy } from "~/domain/policies/session-policies";
import { DomainError } from "~/domain/shared/errors";
import { CHECK_OUT_CLOSES_AFTER_END_HOURS } from "~/domain/sessions/attendance-windows";
import { staffRowStatus } from "~/domain/sessions/list-labels";
import type { SessionStatus } from "~/domain/sessions/status";
import { hasRole, type Role } from "~/domain/users/roles";
import { clock } from "./clock.server";
import { getSessionPolicy } from "./policies.server";
import { readRows } from "./db.server";
import { ANSWERING_SESSION_STATUSES_SQL, confirmationCountsFromPlus, SEAT_AWAITS_ANSWER_SQL } from "./session-core/sql.server";

/** One session as coordinators and admins see it in the list of all sessions. */
export type StaffSessionRow = {
  sessionId: string;
  startsAt: string;
  endsAt: string;
  kind: "ONE_TO_ONE" | "GROUP";
  title: string;
  tutorName: string;
  /** The seated learners' names (for a cancelled session, the ones it had); empty when nobody holds a seat. */
  learners: string[];
  status: string;
  upcoming: boolean;
  href: string;
};

const PAGE_SIZE = 20;
/** Pages beyond this are refused as input, not read: the list is for finding recent work, not an export. */
export const STAFF_LIST_MAX_PAGE = 500;

type Row = {
  id: string;
  upcoming: boolean;
  starts_at: Date;
  ends_at: Date;
  kind: "ONE_TO_ONE" | "GROUP";
  title: string;
  subject: string;
  status: SessionStatus;
  no_show_party: "tutor" | "student" | null;
  tutor_name: string;
  learners: string[] | null;
};

/**
 * Every session, for staff until the operations console exists: the upcoming ones (not yet ended)
 * soonest first, then the ones that ended, latest first; `PAGE_SIZE` a page. Each half reads at most
 * up to the requested page (a LIMIT on each), so a page costs the same however many sessions there are
 * beyond it.
 */
export async function listAllSessions(
  viewer: { roles: readonly Role[] },
  query: { page: number; flag?: StaffListFlag | null },
): Promise<{ rows: StaffSessionRow[]; hasMore: boolean }> {
  if (!hasRole(viewer.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins see every session.");
  const page = Math.max(0, Math.min(STAFF_LIST_MAX_PAGE, Math.trunc(query.page)));
  const now = clock.nowDate();
  if (query.flag) return listFlagged(query.flag, page, now);
  // A session lasts at most 24 hours (the tutoring_sessions_time_order check), so bounding the start
  // as well lets both halves walk the (starts_at, id) index from now instead of reading every session.
  const dayBefore = new Date(now.getTime() - 24 * 3600_000);
  const offset = page * PAGE_SIZE;
  const reach = offset + PAGE_SIZE + 1;
  const rows = await readRows<Row>(Prisma.sql`
    WITH upcoming AS (
      SELECT s.id, 0 AS part, row_number() OVER (ORDER BY s.starts_at ASC, s.id) AS position
        FROM (SELECT id, starts_at FROM tutoring_sessions
               WHERE starts_at > ${dayBefore} AND ends_at >= ${now} ORDER BY starts_at ASC, id LIMIT ${reach}) s
    ), ended AS (
      SELECT s.id, 1 AS part, row_number() OVER (ORDER BY s.starts_at DESC, s.id DESC) AS position
        FROM (SELECT id, starts_at FROM tutoring_sessions
               WHERE starts_at < ${now} AND ends_at < ${now} ORDER BY starts_at DESC, id DESC LIMIT ${reach}) s
    ), chosen AS (
      SELECT id, part, position FROM (SELECT * FROM upcoming UNION ALL SELECT * FROM ended) both_parts
       ORDER BY part, position
       LIMIT ${PAGE_SIZE + 1} OFFSET ${offset}
    )
    SELECT s.id, chosen.part = 0 AS upcoming, ${ROW_COLUMNS}
      FROM chosen
      JOIN tutoring_sessions s ON s.id = chosen.id
      JOIN users tutor ON tutor.id = s.tutor_id
     ORDER BY chosen.part, chosen.position`);
  return pageOf(rows, now);
}

/** What a row shows beside its id and part: the tutor, the seated learners (for a cancelled session, the ones it had). */
const ROW_COLUMNS = Prisma.sql`s.starts_at, s.ends_at, s.kind, s.title, s.subject, s.status, s.no_show_party, tutor.name AS tutor_name,
           ARRAY(SELECT u.name FROM participants p JOIN users u ON u.id = p.student_id
                  WHERE p.session_id = s.id AND (p.status IN ('HELD', 'CONFIRMED') OR (s.status = 'CANCELLED' AND p.status = 'CANCELLED')) ORDER BY u.name) AS learners`;

function pageOf(rows: Row[], now: Date): { rows: StaffSessionRow[]; hasMore: boolean } {
  const at = DateTime.fromJSDate(now, { zone: "utc" });
  return {
    hasMore: rows.length > PAGE_SIZE,
    rows: rows.slice(0, PAGE_SIZE).map((row) => ({
      sessionId: row.id,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at.toISOString(),
      kind: row.kind,
      title: row.title || row.subject || "Tutoring session",
      tutorName: row.tutor_name,
      learners: row.learners ?? [],
      status: staffRowStatus({ status: row.status, noShowParty: row.no_show_party, endsAt: row.ends_at }, at),
      upcoming: row.upcoming,
      href: `/sessions/${row.id}`,
    })),
  };
}

/** The lists a coordinator's home links to: sessions needing a look. */
export const STAFF_LIST_FLAGS = ["check-out-missing", "confirmation-overdue", "no-show"] as const;
export type StaffListFlag = (typeof STAFF_LIST_FLAGS)[number];

export function staffListFlag(value: string | null): StaffListFlag | null {
  return STAFF_LIST_FLAGS.find((flag) => flag === value) ?? null;
}

/**
 * The sessions a flag lists (alias `s`):
 * - `check-out-missing`: every check-in still without its check-out 24 hours after the end (computed:
 *   IN_PROGRESS and ended before now − 24 h; a session starts before it ends, so the (status, starts_at)
 *   index bounds the scan);
 * - `confirmation-overdue`: waiting for confirmation past the window (counted from the later of the
 *   end and the start of the wait, app/domain/sessions/confirmation.ts) with a seat still silent: the
 *   coordinators' follow-up;
 * - `no-show`: every no-show.
 */
export function flaggedWhere(flag: StaffListFlag, now: Date, policy: Pick<SessionPolicy, "confirmationWindowHours">): Prisma.Sql {
  if (flag === "no-show") return Prisma.sql`s.status = 'NO_SHOW'`;
  if (flag === "confirmation-overdue") {
    return Prisma.sql`s.status IN (${ANSWERING_SESSION_STATUSES_SQL})
      AND ${confirmationCountsFromPlus(policy.confirmationWindowHours)} <= ${now}
      AND EXISTS (SELECT 1 FROM participants p WHERE p.session_id = s.id AND ${SEAT_AWAITS_ANSWER_SQL})`;
  }
  const cutoff = new Date(now.getTime() - CHECK_OUT_CLOSES_AFTER_END_HOURS * 3600_000);
  return Prisma.sql`s.status = 'IN_PROGRESS' AND s.starts_at < ${cutoff} AND s.ends_at <= ${cutoff}`;
}

async function listFlagged(flag: StaffListFlag, page: number, now: Date): Promise<{ rows: StaffSessionRow[]; hasMore: boolean }> {
  const rows = await readRows<Row>(Prisma.sql`
    SELECT s.id, s.ends_at >= ${now} AS upcoming, ${ROW_COLUMNS}
      FROM tutoring_sessions s
      JOIN users tutor ON tutor.id = s.tutor_id
     WHERE ${flaggedWhere(flag, now, await getSessionPolicy())}
     ORDER BY s.starts_at DESC, s.id DESC
     LIMIT ${PAGE_SIZE + 1} OFFSET ${page * PAGE_SIZE}`);
  return pageOf(rows, now);
}
