import { createHash, randomBytes } from "node:crypto";
import type { DateTime } from "luxon";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";

/**
 * Emailed links (DESIGN §9): a random token in the link, only its SHA-256 in the database, bound to one
 * person, one purpose and one subject, used once, expiring. Reading one changes nothing.
 */
export type ActionPurpose = "reschedule.accept" | "reschedule.reject" | "replacement.answer" | "hours.confirm";

function hash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function issueActionToken(tx: Tx, input: { purpose: ActionPurpose; subjectId: string; userId: string; expiresAt: Date }): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tx.actionToken.create({ data: { tokenHash: hash(token), purpose: input.purpose, subjectId: input.subjectId, userId: input.userId, expiresAt: input.expiresAt } });
  return token;
}

export type TokenState = { state: "valid" | "used" | "expired"; purpose: ActionPurpose; subjectId: string; userId: string } | { state: "unknown" };

/** What a link is for and whether it still works; for the confirmation page (GET). */
export async function readActionToken(token: string, now: DateTime = clock.now()): Promise<TokenState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "unknown" };
  const row = await prisma.actionToken.findUnique({ where: { tokenHash: hash(token) }, select: { purpose: true, subjectId: true, userId: true, expiresAt: true, usedAt: true } });
  if (!row) return { state: "unknown" };
  const state = row.usedAt ? "used" : row.expiresAt.getTime() <= now.toMillis() ? "expired" : "valid";
  return { state, purpose: row.purpose as ActionPurpose, subjectId: row.subjectId, userId: row.userId };
}

/** When a link was sent (its row was written), or null for an unknown one. */
export async function actionTokenIssuedAt(token: string): Promise<Date | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await prisma.actionToken.findUnique({ where: { tokenHash: hash(token) }, select: { createdAt: true } });
  return row?.createdAt ?? null;
}

/**
 * Uses the link, once: a single UPDATE that only succeeds while it is unused and unexpired. The caller
 * first takes the lock its answer needs (the tutor's row): an answer made while signed in holds that lock
 * and retires this token, so taking the token first here would deadlock with it.
 */
export async function consumeActionToken(tx: Tx, token: string, purpose: ActionPurpose, now: DateTime): Promise<{ subjectId: string; userId: string } | null> {
  const rows = await tx.$queryRaw<{ subject_id: string; user_id: string }[]>`
    UPDATE action_tokens SET used_at = ${now.toJSDate()}
     WHERE token_hash = ${hash(token)} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > ${now.toJSDate()}
     RETURNING subject_id, user_id`;
  return rows[0] ? { subjectId: rows[0].subject_id, userId: rows[0].user_id } : null;
}

/** Other links for the same subject stop working once it is answered (an accept link after a reject, say). */
export async function retireActionTokens(tx: Tx, subjectId: string, now: DateTime): Promise<void> {
  await tx.actionToken.updateMany({ where: { subjectId, usedAt: null }, data: { usedAt: now.toJSDate() } });
}
