import type { Tx } from "./db.server";

/**
 * A session that is cancelled, or handed to another tutor, has nothing left to negotiate: its pending
 * request to move is withdrawn and the request's emailed links stop working.
 */
export async function closePendingReschedules(tx: Tx, sessionId: string, now: Date): Promise<void> {
  const pending = await tx.rescheduleRequest.findMany({ where: { sessionId, status: "PENDING" }, select: { id: true } });
  if (pending.length === 0) return;
  await tx.rescheduleRequest.updateMany({ where: { sessionId, status: "PENDING" }, data: { status: "WITHDRAWN" } });
  await tx.actionToken.updateMany({ where: { subjectId: { in: pending.map((request) => request.id) }, usedAt: null }, data: { usedAt: now } });
}
