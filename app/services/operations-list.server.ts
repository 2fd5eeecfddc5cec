import { Readable } from "node:stream";
import { Prisma } from "@prisma/client";
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { CANCEL_SIDES } from "~/domain/analytics/definitions";
import { OPERATIONS_CSV_COLUMNS, operationsCsvRecord, type OperationsCsvRecord } from "~/domain/sessions/operations-csv";
import { containsPattern, type AttentionFlag, type OperationsQuery, type SortKey } from "~/domain/sessions/operations-filters";
import { staffRowStatus } from "~/domain/sessions/list-labels";
import type { SessionStatus } from "~/domain/sessions/status";
import { SESSION_POLICY_DEFAULTS, type SessionPolicy } from "~/domain/policies/session-policies";
import { DomainError } from "~/domain/shared/errors";
import { hasRole, type Role } from "~/domain/users/roles";
import { clock } from "./clock.server";
import { readRows } from "./db.server";
import { getSessionPolicy } from "./policies.server";
import { flaggedWhere } from "./staff-sessions.server";
import { OPEN_MISMATCH_SQL } from "./mismatch-flags.server";

/**
 * The coordinators' operations list (issue 16): every session, filtered and sorted in SQL through the
 * raw read path, one statement a page (no count: a page asks for one row more to know there is a next
 * one). The CSV export reads the same filters in batches by keyset, never OFFSET over everything.
 */

/** One session as the list and the export show it. Amounts in the session's currency's minor units. */
export type OperationsRow = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  title: string;
  kind: "ONE_TO_ONE" | "GROUP";
  tutorName: string;
  learners: string[];
  statusCode: SessionStatus;
  status: string;
  actualStartedAt: Date | null;
  actualEndedAt: Date | null;
  currency: string;
  priceMinor: number;
  paidMinor: number;
  refundedMinor: number;
  /** Moves made at either side's request. */
  reschedules: number;
  /** The session moved to a replacement tutor (or is offered to one). */
  reassigned: boolean;
  pendingReschedule: boolean;
};

type Context = { now: Date; policy: Pick<SessionPolicy, "confirmationWindowHours"> };

/**
 * "Attention needed", one named SQL condition each on a session aliased `s`: the only place they are
 * written. The lead adds "open dispute" and "mismatch flagged" here with one entry each (and the name
 * in ATTENTION_FLAGS).
 */
export const ATTENTION_CONDITIONS: Record<AttentionFlag, (context: Context) => Prisma.Sql> = {
  "check-out-missing": ({ now, policy }) => flaggedWhere("check-out-missing", now, policy),
  "confirmation-overdue": ({ now, policy }) => flaggedWhere("confirmation-overdue", now, policy),
  "open-dispute": () => Prisma.sql`EXISTS (SELECT 1 FROM session_disputes d WHERE d.session_id = s.id AND d.status = 'open')`,
  "mismatch-flagged": () => OPEN_MISMATCH_SQL,
  "failed-refund": () => refundExists("FAILED"),
};

