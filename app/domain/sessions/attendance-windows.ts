import { DateTime } from "luxon";
import type { SessionPolicy } from "~/domain/policies/session-policies";
import { formatInstant } from "~/domain/time/zones";

/*
 * When a session's tutor may check in and out, when a missed check-in becomes a no-show, and when
 * reminders are due (issue 14). Every rule counts real elapsed time from the scheduled instants, never
 * wall-clock time: "30 minutes before the start" is 30 minutes before it even when the clocks change
 * in between (the opening of a 03:15 session on New York's spring-forward day is at 01:45 on the
 * wall). Only the messages turn instants into local times, in the reader's zone.
 *
 * Every window is half-open, [opens, closes): open from its first instant, closed at its last, so at
 * any instant exactly one of "may check in" and "no-show due" holds, and likewise for check-out and
 * "check-out missing".
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Check-in opens this long before the scheduled start. */
export const CHECK_IN_OPENS_BEFORE_START_MINUTES = 30;
/** Check-out opens this long before the scheduled end… */
export const CHECK_OUT_OPENS_BEFORE_END_MINUTES = 30;
/** …and closes this long after it; a check-in still without a check-out then is flagged "check-out missing". */
export const CHECK_OUT_CLOSES_AFTER_END_HOURS = 24;

export type ReminderKind = "24h" | "1h";
/** Earliest first: a later kind supersedes an earlier one that is still unsent. */
export const REMINDER_KINDS: readonly ReminderKind[] = ["24h", "1h"];
const REMINDER_LEAD_MS: Record<ReminderKind, number> = { "24h": 24 * HOUR_MS, "1h": HOUR_MS };

/** A session as scheduled: its instants and the IANA zone it was made in. */
export type ScheduledSession = { startsAt: Date; endsAt: Date; zone: string };
export type AttendancePolicy = Pick<SessionPolicy, "noShowAfterMinutes">;

export type WindowNotYetOpen = {
  state: "not_yet_open";
  opensAt: Date;
  /** Whole minutes until it opens, rounded up: one second before the opening is "1 minute", never 0. */
  minutesUntilOpen: number;
};
export type CheckInDecision =
  | { state: "open"; /** Whole minutes after the start, rounded down: 0 until a full minute has passed. */ lateMinutes: number }
  | WindowNotYetOpen
  | { state: "closed"; reason: "no_show_due"; closedAt: Date };
export type CheckOutDecision = { state: "open" } | WindowNotYetOpen | { state: "closed"; reason: "check_out_missing"; closedAt: Date };

function notYetOpen(opensAtMs: number, nowMs: number): WindowNotYetOpen {
  return { state: "not_yet_open", opensAt: new Date(opensAtMs), minutesUntilOpen: Math.ceil((opensAtMs - nowMs) / MINUTE_MS) };
}

export function checkInOpensAt(session: Pick<ScheduledSession, "startsAt">): Date {
  return new Date(session.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_START_MINUTES * MINUTE_MS);
}

/**
 * The no-show mark: `noShowAfterMinutes` after the start, but never after the end (with a long mark
 * and a short session, a tutor who never came by the end did not come).
 */
export function noShowDueAt(session: Pick<ScheduledSession, "startsAt" | "endsAt">, policy: AttendancePolicy): Date {
  return new Date(Math.min(session.startsAt.getTime() + policy.noShowAfterMinutes * MINUTE_MS, session.endsAt.getTime()));
}

/** Whether a session still without check-in is a no-show now (the service also checks it is still SCHEDULED). */
export function isNoShowDue(session: Pick<ScheduledSession, "startsAt" | "endsAt">, policy: AttendancePolicy, now: DateTime): boolean {
  return now.toMillis() >= noShowDueAt(session, policy).getTime();
}

/** Check-in: from 30 minutes before the start until the no-show mark; late minutes counted from the start. */
export function checkInWindow(session: Pick<ScheduledSession, "startsAt" | "endsAt">, policy: AttendancePolicy, now: DateTime): CheckInDecision {
  const nowMs = now.toMillis();
  const opensAtMs = checkInOpensAt(session).getTime();
  if (nowMs < opensAtMs) return notYetOpen(opensAtMs, nowMs);
  const closedAt = noShowDueAt(session, policy);
  if (nowMs >= closedAt.getTime()) return { state: "closed", reason: "no_show_due", closedAt };
  return { state: "open", lateMinutes: Math.max(0, Math.floor((nowMs - session.startsAt.getTime()) / MINUTE_MS)) };
}

