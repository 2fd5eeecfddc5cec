/**
 * A local stand-in for the Resend HTTP API (the SDK honours RESEND_BASE_URL). It speaks the endpoint
 * the app uses, POST /emails, honours Idempotency-Key like the real service, and adds test-only
 * endpoints to read what was sent and to make the next requests fail.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { randomUUID } from "node:crypto";

export type SentEmail = {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: string; content_type?: string; contentType?: string }[];
  receivedAt: string;
};

export type FakeResend = { url: string; server: Server; sent: SentEmail[]; failNext: (count: number) => void; close: () => Promise<void> };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

export async function startFakeResend(port = 0): Promise<FakeResend> {
  const sent: SentEmail[] = [];
  const byKey = new Map<string, SentEmail>();
  let failures = 0;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "POST" && url.pathname === "/emails") {
      if (!request.headers.authorization?.startsWith("Bearer re_")) return reply(401, { name: "missing_api_key", message: "Missing API key", statusCode: 401 });
      if (failures > 0) {
        failures -= 1;
        return reply(500, { name: "internal_server_error", message: "Fake outage", statusCode: 500 });
      }
      const payload = JSON.parse(await readBody(request));
      const key = (request.headers["idempotency-key"] as string | undefined) ?? null;
      const previous = key ? byKey.get(key) : undefined;
      if (previous) return reply(200, { id: previous.id });
      const email: SentEmail = {
        id: randomUUID(),
        idempotencyKey: key,
        from: payload.from,
        to: Array.isArray(payload.to) ? payload.to : [payload.to],
        subject: payload.subject,
        text: payload.text ?? "",
        html: payload.html ?? "",
        attachments: payload.attachments ?? [],
        receivedAt: new Date().toISOString(),
      };
      sent.push(email);
      if (key) byKey.set(key, email);
      return reply(200, { id: email.id });
    }
    if (request.method === "GET" && url.pathname === "/_test/emails") {
      const to = url.searchParams.get("to")?.toLowerCase();
      return reply(200, to ? sent.filter((email) => email.to.some((address) => address.toLowerCase().includes(to))) : sent);
    }
    if (request.method === "POST" && url.pathname === "/_test/fail-next") {
      failures = Number(url.searchParams.get("count") ?? 1);
      return reply(200, { failures });
    }
    if (request.method === "POST" && url.pathname === "/_test/reset") {
      sent.length = 0;
      byKey.clear();
      failures = 0;
      return reply(200, {});
    }
    reply(404, { name: "not_found", message: `No route ${request.method} ${url.pathname}`, statusCode: 404 });
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    server,
    sent,
    failNext: (count) => {
      failures = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
