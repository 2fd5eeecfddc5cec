import { Prisma } from "@prisma/client";
import type { SessionPolicy } from "~/domain/policies/session-policies";
import { CHECK_OUT_CLOSES_AFTER_END_HOURS } from "~/domain/sessions/attendance-windows";
import { ANSWERING_SESSION_STATUSES_SQL, confirmationCountsFromPlus, SEAT_AWAITS_ANSWER_SQL } from "./session-core/sql.server";

/** The lists a coordinator's home links to: sessions needing a look. */
export const STAFF_LIST_FLAGS = ["check-out-missing", "confirmation-overdue", "no-show"] as const;
export type StaffListFlag = (typeof STAFF_LIST_FLAGS)[number];

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