function refundExists(status: "PENDING" | "PROCESSED" | "FAILED" | null): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM participants p JOIN payments pay ON pay.participant_id = p.id JOIN refunds r ON r.payment_id = pay.id
                             WHERE p.session_id = s.id${status ? Prisma.sql` AND r.status = ${status}::"RefundStatus"` : Prisma.empty})`;
}

/** The WHERE clause of a query: every filter given, combined with AND; several choices within one filter with OR. */
function whereOf(query: OperationsQuery, context: Context): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.statuses.length > 0) conditions.push(Prisma.sql`s.status = ANY(${query.statuses}::"SessionStatus"[])`);
  if (query.tutor) conditions.push(Prisma.sql`s.tutor_id IN (SELECT id FROM users WHERE name ILIKE ${containsPattern(query.tutor)})`);
  if (query.student) conditions.push(learnerNamed(query.student));
  if (query.text) {
    // A union of the two ways a name matches rather than an OR, so each side is read by its own index.
    const pattern = containsPattern(query.text);
    conditions.push(Prisma.sql`s.id IN (SELECT named.id FROM tutoring_sessions named WHERE named.tutor_id IN (SELECT id FROM users WHERE name ILIKE ${pattern})
                                        UNION SELECT p.session_id FROM participants p JOIN users u ON u.id = p.student_id WHERE u.name ILIKE ${pattern})`);
  }
  if (query.startsFrom) conditions.push(Prisma.sql`s.starts_at >= ${query.startsFrom}`);
  if (query.startsBefore) conditions.push(Prisma.sql`s.starts_at < ${query.startsBefore}`);
  if (query.kind) conditions.push(Prisma.sql`s.kind = ${query.kind}::"SessionKind"`);
  if (query.refund === "none") conditions.push(Prisma.sql`NOT ${refundExists(null)}`);
  else if (query.refund) conditions.push(refundExists(query.refund.toUpperCase() as "PENDING" | "PROCESSED" | "FAILED"));
  if (query.reassigned) conditions.push(Prisma.sql`s.reassigned_from_id IS NOT NULL`);
  if (query.cancelledBy) {
    const causes = [...CANCEL_SIDES.find((side) => side.value === query.cancelledBy)!.causes];
    conditions.push(Prisma.sql`s.status = 'CANCELLED' AND s.cancel_cause = ANY(${causes}::text[])`);
  }
  if (query.rated) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM session_ratings sr WHERE sr.session_id = s.id)`);
  if (query.pendingReschedule) conditions.push(PENDING_RESCHEDULE);
  if (query.attention.length > 0) {
    // Any of the reasons: a union of each one's sessions (each read by its own index), not an OR,
    // which would read every session.
    const each = query.attention.map((flag) => Prisma.sql`SELECT s.id FROM tutoring_sessions s WHERE ${ATTENTION_CONDITIONS[flag](context)}`);
    conditions.push(Prisma.sql`s.id IN (${Prisma.join(each, " UNION ")})`);
  }
  return conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** A learner (any seat, whatever its state) whose name contains `text`. */
function learnerNamed(text: string): Prisma.Sql {
  return Prisma.sql`s.id IN (SELECT p.session_id FROM participants p JOIN users u ON u.id = p.student_id WHERE u.name ILIKE ${containsPattern(text)})`;
}

const PENDING_RESCHEDULE = Prisma.sql`EXISTS (SELECT 1 FROM reschedule_requests rr WHERE rr.session_id = s.id AND rr.status = 'PENDING')`;

/** The sort keys, each ending in the id so the order is total (pages and keyset batches never skip or repeat a row). */
const SORT_COLUMNS: Record<SortKey, readonly ("status" | "starts_at" | "created_at" | "id")[]> = {
  start: ["starts_at", "id"],
  created: ["created_at", "id"],
  // The lifecycle order (the enum's), then the start.
  status: ["status", "starts_at", "id"],
};

function orderBy(query: OperationsQuery, alias: string): Prisma.Sql {
  const direction = query.direction === "asc" ? "ASC" : "DESC";
  return Prisma.raw(SORT_COLUMNS[query.sort].map((column) => `${alias}.${column} ${direction}`).join(", "));
}

/** What a row shows, for the sessions chosen (aliased `s`, tutor `tutor`, `seats`): evaluated only for the rows returned. */
const ROW_COLUMNS = Prisma.sql`s.id, s.starts_at, s.ends_at, s.created_at, s.title, s.subject, s.kind, s.status, s.no_show_party,
  s.actual_started_at, s.actual_ended_at, s.currency, s.price_minor, s.student_reschedules + s.tutor_reschedules AS reschedules,
  s.reassigned_from_id IS NOT NULL AS reassigned, ${PENDING_RESCHEDULE} AS pending_reschedule, tutor.name AS tutor_name,
  seats.learners, seats.paid_minor, seats.refunded_minor`;

