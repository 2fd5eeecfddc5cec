import { Prisma } from "@prisma/client";
import type { DateTime } from "luxon";
import { learnerBusy, learnerRefusal, tutorBusy, type LearnerClash, type PlacedLearner, type PlacementViewer } from "~/domain/sessions/placement";
import { ACTIVE_SESSION_STATUSES } from "~/domain/sessions/status";
import type { BookableTime } from "~/domain/scheduling/bookable-times";
import { bookableTimesFor, tutorsFreeFor } from "../tutor-availability.server";
import type { Tx } from "../db.server";
import { lockLearners } from "../locks.server";
import { ACTIVE_SEAT_STATUSES_SQL, ACTIVE_SESSION_STATUSES_SQL } from "./sql.server";

/**
 * How the tutor's side of a placement is decided. Every rule reads the tutor's weekly hours, exceptions,
 * buffers, slots and active sessions (with the session being placed left out), inside the transaction:
 *
 * - `bookable-start`: the start is one of the tutor's bookable weekly times of exactly this length, as
 *   the move pages list them (a reschedule proposal, counter, accept or auto-accept).
 * - `free-interval`: the interval lies inside the tutor's hours, clear of everything else with the
 *   buffer, within notice and horizon, whatever the tutor's grid (a replacement tutor, a moved replacement).
 * - `offered`: the caller matched the request against the tutor's bookable times in this same
 *   transaction (a booking: `time` is that match, a weekly time or a dated slot with a seat left).
 * - `held-time`: the session already held this time and lost it (a hold that ran out and is now paid
 *   late): it may have it back when no other session or slot of the tutor is in the way, buffers included.
 * - `session-keeps-time`: the session stays where it is, live, with the tutor; only learners join it
 *   (a late-paid seat in a group that went ahead): only the learners are checked.
 */
export type TutorRule =
  | { rule: "bookable-start" }
  | { rule: "free-interval"; tutorName?: string }
  | { rule: "offered"; time: BookableTime }
  | { rule: "held-time"; slotId: string | null }
  | { rule: "session-keeps-time" };

export type Placement = {
  tutorId: string;
  startsAt: Date;
  endsAt: Date;
  /** The session being placed, when it exists: its own time and seats never count against it. */
  sessionId: string | null;
  /** Every learner who will sit in the session at this time. */
  learners: PlacedLearner[];
  tutor: TutorRule;
  now: DateTime;
  /** The person asking, so a refusal says "You" to a learner booking for themselves. */
  viewer?: PlacementViewer;
  /** Joining this group slot: a clash with it reads "already booked into this session". */
  joiningSlotId?: string | null;
};

/**
 * THE check that a session may sit at a time: the tutor is free by `tutor`'s rule and every learner has
 * no other active seat overlapping it. Call it inside the transaction that writes the placement, holding
 * the tutor's row lock (locks.server.ts, step 1); it takes the learners' locks itself (step 3), so a
 * booking, a move and a replacement of one learner with different tutors decide one after the other.
 * The database's exclusion constraints (tutors and learners) back it up: see isPlacementViolation.
 */
export async function placeSession(tx: Tx, placement: Placement): Promise<void> {
  await assertTutorFree(tx, placement);
  await lockLearners(
    tx,
    placement.learners.map((learner) => learner.id),
  );
  const clashes = await learnerClashes(tx, placement);
  const refused = learnerRefusal({ learners: placement.learners, clashes, viewer: placement.viewer ?? null, joiningSlotId: placement.joiningSlotId });
  if (refused) throw refused;
}

