import { DateTime } from "luxon";
import type { SchedulingPolicy } from "~/domain/policies/defaults";
import { DomainError } from "~/domain/shared/errors";
import { readLocalDate } from "~/domain/time/calendar-input";
import { formatInstant, offsetLabel } from "~/domain/time/zones";
import {
  endMinutesOfDay,
  gapAround,
  isLocalTime,
  localDateOfWallMs,
  minutesOfDay,
  resolveWallMs,
  MINUTE_MS,
  wallMsOfDate,
  zoneOffsetMinutes,
  type LocalDate,
  type LocalTime,
} from "./local-time";
import { horizonEndMs, lastBookableDate, todayIn } from "./weeks";

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type WeeklyWindow = { weekday: Weekday /* ISO: Monday = 1 */; start: LocalTime; end: LocalTime };
export type TimeRange = { start: LocalTime; end: LocalTime };
export type ExceptionInput = { date: LocalDate; kind: "BLOCKED" } | { date: LocalDate; kind: "HOURS"; windows: TimeRange[] };
export type SlotKind = "ONE_TO_ONE" | "GROUP";
export type SlotInput = { date: LocalDate; start: LocalTime; end: LocalTime; kind: SlotKind; capacity: number };
export type ExistingSlot = { id: string; startsAt: Date; endsAt: Date };
export type ValidSlot = { startsAt: DateTime; endsAt: DateTime; durationMinutes: number; kind: SlotKind; capacity: number; startOffset: string /* e.g. "GMT-4" */ };

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
/** More ranges than this on one day is almost certainly a mistake, and it keeps generation cheap. */
export const MAX_WINDOWS_PER_DAY = 12;

type SchedulingContext = { zone: string; now: DateTime; policy: SchedulingPolicy };

function longDate(date: LocalDate): string {
  return DateTime.fromISO(date, { zone: "utc" }).toFormat("ccc d LLL yyyy");
}

/**
 * Checks the time ranges of one day (a weekday or a dated exception) and returns them sorted.
 * An end of "00:00" is midnight at the end of the day. Back-to-back ranges are fine; shared minutes are not.
 */
function validateDayRanges<Range extends TimeRange>(ranges: Range[], dayLabel: string, field: string): Range[] {
  if (ranges.length > MAX_WINDOWS_PER_DAY) {
    throw new DomainError(
      "TOO_MANY_WINDOWS",
      `${dayLabel} has ${ranges.length} time ranges; the most is ${MAX_WINDOWS_PER_DAY}. Join neighbouring ranges or remove the ones you do not need.`,
      field,
    );
  }
  for (const range of ranges) {
    for (const time of [range.start, range.end]) {
      if (!isLocalTime(time)) {
        throw new DomainError("INVALID_TIME", `${dayLabel}: "${time}" is not a time. Use 24-hour time such as 09:00 or 17:30.`, field);
      }
    }
    if (endMinutesOfDay(range.end) <= minutesOfDay(range.start)) {
      throw new DomainError(
        "ENDS_BEFORE_START",
        `${dayLabel}: ${range.start}–${range.end} does not end after it starts. Make the end later than the start (00:00 means midnight at the end of the day).`,
        field,
      );
    }
  }
  const sorted = [...ranges].sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start));
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1];
    const current = sorted[index];
    if (minutesOfDay(current.start) < endMinutesOfDay(previous.end)) {
      throw new DomainError(
        "WINDOWS_OVERLAP",
        `${dayLabel}: ${previous.start}–${previous.end} and ${current.start}–${current.end} overlap. Change one so they share no time (back-to-back is fine), or join them into one range.`,
        field,
      );
    }
  }
  return sorted;
}