/**
 * The session's learners (those holding a place, or every one of a cancelled session), what their
 * payments took and what was refunded (processed): one pass over its seats for all three.
 */
const SEATS_JOIN = Prisma.sql`LEFT JOIN LATERAL (
    SELECT array_agg(u.name ORDER BY u.name COLLATE "C") FILTER (WHERE p.status IN ('HELD', 'CONFIRMED') OR (s.status = 'CANCELLED' AND p.status = 'CANCELLED')) AS learners,
           COALESCE(sum(money.paid), 0)::int AS paid_minor, COALESCE(sum(money.refunded), 0)::int AS refunded_minor
      FROM participants p JOIN users u ON u.id = p.student_id
      LEFT JOIN LATERAL (
        SELECT sum(pay.amount_minor) FILTER (WHERE pay.status = 'PAID') AS paid,
               sum((SELECT sum(r.amount_minor) FROM refunds r WHERE r.payment_id = pay.id AND r.status = 'PROCESSED')) AS refunded
          FROM payments pay WHERE pay.participant_id = p.id) money ON true
     WHERE p.session_id = s.id) seats ON true`;

type Row = {
  id: string;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
  title: string;
  subject: string;
  kind: "ONE_TO_ONE" | "GROUP";
  status: SessionStatus;
  no_show_party: "tutor" | "student" | null;
  actual_started_at: Date | null;
  actual_ended_at: Date | null;
  currency: string;
  price_minor: number;
  reschedules: number;
  reassigned: boolean;
  pending_reschedule: boolean;
  tutor_name: string;
  learners: string[] | null;
  paid_minor: number;
  refunded_minor: number;
};