export function checkOutOpensAt(session: Pick<ScheduledSession, "endsAt">): Date {
  return new Date(session.endsAt.getTime() - CHECK_OUT_OPENS_BEFORE_END_MINUTES * MINUTE_MS);
}

/** 24 hours after the end: check-out closes, and a check-in without one is flagged for coordinators. */
export function checkOutMissingAt(session: Pick<ScheduledSession, "endsAt">): Date {
  return new Date(session.endsAt.getTime() + CHECK_OUT_CLOSES_AFTER_END_HOURS * HOUR_MS);
}

export function isCheckOutMissing(session: Pick<ScheduledSession, "endsAt">, now: DateTime): boolean {
  return now.toMillis() >= checkOutMissingAt(session).getTime();
}

/** Check-out: from 30 minutes before the scheduled end until 24 hours after it. */
export function checkOutWindow(session: Pick<ScheduledSession, "endsAt">, now: DateTime): CheckOutDecision {
  const nowMs = now.toMillis();
  const opensAtMs = checkOutOpensAt(session).getTime();
  if (nowMs < opensAtMs) return notYetOpen(opensAtMs, nowMs);
  const closedAt = checkOutMissingAt(session);
  if (nowMs >= closedAt.getTime()) return { state: "closed", reason: "check_out_missing", closedAt };
  return { state: "open" };
}

export function reminderDueAt(session: Pick<ScheduledSession, "startsAt">, kind: ReminderKind): Date {
  return new Date(session.startsAt.getTime() - REMINDER_LEAD_MS[kind]);
}

/**
 * The reminders to send now for a session, given the kinds already sent for its current start (a moved
 * session starts again with none). A reminder whose instant has passed is sent late rather than never
 * (the server was down), but none once the session has started, and an earlier kind is dropped once a
 * later one is due or sent: a session 50 minutes away gets its 1-hour reminder, not both. So the answer
 * holds at most one kind.
 */
export function dueReminderKinds(session: Pick<ScheduledSession, "startsAt">, sent: readonly ReminderKind[], now: DateTime): ReminderKind[] {
  const nowMs = now.toMillis();
  if (nowMs >= session.startsAt.getTime()) return [];
  const reached = REMINDER_KINDS.filter((kind) => nowMs >= reminderDueAt(session, kind).getTime());
  const latest = reached.at(-1);
  if (latest === undefined) return [];
  const thisOrLaterSent = REMINDER_KINDS.slice(REMINDER_KINDS.indexOf(latest)).some((kind) => sent.includes(kind));
  return thisOrLaterSent ? [] : [latest];
}

/**
 * "15:30 (America/New_York)" when the instant falls on the reader's today, else with its date:
 * "Mon 9 Mar 2026, 15:30 (America/New_York)". 24-hour clock, zone always named.
 */
export function formatWindowInstant(instant: Date, zone: string, now: DateTime): string {
  const local = DateTime.fromJSDate(instant).setZone(zone);
  const sameDay = local.hasSame(now.setZone(zone), "day");
  return `${sameDay ? local.toFormat("HH:mm") : formatInstant(instant, zone, { withZone: false })} (${zone})`;
}

function minutes(count: number): string {
  return `${count} minute${count === 1 ? "" : "s"}`;
}

/**
 * Why a tutor cannot check in or out now, in the reader's zone, or null when the window is open:
 * "Check-in opens in 42 minutes, at 15:30 (America/New_York)" (the exact form, no full stop).
 */
export function windowRefusalMessage(action: "check-in" | "check-out", decision: CheckInDecision | CheckOutDecision, viewerZone: string, now: DateTime): string | null {
  const name = action === "check-in" ? "Check-in" : "Check-out";
  switch (decision.state) {
    case "open":
      return null;
    case "not_yet_open":
      return `${name} opens in ${minutes(decision.minutesUntilOpen)}, at ${formatWindowInstant(decision.opensAt, viewerZone, now)}`;
    case "closed":
      return decision.reason === "no_show_due"
        ? `Check-in closed at ${formatWindowInstant(decision.closedAt, viewerZone, now)}, when the session became a no-show. A coordinator can record what happened on the attendance form.`
        : `Check-out closed at ${formatWindowInstant(decision.closedAt, viewerZone, now)}, ${CHECK_OUT_CLOSES_AFTER_END_HOURS} hours after the end. A coordinator can record the attendance on the attendance form.`;
  }
}

