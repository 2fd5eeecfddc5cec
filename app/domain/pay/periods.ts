import { DateTime } from "luxon";
import { z } from "zod";

/*
 * The periods earnings are counted in, in the viewer's zone: calendar months for a tutor's own page,
 * and a date range (whole days, both ends included) for the admins' payroll. Boundaries are instants
 * computed here, so a month or a day is whole in that zone across a DST change, and the database
 * compares instants only.
 */

export type Period = { from: Date; to: Date };
export type MonthPeriod = Period & { month: string; label: string };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** One calendar month ("2026-12") in `zone`, or null when the text is not one. */
export function monthPeriod(month: string, zone: string): MonthPeriod | null {
  if (!MONTH.test(month)) return null;
  const start = DateTime.fromFormat(month, "yyyy-MM", { zone });
  if (!start.isValid) return null;
  return { month, label: start.toFormat("LLLL yyyy"), from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** The `count` months up to and including the one `now` is in, latest first. */
export function recentMonths(now: DateTime, zone: string, count: number): MonthPeriod[] {
  const current = now.setZone(zone).startOf("month");
  return Array.from({ length: count }, (_, index) => monthPeriod(current.minus({ months: index }).toFormat("yyyy-MM"), zone)!);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const PAYROLL_MAX_DAYS = 366;

function dayField(message: string) {
  return z
    .string({ error: message })
    .trim()
    .refine((value) => DAY.test(value) && DateTime.fromISO(value).isValid, message);
}

/** The payroll's period: two dates, the first not after the second, at most a year apart. */
export const PayrollPeriodSchema = z
  .object({
    from: dayField("Enter the first day as a date (YYYY-MM-DD)."),
    to: dayField("Enter the last day as a date (YYYY-MM-DD)."),
  })
  .superRefine((value, context) => {
    const from = DateTime.fromISO(value.from);
    const to = DateTime.fromISO(value.to);
    if (!from.isValid || !to.isValid) return;
    if (to < from) context.addIssue({ code: "custom", path: ["to"], message: "The last day comes on or after the first." });
    else if (to.diff(from, "days").days >= PAYROLL_MAX_DAYS) context.addIssue({ code: "custom", path: ["to"], message: `Choose at most ${PAYROLL_MAX_DAYS} days.` });
  });

/** The instants of a day range in `zone`: from the first day's start to the end of the last day. */
export function dayRange(input: { from: string; to: string }, zone: string): Period {
  return {
    from: DateTime.fromISO(input.from, { zone }).startOf("day").toJSDate(),
    to: DateTime.fromISO(input.to, { zone }).plus({ days: 1 }).startOf("day").toJSDate(),
  };
}

/** The payroll's default: the previous calendar month in `zone`. */
export function previousMonthDays(now: DateTime, zone: string): { from: string; to: string } {
  const start = now.setZone(zone).startOf("month").minus({ months: 1 });
  return { from: start.toISODate()!, to: start.endOf("month").toISODate()! };
}
