import { DateTime } from "luxon";
import { decimalAmount, neutraliseCell } from "~/domain/shared/csv-cells";

/**
 * The operations list's CSV export: its columns and how one session becomes one record. Quoting is
 * csv-stringify's; what is ours is keeping a spreadsheet from reading a cell as a formula.
 */

export const OPERATIONS_CSV_COLUMNS = [
  "session_id",
  "starts_at",
  "ends_at",
  "zone",
  "title",
  "meeting_type",
  "tutor",
  "learners",
  "status",
  "actual_start",
  "actual_end",
  "currency",
  "price",
  "paid",
  "refunded",
  "reschedules",
  "replacement_tutor",
  "pending_reschedule",
  "created_at",
] as const;

export type OperationsCsvRecord = Record<(typeof OPERATIONS_CSV_COLUMNS)[number], string>;

/** One session as the export needs it (the service's row, without names of its own). */
export type OperationsCsvSource = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  kind: "ONE_TO_ONE" | "GROUP";
  tutorName: string;
  learners: string[];
  status: string;
  actualStartedAt: Date | null;
  actualEndedAt: Date | null;
  currency: string;
  priceMinor: number;
  paidMinor: number;
  refundedMinor: number;
  reschedules: number;
  reassigned: boolean;
  pendingReschedule: boolean;
  createdAt: Date;
};

/** Offsets change only on quarter hours (UTC) in every zone since 1970, so one lookup serves a quarter hour. */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** The offset of `zone` at `ms` in minutes, looked up once per zone and quarter hour (an export formats hundreds of thousands). */
function offsetMinutes(ms: number, zone: string): number {
  const key = `${zone} ${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(ms, { zone }).offset;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * ISO 8601 with the offset of `zone` at that instant, as luxon's `toISO({ suppressMilliseconds: true })`
 * writes it (2026-03-29T02:30:00+01:00, milliseconds only when there are some); the zone column names it.
 */
export function isoInZone(instant: Date | null, zone: string): string {
  if (!instant) return "";
  const ms = instant.getTime();
  const offset = offsetMinutes(ms, zone);
  const local = new Date(ms + offset * 60_000).toISOString();
  const sign = offset < 0 ? "-" : "+";
  const absolute = Math.abs(offset);
  const hhmm = `${String(Math.floor(absolute / 60)).padStart(2, "0")}:${String(absolute % 60).padStart(2, "0")}`;
  return `${local.slice(0, ms % 1000 === 0 ? 19 : 23)}${sign}${hhmm}`;
}

export function operationsCsvRecord(row: OperationsCsvSource, zone: string): OperationsCsvRecord {
  return {
    session_id: row.id,
    starts_at: isoInZone(row.startsAt, zone),
    ends_at: isoInZone(row.endsAt, zone),
    zone,
    title: neutraliseCell(row.title),
    meeting_type: row.kind === "GROUP" ? "group" : "1:1",
    tutor: neutraliseCell(row.tutorName),
    learners: neutraliseCell(row.learners.join("; ")),
    status: row.status,
    actual_start: isoInZone(row.actualStartedAt, zone),
    actual_end: isoInZone(row.actualEndedAt, zone),
    currency: row.currency,
    price: decimalAmount(row.priceMinor),
    paid: decimalAmount(row.paidMinor),
    refunded: decimalAmount(row.refundedMinor),
    reschedules: String(row.reschedules),
    replacement_tutor: row.reassigned ? "yes" : "no",
    pending_reschedule: row.pendingReschedule ? "yes" : "no",
    created_at: isoInZone(row.createdAt, zone),
  };
}