export type ActualTimesField = "actualStart" | "actualEnd";
export type ActualTimesResult = { ok: true; value: { actualStart: Date; actualEnd: Date } } | { ok: false; errors: Partial<Record<ActualTimesField, string>> };

/**
 * The session's day(s) in its own zone: from midnight starting the local date of the scheduled start
 * to midnight ending the local date of the scheduled end (one day, or two for a session across
 * midnight). Local midnights, so a spring-forward day lasts 23 hours in New York and 23.5 on Lord Howe.
 */
export function sessionDayBounds(session: ScheduledSession): { from: Date; to: Date } {
  const from = DateTime.fromJSDate(session.startsAt).setZone(session.zone).startOf("day");
  const to = DateTime.fromJSDate(session.endsAt).setZone(session.zone).startOf("day").plus({ days: 1 });
  return { from: from.toJSDate(), to: to.toJSDate() };
}

/**
 * A tutor's or coordinator's correction of when the session really ran: both inside the session's day
 * (in the session's zone; the end may be the closing midnight itself) and the end after the start.
 * Errors name the field, one each, with times written in `viewerZone`, the zone the form is shown in.
 */
export function validateActualTimes(times: { actualStart: Date; actualEnd: Date }, session: ScheduledSession, viewerZone: string): ActualTimesResult {
  const { from, to } = sessionDayBounds(session);
  const day = `Enter a time on the session's day, from ${formatInstant(from, viewerZone, { withZone: false })} to ${formatInstant(to, viewerZone, { withZone: false })} (${viewerZone}).`;
  const startMs = times.actualStart.getTime();
  const endMs = times.actualEnd.getTime();
  const errors: Partial<Record<ActualTimesField, string>> = {};
  if (Number.isNaN(startMs) || startMs < from.getTime() || startMs >= to.getTime()) errors.actualStart = day;
  if (Number.isNaN(endMs) || endMs <= from.getTime() || endMs > to.getTime()) errors.actualEnd = day;
  else if (!errors.actualStart && endMs <= startMs) {
    errors.actualEnd = `Enter an end after the start (${formatInstant(times.actualStart, viewerZone, { withZone: false })}).`;
  }
  return Object.keys(errors).length === 0 ? { ok: true, value: times } : { ok: false, errors };
}

/**
 * What the check-out records when the tutor corrects nothing: from the later of the start and the
 * check-in, to the check-out; a check-out after the session's day has ended (the window runs 24 hours
 * past the end) ends at the scheduled end instead, since the real end is unknown and must stay on the day.
 */
export function defaultActualTimes(session: ScheduledSession & { checkedInAt: Date | null }, checkOutAt: Date): { actualStart: Date; actualEnd: Date } {
  const actualStart = new Date(Math.max(session.startsAt.getTime(), session.checkedInAt?.getTime() ?? 0));
  const { to } = sessionDayBounds(session);
  const actualEnd = checkOutAt.getTime() <= to.getTime() && checkOutAt.getTime() > actualStart.getTime() ? checkOutAt : session.endsAt;
  return { actualStart, actualEnd };
}

/**
 * A typed "HH:MM" of the check-out form as an instant: on the local date (in `viewerZone`, the zone the
 * form is shown in) of the scheduled start for the actual start, and of the scheduled end for the
 * actual end, so a session across midnight ends on its second day. A time the clocks skip (a DST gap)
 * is read as the wall-clock time just after it.
 */
export function actualTimeOnSessionDay(clockTime: string, which: "start" | "end", session: Pick<ScheduledSession, "startsAt" | "endsAt">, viewerZone: string): Date {
  const day = DateTime.fromJSDate(which === "start" ? session.startsAt : session.endsAt).setZone(viewerZone);
  const [hour, minute] = clockTime.split(":").map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}
