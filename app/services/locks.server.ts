import { Prisma } from "@prisma/client";
import { learnerLockOrder } from "~/domain/sessions/placement";
import { DomainError } from "~/domain/shared/errors";
import type { Tx } from "./db.server";

/**
 * The one lock order every change to a session takes (docs/decisions/016):
 *
 *   1. the tutor's row (lockTutor / lockTutorOfSession); a second tutor only without waiting (tryLockTutor);
 *   2. rows of that tutor's sessions it changes (a pending reschedule request, a seat being paid for);
 *   2b. the payer's user row, when credit is spent (lockPayer, decision 029): before any learner's;
 *   3. the learners' user rows, all of them, in id order (lockLearners), taken by placeSession.
 *
 * Bookings, late payments, cancellations, proposals, answers and expiries of one tutor queue on (1),
 * and each re-checks availability once it holds the lock; tutors never wait for each other. A holder of
 * (3) never asks for (1) or (2), so placements of one learner with two tutors queue on (3) without a cycle.
 * Spending credit with no session (an admin taking credit back) takes (2b) alone. Giving credit back
 * never locks: a positive entry cannot take a balance below zero.
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
 * Step 3 of the order above: the learners of a session being placed, so two placements of one learner
 * (with two tutors) check each other's seats one after the other. NO KEY UPDATE: rows that merely
 * reference the learner (seats, audit events) are not blocked.
 */
export async function lockLearners(tx: Tx, learnerIds: readonly string[]): Promise<void> {
  const ids = learnerLockOrder(learnerIds.map((id) => ({ id })));
  if (ids.length === 0) return;
  await tx.$queryRaw`SELECT id FROM users WHERE id IN (${Prisma.join(ids)}) ORDER BY id FOR NO KEY UPDATE`;
}

/**
 * Step 2b: one payer's credit is spent one spend at a time, each re-reading the balance once it holds
 * this. The ledger's insert trigger takes the same row lock (credit_entries_never_negative), so a
 * spend that forgot it still queues and is refused below zero. A payer who is also the learner being
 * placed holds their row already when placeSession asks for it.
 */
export async function lockPayer(tx: Tx, payerId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${payerId} FOR NO KEY UPDATE`;
}

/**
 * Password attempts for one address, one at a time while each is counted (held for the transaction
 * only, never with any other lock, so it stands outside the order above). An advisory lock, because
 * the address may have no row to lock: unknown addresses are throttled like known ones.
 */
export async function lockSignInAddress(tx: Tx, email: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in:${email}`}, 0))::text`;
}