/** Throws DomainError with field set ("windows" plus a message naming the weekday) on: end not after start, overlapping windows on one weekday, malformed times, more than 12 windows per weekday. Returns the windows sorted by weekday then start. Empty list is valid (no weekly hours). */
export function validateWeeklyWindows(windows: WeeklyWindow[]): WeeklyWindow[] {
  const byWeekday = new Map<Weekday, WeeklyWindow[]>();
  for (const window of windows) {
    if (!Number.isInteger(window.weekday) || window.weekday < 1 || window.weekday > 7) {
      throw new DomainError("INVALID_WEEKDAY", `"${window.weekday}" is not a day of the week. Choose Monday to Sunday.`, "windows");
    }
    byWeekday.set(window.weekday, [...(byWeekday.get(window.weekday) ?? []), window]);
  }
  const result: WeeklyWindow[] = [];
  for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
    const ofDay = byWeekday.get(weekday);
    if (ofDay) result.push(...validateDayRanges(ofDay, WEEKDAY_NAMES[weekday - 1], "windows"));
  }
  return result;
}

/** The same rule as the forms' date field (calendar-input.ts), for callers that skip the form. */
function assertCalendarDate(date: LocalDate) {
  const reading = readLocalDate(date);
  if (!reading.ok) throw new DomainError(reading.code, reading.message, "date");
}

function assertBookableDate(date: LocalDate, { zone, now, policy }: SchedulingContext) {
  assertCalendarDate(date);
  if (date < todayIn(zone, now)) {
    throw new DomainError("DATE_IN_PAST", `${longDate(date)} has already passed in ${zone}. Choose today or a later date.`, "date");
  }
  const lastDate = lastBookableDate(zone, now, policy);
  if (date > lastDate) {
    throw new DomainError(
      "BEYOND_HORIZON",
      `Times can be booked up to ${policy.bookingHorizonDays} days ahead, so the last date you can change is ${longDate(lastDate)}. Choose that date or an earlier one.`,
      "date",
    );
  }
}

/**
 * Throws on a malformed/past date (before today in zone), a date beyond the horizon, HOURS windows that
 * overlap or end before they start, and HOURS that start or end inside a daylight-saving gap (see
 * resolveDatedRange: NONEXISTENT_LOCAL_TIME on "start" or "end").
 */
export function validateException(input: ExceptionInput, context: SchedulingContext): ExceptionInput {
  assertBookableDate(input.date, context);
  if (input.kind === "BLOCKED") return { date: input.date, kind: "BLOCKED" };
  if (input.kind !== "HOURS") {
    throw new DomainError("INVALID_EXCEPTION_KIND", "Choose whether the day is blocked or has different hours.", "kind");
  }
  if (input.windows.length === 0) {
    throw new DomainError("NO_HOURS", `Add at least one time range for ${longDate(input.date)}, or block the whole day instead.`, "windows");
  }
  const windows = validateDayRanges(input.windows, longDate(input.date), "windows").map(({ start, end }) => ({ start, end }));
  // The same daylight-saving rule as a dated slot: other hours may not start (or end) at a time the clocks skip.
  for (const window of windows) resolveDatedRange(input.date, window, context.zone);
  return { date: input.date, kind: "HOURS", windows };
}

function nonexistentTime(date: LocalDate, time: LocalTime, zone: string, field: "start" | "end"): DomainError {
  const gap = gapAround(date, time, zone);
  const jump = gap ? ` the clocks jump from ${gap.from} to ${gap.to} for daylight saving` : " the clocks change for daylight saving";
  // An end exactly where the clocks jump is allowed (see resolveDatedRange), so an end may be "by" it.
  // Where the jump is at midnight (America/Santiago) nothing comes before it that day: the day starts at gap.to.
  const advice = !gap
    ? " Choose another time."
    : gap.from === "00:00"
      ? ` The day starts at ${gap.to}: choose a time from ${gap.to}, or end a range on the day before at 00:00.`
      : field === "end"
        ? ` End by ${gap.from} or from ${gap.to}.`
        : ` Choose a time before ${gap.from} or from ${gap.to}.`;
  return new DomainError("NONEXISTENT_LOCAL_TIME", `${time} does not exist on ${longDate(date)} in ${zone}:${jump}.${advice}`, field);
}

