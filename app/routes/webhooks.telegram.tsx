import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requestMeta } from "~/services/request-meta.server";
import { handleTelegramWebhook, telegramEnabled } from "~/services/telegram.server";

/**
 * Telegram's webhook for the bot (issue 14): authenticated by the secret token set with setWebhook
 * (X-Telegram-Bot-Api-Secret-Token), idempotent by update_id. 401 for a wrong secret, 400 for a body
 * that is not an update, 404 while the feature is off (no TELEGRAM_BOT_TOKEN); none of these writes.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (!telegramEnabled()) return json({ ok: false, error: "Not found." }, { status: 404 });
  if (request.method !== "POST") return json({ ok: false, error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
  const result = await handleTelegramWebhook({
    secretToken: request.headers.get("x-telegram-bot-api-secret-token"),
    body: await request.text(),
    meta: requestMeta(request),
  });
  return json(result.body, { status: result.status });
}

export async function loader() {
  if (!telegramEnabled()) return json({ ok: false, error: "Not found." }, { status: 404 });
  return json({ ok: false, error: "Telegram posts updates here." }, { status: 405, headers: { Allow: "POST" } });
}
