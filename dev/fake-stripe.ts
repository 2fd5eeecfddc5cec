/**
 * A local stand-in for the parts of the Stripe API Tutordesk uses: Checkout Sessions (payment mode),
 * refunds and signed webhooks. The official SDK talks to it over HTTP (host/port/protocol options), so
 * the app's Stripe code runs unchanged in development and tests. It also serves a clickable test
 * checkout page and /__fake/* control endpoints for Playwright, which runs in another process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

export type CheckoutSessionObject = {
  id: string;
  object: "checkout.session";
  livemode: false;
  /** Null once the session is no longer open, as at Stripe. */
  url: string | null;
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid";
  mode: "payment";
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  customer_email: string | null;
  success_url: string;
  cancel_url: string | null;
  expires_at: number;
  created: number;
  payment_intent: string | null;
};

export type RefundObject = {
  id: string;
  object: "refund";
  status: "succeeded";
  amount: number;
  currency: string;
  payment_intent: string;
  metadata: Record<string, string>;
  reason: string | null;
  created: number;
};

export type FakeEvent = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  livemode: false;
  type: string;
  data: { object: CheckoutSessionObject };
  /** HTTP status of each delivery attempt (0 = network error); kept here, never sent. */
  deliveries: number[];
};

export type FakeStripe = {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Completes an open checkout session as if the payer paid (async=true: completed but payment_status "unpaid", as for bank debits). Sends the webhook unless deliver=false. Returns the event. */
  completeSession(id: string, options?: { async?: boolean; deliver?: boolean }): Promise<FakeEvent>;
  /** For an async session: sends checkout.session.async_payment_succeeded / _failed. */
  settleAsync(id: string, outcome: "succeeded" | "failed", options?: { deliver?: boolean }): Promise<FakeEvent>;
  expireSession(id: string, options?: { deliver?: boolean }): Promise<FakeEvent>;
  /** POSTs an event (again) to the webhook URL, signed; returns the HTTP status the app answered. */
  deliver(event: FakeEvent): Promise<number>;
  /** Signed header for a payload, as Stripe would send it. */
  signatureFor(payload: string): string;
  failNextRefunds(count: number): void;
  sessions: Map<string, CheckoutSessionObject>;
  refunds: Map<string, RefundObject>;
  events: FakeEvent[];
  setWebhookUrl(url: string): void;
};

type LineItem = { name: string; unitAmount: number; quantity: number };
type Json = Record<string, unknown>;

/** Thrown by handlers and helpers; rendered as Stripe's error shape so the SDK raises typed errors. */
class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = "invalid_request_error",
    readonly code?: string,
  ) {
    super(message);
  }
}

const RETRY_DELAYS_MS = [200, 400, 800];
const randomId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Stripe's form encoding: `a[b][0][c]=1` → { a: { b: [{ c: "1" }] } }; `x[]=1` appends. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    if (path.some((part) => part === "__proto__" || part === "constructor" || part === "prototype")) continue;
    let node = root;
    path.forEach((rawPart, index) => {
      const part = rawPart === "" ? String(Object.keys(node).length) : rawPart;
      if (index === path.length - 1) node[part] = value;
      else node = isRecord(node[part]) ? (node[part] as Json) : (node[part] = {});
    });
  }
  const withArrays = (value: unknown): unknown => {
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => withArrays(value[k]));
    return Object.fromEntries(keys.map((k) => [k, withArrays(value[k])]));
  };
  return withArrays(root) as Json;
}

function integer(value: unknown, param: string, options: { min?: number; required?: boolean } = {}): number | undefined {
  if (value === undefined && !options.required) return undefined;
  if (typeof value !== "string" || !/^-?\d+$/.test(value)) throw new FakeStripeError(400, `Invalid integer: ${param}`, "invalid_request_error", "parameter_invalid_integer");
  const number = Number(value);
  if (options.min !== undefined && number < options.min)
    throw new FakeStripeError(400, `${param} must be at least ${options.min}`, "invalid_request_error", "parameter_invalid_integer");
  return number;
}

const stringMap = (value: unknown): Record<string, string> =>
  isRecord(value) ? (Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>) : {};