async function assertTutorFree(tx: Tx, placement: Placement): Promise<void> {
  const { tutorId, startsAt, endsAt, now, tutor } = placement;
  const ignoreSessionId = placement.sessionId ?? undefined;
  switch (tutor.rule) {
    case "offered":
      // The match came from the same generator; it must be this very start.
      if (tutor.time.startsAt.getTime() !== startsAt.getTime()) throw tutorBusy();
      return;
    case "bookable-start": {
      const minutes = Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
      const times = await bookableTimesFor(tutorId, { from: startsAt, to: new Date(startsAt.getTime() + 1) }, { db: tx, now, ignoreSessionId });
      if (!times.some((time) => time.source === "weekly" && time.startsAt.getTime() === startsAt.getTime() && time.durationMinutes === minutes)) throw tutorBusy();
      return;
    }
    case "free-interval": {
      const free = await tutorsFreeFor([tutorId], { startsAt, endsAt }, { db: tx, now, ignoreSessionId });
      if (free.length === 0) throw tutorBusy(tutor.tutorName);
      return;
    }
    case "session-keeps-time":
      return;
    case "held-time": {
      if (startsAt.getTime() <= now.toMillis()) throw tutorBusy();
      const profile = await tx.tutorProfile.findUniqueOrThrow({ where: { userId: tutorId }, select: { bufferMinutes: true } });
      const buffer = profile.bufferMinutes * 60_000;
      const from = new Date(startsAt.getTime() - buffer);
      const to = new Date(endsAt.getTime() + buffer);
      const sessionsInTheWay = await tx.tutoringSession.count({
        where: { tutorId, ...(ignoreSessionId ? { id: { not: ignoreSessionId } } : {}), status: { in: [...ACTIVE_SESSION_STATUSES] }, startsAt: { lt: to }, endsAt: { gt: from } },
      });
      const slotsInTheWay = await tx.slot.count({ where: { tutorId, ...(tutor.slotId ? { id: { not: tutor.slotId } } : {}), startsAt: { lt: to }, endsAt: { gt: from } } });
      if (sessionsInTheWay > 0 || slotsInTheWay > 0) throw tutorBusy();
      return;
    }
  }
}

/** The learners' other active seats overlapping the time (held or confirmed, in a session that occupies time). */
async function learnerClashes(tx: Tx, placement: Placement): Promise<LearnerClash[]> {
  if (placement.learners.length === 0) return [];
  const ids = placement.learners.map((learner) => learner.id);
  const rows = await tx.$queryRaw<{ student_id: string; session_id: string; slot_id: string | null }[]>`
    SELECT p.student_id, s.id AS session_id, s.slot_id
      FROM participants p JOIN tutoring_sessions s ON s.id = p.session_id
     WHERE p.student_id IN (${Prisma.join(ids)}) AND p.status IN (${ACTIVE_SEAT_STATUSES_SQL})
       AND s.status IN (${ACTIVE_SESSION_STATUSES_SQL})
       AND s.id <> ${placement.sessionId ?? ""}
       AND s.starts_at < ${placement.endsAt} AND s.ends_at > ${placement.startsAt}`;
  return rows.map((row) => ({ studentId: row.student_id, sessionId: row.session_id, slotId: row.slot_id }));
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return "";
  const { meta, cause } = error as { meta?: unknown; cause?: unknown };
  return `${error.message} ${JSON.stringify(meta ?? {})} ${cause instanceof Error ? cause.message : ""}`;
}

/** The database refused a learner's overlapping seat (participants_learner_no_overlap). */
export function isLearnerOverlap(error: unknown): boolean {
  return /participants_learner_no_overlap/.test(errorText(error));
}

/** The database refused a tutor's overlapping session (or a second live session of one slot). */
export function isTutorOverlap(error: unknown): boolean {
  return /tutoring_sessions_no_overlap|tutoring_sessions_one_live_per_slot/.test(errorText(error));
}

/**
 * The words for a constraint violation that got past placeSession (it cannot, for code that calls it;
 * raw SQL, a seed or a future path that forgets may): the learner named by the violation when the
 * database names one, else the first. Other errors come back unchanged.
 */
export function placementViolation(error: unknown, learners: PlacedLearner[], viewer: PlacementViewer = null): unknown {
  if (isLearnerOverlap(error)) {
    const text = errorText(error);
    const learner = learners.find((candidate) => text.includes(candidate.id)) ?? learners[0] ?? { id: "", name: "This learner" };
    return learnerBusy(learner, viewer);
  }
  if (isTutorOverlap(error)) return tutorBusy();
  return error;
}
