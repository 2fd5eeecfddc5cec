import { createServer, type Server } from "node:http";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseStripeForm, startFakeStripe, type FakeStripe } from "../../dev/fake-stripe";

const secret = "whsec_test_secret";
type Received = { body: string; signature: string };

let fake: FakeStripe;
let stripe: Stripe;
let receiver: Server;
let received: Received[] = [];
let failNextWebhooks = 0;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      if (failNextWebhooks > 0) {
        failNextWebhooks -= 1;
        response.writeHead(503).end();
        return;
      }
      received.push({ body, signature: String(request.headers["stripe-signature"]) });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  const receiverPort = typeof address === "object" && address ? address.port : 0;
  fake = await startFakeStripe({ port: 0, webhookUrl: `http://127.0.0.1:${receiverPort}/webhooks/stripe`, webhookSecret: secret });
  // No SDK retries, so a fake 500 reaches the test as an error.
  stripe = new Stripe("sk_test_anything", { host: "127.0.0.1", port: fake.port, protocol: "http", maxNetworkRetries: 0 });
});

afterAll(async () => {
  await fake.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  failNextWebhooks = 0;
});

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function createSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}, options?: Stripe.RequestOptions) {
  return stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ quantity: 2, price_data: { currency: "USD", unit_amount: 1250, product_data: { name: "Algebra lesson" } } }],
      metadata: { participantId: "abc", bookingId: "b-1" },
      client_reference_id: "b-1",
      customer_email: "pat@example.com",
      success_url: "http://app.test/bookings/b-1/paid?session={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.test/bookings/b-1",
      expires_at: inAnHour(),
      ...overrides,
    },
    options,
  );
}

/** The last webhook the receiver got, verified the way the app verifies it. */
function lastWebhook() {
  const last = received.at(-1);
  if (!last) throw new Error("no webhook received");
  return stripe.webhooks.constructEvent(last.body, last.signature, secret);
}

/** Waits for a webhook sent after the answer (as real Stripe does), verified, for one session. */
async function webhookFor(type: string, sessionId: string, timeoutMs = 2000): Promise<Stripe.Event> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = received
      .map((hook) => stripe.webhooks.constructEvent(hook.body, hook.signature, secret))
      .find((event) => event.type === type && (event.data.object as { id: string }).id === sessionId);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${type} webhook for ${sessionId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the fake Stripe form parser", () => {
  it("builds nested objects and arrays from bracket keys", () => {
    const parsed = parseStripeForm("line_items[0][price_data][unit_amount]=2500&line_items[1][quantity]=3&metadata[participantId]=abc&expand[]=x&expand[]=y");
    expect(parsed).toEqual({
      line_items: [{ price_data: { unit_amount: "2500" } }, { quantity: "3" }],
      metadata: { participantId: "abc" },
      expand: ["x", "y"],
    });
  });
});

describe("the fake Stripe Checkout", () => {
  it("creates a session the SDK reads back, with the total, url and metadata", async () => {
    const session = await createSession();
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.amount_total).toBe(2500);
    expect(session.currency).toBe("usd");
    expect(session.url).toBe(`${fake.url}/checkout/${session.id}`);
    expect(session.metadata).toEqual({ participantId: "abc", bookingId: "b-1" });
    expect(session.status).toBe("open");
    expect(session.payment_status).toBe("unpaid");
    const again = await stripe.checkout.sessions.retrieve(session.id);
    expect(again).toMatchObject({ id: session.id, client_reference_id: "b-1", customer_email: "pat@example.com", payment_intent: null });
  });

  it("returns the same session for a repeated Idempotency-Key", async () => {
    const before = fake.sessions.size;
    const first = await createSession({}, { idempotencyKey: "create-b-1" });
    const second = await createSession({ expires_at: first.expires_at }, { idempotencyKey: "create-b-1" });
    expect(second.id).toBe(first.id);
    expect(fake.sessions.size).toBe(before + 1);
  });

  it("rejects a missing expires_at, an unknown id and a wrong key with typed errors", async () => {
    await expect(createSession({ expires_at: undefined })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const fractional = await fetch(`${fake.url}/v1/checkout/sessions`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_x", "Content-Type": "application/x-www-form-urlencoded" },
      body: "mode=payment&expires_at=12.5&success_url=http://a&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1&line_items[0][price_data][product_data][name]=x",
    });
    expect(fractional.status).toBe(400);
    expect((await fractional.json()).error.message).toContain("expires_at");
    await expect(stripe.checkout.sessions.retrieve("cs_test_nope")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    const response = await fetch(`${fake.url}/v1/checkout/sessions/cs_test_nope`);
    expect(response.status).toBe(401);
  });

  it("completes a session and sends a webhook the SDK verifies", async () => {
    const session = await createSession();
    const event = await fake.completeSession(session.id);
    const webhook = lastWebhook();
    expect(webhook.id).toBe(event.id);
    expect(webhook.type).toBe("checkout.session.completed");
    const object = webhook.data.object as Stripe.Checkout.Session;
    expect(object.payment_status).toBe("paid");
    expect(object.payment_intent).toMatch(/^pi_/);
    expect(object.metadata).toEqual({ participantId: "abc", bookingId: "b-1" });
    expect(event.deliveries).toEqual([200]);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");
  });

  it("retries a webhook the app answered with a 5xx", async () => {
    const session = await createSession();
    failNextWebhooks = 1;
    const event = await fake.completeSession(session.id);
    expect(event.deliveries).toEqual([503, 200]);
    expect(received).toHaveLength(1);
    expect(await fake.deliver(event)).toBe(200);
    expect(received).toHaveLength(2);
  });

  it("settles a bank payment later, successfully or not", async () => {
    const paid = await createSession();
    await fake.completeSession(paid.id, { async: true });
    expect(lastWebhook().type).toBe("checkout.session.completed");
    expect((lastWebhook().data.object as Stripe.Checkout.Session).payment_status).toBe("unpaid");
    await fake.settleAsync(paid.id, "succeeded");
    expect(lastWebhook().type).toBe("checkout.session.async_payment_succeeded");
    expect((lastWebhook().data.object as Stripe.Checkout.Session).payment_status).toBe("paid");
    await expect(fake.settleAsync(paid.id, "failed")).rejects.toThrow(/no bank payment waiting/);

    const failed = await createSession();
    await fake.completeSession(failed.id, { async: true, deliver: false });
    await fake.settleAsync(failed.id, "failed");
    expect(lastWebhook().type).toBe("checkout.session.async_payment_failed");
    expect((await stripe.checkout.sessions.retrieve(failed.id)).payment_status).toBe("unpaid");
  });

  it("expires an open session once", async () => {
    const session = await createSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    await webhookFor("checkout.session.expired", session.id);
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      message: "Only Checkout Sessions with a status of open can be expired",
    });
  });
});