function formatAmount(minor: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  // Zero-decimal currencies (JPY) have no minor unit, so ask Intl how many digits to shift.
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a">
${body}</body></html>`;
}

const buttonStyle = "width: 100%; padding: 0.75rem; margin: 0.25rem 0; font-size: 1rem; border-radius: 6px; cursor: pointer";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 1_000_000) request.destroy(new Error("Body too large"));
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

export async function startFakeStripe(options: { port?: number; webhookUrl?: string; webhookSecret?: string; host?: string } = {}): Promise<FakeStripe> {
  const host = options.host ?? "127.0.0.1";
  const secret = options.webhookSecret ?? "whsec_fake";
  let webhookUrl = options.webhookUrl;
  let baseUrl = "";
  let refundFailures = 0;
  let closed = false;
  const sessions = new Map<string, CheckoutSessionObject>();
  const lineItems = new Map<string, LineItem[]>();
  const awaitingSettlement = new Set<string>();
  const refunds = new Map<string, RefundObject>();
  const events: FakeEvent[] = [];
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  const timers = new Set<NodeJS.Timeout>();

  const findSession = (id: string) => {
    const session = sessions.get(id);
    if (!session) throw new FakeStripeError(404, `No such checkout.session: '${id}'`, "invalid_request_error", "resource_missing");
    return session;
  };

  const buildEvent = (type: string, session: CheckoutSessionObject): FakeEvent => {
    const event: FakeEvent = {
      id: randomId("evt"),
      object: "event",
      api_version: "2025-01-01",
      created: nowSeconds(),
      livemode: false,
      type,
      data: { object: structuredClone(session) },
      deliveries: [],
    };
    events.push(event);
    return event;
  };

  const signatureFor = (payload: string) => Stripe.webhooks.generateTestHeaderString({ payload, secret });

  async function deliver(event: FakeEvent): Promise<number> {
    if (!webhookUrl) return 0;
    const { deliveries: _omit, ...sent } = event;
    const payload = JSON.stringify(sent);
    let status = 0;
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length && !closed; attempt++) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[attempt - 1]!);
      try {
        // Signed per attempt, as Stripe does, so the timestamp stays inside the receiver's tolerance.
        const response = await fetch(webhookUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Stripe-Signature": signatureFor(payload) },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      event.deliveries.push(status);
      if (status !== 0 && status < 500) break;
    }
    return status;
  }

  // Real Stripe sends webhooks on its own schedule; the API answer or redirect never waits for them.
  const deliverSoon = (event: FakeEvent) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void deliver(event);
    }, 50);
    timers.add(timer);
  };

  const finish = async (event: FakeEvent, send: boolean | undefined) => {
    if (send !== false) await deliver(event);
    return event;
  };

  function markExpired(session: CheckoutSessionObject): FakeEvent {
    if (session.status !== "open")
      throw new FakeStripeError(400, "Only Checkout Sessions with a status of open can be expired", "invalid_request_error", "checkout_session_not_open");
    Object.assign(session, { status: "expired", url: null });
    return buildEvent("checkout.session.expired", session);
  }

  /** Expiry Stripe would have run by now; checked lazily when the session is next looked at. */
  function expireIfDue(session: CheckoutSessionObject): boolean {
    if (session.status !== "open" || session.expires_at > nowSeconds()) return false;
    deliverSoon(markExpired(session));
    return true;
  }

  function markComplete(session: CheckoutSessionObject, async: boolean): FakeEvent {
    if (session.status !== "open") throw new FakeStripeError(400, `Checkout Session ${session.id} is ${session.status}, not open`);
    Object.assign(session, { status: "complete", url: null, payment_status: async ? "unpaid" : "paid", payment_intent: randomId("pi") });
    if (async) awaitingSettlement.add(session.id);
    return buildEvent("checkout.session.completed", session);
  }

  function markSettled(session: CheckoutSessionObject, outcome: "succeeded" | "failed"): FakeEvent {
    if (!awaitingSettlement.delete(session.id)) throw new FakeStripeError(400, `Checkout Session ${session.id} has no bank payment waiting to settle`);
    if (outcome === "succeeded") session.payment_status = "paid";
    return buildEvent(`checkout.session.async_payment_${outcome}`, session);
  }

  function createSession(params: Json): CheckoutSessionObject {
    if (params.mode !== "payment") throw new FakeStripeError(400, "The fake supports only mode=payment", "invalid_request_error", "parameter_invalid");
    const expiresAt = integer(params.expires_at, "expires_at", { required: true })!;
    if (typeof params.success_url !== "string") throw new FakeStripeError(400, "Missing required param: success_url.", "invalid_request_error", "parameter_missing");
    if (!Array.isArray(params.line_items) || params.line_items.length === 0)
      throw new FakeStripeError(400, "Missing required param: line_items.", "invalid_request_error", "parameter_missing");
    let currency: string | undefined;
    const items = params.line_items.map((item: unknown, index): LineItem => {
      const priceData = isRecord(item) && isRecord(item.price_data) ? item.price_data : undefined;
      const name = priceData && isRecord(priceData.product_data) ? priceData.product_data.name : undefined;
      if (!priceData || typeof priceData.currency !== "string" || typeof name !== "string") {
        throw new FakeStripeError(400, `line_items[${index}] needs price_data with currency and product_data.name`, "invalid_request_error", "parameter_missing");
      }
      if (currency && currency !== priceData.currency.toLowerCase()) throw new FakeStripeError(400, "All line items must use the same currency");
      currency = priceData.currency.toLowerCase();
      const unitAmount = integer(priceData.unit_amount, `line_items[${index}][price_data][unit_amount]`, { required: true, min: 0 })!;
      const quantity = integer((item as Json).quantity ?? "1", `line_items[${index}][quantity]`, { min: 1 })!;
      return { name, unitAmount, quantity };
    });
    const id = randomId("cs_test");
    const optional = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
    const session: CheckoutSessionObject = {
      id,
      object: "checkout.session",
      livemode: false,
      url: `${baseUrl}/checkout/${id}`,
      status: "open",
      payment_status: "unpaid",
      mode: "payment",
      amount_total: items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0),
      currency: currency!,
      metadata: stringMap(params.metadata),
      client_reference_id: optional(params.client_reference_id),
      customer_email: optional(params.customer_email),
      success_url: params.success_url,
      cancel_url: optional(params.cancel_url),
      expires_at: expiresAt,
      created: nowSeconds(),
      payment_intent: null,
    };
    sessions.set(id, session);
    lineItems.set(id, items);
    return session;
  }

  function createRefund(params: Json): RefundObject {
    const paymentIntent = params.payment_intent;
    if (typeof paymentIntent !== "string") throw new FakeStripeError(400, "Missing required param: payment_intent.", "invalid_request_error", "parameter_missing");
    const session = [...sessions.values()].find((s) => s.payment_intent === paymentIntent);
    if (!session) throw new FakeStripeError(400, `No such payment_intent: '${paymentIntent}'`, "invalid_request_error", "resource_missing");
    if (session.payment_status !== "paid")
      throw new FakeStripeError(400, `PaymentIntent ${paymentIntent} has no successful charge to refund.`, "invalid_request_error", "charge_not_refundable");
    const refunded = [...refunds.values()].filter((r) => r.payment_intent === paymentIntent).reduce((sum, r) => sum + r.amount, 0);
    const remaining = session.amount_total - refunded;
    if (remaining <= 0) throw new FakeStripeError(400, `Charge for ${paymentIntent} has already been refunded.`, "invalid_request_error", "charge_already_refunded");
    const amount = integer(params.amount, "amount", { min: 1 }) ?? remaining;
    if (amount > remaining) {
      throw new FakeStripeError(
        400,
        `Refund amount (${formatAmount(amount, session.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, session.currency)})`,
        "invalid_request_error",
        "amount_too_large",
      );
    }
    const refund: RefundObject = {
      id: randomId("re"),
      object: "refund",
      status: "succeeded",
      amount,
      currency: session.currency,
      payment_intent: paymentIntent,
      metadata: stringMap(params.metadata),
      reason: typeof params.reason === "string" ? params.reason : null,
      created: nowSeconds(),
    };
    refunds.set(refund.id, refund);
    return refund;
  }

  function checkoutPage(session: CheckoutSessionObject): { status: number; html: string } {
    const back = (href: string | null, label: string) => (href ? `<p><a href="${escapeHtml(href)}">${label}</a></p>` : "");
    if (session.status === "expired") {
      return { status: 410, html: page("Checkout expired", `<h1>This checkout has expired.</h1>${back(session.cancel_url, "Go back")}`) };
    }
    if (session.status === "complete") {
      const successUrl = session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id);
      return { status: 200, html: page("Checkout paid", `<h1>This checkout is already paid.</h1>${back(successUrl, "Continue")}`) };
    }
    const items = (lineItems.get(session.id) ?? []).map((item) => `<li>${escapeHtml(item.name)}${item.quantity > 1 ? ` × ${item.quantity}` : ""}</li>`).join("");
    const action = `/checkout/${encodeURIComponent(session.id)}/pay`;
    return {
      status: 200,
      html: page(
        "Test checkout",
        `<h1>Test checkout</h1>
<ul style="padding-left: 1.2rem">${items}</ul>
<p style="font-size: 1.5rem; font-weight: 600">${escapeHtml(formatAmount(session.amount_total, session.currency))}</p>
${session.customer_email ? `<p>Paying as ${escapeHtml(session.customer_email)}</p>` : ""}
<p style="background: #fff7d6; padding: 0.5rem 0.75rem; border-radius: 6px">This is a local stand-in for Stripe Checkout. No card is charged.</p>
<form method="post" action="${action}"><button type="submit" style="${buttonStyle}; background: #635bff; color: white; border: 0">Pay</button></form>
<form method="post" action="${action}?async=1"><button type="submit" style="${buttonStyle}; background: white; border: 1px solid #635bff">Pay by bank transfer (settles later)</button></form>
${back(session.cancel_url, "Cancel and go back")}`,
      ),
    };
  }

  /** Replays a stored answer for a reused Idempotency-Key; only successes are stored, as at Stripe. */
  function withIdempotency(request: IncomingMessage, fingerprint: string, run: () => Json): { status: number; body: string; replayed: boolean } {
    const key = request.headers["idempotency-key"];
    const stored = typeof key === "string" ? idempotent.get(key) : undefined;
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw new FakeStripeError(400, "Keys for idempotent requests can only be used with the same parameters they were first used with.", "idempotency_error");
      }
      return { ...stored, replayed: true };
    }
    const body = JSON.stringify(run());
    if (typeof key === "string") idempotent.set(key, { fingerprint, status: 200, body });
    return { status: 200, body, replayed: false };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const method = request.method ?? "GET";
    const path = url.pathname;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      void response.writeHead(status, { "Content-Type": "application/json", ...headers }).end(typeof body === "string" ? body : JSON.stringify(body));
    const html = (status: number, body: string) => void response.writeHead(status, { "Content-Type": "text/html; charset=utf-8" }).end(body);
    const body = method === "POST" ? await readBody(request) : "";
    let match: RegExpMatchArray | null;

    if (path.startsWith("/v1/")) {
      // Stripe takes the secret key as a bearer token (the SDK) or as the Basic user name (curl -u sk_…:).
      const authorization = request.headers.authorization ?? "";
      const basicUser = authorization.startsWith("Basic ") ? Buffer.from(authorization.slice(6), "base64").toString().split(":")[0] : "";
      if (!/^Bearer sk_\S+$/.test(authorization) && !basicUser?.startsWith("sk_")) {
        return json(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
      }
      const params = parseStripeForm(body);
      const fingerprint = `${method} ${path} ${body}`;
      const answer = (run: () => Json) => {
        const result = withIdempotency(request, fingerprint, run);
        json(result.status, result.body, result.replayed ? { "Idempotent-Replayed": "true" } : {});
      };
      if (method === "POST" && path === "/v1/checkout/sessions") return answer(() => createSession(params));
      if (method === "GET" && (match = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/))) {
        const session = findSession(match[1]!);
        expireIfDue(session);
        return json(200, session);
      }
      if (method === "POST" && (match = path.match(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/))) {
        const id = match[1]!;
        return answer(() => {
          const event = markExpired(findSession(id));
          deliverSoon(event);
          return event.data.object;
        });
      }
      if (method === "POST" && path === "/v1/refunds") {
        if (refundFailures > 0) {
          refundFailures -= 1;
          return json(500, { error: { type: "api_error", message: "Fake Stripe failure" } });
        }
        return answer(() => createRefund(params));
      }
      if (method === "GET" && (match = path.match(/^\/v1\/refunds\/([^/]+)$/))) {
        const refund = refunds.get(match[1]!);
        if (!refund) throw new FakeStripeError(404, `No such refund: '${match[1]}'`, "invalid_request_error", "resource_missing");
        return json(200, refund);
      }
      throw new FakeStripeError(404, `Unrecognized request URL (${method}: ${path}).`);
    }

    if (method === "GET" && (match = path.match(/^\/checkout\/([^/]+)$/))) {
      const session = sessions.get(match[1]!);
      if (!session) return html(404, page("Not found", "<h1>No such checkout.</h1>"));
      expireIfDue(session);
      const result = checkoutPage(session);
      return html(result.status, result.html);
    }
    if (method === "POST" && (match = path.match(/^\/checkout\/([^/]+)\/pay$/))) {
      const session = sessions.get(match[1]!);
      if (!session) return html(404, page("Not found", "<h1>No such checkout.</h1>"));
      if (expireIfDue(session) || session.status !== "open") {
        const result = checkoutPage(session);
        return html(session.status === "expired" ? 410 : 409, result.html);
      }
      const event = markComplete(session, url.searchParams.get("async") === "1");
      response.writeHead(303, { Location: session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) }).end();
      return deliverSoon(event);
    }

    // Control endpoints for tests in another process; these wait for the webhook so steps stay ordered.
    const send = url.searchParams.get("deliver") !== "0";
    if (method === "GET" && path === "/__fake/health") return void response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    if (method === "GET" && path === "/__fake/events") return json(200, events);
    if (method === "GET" && path === "/__fake/refunds") return json(200, [...refunds.values()]);
    if (method === "POST" && path === "/__fake/refunds/fail-next") {
      refundFailures = Number(url.searchParams.get("count") ?? 1);
      return json(200, { failNextRefunds: refundFailures });
    }
    if ((match = path.match(/^\/__fake\/sessions\/([^/]+)(?:\/(complete|settle|expire))?$/))) {
      const [, id, action] = match as [string, string, string | undefined];
      if (method === "GET" && !action) return json(200, { ...findSession(id), line_items: lineItems.get(id) });
      if (method === "POST" && action === "complete") return json(200, await api.completeSession(id, { async: url.searchParams.get("async") === "1", deliver: send }));
      if (method === "POST" && action === "expire") return json(200, await api.expireSession(id, { deliver: send }));
      if (method === "POST" && action === "settle") {
        const outcome = url.searchParams.get("outcome");
        if (outcome !== "succeeded" && outcome !== "failed") throw new FakeStripeError(400, "outcome must be succeeded or failed");
        return json(200, await api.settleAsync(id, outcome, { deliver: send }));
      }
    }
    throw new FakeStripeError(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return;
      const known = error instanceof FakeStripeError ? error : new FakeStripeError(500, String(error), "api_error");
      response.writeHead(known.status, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ error: { type: known.type, message: known.message, ...(known.code ? { code: known.code } : {}) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const reachableHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  baseUrl = `http://${reachableHost}:${port}`;

  const api: FakeStripe = {
    url: baseUrl,
    port,
    sessions,
    refunds,
    events,
    signatureFor,
    deliver,
    setWebhookUrl: (next) => void (webhookUrl = next),
    failNextRefunds: (count) => void (refundFailures = count),
    completeSession: async (id, { async = false, deliver: send } = {}) => finish(markComplete(findSession(id), async), send),
    settleAsync: async (id, outcome, { deliver: send } = {}) => finish(markSettled(findSession(id), outcome), send),
    expireSession: async (id, { deliver: send } = {}) => finish(markExpired(findSession(id)), send),
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return api;
}
