import { DomainError } from "~/domain/shared/errors";
import type { Tx } from "./db.server";

/**
 * The one lock order every change to a tutor's bookings takes: the tutor's row first, then the rows it
 * changes. Bookings, late payments, cancellations, proposals, answers and expiries of one tutor queue
 * here, and each re-checks availability once it holds the lock; tutors never wait for each other.
 */
export async function lockTutor(tx: Tx, tutorId: string): Promise<void> {
  await tx.$queryRaw`SELECT user_id FROM tutor_profiles WHERE user_id = ${tutorId} FOR UPDATE`;
}

/** The lock above, for a change that starts from one session. */
export async function lockTutorOfSession(tx: Tx, sessionId: string): Promise<void> {
  const session = await tx.tutoringSession.findUnique({ where: { id: sessionId }, select: { tutorId: true } });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  await lockTutor(tx, session.tutorId);
}
