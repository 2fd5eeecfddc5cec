import { createHash, timingSafeEqual } from "node:crypto";
import { Prisma } from "@prisma/client";
import { Api, Bot, BotError } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { z } from "zod";
import { formatWindowInstant } from "~/domain/sessions/attendance-windows";
import { DomainError } from "~/domain/shared/errors";
import { botName, checkedInReply, checkedOutReply, linkedReply, parseCommand, REPLIES, tooManyAttemptsReply, type BotCommand } from "~/domain/telegram/commands";
import type { Role } from "~/domain/users/roles";
import { checkIn, checkOut } from "./attendance.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { consumeAllowance, createSignInLimiter, type Allowance } from "./rate-limits.server";
import type { RequestMeta } from "./request-meta.server";
import { AfterCommit } from "./session-core/after-commit.server";
import { findTelegramAttendanceSession } from "./telegram-attendance.server";
import { linkChatWithCode, unlinkChat } from "./telegram-link.server";

/*
 * The Telegram bot's webhook (issue 14; docs/decisions/020-telegram.md). grammY parses the update into
 * its context and is the Bot API client (sendMessage at TELEGRAM_API_BASE). The secret header is
 * compared here, in constant time, and each update is handled in ONE transaction that first records
 * its update_id (ON CONFLICT DO NOTHING): the record and the work commit together or not at all, so
 * a redelivered update does nothing and a crash before the commit loses nothing (Telegram delivers
 * again). Replies go out after the commit.
 */

export function telegramEnabled(): boolean {
  return Boolean(env.telegramBotToken);
}

/** "@TutordeskBot", or a description when TELEGRAM_BOT_USERNAME is not set. */
export function telegramBotName(): string {
  return botName(env.telegramBotUsername);
}

/** Equal-length buffers for timingSafeEqual: the SHA-256 of each side, so neither the length nor a prefix leaks. */
function secretMatches(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(received), digest(expected));
}

/** Only what the bot reads is checked; the rest of Telegram's update passes through untouched to grammY. */
const UpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  message: z
    .looseObject({
      message_id: z.number().int(),
      date: z.number().int(),
      chat: z.looseObject({ id: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), type: z.string() }),
      text: z.string().max(4096).optional(),
    })
    .optional(),
});

