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

/** One record: a cell per column, in `OPERATIONS_CSV_COLUMNS`' order (arrays, not objects: csv-stringify reads them about twice as fast). */
export type OperationsCsvRecord = string[];

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
  // The order of OPERATIONS_CSV_COLUMNS; the unit test names each cell.
  return [
    row.id,
    isoInZone(row.startsAt, zone),
    isoInZone(row.endsAt, zone),
    zone,
    neutraliseCell(row.title),
    row.kind === "GROUP" ? "group" : "1:1",
    neutraliseCell(row.tutorName),
    neutraliseCell(row.learners.join("; ")),
    row.status,
    isoInZone(row.actualStartedAt, zone),
    isoInZone(row.actualEndedAt, zone),
    row.currency,
    decimalAmount(row.priceMinor),
    decimalAmount(row.paidMinor),
    decimalAmount(row.refundedMinor),
    String(row.reschedules),
    row.reassigned ? "yes" : "no",
    row.pendingReschedule ? "yes" : "no",
    isoInZone(row.createdAt, zone),
  ];
}
