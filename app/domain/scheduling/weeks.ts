import { DateTime } from "luxon";
import type { SchedulingPolicy } from "~/domain/policies/defaults";
import { DomainError } from "~/domain/shared/errors";
import { DAY_MS, isLocalDate, type LocalDate } from "./local-time";
import { isHandledYear, parseLocalDate, quoted } from "~/domain/time/calendar-input";
import { offsetLabel } from "~/domain/time/zones";

/** A calendar week, Monday to Sunday, named by its ISO week id. Dates are plain local dates: a week has no zone. */
export type Week = { id: string /* ISO week id "2026-W48" */; start: LocalDate /* Monday */; end: LocalDate /* Sunday */; days: LocalDate[] /* 7 */ };

const WEEK_ID = /^(\d{4})-W(\d{2})$/;

function weekFromMonday(monday: DateTime): Week {
  const days = Array.from({ length: 7 }, (_, index) => monday.plus({ days: index }).toISODate()!);
  const id = `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, "0")}`;
  return { id, start: days[0], end: days[6], days };
}

const weeksByDate = new Map<LocalDate, Week>();

/** The week a date falls in. The date must be valid (see isLocalDate). Remembered: pages ask for the same weeks all day. */
export function weekContaining(date: LocalDate): Week {
  const known = weeksByDate.get(date);
  if (known) return known;
  if (!isLocalDate(date)) throw new DomainError("INVALID_DATE", `"${date}" is not a date. Use the form 2026-11-23.`, "date");
  const day = DateTime.fromISO(date, { zone: "utc" });
  const week = Object.freeze(weekFromMonday(day.minus({ days: day.weekday - 1 }))) as Week;
  if (weeksByDate.size > 5000) weeksByDate.clear();
  weeksByDate.set(date, week);
  return week;
}

/**
 * "2026-W53" is a week (2026 has 53 ISO weeks), "2027-W53" is not: null for those, for malformed ids
 * and for years outside the calendar we handle (see calendar-input.ts), such as "9999-W52".
 */
export function parseWeekId(id: string): Week | null {
  const match = WEEK_ID.exec(id);
  if (!match || !isHandledYear(Number(match[1]))) return null;
  const monday = DateTime.fromObject({ weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 }, { zone: "utc" });
  if (!monday.isValid) return null;
  const week = weekFromMonday(monday);
  // luxon rolls week 53 of a 52-week year into the next year; the round trip catches that.
  return week.id === id ? week : null;
}

export function todayIn(zone: string, now: DateTime): LocalDate {
  const today = now.setZone(zone).toISODate();
  if (today === null) {
    throw new DomainError("INVALID_TIME_ZONE", `"${zone}" is not a time zone we know. Choose one from the list, for example Europe/London.`, "zone");
  }
  return today;
}

/** Bookable starts are before this instant: now + the horizon in whole 24-hour days. */
export function horizonEndMs(now: DateTime, policy: Pick<SchedulingPolicy, "bookingHorizonDays">): number {
  return now.toMillis() + policy.bookingHorizonDays * DAY_MS;
}

/** The last local date (in `zone`) on which a bookable time can start. */
export function lastBookableDate(zone: string, now: DateTime, policy: Pick<SchedulingPolicy, "bookingHorizonDays">): LocalDate {
  return DateTime.fromMillis(horizonEndMs(now, policy) - 1, { zone }).toISODate()!;
}

/**
 * The current week (in `zone`) and the following weeks that overlap the horizon. With 28 days that is
 * 4 weeks only when now is Monday 00:00; otherwise the horizon reaches into a fifth week, which is
 * included so that every bookable time sits on some week's page.
 */
export function bookingWeeks(zone: string, now: DateTime, horizonDays: number): Week[] {
  const first = weekContaining(todayIn(zone, now));
  const last = weekContaining(lastBookableDate(zone, now, { bookingHorizonDays: Math.max(horizonDays, 0) }));
  const weeks = [first];
  while (weeks[weeks.length - 1].start < last.start) weeks.push(shiftWeek(weeks[weeks.length - 1], 1));
  return weeks;
}