describe("the fake Stripe refunds", () => {
  async function paidSession() {
    const session = await createSession();
    await fake.completeSession(session.id, { deliver: false });
    return fake.sessions.get(session.id)!;
  }

  it("refunds once per Idempotency-Key and defaults to what is left", async () => {
    const session = await paidSession();
    const params = { payment_intent: session.payment_intent!, amount: 1000, metadata: { cancellationId: "c-1" } };
    const first = await stripe.refunds.create(params, { idempotencyKey: "refund-c-1" });
    const second = await stripe.refunds.create(params, { idempotencyKey: "refund-c-1" });
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({ status: "succeeded", amount: 1000, currency: "usd", metadata: { cancellationId: "c-1" } });
    expect([...fake.refunds.values()].filter((refund) => refund.payment_intent === session.payment_intent)).toHaveLength(1);
    expect((await stripe.refunds.retrieve(first.id)).amount).toBe(1000);
    const rest = await stripe.refunds.create({ payment_intent: session.payment_intent! });
    expect(rest.amount).toBe(1500);
  });

  it("fails on demand with an API error, and the retry with the same key succeeds", async () => {
    const session = await paidSession();
    fake.failNextRefunds(1);
    const params = { payment_intent: session.payment_intent! };
    await expect(stripe.refunds.create(params, { idempotencyKey: "refund-retry" })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    const retried = await stripe.refunds.create(params, { idempotencyKey: "refund-retry" });
    expect(retried.amount).toBe(2500);
  });

  it("rejects refunding more than was paid or an unpaid payment", async () => {
    const session = await paidSession();
    await expect(stripe.refunds.create({ payment_intent: session.payment_intent!, amount: 2501 })).rejects.toMatchObject({ statusCode: 400, code: "amount_too_large" });
    await expect(stripe.refunds.create({ payment_intent: "pi_unknown" })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("the fake Stripe test checkout page", () => {
  it("shows the amount and a Pay form, then paying redirects to success_url and sends the webhook", async () => {
    const session = await createSession();
    const pageResponse = await fetch(`${fake.url}/checkout/${session.id}`);
    const html = await pageResponse.text();
    expect(pageResponse.status).toBe(200);
    expect(html).toContain("Test checkout");
    expect(html).toContain("Algebra lesson");
    expect(html).toContain("$25.00");
    expect(html).toContain("pat@example.com");
    expect(html).toContain(`<form method="post" action="/checkout/${session.id}/pay">`);
    expect(html).toContain("No card is charged.");

    const pay = await fetch(`${fake.url}/checkout/${session.id}/pay`, { method: "POST", redirect: "manual" });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe(`http://app.test/bookings/b-1/paid?session=${session.id}`);
    const webhook = await webhookFor("checkout.session.completed", session.id);
    expect((webhook.data.object as Stripe.Checkout.Session).payment_status).toBe("paid");

    const paidPage = await (await fetch(`${fake.url}/checkout/${session.id}`)).text();
    expect(paidPage).toContain("This checkout is already paid.");
  });

  it("expires a session whose time is up instead of taking payment", async () => {
    const session = await createSession({ expires_at: Math.floor(Date.now() / 1000) - 1 });
    const pay = await fetch(`${fake.url}/checkout/${session.id}/pay`, { method: "POST", redirect: "manual" });
    expect(pay.status).toBe(410);
    expect(await pay.text()).toContain("This checkout has expired.");
    await webhookFor("checkout.session.expired", session.id);
  });

  it("answers the control endpoints other processes use", async () => {
    const session = await createSession();
    expect(await (await fetch(`${fake.url}/__fake/health`)).text()).toBe("ok");
    const completed = await (await fetch(`${fake.url}/__fake/sessions/${session.id}/complete?async=1`, { method: "POST" })).json();
    expect(completed).toMatchObject({ type: "checkout.session.completed", deliveries: [200] });
    const settled = await (await fetch(`${fake.url}/__fake/sessions/${session.id}/settle?outcome=succeeded`, { method: "POST" })).json();
    expect(settled.type).toBe("checkout.session.async_payment_succeeded");
    const state = await (await fetch(`${fake.url}/__fake/sessions/${session.id}`)).json();
    expect(state).toMatchObject({ status: "complete", payment_status: "paid", line_items: [{ name: "Algebra lesson", unitAmount: 1250, quantity: 2 }] });
    await fetch(`${fake.url}/__fake/refunds/fail-next?count=1`, { method: "POST" });
    await expect(stripe.refunds.create({ payment_intent: state.payment_intent })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    const events = await (await fetch(`${fake.url}/__fake/events`)).json();
    expect(events.at(-1).id).toBe(settled.id);
  });
});
