import { DateTime } from "luxon";
import { z } from "zod";
import { readLocalDate } from "~/domain/time/calendar-input";
import type { SessionStatus } from "~/domain/sessions/status";

/*
 * What the admin dashboard counts (issue 17), written once: the services' SQL is built from these
 * lists, the page prints each figure's meaning from here, and each figure's link to the operations
 * list uses the same filters, so a number can be checked row by row.
 *
 * - A session belongs to the range by its scheduled start, in the viewer's zone: the days `from` to
 *   `to`, both whole (a 23- or 25-hour day across a clock change is one day).
 * - "Now" figures (sessions today, pending reschedules, open disputes) ignore the range.
 * - Money is per currency, in minor units, never converted.
 */

/** Who ended a cancelled session, from its recorded cause (tutoring_sessions.cancel_cause). */
export const CANCEL_SIDES = [
  { value: "student", label: "Student or parent", causes: ["STUDENT", "PARENT"] },
  { value: "tutor", label: "Tutor", causes: ["TUTOR"] },
  { value: "staff", label: "Staff", causes: ["COORDINATOR", "ADMIN", "DISPUTE_RESOLVED"] },
  { value: "unpaid", label: "Never paid (hold ended)", causes: ["HOLD_EXPIRED", "BOOKER_RELEASED"] },
  { value: "unanswered", label: "Replacement offer unanswered", causes: ["REPLACEMENT_UNANSWERED"] },
] as const;
export type CancelSide = (typeof CANCEL_SIDES)[number]["value"];

export function cancelSideOf(cause: string | null): CancelSide | null {
  return CANCEL_SIDES.find((side) => (side.causes as readonly string[]).includes(cause ?? ""))?.value ?? null;
}

/** Sessions whose time has come and that were not cancelled: the base of the no-show rate. */
export const HELD_STATUSES = ["IN_PROGRESS", "AWAITING_CONFIRMATION", "COMPLETED", "DISPUTED", "NO_SHOW"] as const satisfies readonly SessionStatus[];

/** No-shows as a share of the sessions that were held or should have been, in percent with two decimals (null when none). */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 100;
}

export function percentText(value: number | null): string {
  return value === null ? "–" : `${value.toFixed(2)}%`;
}

/** The range's URL fields, as the dashboard's GET form sends them. */
export const DashboardRangeSchema = z
  .object({
    from: z
      .string()
      .trim()
      .superRefine((value, context) => {
        const reading = readLocalDate(value);
        if (!reading.ok) context.addIssue({ code: "custom", message: reading.message });
      })
      .optional(),
    to: z
      .string()
      .trim()
      .superRefine((value, context) => {
        const reading = readLocalDate(value);
        if (!reading.ok) context.addIssue({ code: "custom", message: reading.message });
      })
      .optional(),
  })
  .superRefine((range, context) => {
    if (range.from && range.to && range.to < range.from) context.addIssue({ code: "custom", path: ["to"], message: "The last day comes before the first: swap them." });
    if (range.from && range.to && daysBetween(range.from, range.to) > MAX_RANGE_DAYS) {
      context.addIssue({ code: "custom", path: ["from"], message: `Choose at most ${MAX_RANGE_DAYS} days (about two years).` });
    }
  });

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 731;

function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: "utc" }).diff(DateTime.fromISO(from, { zone: "utc" }), "days").days + 1;
}

export type DashboardRange = {
  /** ISO dates (yyyy-mm-dd) in the viewer's zone, both included. */
  from: string;
  to: string;
  zone: string;
  /** The instants: from the first day's start to the start of the day after the last. */
  startsFrom: Date;
  startsBefore: Date;
  days: number;
};

/**
 * The range asked for, or the default: the last 30 days, today included. A missing end is today; a
 * missing start is 29 days before the end.
 */
export function dashboardRange(fields: { from?: string; to?: string }, zone: string, now: DateTime): DashboardRange {
  const today = now.setZone(zone).toISODate()!;
  const to = fields.to ?? (fields.from && fields.from > today ? fields.from : today);
  const from =
    fields.from ??
    DateTime.fromISO(to, { zone })
      .minus({ days: DEFAULT_RANGE_DAYS - 1 })
      .toISODate()!;
  const startOf = (day: string) => DateTime.fromISO(day, { zone }).startOf("day");
  return {
    from,
    to,
    zone,
    startsFrom: startOf(from).toJSDate(),
    startsBefore: startOf(to).plus({ days: 1 }).startOf("day").toJSDate(),
    days: daysBetween(from, to),
  };
}

/** Buckets of the charts over time: days up to two months, weeks (from Monday) beyond. */
export function bucketUnit(days: number): "day" | "week" {
  return days <= 62 ? "day" : "week";
}

/** Every bucket's first day from `from` to `to` (ISO dates), so days without sessions still show. */
export function bucketStarts(range: Pick<DashboardRange, "from" | "to">, unit: "day" | "week"): string[] {
  const starts: string[] = [];
  let cursor = DateTime.fromISO(range.from, { zone: "utc" });
  if (unit === "week") cursor = cursor.startOf("week");
  const last = DateTime.fromISO(range.to, { zone: "utc" });
  while (cursor <= last) {
    starts.push(cursor.toISODate()!);
    cursor = cursor.plus(unit === "day" ? { days: 1 } : { weeks: 1 });
  }
  return starts;
}

/** How long before its start a session was cancelled, in bins for the histogram (the last one: after it began). */
export const LEAD_TIME_BINS = [
  { label: "7+ days", minHours: 168 },
  { label: "3–7 days", minHours: 72 },
  { label: "1–3 days", minHours: 24 },
  { label: "2–24 hours", minHours: 2 },
  { label: "Under 2 hours", minHours: 0 },
  { label: "After the start", minHours: Number.NEGATIVE_INFINITY },
] as const;

export function leadTimeBin(hoursBefore: number): (typeof LEAD_TIME_BINS)[number]["label"] {
  return LEAD_TIME_BINS.find((bin) => hoursBefore >= bin.minHours)!.label;
}