/** grammY's view of the bot, given here so it never calls getMe. The id is the token's first part. */
function botInfo(token: string): UserFromGetMe {
  return {
    id: Number(token.split(":")[0]) || 0,
    is_bot: true,
    first_name: "Tutordesk",
    username: env.telegramBotUsername ?? "tutordesk_bot",
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

const clientOptions = () => ({ apiRoot: env.telegramApiBase, timeoutSeconds: 10 });

/** A bot per update: its one handler closes over that update's transaction. Cheap: no network until a send. */
function createBot(token: string): Bot {
  return new Bot(token, { botInfo: botInfo(token), client: clientOptions() });
}

let linkLimiter: ReturnType<typeof createSignInLimiter> | undefined;
/** Five /link attempts per chat per 15 minutes, counted in the database like the sign-in limit. */
export const LINK_ATTEMPTS_PER_WINDOW = 5;
/** A "/link" message from a private chat counts one attempt for its chat; any other update counts none. */
async function linkAttemptAllowance(update: Update): Promise<Allowance> {
  const message = update.message;
  if (!message?.text || message.chat.type !== "private" || parseCommand(message.text, env.telegramBotUsername).name !== "link") return { allowed: true };
  linkLimiter ??= createSignInLimiter({ db: prisma, points: LINK_ATTEMPTS_PER_WINDOW, keyPrefix: "telegram-link" });
  return consumeAllowance(linkLimiter, String(message.chat.id));
}

type Reply = { chatId: string; text: string };
type Handled = { replies: Reply[]; afterCommit: AfterCommit[] };

export type WebhookResult = { status: 200 | 400 | 401 | 404; body: { ok: boolean; outcome?: "handled" | "duplicate" | "ignored"; error?: string } };

/**
 * One webhook POST: `secretToken` is the X-Telegram-Bot-Api-Secret-Token header, `body` the raw body.
 * 404 when the feature is off, 401 for a wrong or missing secret, 400 for a body that is not an update;
 * nothing is written in any of these.
 */
export async function handleTelegramWebhook(input: { secretToken: string | null; body: string; meta: RequestMeta }): Promise<WebhookResult> {
  const token = env.telegramBotToken;
  if (!token) return { status: 404, body: { ok: false, error: "Not found." } };
  if (!secretMatches(input.secretToken, env.telegramWebhookSecret)) return { status: 401, body: { ok: false, error: "Wrong secret token." } };
  let json: unknown;
  try {
    json = JSON.parse(input.body);
  } catch {
    return { status: 400, body: { ok: false, error: "The body is not JSON." } };
  }
  const parsed = UpdateSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { ok: false, error: "The body is not a Telegram update." } };
  const update = parsed.data as unknown as Update;

  // Counted before the transaction and on its own connection (the embedded database serves one
  // transaction at a time, so a second connection inside it would wait for it forever).
  const linkAllowance = await linkAttemptAllowance(update);
  const handled = await handleOnce(token, update, input.meta, linkAllowance);
  if (!handled) return { status: 200, body: { ok: true, outcome: "duplicate" } };
  for (const after of handled.afterCommit) await after.run();
  const api = new Api(token, clientOptions());
  for (const reply of handled.replies) {
    // After the commit: a failed send is logged, not retried (the check-in stands; the tutor sees it on the session page).
    await api.sendMessage(Number(reply.chatId), reply.text).catch((error: unknown) => console.error("telegram: sendMessage failed", error));
  }
  return { status: 200, body: { ok: true, outcome: handled.replies.length > 0 ? "handled" : "ignored" } };
}

/**
 * The update's one transaction, or null for an update handled before. Two tutors linking the same chat at
 * once can collide on the chat's unique key: the loser's transaction rolls back whole and runs once more,
 * when it sees the winner's link and moves it.
 */
async function handleOnce(token: string, update: Update, meta: RequestMeta, linkAllowance: Allowance): Promise<Handled | null> {
  for (let attempt = 1; ; attempt++) {
    const bot = createBot(token);
    try {
      return await prisma.$transaction(
        async (tx) => {
          const recorded = await tx.telegramUpdate.createMany({ data: [{ updateId: BigInt(update.update_id) }], skipDuplicates: true });
          if (recorded.count === 0) return null;
          const handled: Handled = { replies: [], afterCommit: [] };
          bot.on("message:text", async (ctx) => {
            const command = parseCommand(ctx.message.text, bot.botInfo.username);
            const chatId = String(ctx.chat.id);
            if (ctx.chat.type !== "private") {
              if (command.name !== "unknown") handled.replies.push({ chatId, text: REPLIES.privateOnly });
              return;
            }
            handled.replies.push({ chatId, text: await answer(tx, command, { chatId, meta, handled, linkAllowance }) });
          });
          try {
            await bot.handleUpdate(update);
          } catch (error) {
            throw error instanceof BotError ? error.error : error;
          }
          return handled;
        },
        { timeout: 15_000 },
      );
    } catch (error) {
      const chatCollision = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && attempt === 1;
      if (!chatCollision) throw error;
    }
  }
}

type Asked = { chatId: string; meta: RequestMeta; handled: Handled; linkAllowance: Allowance };

async function answer(tx: Tx, command: BotCommand, { chatId, meta, handled, linkAllowance }: Asked): Promise<string> {
  switch (command.name) {
    case "help":
    case "unknown":
      return REPLIES.help;
    case "link": {
      if (!linkAllowance.allowed) return tooManyAttemptsReply(linkAllowance.retryAfterSeconds);
      if (!command.code) return REPLIES.linkNeedsCode;
      const outcome = await linkChatWithCode(tx, command.code, chatId, clock.now(), meta);
      if (outcome.ok) return linkedReply(outcome.tutorName, outcome.movedFromOtherAccount);
      return { unknown: REPLIES.linkUnknown, expired: REPLIES.linkExpired, used: REPLIES.linkUsed, not_tutor: REPLIES.linkNotTutor }[outcome.reason];
    }
    case "unlink":
      return (await unlinkChat(tx, chatId, meta)) ? REPLIES.unlinked : REPLIES.notLinked;
    case "checkin":
    case "checkout":
      return attendance(tx, command.name, chatId, meta, handled);
  }
}

async function attendance(tx: Tx, command: "checkin" | "checkout", chatId: string, meta: RequestMeta, handled: Handled): Promise<string> {
  const profile = await tx.tutorProfile.findUnique({ where: { telegramChatId: chatId }, select: { user: { select: { id: true, name: true, roles: true, timezone: true } } } });
  if (!profile) return REPLIES.notLinked;
  const viewer = { ...profile.user, roles: profile.user.roles as Role[] };
  const now = clock.now();
  const sessionId = await findTelegramAttendanceSession(tx, viewer.id, command === "checkin" ? "check-in" : "check-out", now);
  if (!sessionId) return command === "checkin" ? REPLIES.noSessionToCheckIn : REPLIES.noSessionToCheckOut;
  // A refusal undoes whatever the service wrote before refusing (today: nothing) but keeps the update's record.
  const after = new AfterCommit();
  await tx.$executeRawUnsafe("SAVEPOINT telegram_command");
  try {
    let text: string;
    if (command === "checkin") {
      const done = await checkIn(viewer, sessionId, meta, { source: "telegram", within: { tx, after } });
      text = checkedInReply(formatWindowInstant(done.checkedInAt, viewer.timezone, now), done.lateMinutes);
    } else {
      const done = await checkOut(viewer, sessionId, {}, meta, { source: "telegram", within: { tx, after } });
      text = checkedOutReply(formatWindowInstant(done.checkedOutAt, viewer.timezone, now));
    }
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT telegram_command");
    handled.afterCommit.push(after);
    return text;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT telegram_command");
    return error.message;
  }
}
