/*
 * What a tutor types to the Telegram bot, and what the bot answers (issue 14). Pure: no Telegram
 * client, no database, time passed in. The service (app/services/telegram.server.ts) reads a message,
 * asks parseCommand what it is, acts, and sends back one of the texts below.
 */

export type BotCommand = { name: "link"; code: string | null } | { name: "unlink" } | { name: "checkin" } | { name: "checkout" } | { name: "help" } | { name: "unknown" };

const COMMANDS = new Set(["link", "unlink", "checkin", "checkout", "start", "help"]);

/**
 * A message's command: "/checkin", "/checkin@TutordeskBot" (as Telegram writes a command picked from
 * the menu), "/link K7M3QX9P"; any other text is "unknown" (the bot answers with its help). A command
 * addressed to another bot ("/checkin@OtherBot") is unknown too.
 */
export function parseCommand(text: string, botUsername?: string): BotCommand {
  const match = /^\/([A-Za-z_]+)(?:@(\w+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return { name: "unknown" };
  const [, rawName, addressee, rest] = match;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return { name: "unknown" };
  const name = rawName!.toLowerCase();
  if (!COMMANDS.has(name)) return { name: "unknown" };
  switch (name) {
    case "link":
      return { name: "link", code: normalizeLinkCode(rest ?? "") };
    case "unlink":
    case "checkin":
    case "checkout":
      return { name };
    default:
      return { name: "help" };
  }
}

/**
 * Link codes: 8 characters a person can read off a screen and type on a phone without doubt, from 31
 * symbols (no 0/O, 1/I/L, which look alike): about 40 bits, used once within 15 minutes, attempts
 * limited per chat.
 */
export const LINK_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const LINK_CODE_LENGTH = 8;
export const LINK_CODE_TTL_MINUTES = 15;

/** A code as typed (any case, with spaces or dashes) in its one stored form, or null when it cannot be one. */
export function normalizeLinkCode(typed: string): string | null {
  const compact = typed.replace(/[\s-]+/g, "").toUpperCase();
  if (compact.length !== LINK_CODE_LENGTH) return null;
  for (const char of compact) if (!LINK_CODE_ALPHABET.includes(char)) return null;
  return compact;
}

/** A code from random bytes (the service passes crypto's): rejection sampling keeps every symbol equally likely. */
export function linkCodeFromBytes(nextByte: () => number): string {
  const limit = 256 - (256 % LINK_CODE_ALPHABET.length);
  let code = "";
  while (code.length < LINK_CODE_LENGTH) {
    const byte = nextByte();
    if (byte < limit) code += LINK_CODE_ALPHABET[byte % LINK_CODE_ALPHABET.length];
  }
  return code;
}

/** "@TutordeskBot", or a description when the bot's username is not configured. */
export function botName(botUsername?: string): string {
  return botUsername ? `@${botUsername}` : "the Tutordesk bot on Telegram";
}

export const REPLIES = {
  help: [
    "Tutordesk bot: check in and out of your sessions from Telegram.",
    "/checkin: check in to the session starting now",
    "/checkout: check out of the session you are teaching",
    "/link CODE: link this chat to your tutor account (get the code on your Tutordesk profile, Telegram section)",
    "/unlink: stop using this chat",
  ].join("\n"),
  notLinked: "This chat is not linked to a Tutordesk tutor account. On your Tutordesk profile, open Telegram, get a link code, and send /link CODE here.",
  privateOnly: "Send me commands in a private chat, not in a group.",
  linkNeedsCode: "Send the code from your Tutordesk profile with the command, like this: /link K7M3QX9P",
  linkUnknown: "That code is not right. Check it, or get a new one on your Tutordesk profile (Telegram section).",
  linkExpired: `That code has expired (codes last ${LINK_CODE_TTL_MINUTES} minutes). Get a new one on your Tutordesk profile (Telegram section).`,
  linkUsed: "That code was already used. Get a new one on your Tutordesk profile (Telegram section).",
  linkNotTutor: "That code belongs to an account without a tutor profile. Set up your tutor profile first, then get a new code.",
  unlinked: "This chat is no longer linked to Tutordesk. Link it again any time with a new code from your profile.",
  noSessionToCheckIn: "No session to check in to.",
  noSessionToCheckOut: "No session to check out of.",
} as const;

export function tooManyAttemptsReply(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many codes tried from this chat. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function linkedReply(tutorName: string, movedFromOtherAccount: boolean): string {
  const moved = movedFromOtherAccount ? " It was linked to another Tutordesk account, which no longer uses it." : "";
  return `Linked: this chat now checks in and out for ${tutorName}.${moved} Send /checkin when your session starts.`;
}

/** "Checked in at 15:32 (America/New_York), 2 minutes late." — `at` already formatted in the tutor's zone. */
export function checkedInReply(at: string, lateMinutes: number): string {
  const late = lateMinutes > 0 ? `, ${lateMinutes} minute${lateMinutes === 1 ? "" : "s"} late` : "";
  return `Checked in at ${at}${late}.`;
}

/**
 * A check-out from the bot records every learner present (a chat has no form for the marks): the reply
 * says so, and where to go when someone was late or did not come.
 */
export function checkedOutReply(at: string): string {
  return `Checked out at ${at}. Every learner was recorded present; if someone was late or did not come, check out on the session page instead, or ask a coordinator to correct it.`;
}