/**
 * One rule for every dated range (a slot, a day's other hours) in the tutor's zone: a START inside a
 * spring-forward gap does not exist and is refused (NONEXISTENT_LOCAL_TIME on "start"); so is an END
 * inside one (on "end"), except an END exactly where the clocks jump ("until 02:00" when 02:00 becomes
 * 03:00), which means the jump itself: the instant after it, as weekly windows read a skipped edge.
 * A fall-back time takes the earlier instant. An END of "00:00" is midnight at the end of `date`.
 * The times must be valid (isLocalTime); returns the two instants without comparing them.
 */
export function resolveDatedRange(date: LocalDate, range: TimeRange, zone: string): { startsAt: DateTime; endsAt: DateTime } {
  const offsetAt = (epochMs: number) => zoneOffsetMinutes(zone, epochMs);
  const start = resolveWallMs(wallMsOfDate(date) + minutesOfDay(range.start) * MINUTE_MS, offsetAt);
  if (start.kind === "gap") throw nonexistentTime(date, range.start, zone, "start");
  const endWallMs = wallMsOfDate(date) + endMinutesOfDay(range.end) * MINUTE_MS;
  const end = resolveWallMs(endWallMs, offsetAt);
  if (end.kind === "gap" && end.gapStartWallMs !== endWallMs) throw nonexistentTime(localDateOfWallMs(endWallMs), range.end, zone, "end");
  return {
    startsAt: DateTime.fromMillis(start.epochMs, { zone: "utc" }),
    endsAt: DateTime.fromMillis(end.kind === "exact" ? end.epochMs : end.afterGapMs, { zone: "utc" }),
  };
}

/**
 * The date and wall-clock times a tutor would type for a stored dated range (to edit it, or copy it a
 * week on), such that resolveDatedRange reads them back as the same instants. An end at midnight that
 * a daylight-saving change skips (America/Santiago, 2026-09-06 00:00 becomes 01:00) is stored as the
 * instant after the jump, which the clock shows as 01:00 the next day; it is written back as "00:00",
 * since "01:00" on the start's date would end before it starts.
 */
export function datedRangeFields(startsAt: Date, endsAt: Date, zone: string): { date: LocalDate; start: LocalTime; end: LocalTime } {
  const start = DateTime.fromJSDate(startsAt).setZone(zone);
  const end = DateTime.fromJSDate(endsAt).setZone(zone);
  const fields = { date: start.toISODate()!, start: start.toFormat("HH:mm"), end: end.toFormat("HH:mm") };
  if (end.toISODate() !== fields.date && fields.end !== "00:00") {
    try {
      const untilMidnight = resolveDatedRange(fields.date, { start: fields.start, end: "00:00" }, zone);
      if (untilMidnight.endsAt.toMillis() === endsAt.getTime()) return { ...fields, end: "00:00" };
    } catch {
      // Not a range this form can say (a start in a gap cannot be stored): keep the clock's reading.
    }
  }
  return fields;
}

/**
 * Validates a dated slot in the tutor's zone and returns its instants. Error codes (field):
 * NONEXISTENT_LOCAL_TIME (start | end), ENDS_BEFORE_START (end), SLOT_IN_PAST (date: starts at or before now),
 * BEYOND_HORIZON (date: starts at or after now + horizon), CAPACITY_OUT_OF_RANGE (capacity: group outside
 * 2..max), CAPACITY_ON_ONE_TO_ONE (capacity: 1:1 with capacity ≠ 1), OVERLAPS_SLOT (start: shares time with
 * one of `existing`; back-to-back is fine). Also INVALID_DATE / INVALID_TIME / INVALID_SLOT_KIND for
 * malformed input. An end of "00:00" means midnight at the end of that date. When editing a slot, leave
 * the slot itself out of `existing`.
 */
