import type { DateTime } from "luxon";
import type { SchedulingPolicy } from "~/domain/policies/defaults";
import { DomainError } from "~/domain/shared/errors";
import {
  DAY_MS,
  MINUTE_MS,
  endMinutesOfDay,
  isoWeekdayOfWallMs,
  localDateOfWallMs,
  minutesOfDay,
  firstOffsetChange,
  offsetTimeline,
  resolveWallMs,
  zoneOffsetMinutes,
  type LocalDate,
  type OffsetAt,
} from "./local-time";
import type { ExceptionInput, SlotKind, TimeRange, WeeklyWindow } from "./rules";
import { horizonEndMs } from "./weeks";

export type BusyInterval = { startsAt: Date; endsAt: Date }; // the tutor's active sessions
export type DatedSlot = { id: string; startsAt: Date; endsAt: Date; kind: SlotKind; capacity: number; seatsTaken: number };
export type BookableTime = {
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  kind: SlotKind;
  source: "weekly" | "slot";
  slotId: string | null;
  seatsLeft: number;
  capacity: number;
};

export type GenerateBookableTimesInput = {
  zone: string; // the tutor's zone: weekly windows and exceptions are wall-clock there
  weekly: WeeklyWindow[];
  exceptions: ExceptionInput[]; // BLOCKED removes that date's weekly windows; HOURS replaces them
  slots: DatedSlot[];
  busy: BusyInterval[];
  durations: number[]; // minutes the tutor offers for weekly times, e.g. [30, 60, 90]
  bufferMinutes: number; // kept free before and after every busy interval and every dated slot
  policy: SchedulingPolicy;
  now: DateTime;
  range?: { from: Date; to: Date }; // optional narrowing (e.g. one week), always clipped to [now + minNotice, now + horizonDays)
};

/** Epoch milliseconds, half-open: [start, end). */
type Interval = { start: number; end: number };
/** Minutes after local midnight; an end of 1440 is the following midnight. */
type MinuteRange = { start: number; end: number };

/**
 * Every time a student can book with this tutor, as instants, sorted by start then duration.
 * Weekly windows offer starts on the tutor's wall-clock grid from each window's start; dated slots are offered whole.
 */
export function generateBookableTimes(input: GenerateBookableTimesInput): BookableTime[] {
  const plan = planGeneration(input);
  if (!plan) return [];
  const weekly = weeklyTimes(plan.windows, plan.offsetAt, plan.blockers, plan.durations, plan.stepMs, plan.fromMs, plan.toMs, Infinity);
  const slots = slotTimes(input.slots, input.busy, plan.fromMs, plan.toMs);
  return mergeByStart(weekly, slots);
}

/**
 * Whether generateBookableTimes(input) would list anything, stopping at the first time found: the
 * "free on a day" search only needs to know that a tutor has one.
 */
export function hasBookableTime(input: GenerateBookableTimesInput): boolean {
  const plan = planGeneration(input);
  if (!plan) return false;
  return (
    weeklyTimes(plan.windows, plan.offsetAt, plan.blockers, plan.durations, plan.stepMs, plan.fromMs, plan.toMs, 1).length > 0 ||
    slotTimes(input.slots, input.busy, plan.fromMs, plan.toMs).length > 0
  );
}

/** See rangeIsSettled and availabilityWindows. */
const SETTLED_AFTER_MS = 2 * DAY_MS;

/**
 * Whether the clock can no longer change what generateBookableTimes and hasBookableTime say about
 * `range`: it starts two days or more from now (past the notice, and far enough that the windows are
 * built from the range's own dates) and ends two days or more before the horizon (the day after the
 * range is built whole). Until the schedule changes, an answer for such a range stays right.
 */
export function rangeIsSettled(range: { from: Date; to: Date }, now: DateTime, policy: SchedulingPolicy): boolean {
  const nowMs = now.toMillis();
  const fromMs = range.from.getTime();
  return fromMs - nowMs >= Math.max(SETTLED_AFTER_MS, policy.minNoticeMinutes * MINUTE_MS) && range.to.getTime() + 2 * DAY_MS <= horizonEndMs(now, policy);
}

