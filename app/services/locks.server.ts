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

/**
 * The lock above, for a change that starts from one session; returns the tutor it locked. A tutor's
 * cancel can hand the session to another tutor while this waits, so the session is read again once the
 * lock is held, and the new tutor's row is locked too when it moved.
 */
export async function lockTutorOfSession(tx: Tx, sessionId: string): Promise<string> {
  let tutorId = await tutorOf(tx, sessionId);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await lockTutor(tx, tutorId);
    const current = await tutorOf(tx, sessionId);
    if (current === tutorId) return tutorId;
    tutorId = current;
  }
  throw new DomainError("CHANGED_MEANWHILE", "This session changed while you were working on it. Open it again.");
}

async function tutorOf(tx: Tx, sessionId: string): Promise<string> {
  const session = await tx.tutoringSession.findUnique({ where: { id: sessionId }, select: { tutorId: true } });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  return session.tutorId;
}

/**
 * A second tutor's row, for a change that moves a session between tutors. It never waits: a tutor
 * whose schedule is being changed this instant is passed over (or the person asked to try again), so
 * two moves in opposite directions cannot deadlock.
 */
export async function tryLockTutor(tx: Tx, tutorId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ user_id: string }[]>`SELECT user_id FROM tutor_profiles WHERE user_id = ${tutorId} FOR UPDATE SKIP LOCKED`;
  return rows.length === 1;
}

/**
 * Password attempts for one address, one at a time while each is counted (held for the transaction
 * only, never with any other lock, so it stands outside the order above). An advisory lock, because
 * the address may have no row to lock: unknown addresses are throttled like known ones.
 */
export async function lockSignInAddress(tx: Tx, email: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in:${email}`}, 0))::text`;
}