export function shiftWeek(week: Week, by: number): Week {
  return weekContaining(DateTime.fromISO(week.start, { zone: "utc" }).plus({ weeks: by }).toISODate()!);
}

export type DayOfChoices = { date: LocalDate; label: string; times: { value: string; label: string }[] };

/**
 * Free start instants (ISO) as a week's days to choose from, in the viewer's zone: "Monday 23 November"
 * with "09:00 GMT" radio labels. Days without a time are left out.
 */
export function timesByDay(week: Week, times: string[], zone: string): DayOfChoices[] {
  const local = times.map((iso) => DateTime.fromISO(iso).setZone(zone));
  return week.days
    .map((date) => ({
      date,
      label: DateTime.fromISO(date).toFormat("cccc d LLLL"),
      times: local.filter((time) => time.toISODate() === date).map((time) => ({ value: time.toUTC().toISO()!, label: `${time.toFormat("HH:mm")} ${offsetLabel(time)}` })),
    }))
    .filter((day) => day.times.length > 0);
}

/** "23 Nov – 29 Nov 2026" */
export function weekLabel(week: Week): string {
  return `${DateTime.fromISO(week.start).toFormat("d LLL")} – ${DateTime.fromISO(week.end).toFormat("d LLL yyyy")}`;
}

/** A page's `?week=2026-W48` and, where it takes one, `?day=2026-11-23` (the day wins). */
export type WeekParams = { week?: string | null; day?: string | null };

/**
 * The week a page's parameters name. Nothing asked: no week and no notice. Something unusable asked
 * (malformed, a day or week the calendar lacks, a year outside 2000–2100): no week, and a notice the
 * page shows above the week it falls back to, so the person sees why. Never throws.
 */
export function requestedWeek(params: WeekParams): { week: Week | null; notice: string | null } {
  if (params.day) {
    const day = parseLocalDate(params.day);
    if (day) return { week: weekContaining(day), notice: null };
    return { week: null, notice: `There is no day ${quoted(params.day)} to show, so this is the current week. Use the week links to move.` };
  }
  if (!params.week) return { week: null, notice: null };
  const week = parseWeekId(params.week);
  if (week) return { week, notice: null };
  return { week: null, notice: `There is no week ${quoted(params.week)} to show, so this is the current week. Use the week links to move.` };
}

/** The week a page of bookable times shows, its neighbours for the week links and its range as instants. */
export type BookingWeekChoice = {
  week: Week;
  notice: string | null;
  label: string;
  range: { from: Date; to: Date };
  previous: string | null;
  next: string | null;
};

function choiceIn(weeks: Week[], week: Week, zone: string, notice: string | null): BookingWeekChoice {
  const index = weeks.indexOf(week);
  const from = DateTime.fromISO(week.start, { zone });
  return {
    week,
    notice,
    label: weekLabel(week),
    range: { from: from.toJSDate(), to: from.plus({ weeks: 1 }).toJSDate() },
    previous: index > 0 ? weeks[index - 1].id : null,
    next: index < weeks.length - 1 ? weeks[index + 1].id : null,
  };
}

/**
 * The week a page of bookable times shows: the one asked for (`?week=` or `?day=`) if it is within the
 * booking horizon, else the current one with a notice saying why, plus its neighbours for the week
 * links and its range as instants. `asked` says whether the parameters named anything at all: when
 * they did not, a page may open on its first week with times instead (openingBookingWeek).
 */
export function chosenBookingWeek(zone: string, now: DateTime, horizonDays: number, params: WeekParams): BookingWeekChoice & { asked: boolean } {
  const weeks = bookingWeeks(zone, now, horizonDays);
  const requested = requestedWeek(params);
  const found = requested.week ? weeks.find((candidate) => candidate.id === requested.week!.id) : undefined;
  const week = found ?? weeks[0];
  const notice =
    requested.notice ??
    (requested.week && !found
      ? `Times can be booked up to ${horizonDays} days ahead and not in the past, so the week of ${weekLabel(requested.week)} has none. This is the current week.`
      : null);
  return { ...choiceIn(weeks, week, zone, notice), asked: Boolean(params.week || params.day) };
}

