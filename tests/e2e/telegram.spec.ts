import { expectAccessible } from "./accessibility";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail } from "./helpers";

// tests/e2e/server.ts gives the app this secret; playwright.config.ts runs the fake Bot API on this port.
const SECRET = "e2e-telegram-secret";
const fakeTelegram = `http://127.0.0.1:${process.env.FAKE_TELEGRAM_PORT ?? 4030}`;

let nextUpdateId = Date.now() * 10 + Math.floor(Math.random() * 10);

/** Posts a private-chat message to the webhook as Telegram would. */
async function sendToBot(request: APIRequestContext, chatId: number, text: string, secret = SECRET) {
  const updateId = nextUpdateId++;
  return request.post("/webhooks/telegram", {
    headers: { "x-telegram-bot-api-secret-token": secret },
    data: { update_id: updateId, message: { message_id: updateId % 1_000_000, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, text } },
  });
}

/** What the bot sent to the chat, as the fake Bot API recorded it. */
async function botReplies(request: APIRequestContext, chatId: number): Promise<string[]> {
  const response = await request.get(`${fakeTelegram}/__fake/messages?chat_id=${chatId}`);
  return ((await response.json()) as { text: string }[]).map((message) => message.text);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The first bookable half hour at or after `from` (the tutor offers 30-minute sessions on the half hour). */
function slotFrom(from: DateTime): DateTime {
  const start = from.setZone(ZONE).startOf("minute");
  const minutes = start.minute % 30 === 0 ? 0 : 30 - (start.minute % 30);
  return start.plus({ minutes });
}

test("a tutor links Telegram with a code from the profile, and /checkin before the window gets the minutes", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "telegram");
  const studentEmail = uniqueEmail("telegram-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Telegram ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  // A session 90 minutes or more ahead: its check-in opens 30 minutes before it.
  const soon = slotFrom(DateTime.now().plus({ minutes: 90 }));
  await bookAndPayFirstLength(page, tutor.name, soon, "£20.00");

  const { context, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  await tutorPage.goto("/tutor/profile");
  await tutorPage.getByRole("link", { name: "Telegram: check in and out from the bot" }).click();
  await expect(tutorPage.getByRole("heading", { level: 1, name: "Telegram" })).toBeVisible();
  await expect(tutorPage.getByText("Not linked.")).toBeVisible();
  await expectAccessible(tutorPage, testInfo);

  await tutorPage.getByRole("button", { name: "Get a link code" }).click();
  const flash = tutorPage.getByText(/^Your link code is [2-9A-HJKMNP-Z]{8}\. Send \/link [2-9A-HJKMNP-Z]{8} to @tutordesk_e2e_bot within 15 minutes\.$/);
  await expect(flash).toBeVisible();
  const code = /Your link code is (\w{8})/.exec((await flash.textContent()) ?? "")![1]!;

  const chatId = 800_000_000 + Math.floor(Math.random() * 100_000_000);
  // A forged secret changes nothing.
  expect((await sendToBot(page.request, chatId, `/link ${code}`, "not-the-secret")).status()).toBe(401);
  expect((await sendToBot(page.request, chatId, `/link ${code}`)).status()).toBe(200);
  expect(await botReplies(page.request, chatId)).toEqual([`Linked: this chat now checks in and out for ${tutor.name}. Send /checkin when your session starts.`]);

  await tutorPage.reload();
  await expect(tutorPage.getByText(/^Linked since \w{3} \d+ \w{3} \d{4}, \d\d:\d\d (GMT|BST) \(Europe\/London\)\.$/)).toBeVisible();
  await expect(tutorPage.getByRole("button", { name: "Unlink" })).toBeVisible();
  await context.close();

  expect((await sendToBot(page.request, chatId, "/checkin")).status()).toBe(200);
  const opens = soon.minus({ minutes: 30 });
  const opensText = opens.hasSame(DateTime.now().setZone(ZONE), "day") ? opens.toFormat("HH:mm") : opens.toFormat("ccc d LLL yyyy, HH:mm");
  const replies = await botReplies(page.request, chatId);
  expect(replies).toHaveLength(2);
  const refusal = new RegExp(`^Check-in opens in (\\d+) minutes, at ${escape(opensText)} \\(${escape(ZONE)}\\)$`);
  expect(replies[1]).toMatch(refusal);
  const minutes = Number(refusal.exec(replies[1]!)![1]);
  expect(Math.abs(minutes - opens.diff(DateTime.now(), "minutes").minutes)).toBeLessThanOrEqual(1);
});
