import { DateTime } from "luxon";
import { DomainError } from "~/domain/shared/errors";

export type LocalDate = string; // "2026-11-23"
export type LocalTime = string; // "09:00" (24-hour HH:mm)

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "2026-02-29" is false: the format must be strict and the date must exist in the calendar. */
export function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wall = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear keeps the year as written.
  wall.setUTCFullYear(year);
  return wall.getUTCFullYear() === year && wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day;
}

export function isLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

/** "09:30" → 570 */
export function minutesOfDay(time: LocalTime): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Minutes of an END time: "00:00" is midnight at the end of the day (1440), so "20:00–00:00" is four hours. */
export function endMinutesOfDay(time: LocalTime): number {
  const minutes = minutesOfDay(time);
  return minutes === 0 ? 24 * 60 : minutes;
}

/** "13:05" ← 785; 1440 prints as "00:00" (midnight at the end of the day). */
export function localTimeFromMinutes(minutes: number): LocalTime {
  const inDay = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(inDay / 60)).padStart(2, "0")}:${String(inDay % 60).padStart(2, "0")}`;
}

/*
 * "Wall milliseconds": a local date and time written as if it were UTC. Calendar arithmetic on them
 * (next day, weekday) is exact because UTC has no daylight saving; a zone's offset turns them into
 * instants: instant = wall - offset.
 */

/** "2026-11-23" → wall milliseconds of its midnight. The date must be valid (see isLocalDate). */
export function wallMsOfDate(date: LocalDate): number {
  const wall = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
  wall.setUTCFullYear(Number(date.slice(0, 4)));
  return wall.getTime();
}

export function localDateOfWallMs(wallMs: number): LocalDate {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** ISO weekday of a wall date: Monday = 1 … Sunday = 7. */
export function isoWeekdayOfWallMs(wallMs: number): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return (((new Date(wallMs).getUTCDay() + 6) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

// Creating a formatter costs far more than using one, so keep one per zone.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's UTC offset in minutes at an instant. Intl's "longOffset" is read directly because
 * luxon's own offset lookup costs ~15x more (formatToParts), and generation makes dozens per call.
 */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  // The same few instants (now, a page's range, the horizon) are asked about for every tutor in a
  // search who shares a zone: remember exact answers rather than formatting again.
  const key = `${zone}|${epochMs}`;
  const known = knownOffsets.get(key);
  if (known !== undefined) return known;
  const offset = formatOffsetMinutes(zone, epochMs);
  if (knownOffsets.size >= MAX_KNOWN_OFFSETS) knownOffsets.clear();
  knownOffsets.set(key, offset);
  return offset;
}

const knownOffsets = new Map<string, number>();
const MAX_KNOWN_OFFSETS = 5_000;

function formatOffsetMinutes(zone: string, epochMs: number): number {
  let formatter = offsetFormatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset", year: "numeric" });
    } catch {
      throw new DomainError("INVALID_TIME_ZONE", `"${zone}" is not a time zone we know. Choose one from the list, for example Europe/London.`, "zone");
    }
    offsetFormatters.set(zone, formatter);
  }
  const text = formatter.format(epochMs); // "2026, GMT-04:00", "2026, GMT", "1799, GMT-04:56:02"
  const gmt = text.lastIndexOf("GMT");
  if (gmt + 3 >= text.length) return 0;
  const sign = text[gmt + 3] === "-" ? -1 : 1;
  const [hours, minutes = "0", seconds = "0"] = text.slice(gmt + 4).split(":");
  return sign * (Number(hours) * 60 + Number(minutes) + Number(seconds) / 60);
}

export type OffsetAt = (epochMs: number) => number;

export type WallResolution =
  | { kind: "exact"; epochMs: number; ambiguous: boolean }
  /** The wall time was skipped; `afterGapMs` is the first instant after the jump. */
  | { kind: "gap"; afterGapMs: number; gapStartWallMs: number; gapEndWallMs: number };

/**
 * Turns wall milliseconds into an instant. Every real zone changes its offset at most once in any
 * 48 hours, so the offsets a day before and a day after are the only candidates: each that maps back
 * to itself is a solution (two: a fall-back repeat, take the earlier; none: a spring-forward gap).
 */
export function resolveWallMs(wallMs: number, offsetAt: OffsetAt): WallResolution {
  const before = offsetAt(wallMs - DAY_MS);
  const after = offsetAt(wallMs + DAY_MS);
  const solutions: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wallMs - offset * MINUTE_MS;
    if (offsetAt(candidate) === offset) solutions.push(candidate);
  }
  if (solutions.length > 0) {
    return { kind: "exact", epochMs: Math.min(...solutions), ambiguous: solutions.length > 1 };
  }
  // In a gap: the offset changes somewhere between the two candidate instants; find that second.
  const a = wallMs - before * MINUTE_MS;
  const b = wallMs - after * MINUTE_MS;
  const transition = firstOffsetChange(Math.min(a, b), Math.max(a, b), offsetAt);
  return {
    kind: "gap",
    afterGapMs: transition,
    gapStartWallMs: transition + offsetAt(transition - 1000) * MINUTE_MS,
    gapEndWallMs: transition + offsetAt(transition) * MINUTE_MS,
  };
}

/** The first whole second in (lo, hi] whose offset differs from the offset at lo (hi's must differ). */
export function firstOffsetChange(lo: number, hi: number, offsetAt: OffsetAt): number {
  const offsetAtLo = offsetAt(lo);
  let low = Math.floor(lo / 1000);
  let high = Math.ceil(hi / 1000);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * 1000) === offsetAtLo) low = middle;
    else high = middle;
  }
  return high * 1000;
}

// Timelines already built, by zone and range: generation asks for the same few (a tutor's zone over
// days around today) for every tutor in a search and on every request. Bounded, since ranges move on.
const timelines = new Map<string, OffsetAt>();
const MAX_TIMELINES = 500;

/**
 * An offset lookup for one zone over [fromMs, toMs] that asks Intl about once per day instead of
 * once per question; outside the range it asks Intl directly. Assumes at most one change per day.
 * A zone's offsets never change while the process runs, so each timeline is built once.
 */
export function offsetTimeline(zone: string, fromMs: number, toMs: number): OffsetAt {
  const key = `${zone} ${fromMs} ${toMs}`;
  let timeline = timelines.get(key);
  if (!timeline) {
    timeline = buildOffsetTimeline(zone, fromMs, toMs);
    if (timelines.size >= MAX_TIMELINES) timelines.clear();
    timelines.set(key, timeline);
  }
  return timeline;
}

function buildOffsetTimeline(zone: string, fromMs: number, toMs: number): OffsetAt {
  const changesAt = [fromMs];
  const offsets = [zoneOffsetMinutes(zone, fromMs)];
  const offsetOf = (epochMs: number) => zoneOffsetMinutes(zone, epochMs);
  for (let sampleMs = fromMs; sampleMs < toMs;) {
    const nextMs = Math.min(sampleMs + DAY_MS, toMs);
    const offset = offsetOf(nextMs);
    if (offset !== offsets[offsets.length - 1]) {
      const changeMs = firstOffsetChange(sampleMs, nextMs, offsetOf);
      changesAt.push(changeMs);
      offsets.push(offsetOf(changeMs));
    }
    sampleMs = nextMs;
  }
  return (epochMs) => {
    if (epochMs < fromMs || epochMs > toMs) return offsetOf(epochMs);
    let index = changesAt.length - 1;
    while (index > 0 && epochMs < changesAt[index]) index--;
    return offsets[index];
  };
}

function assertDateAndTime(date: LocalDate, time: LocalTime) {
  if (!isLocalDate(date)) throw new DomainError("INVALID_DATE", `"${date}" is not a date. Use the form 2026-11-23.`, "date");
  if (!isLocalTime(time)) throw new DomainError("INVALID_TIME", `"${time}" is not a time. Use 24-hour time such as 09:00 or 17:30.`, "time");
}

/** Wall-clock date+time in `zone` to an instant. A time that does not exist (spring-forward gap) is
 *  { ok: false }; a time that occurs twice (fall-back) takes the EARLIER instant (the first occurrence). */
export function resolveLocalTime(date: LocalDate, time: LocalTime, zone: string): { ok: true; instant: DateTime; ambiguous: boolean } | { ok: false; reason: "NONEXISTENT" } {
  assertDateAndTime(date, time);
  const resolution = resolveWallMs(wallMsOfDate(date) + minutesOfDay(time) * MINUTE_MS, (ms) => zoneOffsetMinutes(zone, ms));
  if (resolution.kind === "gap") return { ok: false, reason: "NONEXISTENT" };
  return { ok: true, instant: DateTime.fromMillis(resolution.epochMs, { zone: "utc" }), ambiguous: resolution.ambiguous };
}

/**
 * The daylight-saving jump that swallows a local time, as wall-clock times: { from: "02:00", to: "03:00" }.
 * Null when the time exists. Used to tell a tutor which times to avoid.
 */
export function gapAround(date: LocalDate, time: LocalTime, zone: string): { from: LocalTime; to: LocalTime } | null {
  assertDateAndTime(date, time);
  const resolution = resolveWallMs(wallMsOfDate(date) + minutesOfDay(time) * MINUTE_MS, (ms) => zoneOffsetMinutes(zone, ms));
  if (resolution.kind !== "gap") return null;
  const clock = (wallMs: number) => new Date(wallMs).toISOString().slice(11, 16);
  return { from: clock(resolution.gapStartWallMs), to: clock(resolution.gapEndWallMs) };
}
