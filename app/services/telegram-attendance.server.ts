import type { DateTime } from "luxon";
import { CHECK_OUT_CLOSES_AFTER_END_HOURS, CHECK_IN_OPENS_BEFORE_START_MINUTES } from "~/domain/sessions/attendance-windows";
import { CHECK_IN_LOOKAHEAD_HOURS, pickCheckInSession, pickCheckOutSession, type CandidateSession } from "~/domain/telegram/session-pick";
import type { Tx } from "./db.server";
import { getSessionPolicy } from "./policies.server";

const HOUR_MS = 3_600_000;

/**
 * The tutor's session a bare "/checkin" or "/checkout" means (app/domain/telegram/session-pick.ts), or
 * null. Reads only the tutor's scheduled and running sessions near now: starting before the look-ahead
 * ends, and ending no longer ago than a check-out can still be refused as closed.
 */
export async function findTelegramAttendanceSession(tx: Tx, tutorId: string, action: "check-in" | "check-out", now: DateTime): Promise<string | null> {
  const nowMs = now.toMillis();
  const sessions: CandidateSession[] = await tx.tutoringSession.findMany({
    where: {
      tutorId,
      status: { in: ["SCHEDULED", "IN_PROGRESS"] },
      startsAt: { lte: new Date(nowMs + CHECK_IN_LOOKAHEAD_HOURS * HOUR_MS + CHECK_IN_OPENS_BEFORE_START_MINUTES * 60_000) },
      endsAt: { gt: new Date(nowMs - 2 * CHECK_OUT_CLOSES_AFTER_END_HOURS * HOUR_MS) },
    },
    select: { id: true, status: true, startsAt: true, endsAt: true, checkedInAt: true, checkedOutAt: true },
    orderBy: { startsAt: "asc" },
    take: 50,
  });
  const policy = await getSessionPolicy(tx);
  return action === "check-in" ? pickCheckInSession(sessions, policy, now) : pickCheckOutSession(sessions, policy, now);
}
