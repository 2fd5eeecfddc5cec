import { DateTime } from "luxon";
import { z } from "zod";
import { isLocalDate, type LocalDate } from "~/domain/scheduling/local-time";

/**
 * The calendar people may name in a form or a link: years 2000 to 2100. Every real lesson and its
 * history fits; anything outside is a typo or a probe. Keeping input inside it also keeps the
 * arithmetic done on it (a week on, a day either side in any zone) within what JavaScript, luxon and
 * PostgreSQL can all hold: "9999-12-31" or "+275760-09-13" would otherwise fail deep in a query.
 * Rules with a tighter range of their own (the booking horizon) check it after this.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const FIRST_INSTANT_MS = Date.UTC(FIRST_YEAR, 0, 1);
const AFTER_LAST_INSTANT_MS = Date.UTC(LAST_YEAR + 1, 0, 1);

/** "2026-11-23" shaped, whether or not the calendar has that day. */
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO 8601 date-time with its offset, as links carry instants: "2026-11-23T14:00:00.000Z". */
const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

export type CalendarInputProblem = "INVALID_DATE" | "DATE_OUT_OF_RANGE";

export type DateReading = { ok: true; date: LocalDate } | { ok: false; code: CalendarInputProblem; message: string };

/** What to quote back: enough to recognise, never a whole pasted page. */
export function quoted(value: string): string {
  return `"${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
}

/**
 * Reads a date as a form or a link gives it. The answer says what is wrong in words for the person
 * who typed it: not a date at all, a day the calendar does not have (2026-02-30, 2027-13-01,
 * 0000-00-00), or a date outside the years we handle.
 */
export function readLocalDate(value: string): DateReading {
  if (!DATE_SHAPE.test(value)) {
    return { ok: false, code: "INVALID_DATE", message: `${quoted(value)} is not a date. Write it like 2026-11-23, or pick one from the calendar.` };
  }
  if (!isLocalDate(value)) {
    return { ok: false, code: "INVALID_DATE", message: `${value} is not a date in the calendar. Check the month and the day, or pick one from the calendar.` };
  }
  const year = Number(value.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    return { ok: false, code: "DATE_OUT_OF_RANGE", message: `${value} is outside the years we handle (${FIRST_YEAR} to ${LAST_YEAR}). Pick a date from the calendar.` };
  }
  return { ok: true, date: value };
}

/** A query parameter's date, or null when it is missing or unusable (see readLocalDate). */
export function parseLocalDate(value: string | null | undefined): LocalDate | null {
  if (!value) return null;
  const reading = readLocalDate(value);
  return reading.ok ? reading.date : null;
}

/** Whether an ISO week-numbering year (the "2026" of "2026-W48") is one we handle. */
export function isHandledYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

/**
 * An instant as links and forms carry it (ISO 8601 with an offset, as `Date#toISOString` writes it),
 * or null when it is missing, malformed, not a real time or outside the years we handle.
 */
export function parseInstant(value: string | null | undefined): Date | null {
  if (!value || !INSTANT_SHAPE.test(value)) return null;
  const instant = DateTime.fromISO(value, { setZone: true });
  if (!instant.isValid) return null;
  const ms = instant.toMillis();
  return ms >= FIRST_INSTANT_MS && ms < AFTER_LAST_INSTANT_MS ? new Date(ms) : null;
}

/** The date field of a form: required, a real day, within the years we handle; the message says which. */
export const LocalDateField = z.string({ error: "Choose a date." }).superRefine((value, context) => {
  const reading = readLocalDate(value);
  if (!reading.ok) context.addIssue({ code: "custom", message: reading.message });
});