export function validateSlot(input: SlotInput, context: SchedulingContext & { existing: ExistingSlot[] }): ValidSlot {
  const { zone, now, policy } = context;
  assertCalendarDate(input.date);
  for (const field of ["start", "end"] as const) {
    if (!isLocalTime(input[field])) {
      throw new DomainError("INVALID_TIME", `"${input[field]}" is not a time. Use 24-hour time such as 09:00 or 17:30.`, field);
    }
  }
  if (input.kind !== "ONE_TO_ONE" && input.kind !== "GROUP") {
    throw new DomainError("INVALID_SLOT_KIND", "Choose whether the slot is 1:1 or a group.", "kind");
  }

  const { startsAt, endsAt } = resolveDatedRange(input.date, input, zone);
  if (endsAt.toMillis() <= startsAt.toMillis()) {
    throw new DomainError("ENDS_BEFORE_START", `${input.start}–${input.end} does not end after it starts. Make the end later than the start.`, "end");
  }

  if (startsAt.toMillis() <= now.toMillis()) {
    throw new DomainError("SLOT_IN_PAST", `${formatInstant(startsAt, zone)} has already started or passed. Choose a later date or time.`, "date");
  }
  const horizonEnd = DateTime.fromMillis(horizonEndMs(now, policy), { zone });
  if (startsAt.toMillis() >= horizonEnd.toMillis()) {
    // On the last date only starts before now's time of day are allowed; say so unless that is midnight.
    const cutoff = horizonEnd.toFormat("HH:mm") === "00:00" ? "" : ` (starting before ${horizonEnd.toFormat("HH:mm")} ${offsetLabel(horizonEnd)})`;
    throw new DomainError(
      "BEYOND_HORIZON",
      `Slots can start up to ${policy.bookingHorizonDays} days ahead, so the last date is ${longDate(lastBookableDate(zone, now, policy))}${cutoff}. Choose an earlier date or time.`,
      "date",
    );
  }

  if (input.kind === "GROUP" && !(Number.isInteger(input.capacity) && input.capacity >= 2 && input.capacity <= policy.maxGroupCapacity)) {
    throw new DomainError(
      "CAPACITY_OUT_OF_RANGE",
      `A group holds 2 to ${policy.maxGroupCapacity} students. Enter a number in that range, or make a 1:1 slot for one student.`,
      "capacity",
    );
  }
  if (input.kind === "ONE_TO_ONE" && input.capacity !== 1) {
    throw new DomainError("CAPACITY_ON_ONE_TO_ONE", "A 1:1 slot is for exactly one student. Set the capacity to 1, or make a group slot.", "capacity");
  }

  const startMs = startsAt.toMillis();
  const endMs = endsAt.toMillis();
  const clash = [...context.existing]
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .find((other) => other.startsAt.getTime() < endMs && other.endsAt.getTime() > startMs);
  if (clash) {
    const otherStart = DateTime.fromJSDate(clash.startsAt).setZone(zone);
    const otherEnd = DateTime.fromJSDate(clash.endsAt).setZone(zone);
    throw new DomainError(
      "OVERLAPS_SLOT",
      `This overlaps your slot on ${otherStart.toFormat("ccc d LLL yyyy, HH:mm")}–${otherEnd.toFormat("HH:mm")} ${offsetLabel(otherStart)} (${zone}). Choose a time that ends by ${otherStart.toFormat("HH:mm")} or starts from ${otherEnd.toFormat("HH:mm")}.`,
      "start",
    );
  }

  return {
    startsAt: startsAt,
    endsAt: endsAt,
    durationMinutes: Math.round((endMs - startMs) / 60_000),
    kind: input.kind,
    capacity: input.capacity,
    startOffset: offsetLabel(startsAt.setZone(zone)),
  };
}