function assertStaff(viewer: { roles: readonly Role[] }) {
  if (!hasRole(viewer.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins see the operations list.");
}

/** The clock, and the policy only when a condition reads it (a page without that filter spares the query). */
async function contextNow(query: OperationsQuery): Promise<Context> {
  const policy = query.attention.includes("confirmation-overdue") ? await getSessionPolicy() : SESSION_POLICY_DEFAULTS;
  return { now: clock.nowDate(), policy };
}

/**
 * Reads the chosen sessions first (ids only, by an index where the filters allow), then what each row
 * shows. LIMIT and OFFSET are written as literals (whole numbers the schema bounded): with them as
 * parameters PostgreSQL cannot trust a generic plan and plans the statement again on every request,
 * which costs more than running it.
 */
async function readPage(query: OperationsQuery, context: Context, limit: number, offset: number, after: Prisma.Sql | null): Promise<Row[]> {
  const where = after ? Prisma.sql`${whereOf(query, context)} AND ${after}` : whereOf(query, context);
  return readRows<Row>(Prisma.sql`
    SELECT ${ROW_COLUMNS}
      FROM (SELECT s.id FROM tutoring_sessions s WHERE ${where} ORDER BY ${orderBy(query, "s")} LIMIT ${Prisma.raw(String(Math.trunc(limit)))} OFFSET ${Prisma.raw(String(Math.trunc(offset)))}) chosen
      JOIN tutoring_sessions s ON s.id = chosen.id
      JOIN users tutor ON tutor.id = s.tutor_id
      ${SEATS_JOIN}
     ORDER BY ${orderBy(query, "s")}`);
}

function rowOf(row: Row, now: DateTime): OperationsRow {
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdAt: row.created_at,
    title: row.title || row.subject || "Tutoring session",
    kind: row.kind,
    tutorName: row.tutor_name,
    learners: row.learners ?? [],
    statusCode: row.status,
    status: staffRowStatus({ status: row.status, noShowParty: row.no_show_party, endsAt: row.ends_at }, now),
    actualStartedAt: row.actual_started_at,
    actualEndedAt: row.actual_ended_at,
    currency: row.currency,
    priceMinor: row.price_minor,
    paidMinor: row.paid_minor,
    refundedMinor: row.refunded_minor,
    reschedules: row.reschedules,
    reassigned: row.reassigned,
    pendingReschedule: row.pending_reschedule,
  };
}

/** One page of the list: `query.size` rows from `(page - 1) × size`, and whether there are more. */
export async function listOperations(viewer: { roles: readonly Role[] }, query: OperationsQuery): Promise<{ rows: OperationsRow[]; hasMore: boolean }> {
  assertStaff(viewer);
  const context = await contextNow(query);
  const rows = await readPage(query, context, query.size + 1, (query.page - 1) * query.size, null);
  const now = DateTime.fromJSDate(context.now, { zone: "utc" });
  return { rows: rows.slice(0, query.size).map((row) => rowOf(row, now)), hasMore: rows.length > query.size };
}

/** Rows a batch of the export reads. */
export const CSV_BATCH_SIZE = 5000;

/** After `last` in the query's order: a row comparison on the sort key, served by the same index as the order. */
function keysetAfter(query: OperationsQuery, last: Row): Prisma.Sql {
  const values: Record<(typeof SORT_COLUMNS)[SortKey][number], Prisma.Sql> = {
    status: Prisma.sql`${last.status}::"SessionStatus"`,
    starts_at: Prisma.sql`${last.starts_at}::timestamptz`,
    created_at: Prisma.sql`${last.created_at}::timestamptz`,
    id: Prisma.sql`${last.id}`,
  };
  const columns = SORT_COLUMNS[query.sort];
  return Prisma.sql`(${Prisma.raw(columns.map((column) => `s.${column}`).join(", "))}) ${Prisma.raw(query.direction === "asc" ? ">" : "<")} (${Prisma.join(
    columns.map((column) => values[column]),
  )})`;
}

/** Every row the filters select (paging ignored), in order, `CSV_BATCH_SIZE` at a time. */
export async function* allOperationsRows(viewer: { roles: readonly Role[] }, query: OperationsQuery, batchSize = CSV_BATCH_SIZE): AsyncGenerator<OperationsRow> {
  assertStaff(viewer);
  const context = await contextNow(query);
  const now = DateTime.fromJSDate(context.now, { zone: "utc" });
  // The next batch is read while this one is written out (the database works in its own process):
  // at most two batches are held at once.
  let next: Promise<Row[]> | null = readPage(query, context, batchSize, 0, null);
  try {
    while (next) {
      const batch: Row[] = await next;
      next = batch.length === batchSize ? readPage(query, context, batchSize, 0, keysetAfter(query, batch[batch.length - 1])) : null;
      for (const row of batch) yield rowOf(row, now);
    }
  } finally {
    // A client that went away stops the export: the batch read ahead is not waited for.
    next?.catch(() => {});
  }
}

/**
 * The export as a Node stream of UTF-8 CSV (with a byte-order mark, so spreadsheets read names as
 * UTF-8): a header row, then one record a session, instants in `zone`. csv-stringify quotes each batch
 * into one chunk (a chunk per record would cost more in the response's stream and compression than
 * the query); batches are read as the client takes the bytes (the stream's back-pressure), so memory
 * stays flat however many rows.
 */
export function operationsCsv(viewer: { roles: readonly Role[] }, query: OperationsQuery, zone: string, batchSize = CSV_BATCH_SIZE): Readable {
  assertStaff(viewer);
  return Readable.from(csvChunks(viewer, query, zone, batchSize), { objectMode: false });
}

async function* csvChunks(viewer: { roles: readonly Role[] }, query: OperationsQuery, zone: string, batchSize: number): AsyncGenerator<Buffer> {
  yield Buffer.from(stringify([[...OPERATIONS_CSV_COLUMNS]], { bom: true }), "utf8");
  let records: OperationsCsvRecord[] = [];
  for await (const row of allOperationsRows(viewer, query, batchSize)) {
    records.push(operationsCsvRecord(row, zone));
    if (records.length === batchSize) {
      yield Buffer.from(stringify(records), "utf8");
      records = [];
    }
  }
  if (records.length > 0) yield Buffer.from(stringify(records), "utf8");
}
