import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "../../dev/fake-telegram";
import { REPLIES } from "../../app/domain/telegram/commands";
import { action as webhookAction, loader as webhookLoader } from "../../app/routes/webhooks.telegram";
import { action as telegramPageAction, loader as telegramPageLoader } from "../../app/routes/tutor.telegram";
import { loader as profileLoader } from "../../app/routes/tutor.profile";
import { startLoginSession } from "../../app/services/auth.server";
import { prisma } from "../../app/services/db.server";
import { readFlash } from "../../app/services/flash.server";
import { issueTelegramLinkCode } from "../../app/services/telegram-link.server";
import { LINK_ATTEMPTS_PER_WINDOW } from "../../app/services/telegram.server";
import { atDate, createBookedSession, createStudent, createTutor, noMeta, useFixedClock, withClockFrozenAt } from "../factories";

// The bot's webhook and the profile's Telegram page, called as the server calls them, with the Bot API
// answered by the local fake (dev/fake-telegram.ts), which records every reply.
useFixedClock();

const TOKEN = "4242:test-bot-token";
const SECRET = "the-webhook-secret";
const ENV_KEYS = ["TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_BASE", "TELEGRAM_BOT_USERNAME"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let fake: FakeTelegram;

beforeAll(async () => {
  fake = await startFakeTelegram({ port: 0, token: TOKEN });
});
beforeEach(() => {
  Object.assign(process.env, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE: fake.url, TELEGRAM_BOT_USERNAME: "TutordeskTestBot" });
  fake.messages.length = 0;
});
afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await fake.close();
});

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
let updateIds = 1000;
let chatIds = 5_000_000;
const newChat = () => ++chatIds;

function textUpdate(chatId: number, text: string, updateId = ++updateIds, chatType = "private") {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 1_900_000_000, chat: { id: chatId, type: chatType }, from: { id: chatId, is_bot: false, first_name: "Tess" }, text },
  };
}