/** What both questions share: the range clipped to notice and horizon, the blockers and the tutor's windows. Null when the range is empty. */
function planGeneration(input: GenerateBookableTimesInput) {
  const { policy } = input;
  if (!(policy.slotGranularityMinutes > 0)) {
    throw new DomainError("INVALID_POLICY", "The slot granularity must be at least one minute. Ask an admin to correct the scheduling policy.", "slotGranularityMinutes");
  }
  const horizonMs = horizonEndMs(input.now, policy);
  let fromMs = input.now.toMillis() + policy.minNoticeMinutes * MINUTE_MS;
  let toMs = horizonMs;
  if (input.range) {
    fromMs = Math.max(fromMs, input.range.from.getTime());
    toMs = Math.min(toMs, input.range.to.getTime());
  }
  if (fromMs >= toMs) return null;

  const bufferMs = Math.max(0, input.bufferMinutes) * MINUTE_MS;
  const blockers = mergeIntervals([...input.busy, ...input.slots].map((item) => ({ start: item.startsAt.getTime() - bufferMs, end: item.endsAt.getTime() + bufferMs })));
  // Windows are built a day either side of the asked range (a window may run over midnight, and no
  // session is longer than a day), so a one-day or one-week page shows exactly the full list's times.
  const { windows, offsetAt } = availabilityWindows(input, horizonMs, fromMs, toMs);
  return { fromMs, toMs, blockers, windows, offsetAt, durations: offeredDurations(input.durations), stepMs: policy.slotGranularityMinutes * MINUTE_MS };
}

function offeredDurations(durations: number[]): number[] {
  return [...new Set(durations)].filter((minutes) => Number.isInteger(minutes) && minutes > 0).sort((a, b) => a - b);
}

