import type { AttendanceSource } from "@prisma/client";
import type { DateTime } from "luxon";
import {
  actualTimeOnSessionDay,
  checkInWindow,
  checkOutWindow,
  validateActualTimes,
  windowRefusalMessage,
  type ActualTimesField,
  type CheckInDecision,
  type CheckOutDecision,
} from "~/domain/sessions/attendance-windows";
import type { SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import { clock } from "./clock.server";
import type { Tx } from "./db.server";
import type { Actor } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";
import { sessionTransaction, type SessionTx } from "./session-core/after-commit.server";
import { relationshipOf } from "./session-core/relationship.server";
import { transitionSession } from "./session-core/transition.server";

/** The person acting, with the zone every message is written in. */
export type AttendanceViewer = Actor & { timezone: string };

/** The tutor's corrections on the check-out form: typed 24-hour times ("HH:MM") in the viewer's zone; a blank one keeps the default. */
export type CheckOutInput = { actualStart?: string; actualEnd?: string };

/** Bad actual times on the check-out form: every field's message (a 400, the form kept), nothing written. */
export class ActualTimesError extends DomainError<"INVALID_ACTUAL_TIMES"> {
  constructor(readonly errors: Partial<Record<ActualTimesField, string>>) {
    const [field, message] = Object.entries(errors)[0] ?? ["actualEnd", "Enter the actual times again."];
    super("INVALID_ACTUAL_TIMES", message ?? "Enter the actual times again.", field);
  }
}

async function loadForAttendance(tx: Tx, viewer: AttendanceViewer, sessionId: string) {
  const session = await tx.tutoringSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      tutorId: true,
      status: true,
      startsAt: true,
      endsAt: true,
      timezone: true,
      checkedInAt: true,
      checkedOutAt: true,
      participants: { where: { status: { in: ["HELD", "CONFIRMED"] } }, select: { id: true, status: true, studentId: true, bookedById: true } },
    },
  });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  const relationship = await relationshipOf(tx, viewer, { tutorId: session.tutorId, seats: session.participants });
  // Not one's to see looks like not there at all; seen but not the tutor's is a plain "not yours to do".
  if (!relationship.maySee) throw new DomainError("NOT_FOUND", "That session does not exist.");
  if (!relationship.isTutor) throw new DomainError("FORBIDDEN", "Only the session's tutor checks in and out.");
  return session;
}

function windowRefusal(action: "check-in" | "check-out", decision: CheckInDecision | CheckOutDecision, zone: string, now: DateTime): DomainError | null {
  const message = windowRefusalMessage(action, decision, zone, now);
  if (message === null) return null;
  const code = `${action === "check-in" ? "CHECK_IN" : "CHECK_OUT"}_${decision.state === "not_yet_open" ? "NOT_OPEN" : "CLOSED"}`;
  return new DomainError(code, message);
}

/**
 * The tutor checks in: SCHEDULED → IN_PROGRESS inside the check-in window (30 minutes before the start
 * to the no-show mark), recording the instant, the source and the minutes late. The status change is
 * a compare-and-swap (transitionSession), so of two check-ins at once (two tabs, the web and Telegram,
 * a check-in and the no-show job) exactly one wins and the other changes nothing.
 */
export async function checkIn(
  viewer: AttendanceViewer,
  sessionId: string,
  meta: RequestMeta,
  options: { source?: AttendanceSource; within?: SessionTx } = {},
): Promise<{ checkedInAt: Date; lateMinutes: number }> {
  // Inside the caller's transaction when given (the Telegram webhook records the update in the same one).
  const transaction = { within: options.within };
  const source = options.source ?? "web";
  return sessionTransaction(async ({ tx }) => {
    const session = await loadForAttendance(tx, viewer, sessionId);
    const now = clock.now();
    if (session.status === "IN_PROGRESS" && session.checkedInAt) {
      throw new DomainError("ALREADY_CHECKED_IN", `You already checked in, at ${formatInstant(session.checkedInAt, viewer.timezone)}.`);
    }
    const policy = await getSessionPolicy(tx);
    const decision = checkInWindow(session, policy, now);
    // Only a scheduled session has a window to speak of; any other status is the state machine's refusal below.
    if (session.status === "SCHEDULED") {
      const refusal = windowRefusal("check-in", decision, viewer.timezone, now);
      if (refusal) throw refusal;
    }
    const lateMinutes = decision.state === "open" ? decision.lateMinutes : 0;
    const checkedInAt = now.toJSDate();
    await transitionSession(tx, {
      sessionId,
      from: session.status as SessionStatus,
      to: "IN_PROGRESS",
      event: "check_in",
      data: { checkedInAt, checkInSource: source, lateMinutes },
      audit: { actor: viewer, action: "session.checked_in", after: { checkedInAt: checkedInAt.toISOString(), source, lateMinutes }, meta },
    }).catch((error: unknown) => {
      throw alreadyCheckedInIfRaced(error);
    });
    return { checkedInAt, lateMinutes };
  }, transaction);
}