async function postWebhook(body: unknown, secret: string | null = SECRET, method = "POST"): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== null) headers["x-telegram-bot-api-secret-token"] = secret;
  const request = new Request("http://localhost/webhooks/telegram", { method, headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return (await webhookAction({ request, params: {}, context: {} } as never)) as Response;
}

const repliesTo = (chatId: number) => fake.messages.filter((message) => message.chat_id === String(chatId)).map((message) => message.text);

async function cookieFor(userId: string): Promise<string> {
  return (await startLoginSession(userId, "password", noMeta)).split(";")[0]!;
}

async function callRoute<T>(run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function linkedTutor(timezone = "UTC") {
  const tutor = await createTutor({ name: "Tutor Tess" });
  await prisma.user.update({ where: { id: tutor.id }, data: { timezone } });
  const chatId = newChat();
  const { code } = await issueTelegramLinkCode({ ...tutor, roles: ["TUTOR"] }, noMeta);
  await postWebhook(textUpdate(chatId, `/link ${code}`));
  fake.messages.length = 0;
  return { tutor, chatId };
}

const sessionRow = (id: string) => prisma.tutoringSession.findUniqueOrThrow({ where: { id } });

describe("linking a chat with a one-time code", () => {
  it("gets a code on the profile's Telegram page, links with it once; wrong, expired and used codes change nothing", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const cookie = await cookieFor(tutor.id);
    const page = (await callRoute(() =>
      telegramPageLoader({ request: new Request("http://localhost/tutor/telegram", { headers: { cookie } }), params: {}, context: { memo: new Map() } } as never),
    )) as Response;
    expect(await page.json()).toMatchObject({ hasProfile: true, linked: false, bot: "@TutordeskTestBot" });

    const issued = (await callRoute(() =>
      telegramPageAction({
        request: new Request("http://localhost/tutor/telegram", { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: "intent=code" }),
        params: {},
        context: { memo: new Map() },
      } as never),
    )) as Response;
    expect([issued.status, issued.headers.get("location")]).toEqual([302, "/tutor/telegram"]);
    const flashCookie = issued.headers.get("set-cookie")!.split(";")[0]!;
    const { flash } = await readFlash(new Request("http://localhost/tutor/telegram", { headers: { cookie: flashCookie } }));
    const code = /^Your link code is ([2-9A-HJKMNP-Z]{8})\. Send \/link \1 to @TutordeskTestBot within 15 minutes\.$/.exec(flash!.message)?.[1];
    expect(code).toBeDefined();
    const stored = await prisma.telegramLinkCode.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.codeHash).not.toContain(code!);

    const chat = newChat();
    await postWebhook(textUpdate(chat, "/link 23456789"));
    expect(repliesTo(chat)).toEqual([REPLIES.linkUnknown]);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).telegramChatId).toBeNull();

    const expired = await withClockFrozenAt(utc("2031-03-03T08:16:00Z"), () => postWebhook(textUpdate(chat, `/link ${code!.toLowerCase()}`)));
    expect(expired.status).toBe(200);
    expect(repliesTo(chat).at(-1)).toBe(REPLIES.linkExpired);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).telegramChatId).toBeNull();

    await withClockFrozenAt(utc("2031-03-03T08:14:00Z"), () => postWebhook(textUpdate(chat, `/link@TutordeskTestBot ${code}`)));
    expect(repliesTo(chat).at(-1)).toBe("Linked: this chat now checks in and out for Tutor Tess. Send /checkin when your session starts.");
    const profile = await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } });
    expect(profile.telegramChatId).toBe(String(chat));

    const other = newChat();
    await postWebhook(textUpdate(other, `/link ${code}`));
    expect(repliesTo(other)).toEqual([REPLIES.linkUsed]);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).telegramChatId).toBe(String(chat));

    const linkedPage = (await callRoute(() =>
      telegramPageLoader({ request: new Request("http://localhost/tutor/telegram", { headers: { cookie } }), params: {}, context: { memo: new Map() } } as never),
    )) as Response;
    expect(await linkedPage.json()).toMatchObject({ linked: true, linkedAt: "Mon 3 Mar 2031, 08:14 GMT (UTC)" });
  });

  it("retires a tutor's unused code when they get a new one", async () => {
    const tutor = await createTutor();
    const first = await issueTelegramLinkCode({ ...tutor, roles: ["TUTOR"] }, noMeta);
    const second = await issueTelegramLinkCode({ ...tutor, roles: ["TUTOR"] }, noMeta);
    const chat = newChat();
    await postWebhook(textUpdate(chat, `/link ${first.code}`));
    await postWebhook(textUpdate(chat, `/link ${second.code}`));
    expect(repliesTo(chat)).toEqual([REPLIES.linkUsed, expect.stringMatching(/^Linked: /)]);
  });

  it("moves a chat linked to another tutor account to the one whose code it sends", async () => {
    const { tutor: first, chatId } = await linkedTutor();
    const second = await createTutor({ name: "Tutor Two" });
    const { code } = await issueTelegramLinkCode({ ...second, roles: ["TUTOR"] }, noMeta);
    await postWebhook(textUpdate(chatId, `/link ${code}`));
    expect(repliesTo(chatId)).toEqual([
      "Linked: this chat now checks in and out for Tutor Two. It was linked to another Tutordesk account, which no longer uses it. Send /checkin when your session starts.",
    ]);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: first.id } })).telegramChatId).toBeNull();
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: second.id } })).telegramChatId).toBe(String(chatId));
  });

  it(`limits code attempts to ${LINK_ATTEMPTS_PER_WINDOW} per chat: then even a right code is refused`, async () => {
    const tutor = await createTutor();
    const chat = newChat();
    for (let attempt = 0; attempt < LINK_ATTEMPTS_PER_WINDOW; attempt++) await postWebhook(textUpdate(chat, "/link 23456789"));
    const { code } = await issueTelegramLinkCode({ ...tutor, roles: ["TUTOR"] }, noMeta);
    await postWebhook(textUpdate(chat, `/link ${code}`));
    expect(repliesTo(chat).at(-1)).toMatch(/^Too many codes tried from this chat\. Try again in \d+ minutes?\.$/);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).telegramChatId).toBeNull();
  });

  it("only answers in a private chat; a group cannot link or check in", async () => {
    const tutor = await createTutor();
    const { code } = await issueTelegramLinkCode({ ...tutor, roles: ["TUTOR"] }, noMeta);
    const group = -newChat();
    await postWebhook(textUpdate(group, `/link ${code}`, undefined, "group"));
    expect(repliesTo(group)).toEqual([REPLIES.privateOnly]);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).telegramChatId).toBeNull();
  });

  it("unlinks from the chat and from the profile page", async () => {
    const { tutor, chatId } = await linkedTutor();
    await postWebhook(textUpdate(chatId, "/unlink"));
    expect(repliesTo(chatId)).toEqual([REPLIES.unlinked]);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).telegramChatId).toBeNull();
    await postWebhook(textUpdate(chatId, "/checkin"));
    expect(repliesTo(chatId).at(-1)).toBe(REPLIES.notLinked);

    const again = await linkedTutor();
    const cookie = await cookieFor(again.tutor.id);
    const response = (await callRoute(() =>
      telegramPageAction({
        request: new Request("http://localhost/tutor/telegram", {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: "intent=unlink",
        }),
        params: {},
        context: { memo: new Map() },
      } as never),
    )) as Response;
    expect(response.status).toBe(302);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: again.tutor.id } })).telegramChatId).toBeNull();
  });
});

