import type { DateTime } from "luxon";
import { checkInWindow, checkOutWindow, windowRefusalMessage, type AttendancePolicy } from "./attendance-windows";
import type { SessionStatus } from "./status";

/** What a tutor can do about one of today's sessions from their home page. */
export type TodayAction = { kind: "check_in"; open: boolean; note: string | null } | { kind: "check_out"; open: boolean; note: string | null } | { kind: "none"; note: string };

/**
 * The home page's "today" list, one row's action: a Check in button from the day's start (with when it
 * opens beside it until then; pressing early gets the same refusal from the service), a link to check
 * out once checked in (the form needs each learner's mark), or what happened.
 */
export function todayAction(session: { status: SessionStatus; startsAt: Date; endsAt: Date }, policy: AttendancePolicy, viewerZone: string, now: DateTime): TodayAction {
  if (session.status === "SCHEDULED") {
    const decision = checkInWindow(session, policy, now);
    if (decision.state === "closed") return { kind: "none", note: "Check-in closed: the no-show mark has passed" };
    return { kind: "check_in", open: decision.state === "open", note: windowRefusalMessage("check-in", decision, viewerZone, now) };
  }
  if (session.status === "IN_PROGRESS") {
    const decision = checkOutWindow(session, now);
    if (decision.state === "closed") return { kind: "none", note: "Check-out missing: a coordinator records the attendance" };
    return { kind: "check_out", open: decision.state === "open", note: windowRefusalMessage("check-out", decision, viewerZone, now) };
  }
  const done: Partial<Record<SessionStatus, string>> = {
    AWAITING_CONFIRMATION: "Checked out: waiting for confirmation",
    COMPLETED: "Completed",
    NO_SHOW: "No-show",
    DISPUTED: "Disputed",
  };
  return { kind: "none", note: done[session.status] ?? "Nothing to do" };
}

/** The instants that bound "today" in the tutor's zone (a DST day is 23 or 25 hours long). */
export function todayBounds(now: DateTime, zone: string): { from: Date; to: Date } {
  const start = now.setZone(zone).startOf("day");
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}
