import { DomainError } from "~/domain/shared/errors";

/**
 * Placing a session at a time (booking, a move, a replacement, a revived hold, and every later path):
 * the tutor must be free and so must every learner of the session. The service
 * (app/services/session-core/placement.server.ts) loads the facts under the lock order; these rules say
 * what they mean and how a refusal reads.
 */

/** A learner of the session being placed. */
export type PlacedLearner = { id: string; name: string };

/** Another active seat of one of those learners overlapping the time (their own seat in the session being placed excluded). */
export type LearnerClash = { studentId: string; sessionId: string; slotId: string | null };

/** Who is asking, so a refusal can say "You" to the learner themselves. */
export type PlacementViewer = { id: string } | null;

function learnerSubject(learner: PlacedLearner, viewer: PlacementViewer, verb: "has" | "is"): string {
  if (viewer && learner.id === viewer.id) return verb === "has" ? "You already have" : "You are";
  return verb === "has" ? `${learner.name} already has` : `${learner.name} is`;
}

/**
 * The refusal for the first learner who is busy, or null when every learner is free. A clash with the
 * very group (slot) being joined is "already booked into this session", not "busy then".
 */
export function learnerRefusal(input: { learners: PlacedLearner[]; clashes: LearnerClash[]; viewer: PlacementViewer; joiningSlotId?: string | null }): DomainError | null {
  for (const learner of input.learners) {
    const own = input.clashes.filter((clash) => clash.studentId === learner.id);
    if (own.length === 0) continue;
    if (input.joiningSlotId && own.some((clash) => clash.slotId === input.joiningSlotId)) {
      return new DomainError("ALREADY_BOOKED", `${learnerSubject(learner, input.viewer, "is")} already booked into this session.`);
    }
    return learnerBusy(learner, input.viewer);
  }
  return null;
}

/** "<name> already has a session at that time": the words for a learner who is busy, whichever check found it (the app's or the database's). */
export function learnerBusy(learner: PlacedLearner, viewer: PlacementViewer): DomainError {
  return new DomainError("STUDENT_BUSY", `${learnerSubject(learner, viewer, "has")} a session at that time. Pick another time.`, "startsAt");
}

/** The tutor cannot take the time. `tutorName` when the person asking is not the tutor's own side. */
export function tutorBusy(tutorName?: string): DomainError {
  return new DomainError(
    "NOT_FREE",
    tutorName
      ? `${tutorName} is no longer free then: someone may have just booked it. Pick another time or tutor.`
      : "That time is not free for the tutor any more. Choose another time.",
    "startsAt",
  );
}

/** Learners are locked in one order (by id), so two placements sharing learners never wait for each other in a circle. */
export function learnerLockOrder(learners: readonly { id: string }[]): string[] {
  return [...new Set(learners.map((learner) => learner.id))].sort();
}