describe("/checkin and /checkout", () => {
  it("checks in inside the window (source telegram, late minutes), then checks out", async () => {
    const { tutor, chatId } = await linkedTutor();
    const learner = await createStudent("Student Sam");
    const session = await createBookedSession(tutor.id, learner, atDate(0, 10));
    await withClockFrozenAt(utc("2031-03-03T10:03:20Z"), () => postWebhook(textUpdate(chatId, "/checkin")));
    expect(repliesTo(chatId)).toEqual(["Checked in at 10:03 (UTC), 3 minutes late."]);
    const row = await sessionRow(session.id);
    expect([row.status, row.checkInSource, row.lateMinutes]).toEqual(["IN_PROGRESS", "telegram", 3]);

    await withClockFrozenAt(utc("2031-03-03T10:20:00Z"), () => postWebhook(textUpdate(chatId, "/checkout")));
    expect(repliesTo(chatId).at(-1)).toBe("Check-out opens in 10 minutes, at 10:30 (UTC)");
    await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => postWebhook(textUpdate(chatId, "/checkout")));
    expect(repliesTo(chatId).at(-1)).toBe(
      "Checked out at 11:00 (UTC). Every learner was recorded present; if someone was late or did not come, check out on the session page instead, or ask a coordinator to correct it.",
    );
    const done = await sessionRow(session.id);
    expect([done.status, done.checkOutSource]).toEqual(["AWAITING_CONFIRMATION", "telegram"]);
  });

  it("refuses an early check-in with the exact minutes, in the tutor's zone, and changes nothing", async () => {
    const { tutor, chatId } = await linkedTutor("America/New_York");
    const learner = await createStudent();
    const session = await createBookedSession(tutor.id, learner, atDate(0, 15));
    await withClockFrozenAt(utc("2031-03-03T13:48:00Z"), () => postWebhook(textUpdate(chatId, "/checkin")));
    expect(repliesTo(chatId)).toEqual(["Check-in opens in 42 minutes, at 09:30 (America/New_York)"]);
    expect((await sessionRow(session.id)).status).toBe("SCHEDULED");
  });

  it("picks the session starting soonest when two windows are open", async () => {
    const { tutor, chatId } = await linkedTutor();
    const learner = await createStudent();
    // 10:15–11:15 (check-in open from 09:45) and 09:50–10:10 (open until its no-show mark, 10:05).
    const later = await createBookedSession(tutor.id, learner, new Date("2031-03-03T10:15:00Z"));
    const sooner = await createBookedSession(tutor.id, learner, new Date("2031-03-03T08:00:00Z"));
    await prisma.tutoringSession.update({ where: { id: sooner.id }, data: { startsAt: new Date("2031-03-03T09:50:00Z"), endsAt: new Date("2031-03-03T10:10:00Z") } });
    await withClockFrozenAt(utc("2031-03-03T09:55:00Z"), () => postWebhook(textUpdate(chatId, "/checkin")));
    expect(repliesTo(chatId)).toEqual(["Checked in at 09:55 (UTC), 5 minutes late."]);
    expect([(await sessionRow(sooner.id)).status, (await sessionRow(later.id)).status]).toEqual(["IN_PROGRESS", "SCHEDULED"]);
  });

  it('answers "No session to check in to." and "No session to check out of." when there is none near', async () => {
    const { tutor, chatId } = await linkedTutor();
    const learner = await createStudent();
    await createBookedSession(tutor.id, learner, atDate(1, 10));
    await postWebhook(textUpdate(chatId, "/checkin"));
    await postWebhook(textUpdate(chatId, "/checkout"));
    expect(repliesTo(chatId)).toEqual(["No session to check in to.", "No session to check out of."]);
  });

  it("tells an unlinked chat how to link, and answers /start and anything else with the help", async () => {
    const chat = newChat();
    await postWebhook(textUpdate(chat, "/checkin"));
    await postWebhook(textUpdate(chat, "/start"));
    await postWebhook(textUpdate(chat, "hello"));
    expect(repliesTo(chat)).toEqual([REPLIES.notLinked, REPLIES.help, REPLIES.help]);
  });
});

