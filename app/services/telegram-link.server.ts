import { createHmac, randomBytes } from "node:crypto";
import type { DateTime } from "luxon";
import { LINK_CODE_TTL_MINUTES, linkCodeFromBytes } from "~/domain/telegram/commands";
import { DomainError } from "~/domain/shared/errors";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import type { Actor } from "./people.server";
import type { RequestMeta } from "./request-meta.server";

/*
 * Linking a tutor's Telegram chat (issue 14): the profile page issues a one-time code, the tutor sends
 * "/link CODE" to the bot, and the chat id lands on TutorProfile.telegramChatId. Only an HMAC of the code
 * is stored (keyed by the session secret: a leaked table does not give up codes to a brute force of 40
 * bits), each code works once within 15 minutes, and a new code retires the tutor's earlier unused ones.
 */

function hashLinkCode(code: string): string {
  return createHmac("sha256", env.sessionSecret).update(`telegram-link:${code}`).digest("hex");
}

export type TelegramLinkStatus = { linked: boolean; linkedAt: Date | null };

export async function telegramLinkStatus(userId: string): Promise<TelegramLinkStatus | null> {
  const profile = await prisma.tutorProfile.findUnique({ where: { userId }, select: { telegramChatId: true, telegramLinkedAt: true } });
  if (!profile) return null;
  return { linked: profile.telegramChatId !== null, linkedAt: profile.telegramLinkedAt };
}

/** A new code for the tutor, shown once; their earlier unused codes stop working. */
export async function issueTelegramLinkCode(actor: Actor, meta: RequestMeta): Promise<{ code: string; expiresAt: Date }> {
  const now = clock.now();
  const bytes = randomBytes(64);
  let index = 0;
  // 64 random bytes are plenty: a byte is skipped with probability 8/256.
  const code = linkCodeFromBytes(() => bytes[index++ % bytes.length]!);
  const expiresAt = now.plus({ minutes: LINK_CODE_TTL_MINUTES }).toJSDate();
  await prisma.$transaction(async (tx) => {
    const profile = await tx.tutorProfile.findUnique({ where: { userId: actor.id }, select: { userId: true } });
    if (!profile) throw new DomainError("NOT_FOUND", "Set up your tutor profile first.");
    await tx.telegramLinkCode.updateMany({ where: { userId: actor.id, usedAt: null }, data: { usedAt: now.toJSDate() } });
    await tx.telegramLinkCode.create({ data: { codeHash: hashLinkCode(code), userId: actor.id, expiresAt } });
    await recordAudit(tx, { actor, action: "telegram.code_issued", subject: { type: "User", id: actor.id }, after: { expiresAt: expiresAt.toISOString() }, meta });
  });
  return { code, expiresAt };
}

/** The tutor unlinks from the profile page. False when nothing was linked. */
export async function unlinkTelegram(actor: Actor, meta: RequestMeta): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const unlinked = await tx.tutorProfile.updateMany({ where: { userId: actor.id, telegramChatId: { not: null } }, data: { telegramChatId: null, telegramLinkedAt: null } });
    if (unlinked.count === 0) return false;
    await recordAudit(tx, { actor, action: "telegram.unlinked", subject: { type: "User", id: actor.id }, meta });
    return true;
  });
}

export type LinkOutcome = { ok: true; tutorName: string; movedFromOtherAccount: boolean } | { ok: false; reason: "unknown" | "expired" | "used" | "not_tutor" };

/**
 * "/link CODE" from `chatId`, inside the webhook's transaction: uses the code once (a single UPDATE that
 * only matches an unused, unexpired code), then points the tutor's profile at this chat. A chat already
 * linked to another tutor account MOVES to this one: only private chats are accepted, so the sender is the
 * chat's one Telegram user, who has just shown a code from the new account's profile page. A tutor has one
 * chat: linking another replaces it. A wrong, expired or used code changes nothing.
 */
export async function linkChatWithCode(tx: Tx, code: string, chatId: string, now: DateTime, meta: RequestMeta): Promise<LinkOutcome> {
  const codeHash = hashLinkCode(code);
  const used = await tx.$queryRaw<{ user_id: string }[]>`
    UPDATE telegram_link_codes SET used_at = ${now.toJSDate()}
     WHERE code_hash = ${codeHash} AND used_at IS NULL AND expires_at > ${now.toJSDate()}
     RETURNING user_id`;
  const userId = used[0]?.user_id;
  if (!userId) {
    const row = await tx.telegramLinkCode.findUnique({ where: { codeHash }, select: { usedAt: true } });
    return { ok: false, reason: !row ? "unknown" : row.usedAt ? "used" : "expired" };
  }
  const tutor = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, roles: true, tutorProfile: { select: { userId: true } } } });
  // The code is spent either way: it was issued to a tutor whose profile has gone since.
  if (!tutor?.tutorProfile) return { ok: false, reason: "not_tutor" };
  const previous = await tx.tutorProfile.findUnique({ where: { telegramChatId: chatId }, select: { userId: true } });
  const movedFromOtherAccount = previous !== null && previous.userId !== userId;
  if (movedFromOtherAccount) {
    await tx.tutorProfile.update({ where: { userId: previous.userId }, data: { telegramChatId: null, telegramLinkedAt: null } });
    await recordAudit(tx, {
      actor: "system",
      action: "telegram.unlinked",
      subject: { type: "User", id: previous.userId },
      reason: "The chat was linked to another tutor account.",
      meta,
    });
  }
  await tx.tutorProfile.update({ where: { userId }, data: { telegramChatId: chatId, telegramLinkedAt: now.toJSDate() } });
  await recordAudit(tx, { actor: { id: tutor.id, roles: tutor.roles }, action: "telegram.linked", subject: { type: "User", id: userId }, after: { chatId }, meta });
  return { ok: true, tutorName: tutor.name, movedFromOtherAccount };
}

/** "/unlink" from the chat itself. False when the chat was not linked. */
export async function unlinkChat(tx: Tx, chatId: string, meta: RequestMeta): Promise<boolean> {
  const profile = await tx.tutorProfile.findUnique({ where: { telegramChatId: chatId }, select: { userId: true, user: { select: { roles: true } } } });
  if (!profile) return false;
  await tx.tutorProfile.update({ where: { userId: profile.userId }, data: { telegramChatId: null, telegramLinkedAt: null } });
  await recordAudit(tx, { actor: { id: profile.userId, roles: profile.user.roles }, action: "telegram.unlinked", subject: { type: "User", id: profile.userId }, meta });
  return true;
}