/** A check-in that lost the race to another one says so plainly rather than "the session changed". */
function alreadyCheckedInIfRaced(error: unknown): unknown {
  if (error instanceof DomainError && error.code === "CHANGED_MEANWHILE") {
    return new DomainError("CHANGED_MEANWHILE", "This session was checked in or changed meanwhile. Look at it again.");
  }
  return error;
}

/**
 * The tutor checks out: IN_PROGRESS → AWAITING_CONFIRMATION inside the check-out window (30 minutes
 * before the scheduled end to 24 hours after it), recording the instant and the source, and when the
 * session really ran: the tutor's corrections, else from the later of the start and the check-in to
 * the check-out. Bad actual times throw ActualTimesError (every field's message) and write nothing.
 */
export async function checkOut(
  viewer: AttendanceViewer,
  sessionId: string,
  input: CheckOutInput,
  meta: RequestMeta,
  options: { source?: AttendanceSource; within?: SessionTx } = {},
): Promise<{ checkedOutAt: Date; actualStartedAt: Date; actualEndedAt: Date }> {
  // Inside the caller's transaction when given (the Telegram webhook records the update in the same one).
  const transaction = { within: options.within };
  const source = options.source ?? "web";
  return sessionTransaction(async ({ tx }) => {
    const session = await loadForAttendance(tx, viewer, sessionId);
    const now = clock.now();
    if (session.status === "SCHEDULED") throw new DomainError("NOT_CHECKED_IN", "Check in first: this session has no check-in to check out from.");
    if (session.checkedOutAt) throw new DomainError("ALREADY_CHECKED_OUT", `You already checked out, at ${formatInstant(session.checkedOutAt, viewer.timezone)}.`);
    if (session.status === "IN_PROGRESS") {
      const refusal = windowRefusal("check-out", checkOutWindow(session, now), viewer.timezone, now);
      if (refusal) throw refusal;
    }
    const checkedOutAt = now.toJSDate();
    const defaults = defaultActualTimes(session, checkedOutAt);
    const times = {
      actualStart: input.actualStart ? actualTimeOnSessionDay(input.actualStart, "start", session, viewer.timezone) : defaults.actualStart,
      actualEnd: input.actualEnd ? actualTimeOnSessionDay(input.actualEnd, "end", session, viewer.timezone) : defaults.actualEnd,
    };
    const valid = validateActualTimes(times, { startsAt: session.startsAt, endsAt: session.endsAt, zone: session.timezone }, viewer.timezone);
    if (!valid.ok) throw new ActualTimesError(valid.errors);
    const { actualStart: actualStartedAt, actualEnd: actualEndedAt } = valid.value;
    await transitionSession(tx, {
      sessionId,
      from: session.status as SessionStatus,
      to: "AWAITING_CONFIRMATION",
      event: "check_out",
      data: { checkedOutAt, checkOutSource: source, actualStartedAt, actualEndedAt },
      audit: {
        actor: viewer,
        action: "session.checked_out",
        after: { checkedOutAt: checkedOutAt.toISOString(), source, actualStartedAt: actualStartedAt.toISOString(), actualEndedAt: actualEndedAt.toISOString() },
        meta,
      },
    });
    return { checkedOutAt, actualStartedAt, actualEndedAt };
  }, transaction);
}

/** What the check-out records when the tutor corrects nothing: from the later of the start and the check-in, to the check-out. */
export function defaultActualTimes(session: { startsAt: Date; checkedInAt: Date | null }, checkOutAt: Date): { actualStart: Date; actualEnd: Date } {
  const actualStart = new Date(Math.max(session.startsAt.getTime(), session.checkedInAt?.getTime() ?? 0));
  return { actualStart, actualEnd: checkOutAt };
}