describe("the webhook", () => {
  it("handles an update delivered twice once: one check-in, one reply", async () => {
    const { tutor, chatId } = await linkedTutor();
    const learner = await createStudent();
    const session = await createBookedSession(tutor.id, learner, atDate(0, 10));
    const update = textUpdate(chatId, "/checkin");
    const [first, second] = await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => Promise.all([postWebhook(update), postWebhook(update)]));
    const third = await withClockFrozenAt(utc("2031-03-03T09:46:00Z"), () => postWebhook(update));
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect([await first.json(), await second.json(), await third.json()].map((body) => body.outcome).sort()).toEqual(["duplicate", "duplicate", "handled"]);
    expect(repliesTo(chatId)).toEqual(["Checked in at 09:45 (UTC)."]);
    expect(await prisma.auditEvent.count({ where: { action: "session.checked_in", subjectId: session.id } })).toBe(1);
    expect((await sessionRow(session.id)).checkInSource).toBe("telegram");
  });

  it("refuses a forged or missing secret with 401 and changes nothing", async () => {
    const { tutor, chatId } = await linkedTutor();
    const learner = await createStudent();
    const session = await createBookedSession(tutor.id, learner, atDate(0, 10));
    const before = await prisma.telegramUpdate.count();
    for (const secret of [null, "", "the-webhook-secreT", `${SECRET}x`, "x"]) {
      const response = await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => postWebhook(textUpdate(chatId, "/checkin"), secret));
      expect(response.status).toBe(401);
    }
    expect(await prisma.telegramUpdate.count()).toBe(before);
    expect((await sessionRow(session.id)).status).toBe("SCHEDULED");
    expect(repliesTo(chatId)).toEqual([]);
  });

  it("answers a malformed body with 400 and another kind of update with 200, never 500, writing nothing", async () => {
    const chat = newChat();
    for (const body of ["not json", "[]", "null", "{}", JSON.stringify({ update_id: "7" }), JSON.stringify({ update_id: -1 }), JSON.stringify({ update_id: 1e20 })]) {
      expect((await postWebhook(body)).status).toBe(400);
    }
    expect((await postWebhook({ update_id: 9, message: { message_id: 1, date: 1, text: "/checkin" } })).status).toBe(400);
    expect((await postWebhook({ update_id: 10, message: { message_id: 1, date: 1, chat: { id: "x", type: "private" }, text: "/checkin" } })).status).toBe(400);
    expect(await prisma.telegramUpdate.count()).toBe(0);

    const edited = await postWebhook({ update_id: 11, edited_message: { message_id: 1, date: 1, chat: { id: chat, type: "private" }, text: "/checkin" } });
    const sticker = await postWebhook({ update_id: 12, message: { message_id: 2, date: 1, chat: { id: chat, type: "private" }, sticker: {} } });
    expect([edited.status, sticker.status]).toEqual([200, 200]);
    expect(await sticker.json()).toMatchObject({ ok: true, outcome: "ignored" });
    expect(repliesTo(chat)).toEqual([]);
  });

  it("answers GET with 405", async () => {
    const response = (await webhookLoader()) as Response;
    expect([response.status, response.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("is hidden without TELEGRAM_BOT_TOKEN: the webhook answers 404, the profile shows no Telegram section", async () => {
    const tutor = await createTutor();
    delete process.env.TELEGRAM_BOT_TOKEN;
    expect((await postWebhook(textUpdate(newChat(), "/start"))).status).toBe(404);
    expect(((await webhookLoader()) as Response).status).toBe(404);
    const cookie = await cookieFor(tutor.id);
    const args = { request: new Request("http://localhost/tutor/telegram", { headers: { cookie } }), params: {}, context: { memo: new Map() } } as never;
    expect(((await callRoute(() => telegramPageLoader(args))) as Response).status).toBe(404);
    const profile = (await callRoute(() =>
      profileLoader({ ...(args as object), request: new Request("http://localhost/tutor/profile", { headers: { cookie } }) } as never),
    )) as Response;
    expect((await profile.json()).showTelegram).toBe(false);
    expect(fake.messages).toEqual([]);
  });
});