/** Sorted, and touching or overlapping intervals joined: a tutor free 09:00–12:00 and 12:00–13:00 is free 09:00–13:00. */
function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((interval) => interval.end > interval.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

function toMinuteRange(range: TimeRange): MinuteRange {
  return { start: minutesOfDay(range.start), end: endMinutesOfDay(range.end) };
}

/** Per local date: null when blocked, the replacement ranges for HOURS. A BLOCKED exception wins over HOURS on the same date. */
function exceptionsByDate(exceptions: ExceptionInput[]): Map<LocalDate, MinuteRange[] | null> {
  const byDate = new Map<LocalDate, MinuteRange[] | null>();
  for (const exception of exceptions) {
    const known = byDate.get(exception.date);
    if (exception.kind === "BLOCKED" || known === null) byDate.set(exception.date, null);
    else byDate.set(exception.date, [...(known ?? []), ...exception.windows.map(toMinuteRange)]);
  }
  return byDate;
}

/**
 * The tutor's available instants from the day before the range (a window may run into it) through
 * the day after it, never beyond yesterday or the horizon's last date. luxon-free on purpose: wall-clock arithmetic plus one offset timeline per call.
 */
function availabilityWindows(input: GenerateBookableTimesInput, horizonMs: number, fromMs: number, toMs: number): { windows: Interval[]; offsetAt: OffsetAt } {
  const weeklyByWeekday: MinuteRange[][] = [[], [], [], [], [], [], [], []];
  for (const window of input.weekly) weeklyByWeekday[window.weekday].push(toMinuteRange(window));
  const exceptions = exceptionsByDate(input.exceptions);

  const nowMs = input.now.toMillis();
  const wallDate = (epochMs: number) => {
    const wallMs = epochMs + zoneOffsetMinutes(input.zone, epochMs) * MINUTE_MS;
    return wallMs - (((wallMs % DAY_MS) + DAY_MS) % DAY_MS);
  };
  // Two days on, the range's own date is the later one in any zone (offsets move by hours, not
  // days), and the clock's date, a lookup per tutor per request, is not needed.
  const firstDay = (fromMs - nowMs >= SETTLED_AFTER_MS ? wallDate(fromMs) : Math.max(wallDate(nowMs), wallDate(fromMs))) - DAY_MS;
  const lastDay = Math.min(wallDate(horizonMs - 1), wallDate(toMs - 1) + DAY_MS);
  // Wide enough for every question resolveWallMs asks (a day either side, offsets up to ±14 hours).
  const offsetAt: OffsetAt = offsetTimeline(input.zone, firstDay - 2 * DAY_MS, lastDay + 3 * DAY_MS);
  const instantOf = (wallMs: number) => {
    const resolved = resolveWallMs(wallMs, offsetAt);
    // An edge inside a spring-forward gap moves to the first instant after the jump.
    return resolved.kind === "exact" ? resolved.epochMs : resolved.afterGapMs;
  };

  const windows: Interval[] = [];
  for (let dayMs = firstDay; dayMs <= lastDay; dayMs += DAY_MS) {
    const exception = exceptions.size > 0 ? exceptions.get(localDateOfWallMs(dayMs)) : undefined;
    const ranges = exception === undefined ? weeklyByWeekday[isoWeekdayOfWallMs(dayMs)] : (exception ?? []);
    for (const range of ranges) {
      windows.push({ start: instantOf(dayMs + range.start * MINUTE_MS), end: instantOf(dayMs + range.end * MINUTE_MS) });
    }
  }
  return { windows: mergeIntervals(windows), offsetAt };
}

/**
 * The parts of a window with one UTC offset each, in order. Offsets change at most once a day, so a
 * look a day ahead finds every change (a merged round-the-clock window may hold several).
 */
function offsetSegments(window: Interval, offsetAt: OffsetAt): { start: number; end: number; offset: number }[] {
  const segments: { start: number; end: number; offset: number }[] = [];
  let segmentStart = window.start;
  let offset = offsetAt(segmentStart);
  for (let probe = segmentStart; probe < window.end;) {
    const next = Math.min(probe + DAY_MS, window.end);
    if (offsetAt(next) === offset) {
      probe = next;
      continue;
    }
    const change = firstOffsetChange(probe, next, offsetAt);
    if (change > segmentStart) segments.push({ start: segmentStart, end: Math.min(change, window.end), offset });
    segmentStart = change;
    offset = offsetAt(change);
    probe = change;
  }
  if (window.end > segmentStart) segments.push({ start: segmentStart, end: window.end, offset });
  return segments;
}

/**
 * Starts lie on the tutor's wall-clock grid: the window's first local time plus whole steps of the
 * granularity, as the clock on the wall reads them. Stepping in real time instead would leave the
 * grid after a change the step does not divide (Lord Howe's 30 minutes with a 60-minute step, any
 * change with a 45- or 90-minute step) for as long as the window runs. A repeated fall-back time is
 * offered twice (both instants read it) and a skipped spring-forward time not at all. Windows, their
 * offset segments and starts all ascend, so one pointer walks the blockers. Stops once `limit` times are listed.
 */
function weeklyTimes(
  windows: Interval[],
  offsetAt: OffsetAt,
  blockers: Interval[],
  durationsMinutes: number[],
  stepMs: number,
  fromMs: number,
  toMs: number,
  limit: number,
): BookableTime[] {
  const times: BookableTime[] = [];
  if (durationsMinutes.length === 0) return times;
  const shortestMs = durationsMinutes[0] * MINUTE_MS;
  let blocker = 0;
  for (const window of windows) {
    if (window.end <= fromMs || window.start >= toMs || window.start + shortestMs > window.end) continue;
    const gridWallMs = window.start + offsetAt(window.start) * MINUTE_MS;
    for (const segment of offsetSegments(window, offsetAt)) {
      if (segment.end <= fromMs) continue;
      if (segment.start >= toMs) break;
      const offsetMs = segment.offset * MINUTE_MS;
      // The first grid time whose instant in this segment is at or after both the segment's start and `fromMs`.
      const earliestWallMs = Math.max(segment.start, fromMs) + offsetMs;
      let startMs = gridWallMs + Math.ceil((earliestWallMs - gridWallMs) / stepMs) * stepMs - offsetMs;
      for (; startMs < segment.end && startMs < toMs && startMs + shortestMs <= window.end; startMs += stepMs) {
        while (blocker < blockers.length && blockers[blocker].end <= startMs) blocker++;
        const nextBlockerStart = blocker < blockers.length ? blockers[blocker].start : Infinity;
        for (const minutes of durationsMinutes) {
          const endMs = startMs + minutes * MINUTE_MS;
          // Durations ascend: once one runs past the window or into a blocker, every longer one does too.
          if (endMs > window.end || nextBlockerStart < endMs) break;
          times.push({
            startsAt: new Date(startMs),
            endsAt: new Date(endMs),
            durationMinutes: minutes,
            kind: "ONE_TO_ONE",
            source: "weekly",
            slotId: null,
            seatsLeft: 1,
            capacity: 1,
          });
          if (times.length >= limit) return times;
        }
      }
    }
  }
  return times;
}

/** Dated slots as they are. A 1:1 slot that collides with a session is gone; a group slot's own session is expected to overlap it. */
function slotTimes(slots: DatedSlot[], busy: BusyInterval[], fromMs: number, toMs: number): BookableTime[] {
  const times: BookableTime[] = [];
  for (const slot of slots) {
    const startMs = slot.startsAt.getTime();
    const endMs = slot.endsAt.getTime();
    const seatsLeft = slot.capacity - slot.seatsTaken;
    if (startMs < fromMs || startMs >= toMs || seatsLeft <= 0 || endMs <= startMs) continue;
    if (slot.kind === "ONE_TO_ONE" && busy.some((session) => session.startsAt.getTime() < endMs && session.endsAt.getTime() > startMs)) continue;
    times.push({
      startsAt: new Date(startMs),
      endsAt: new Date(endMs),
      durationMinutes: Math.round((endMs - startMs) / MINUTE_MS),
      kind: slot.kind,
      source: "slot",
      slotId: slot.id,
      seatsLeft,
      capacity: slot.capacity,
    });
  }
  return times.sort(byStartThenDuration);
}

function byStartThenDuration(a: BookableTime, b: BookableTime): number {
  return a.startsAt.getTime() - b.startsAt.getTime() || a.durationMinutes - b.durationMinutes;
}

/** Both lists are already sorted; a merge keeps generation linear instead of sorting ~1000 items. */
function mergeByStart(weekly: BookableTime[], slots: BookableTime[]): BookableTime[] {
  if (slots.length === 0) return weekly;
  const merged: BookableTime[] = [];
  let w = 0;
  let s = 0;
  while (w < weekly.length || s < slots.length) {
    if (s >= slots.length || (w < weekly.length && byStartThenDuration(weekly[w], slots[s]) < 0)) merged.push(weekly[w++]);
    else merged.push(slots[s++]);
  }
  return merged;
}

/**
 * Whether the tutor could take exactly this interval: it lies inside one availability window (weekly
 * hours as changed by exceptions), clear of every busy interval and dated slot with the buffer around
 * them, and within the notice and horizon a booking would need. Used to offer a session whose tutor
 * cancelled to another tutor, whatever that tutor's own granularity or offered lengths.
 */
export function isIntervalFree(input: GenerateBookableTimesInput, interval: { startsAt: Date; endsAt: Date }): boolean {
  const startMs = interval.startsAt.getTime();
  const endMs = interval.endsAt.getTime();
  const horizonMs = horizonEndMs(input.now, input.policy);
  if (endMs <= startMs || startMs < input.now.toMillis() + input.policy.minNoticeMinutes * MINUTE_MS || startMs >= horizonMs) return false;
  const { windows } = availabilityWindows(input, horizonMs, startMs, endMs);
  if (!windows.some((window) => window.start <= startMs && endMs <= window.end)) return false;
  const bufferMs = Math.max(0, input.bufferMinutes) * MINUTE_MS;
  return [...input.busy, ...input.slots].every((item) => item.endsAt.getTime() + bufferMs <= startMs || item.startsAt.getTime() - bufferMs >= endMs);
}