/** Every bookable week's range as instants: from the current week's Monday to the Monday after the last one, in `zone`. */
export function bookingWeeksRange(zone: string, now: DateTime, horizonDays: number): { from: Date; to: Date } {
  const weeks = bookingWeeks(zone, now, horizonDays);
  const from = DateTime.fromISO(weeks[0].start, { zone });
  return {
    from: from.toJSDate(),
    to: DateTime.fromISO(weeks[weeks.length - 1].start, { zone })
      .plus({ weeks: 1 })
      .toJSDate(),
  };
}

/**
 * The week a page opens on when none is asked for: the first bookable week in which one of `starts`
 * falls (by its date in the viewer's `zone`, the way the page lists it). When none of them is within
 * the bookable weeks, the current week with `noneInHorizon` and a notice saying so plainly.
 */
export function openingBookingWeek(zone: string, now: DateTime, horizonDays: number, starts: readonly Date[]): BookingWeekChoice & { noneInHorizon: boolean } {
  const weeks = bookingWeeks(zone, now, horizonDays);
  const choices = weeks.map((week) => choiceIn(weeks, week, zone, null));
  // The earliest start in the bookable weeks decides; compared as instants against each week's range
  // (Monday 00:00 in the zone), which is the start's date in the zone without a DateTime per start.
  const fromMs = choices[0].range.from.getTime();
  const toMs = choices[choices.length - 1].range.to.getTime();
  let earliest = Infinity;
  for (const start of starts) {
    const ms = start.getTime();
    if (ms >= fromMs && ms < toMs && ms < earliest) earliest = ms;
  }
  const first = choices.find((choice) => earliest >= choice.range.from.getTime() && earliest < choice.range.to.getTime());
  if (first) return { ...first, noneInHorizon: false };
  const notice = `No open times in the next ${horizonDays % 7 === 0 ? `${horizonDays / 7} weeks` : `${horizonDays} days`}. New times can be booked up to ${horizonDays} days ahead, so check again later.`;
  return { ...choiceIn(weeks, weeks[0], zone, notice), noneInHorizon: true };
}

/** The week a page of bookable times shows, and what it says about it (decided once for every such page). */
export type ShownBookingWeek = BookingWeekChoice & {
  /** Why the asked week could not be shown (nothing when the page chose the week itself). */
  weekNotice: string | null;
  /** Opened on a later week than the current one because the earlier ones have no open times. */
  openedLater: boolean;
  /** Asked for no week, and nothing is open in the whole horizon: the notice to show instead of "try the next week". */
  noneInHorizon: string | null;
};

/**
 * The week to show: the one asked for when the URL named one, else the first with any of `starts`
 * (read over the whole horizon). `starts` null means there is nothing to open on (no tutor picked yet).
 */
export function shownBookingWeek(
  asked: BookingWeekChoice & { asked: boolean },
  zone: string,
  now: DateTime,
  horizonDays: number,
  starts: readonly Date[] | null,
): ShownBookingWeek {
  const opening = asked.asked || starts === null ? null : openingBookingWeek(zone, now, horizonDays, starts);
  const chosen = opening ?? asked;
  return {
    week: chosen.week,
    notice: chosen.notice,
    label: chosen.label,
    range: chosen.range,
    previous: chosen.previous,
    next: chosen.next,
    weekNotice: opening ? null : chosen.notice,
    openedLater: opening !== null && !opening.noneInHorizon && opening.previous !== null,
    noneInHorizon: opening?.noneInHorizon ? opening.notice : null,
  };
}

/** Whether `instant` falls in the shown week (the pages send and lay out only those times). */
export function inShownWeek(shown: Pick<BookingWeekChoice, "range">, instant: Date | string): boolean {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return ms >= shown.range.from.getTime() && ms < shown.range.to.getTime();
}
