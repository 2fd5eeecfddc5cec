/**
 * A local stand-in for the parts of Telegram's Bot API the app uses (issue 14): sendMessage (and getMe),
 * at /bot<token>/<method>, as grammY calls them with `client.apiRoot` pointed here. It records every
 * message the bot sends, for tests (GET /__fake/messages?chat_id=) and for a person in development,
 * who plays the tutor's Telegram app on /__fake/chat: a plain form that posts a text as an update to the
 * app's webhook, with the secret header, and the bot's replies beneath it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export type SentMessage = { message_id: number; chat_id: string; text: string; token: string; date: number };

export type FakeTelegram = {
  url: string;
  port: number;
  messages: SentMessage[];
  /** Posts `text` from `chatId` (a private chat) to the webhook as a new update; returns the app's HTTP status. */
  send(chatId: number, text: string): Promise<number>;
  close(): Promise<void>;
};

type Options = {
  port: number;
  /** Only this bot token is accepted (401 for another), when given. */
  token?: string;
  webhookUrl?: string;
  webhookSecret?: string;
};

const FAKE_BOT = {
  id: 123456,
  is_bot: true,
  first_name: "Tutordesk (fake)",
  username: "tutordesk_dev_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** grammY sends JSON; other clients send a form: both are the Bot API's. */
function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  if (contentType?.includes("application/json")) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json") {
  res.writeHead(status, { "content-type": type });
  res.end(type === "application/json" ? JSON.stringify(body) : String(body));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export async function startFakeTelegram(options: Options): Promise<FakeTelegram> {
  const messages: SentMessage[] = [];
  let nextUpdateId = Math.floor(Date.now() / 1000) * 1000;
  let nextMessageId = 1;

  async function deliver(chatId: number, text: string): Promise<number> {
    if (!options.webhookUrl) throw new Error("The fake Telegram has no webhook URL to post to.");
    const date = Math.floor(Date.now() / 1000);
    const from = { id: chatId, is_bot: false, first_name: "Tutor" };
    const update = { update_id: nextUpdateId++, message: { message_id: nextMessageId++, date, chat: { id: chatId, type: "private", first_name: "Tutor" }, from, text } };
    const response = await fetch(options.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(options.webhookSecret ? { "x-telegram-bot-api-secret-token": options.webhookSecret } : {}) },
      body: JSON.stringify(update),
    });
    await response.body?.cancel();
    return response.status;
  }

  function chatPage(chatId: string, note = ""): string {
    const replies = messages.filter((message) => message.chat_id === chatId);
    return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Fake Telegram chat</title>
<h1>Fake Telegram chat ${escapeHtml(chatId)}</h1><p>Messages you send here go to the app's webhook as this private chat.</p>
${note ? `<p role="status">${escapeHtml(note)}</p>` : ""}
<form method="post" action="/__fake/chat"><input type="hidden" name="chat_id" value="${escapeHtml(chatId)}">
<label for="text">Message</label> <input id="text" name="text" placeholder="/checkin" required> <button>Send</button></form>
<h2>The bot's replies</h2><ol>${replies.map((message) => `<li><pre>${escapeHtml(message.text)}</pre></li>`).join("")}</ol></html>`;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://fake");
      if (url.pathname === "/__fake/health") return send(res, 200, { ok: true });
      if (url.pathname === "/__fake/messages" && req.method === "GET") {
        const chatId = url.searchParams.get("chat_id");
        return send(res, 200, chatId ? messages.filter((message) => message.chat_id === chatId) : messages);
      }
      if (url.pathname === "/__fake/chat") {
        if (req.method === "POST") {
          const form = new URLSearchParams(await readBody(req));
          const chatId = form.get("chat_id") ?? "1001";
          const status = await deliver(Number(chatId), form.get("text") ?? "");
          return send(res, 200, chatPage(chatId, `Sent; the app answered ${status}.`), "text/html; charset=utf-8");
        }
        return send(res, 200, chatPage(url.searchParams.get("chat_id") ?? "1001"), "text/html; charset=utf-8");
      }
      const method = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
      if (!method) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      const [, token, name] = method;
      if (options.token && token !== options.token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      const params = parseParams(await readBody(req), req.headers["content-type"]);
      if (name === "getMe") return send(res, 200, { ok: true, result: FAKE_BOT });
      if (name === "sendMessage") {
        const chatId = params.chat_id;
        const text = params.text;
        if ((typeof chatId !== "number" && typeof chatId !== "string") || typeof text !== "string" || text.length === 0) {
          return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: chat_id and text are required" });
        }
        const message: SentMessage = { message_id: nextMessageId++, chat_id: String(chatId), text, token: token!, date: Math.floor(Date.now() / 1000) };
        messages.push(message);
        return send(res, 200, { ok: true, result: { message_id: message.message_id, date: message.date, chat: { id: Number(chatId), type: "private" }, from: FAKE_BOT, text } });
      }
      return send(res, 404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    })().catch((error: unknown) => send(res, 500, { ok: false, error_code: 500, description: String(error) }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    messages,
    send: deliver,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
