import { Prisma } from "@prisma/client";
import { ACTIVE_SEAT_STATUSES } from "~/domain/sessions/seat-status";
import { ACTIVE_SESSION_STATUSES, type SessionStatus } from "~/domain/sessions/status";

/**
 * The domain's lists of statuses that occupy time, as SQL literals (`'PENDING_PAYMENT', 'SCHEDULED', …`)
 * for `status IN (…)`: one list, never retyped in a query. Literals rather than parameters, so a
 * prepared statement's text and plan stay the same (the lists are constants, never input). The
 * database's exclusion constraints repeat them in their migrations, which cannot import.
 */
const literals = (values: readonly string[]) => Prisma.raw(values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", "));

export const ACTIVE_SESSION_STATUSES_SQL = literals(ACTIVE_SESSION_STATUSES);
export const ACTIVE_SEAT_STATUSES_SQL = literals(ACTIVE_SEAT_STATUSES);

/**
 * `confirmationCountsFrom` of app/domain/sessions/confirmation.ts for a session aliased `s`: the later of
 * its scheduled end and the start of its wait for confirmation. Plus `hours`, the instant a window ends.
 */
export function confirmationCountsFromPlus(hours: number): Prisma.Sql {
  return Prisma.sql`(GREATEST(s.ends_at, COALESCE(s.confirmation_opened_at, s.ends_at)) + make_interval(hours => ${hours}::int))`;
}

/** Sessions whose seats answer for their hours: waiting, or DISPUTED (a group's other seats still answer). */
export const ANSWERING_SESSION_STATUSES_SQL = literals(["AWAITING_CONFIRMATION", "DISPUTED"] satisfies SessionStatus[]);

/**
 * A seat (alias `p`) that holds a place and has not answered for its hours: neither confirmed nor
 * disputed (app/domain/sessions/confirmation.ts `seatAnswer` "waiting").
 */
export const SEAT_AWAITS_ANSWER_SQL = Prisma.sql`p.status = 'CONFIRMED' AND p.hours_confirmed_at IS NULL AND NOT EXISTS (SELECT 1 FROM session_disputes d WHERE d.participant_id = p.id)`;
