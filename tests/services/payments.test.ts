import { createServer, type Server } from "node:http";
import { DateTime } from "luxon";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { BookingDetails } from "../../app/domain/booking/forms";
import { DomainError } from "../../app/domain/shared/errors";
import { saveWeeklySchedule } from "../../app/services/availability.server";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { prisma } from "../../app/services/db.server";
import { expireDueHolds, handleStripeEvent, processDueRefunds, processRefund, settleFromReturn } from "../../app/services/payments.server";
import { verifyWebhook } from "../../app/services/stripe.server";
import { action as stripeWebhook } from "../../app/routes/webhooks.stripe";
import { saveTutorProfile } from "../../app/services/tutors.server";
import { startFakeStripe, type FakeEvent, type FakeStripe } from "../../dev/fake-stripe";
import { createUser, noMeta } from "../factories";

let fake: FakeStripe;
/** Does what app/routes/webhooks.stripe.tsx does: verify the signature on the raw body, then handle. */
let webhookServer: Server;
let webhookUrl: string;

beforeAll(async () => {
  fake = await startFakeStripe({ port: 0, webhookSecret: "whsec_test" });
  process.env.STRIPE_SECRET_KEY = "sk_test_x";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_test";
  process.env.STRIPE_API_BASE = fake.url;
  webhookServer = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", async () => {
      let event: Stripe.Event;
      try {
        event = verifyWebhook(body, (request.headers["stripe-signature"] as string | undefined) ?? null);
      } catch {
        return void response.writeHead(400).end("bad signature");
      }
      try {
        const outcome = await handleStripeEvent(event);
        response.writeHead(outcome === "rejected" ? 400 : 200, { "Content-Type": "application/json" }).end(JSON.stringify({ outcome }));
      } catch {
        response.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => webhookServer.listen(0, "127.0.0.1", resolve));
  const address = webhookServer.address();
  webhookUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/webhooks/stripe`;
});

afterAll(async () => {
  await outboxDrained();
  await fake.close();
  await new Promise<void>((resolve) => webhookServer.close(() => resolve()));
});

/**
 * Each commit kicks the email outbox, which delivers in the background. A disconnect in the middle of
 * its (implicitly transactional) update leaves a connection open in a transaction and never returns,
 * so let it drain before the shared afterAll disconnects.
 */
async function outboxDrained() {
  for (let waited = 0; waited < 5_000; waited += 50) {
    if ((await prisma.emailMessage.count({ where: { status: "PENDING" } })) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}

async function tutorWithHours() {
  const user = await createUser({ roles: ["TUTOR"], timezone: "UTC", name: "Tutor" });
  await saveTutorProfile(
    user,
    { headline: "", bio: "", subjects: ["Maths"], gradeLevels: ["HIGH"], hourlyRate: 6000, currency: "USD", durations: [60], bufferMinutes: 0, timezone: "UTC" },
    noMeta,
  );
  await saveWeeklySchedule(
    user,
    ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, start: "06:00", end: "22:00" })),
    noMeta,
  );
  return user;
}

const student = (name?: string): Promise<Booker> => createUser({ roles: ["STUDENT"], name });
const at = (days: number, hour = 10) => DateTime.utc().plus({ days }).startOf("day").set({ hour });
const asStripeEvent = (event: FakeEvent) => event as unknown as Stripe.Event;

function weeklyTime(studentId: string, startsAt: DateTime): BookingDetails {
  return { start: startsAt.toISO()!, duration: 60, student: studentId, subject: "Maths", meetingType: "VIDEO", title: "", description: "" };
}

/** A held seat with its Checkout open at the fake. */
async function heldBooking(tutorId: string, booker: Booker, startsAt = at(3)) {
  const result = await createBooking(booker, tutorId, weeklyTime(booker.id, startsAt), noMeta);
  expect(result).toMatchObject({ status: "HELD", checkoutError: null, checkoutUrl: expect.stringContaining(fake.url) });
  const payment = await prisma.payment.findFirstOrThrow({ where: { participantId: result.participantId } });
  return { ...result, paymentId: payment.id, checkoutId: payment.checkoutSessionId! };
}

/** The seat, its session and its payment as the database has them now. */
async function stateOf(participantId: string) {
  const seat = await prisma.participant.findUniqueOrThrow({ where: { id: participantId }, include: { session: true, payments: { orderBy: { createdAt: "asc" } } } });
  return { seat: seat.status, session: seat.session.status, cancelCause: seat.session.cancelCause, payment: seat.payments.at(-1)?.status, holdExpiresAt: seat.holdExpiresAt };
}

const emails = (template: string, toAddress?: string) => prisma.emailMessage.count({ where: { template, ...(toAddress ? { toAddress } : {}) } });
const audits = (action: string, subjectId: string) => prisma.auditEvent.count({ where: { action, subjectId } });

/** Lets the hold run out and runs the expiry job. */
async function expireHold(participantId: string) {
  await prisma.participant.update({ where: { id: participantId }, data: { holdExpiresAt: DateTime.utc().minus({ minutes: 1 }).toJSDate() } });
  await expireDueHolds();
}

async function withClockOffset<T>(seconds: number, run: () => Promise<T>): Promise<T> {
  const before = process.env.CLOCK_OFFSET_SECONDS;
  process.env.CLOCK_OFFSET_SECONDS = String(seconds);
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.CLOCK_OFFSET_SECONDS;
    else process.env.CLOCK_OFFSET_SECONDS = before;
  }
}

async function expectConfirmedOnce(booking: { participantId: string; paymentId: string }, booker: Booker) {
  expect(await stateOf(booking.participantId)).toMatchObject({ seat: "CONFIRMED", session: "SCHEDULED", payment: "PAID", holdExpiresAt: null });
  expect(await audits("booking.confirmed", booking.participantId)).toBe(1);
  expect(await audits("payment.paid", booking.paymentId)).toBe(1);
  expect(await emails("booking-confirmed", booker.email)).toBe(1);
  expect(await emails("booking-new-for-tutor")).toBe(1);
}

describe("the Stripe webhook", () => {
  it("confirms once when the same event arrives five times in a row", async () => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });

    const outcomes = [];
    for (let attempt = 0; attempt < 5; attempt++) outcomes.push(await handleStripeEvent(asStripeEvent(event)));
    expect(outcomes).toEqual(["confirmed", "duplicate", "duplicate", "duplicate", "duplicate"]);
    await expectConfirmedOnce(booking, booker);
    expect(await prisma.webhookEvent.findMany({ select: { id: true, type: true } })).toEqual([{ id: event.id, type: "checkout.session.completed" }]);
  });

  it("confirms once when the same event arrives five times at once", async () => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => handleStripeEvent(asStripeEvent(event))));
    expect(outcomes.sort()).toEqual(["confirmed", "duplicate", "duplicate", "duplicate", "duplicate"]);
    await expectConfirmedOnce(booking, booker);
    expect(await prisma.webhookEvent.count()).toBe(1);
  });

  it("answers 400 to a tampered body or a bad signature and writes nothing", async () => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });
    const { deliveries: _notSent, ...sent } = event;
    const payload = JSON.stringify(sent);
    const tampered = payload.replace(`"amount_total":6000`, `"amount_total":1`);
    expect(tampered).not.toBe(payload);

    const post = async (body: string, signature?: string) =>
      (await fetch(webhookUrl, { method: "POST", headers: { "Content-Type": "application/json", ...(signature ? { "Stripe-Signature": signature } : {}) }, body })).status;
    expect(await post(tampered, fake.signatureFor(payload))).toBe(400);
    expect(await post(payload, `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`)).toBe(400);
    expect(await post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" }))).toBe(400);
    expect(await post(payload)).toBe(400);

    expect(await prisma.webhookEvent.count()).toBe(0);
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "HELD", session: "PENDING_PAYMENT", payment: "PENDING" });
    expect(await prisma.emailMessage.count()).toBe(0);

    // The same event, signed as Stripe signs it, goes through.
    fake.setWebhookUrl(webhookUrl);
    try {
      expect(await fake.deliver(event)).toBe(200);
    } finally {
      fake.setWebhookUrl("");
    }
    await expectConfirmedOnce(booking, booker);
  });

  it("makes one booking when the success page and the webhook settle the same payment", async () => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });

    const outcomes = await Promise.all([
      settleFromReturn(booking.participantId, booking.checkoutId),
      handleStripeEvent(asStripeEvent(event)),
      settleFromReturn(booking.participantId, booking.checkoutId),
    ]);
    expect(outcomes.filter((outcome) => outcome === "confirmed")).toHaveLength(1);
    await expectConfirmedOnce(booking, booker);

    // Later arrivals change nothing.
    expect(await settleFromReturn(booking.participantId, booking.checkoutId)).toBe("unchanged");
    await handleStripeEvent(asStripeEvent(event));
    await expectConfirmedOnce(booking, booker);
  });

  it("settles from the success page first and then finds the webhook already done", async () => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });
    expect(await settleFromReturn(booking.participantId, "cs_test_someone_elses")).toBe("unchanged");
    expect(await settleFromReturn(booking.participantId, booking.checkoutId)).toBe("confirmed");
    expect(await handleStripeEvent(asStripeEvent(event))).toBe("unchanged");
    await expectConfirmedOnce(booking, booker);
  });

  it("releases the seat when Checkout expires", async () => {
    const tutor = await tutorWithHours();
    const [first, second] = [await student(), await student()];
    const booking = await heldBooking(tutor.id, first);
    const event = await fake.expireSession(booking.checkoutId, { deliver: false });

    expect(await handleStripeEvent(asStripeEvent(event))).toBe("released");
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "EXPIRED", session: "CANCELLED", cancelCause: "HOLD_EXPIRED", payment: "EXPIRED" });
    expect(await emails("booking-hold-expired", first.email)).toBe(1);
    const again = await heldBooking(tutor.id, second);
    expect(await stateOf(again.participantId)).toMatchObject({ seat: "HELD", session: "PENDING_PAYMENT" });
  });
});

// Issue 12: a correctly signed event with nothing in data.object threw inside the transaction: a 500
// that Stripe would retry for days. It is answered 400, logged, audited, and its id is not marked done.
describe("a signed Stripe event without a Checkout session", () => {
  /** Posts `body`, signed as Stripe signs it, to the real route's action. */
  async function postSigned(body: string) {
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_test" });
    const request = new Request("http://localhost/webhooks/stripe", { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": signature }, body });
    // The route reads only the request; the load context (nonce, memo) is the server's.
    const response = await stripeWebhook({ request, params: {}, context: {} } as unknown as Parameters<typeof stripeWebhook>[0]);
    return { status: response.status, body: (await response.json()) as { outcome?: string; error?: string } };
  }

  it.each<[string, (data: Record<string, unknown>) => Record<string, unknown> | undefined]>([
    ["data: {}", () => ({})],
    ["data.object: null", () => ({ object: null })],
    ["no data at all", () => undefined],
    ["data.object without an id", (data) => ({ object: { ...(data.object as object), id: undefined } })],
    ["data.object as a string", () => ({ object: "cs_test_123" })],
    ["data.object as a list", () => ({ object: [] })],
  ])("answers 400 to %s, changes nothing, keeps the id out of webhook_events and audits each delivery", async (_name, reshape) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const tutor = await tutorWithHours();
      const booker = await student();
      const booking = await heldBooking(tutor.id, booker);
      const { deliveries: _notSent, ...event } = await fake.completeSession(booking.checkoutId, { deliver: false });
      const broken = JSON.stringify({ ...event, data: reshape(event.data as Record<string, unknown>) });

      for (let delivery = 0; delivery < 2; delivery++) {
        expect(await postSigned(broken)).toEqual({ status: 400, body: { error: "The event carries no Checkout session in data.object.", outcome: "rejected" } });
      }
      expect(await prisma.webhookEvent.count()).toBe(0);
      expect(await stateOf(booking.participantId)).toMatchObject({ seat: "HELD", session: "PENDING_PAYMENT", payment: "PENDING" });
      expect(await prisma.auditEvent.findMany({ where: { action: "stripe.event_rejected" }, select: { subjectType: true, subjectId: true, after: true } })).toEqual([
        { subjectType: "StripeEvent", subjectId: event.id, after: { type: "checkout.session.completed", reason: "NO_CHECKOUT_SESSION" } },
        { subjectType: "StripeEvent", subjectId: event.id, after: { type: "checkout.session.completed", reason: "NO_CHECKOUT_SESSION" } },
      ]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`Stripe event ${event.id} (checkout.session.completed) carries no Checkout session`));

      // The id was not taken for done: the whole event, under the same id, still confirms the booking.
      expect(await postSigned(JSON.stringify(event))).toEqual({ status: 200, body: { received: true, outcome: "confirmed" } });
      await expectConfirmedOnce(booking, booker);
    } finally {
      warn.mockRestore();
    }
  });

  // Found by the fuzz test: JSON can spell a lone surrogate ("\ud800") or a NUL, which no SQL parameter carries.
  it.each<[string, (object: Record<string, unknown>) => Record<string, unknown>]>([
    ["a lone surrogate as the payment id", (object) => ({ ...object, metadata: { paymentId: "\ud800" } })],
    ["a NUL in the payment id", (object) => ({ ...object, metadata: { paymentId: "pay\u0000x" } })],
    ["a lone surrogate as the payment intent", (object) => ({ ...object, payment_intent: "pi_\udfff" })],
  ])("reads past %s: the seat is found by its Checkout session and confirmed once", async (_name, reshape) => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const { deliveries: _notSent, ...event } = await fake.completeSession(booking.checkoutId, { deliver: false });
    const data = event.data as { object: Record<string, unknown> };
    const odd = JSON.stringify({ ...event, data: { object: reshape(data.object) } });
    expect(await postSigned(odd)).toMatchObject({ status: 200, body: { received: true, outcome: "confirmed" } });
    await expectConfirmedOnce(booking, booker);
  });

  it("answers 400 to an event or Checkout id that no SQL parameter can carry", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (const [id, checkoutId] of [
        ["evt_\ud800", "cs_ok"],
        ["evt_ok", "cs_\u0000"],
        ["evt_ok2", "cs_\udc00"],
      ]) {
        const body = JSON.stringify({
          id,
          object: "event",
          type: "checkout.session.completed",
          data: { object: { id: checkoutId, object: "checkout.session", status: "complete" } },
        });
        expect(await postSigned(body)).toMatchObject({ status: 400, body: { outcome: "rejected" } });
      }
      expect(await prisma.webhookEvent.count()).toBe(0);
      expect(await prisma.auditEvent.count({ where: { action: "stripe.event_rejected", subjectId: "(no readable id)" } })).toBe(1);
    } finally {
      warn.mockRestore();
    }
  });

  it("still ignores, with 200, an empty event of a type it does not handle", async () => {
    expect(await postSigned(JSON.stringify({ id: "evt_other", object: "event", type: "customer.created", data: {} }))).toEqual({
      status: 200,
      body: { received: true, outcome: "ignored" },
    });
    expect(await handleStripeEvent({ id: "evt_x", type: "checkout.session.expired", data: { object: null } } as unknown as Stripe.Event)).toBe("rejected");
    expect(await prisma.webhookEvent.count()).toBe(0);
  });
});

describe("holds that run out", () => {
  it("frees the seat for someone else when the hold expires", async () => {
    const tutor = await tutorWithHours();
    const [first, second] = [await student(), await student()];
    const booking = await heldBooking(tutor.id, first);

    // Before the hold ends, the time is taken.
    await expect(createBooking(second, tutor.id, weeklyTime(second.id, at(3)), noMeta)).rejects.toMatchObject({ code: "NOT_FREE" });
    await expireHold(booking.participantId);

    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "EXPIRED", session: "CANCELLED", cancelCause: "HOLD_EXPIRED", payment: "EXPIRED", holdExpiresAt: null });
    expect(await audits("booking.hold_expired", booking.participantId)).toBe(1);
    expect(await emails("booking-hold-expired", first.email)).toBe(1);
    expect(fake.sessions.get(booking.checkoutId)?.status).toBe("expired");

    const again = await heldBooking(tutor.id, second);
    expect(await stateOf(again.participantId)).toMatchObject({ seat: "HELD", session: "PENDING_PAYMENT", payment: "PENDING" });
    expect(await prisma.tutoringSession.count({ where: { tutorId: tutor.id, status: { not: "CANCELLED" } } })).toBe(1);
  });

  it("refunds a late payment when the time went to someone else", async () => {
    const tutor = await tutorWithHours();
    const [late, other] = [await student("Late payer"), await student()];
    const booking = await heldBooking(tutor.id, late);
    // Paid at Stripe just before the end; the webhook only arrives after the hold expired and the time was rebooked.
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });
    await expireHold(booking.participantId);
    const taken = await heldBooking(tutor.id, other);

    expect(await handleStripeEvent(asStripeEvent(event))).toBe("refunded");
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "EXPIRED", session: "CANCELLED", payment: "PAID" });
    expect(await stateOf(taken.participantId)).toMatchObject({ seat: "HELD", session: "PENDING_PAYMENT" });
    const refunds = await prisma.refund.findMany();
    expect(refunds).toEqual([expect.objectContaining({ paymentId: booking.paymentId, status: "PROCESSED", amountMinor: 6000, reason: "LATE_PAYMENT_SEAT_TAKEN", attempts: 1 })]);
    const atStripe = [...fake.refunds.values()].filter((refund) => refund.payment_intent === event.data.object.payment_intent);
    expect(atStripe).toEqual([expect.objectContaining({ amount: 6000, id: refunds[0].stripeRefundId })]);
    expect(await emails("booking-late-payment-refunded", late.email)).toBe(1);
    expect(await emails("booking-confirmed")).toBe(0);
  });

  it("revives the booking when a late payment finds the time still free", async () => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });
    await expireHold(booking.participantId);

    expect(await handleStripeEvent(asStripeEvent(event))).toBe("confirmed");
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "CONFIRMED", session: "SCHEDULED", cancelCause: null, payment: "PAID" });
    expect(await audits("booking.confirmed_after_late_payment", booking.participantId)).toBe(1);
    expect(await emails("booking-confirmed", booker.email)).toBe(1);
    expect(await prisma.refund.count()).toBe(0);
  });
  it("refunds a late payment when the student has since booked another tutor for that time", async () => {
    const [tutor, otherTutor] = [await tutorWithHours(), await tutorWithHours()];
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });
    await expireHold(booking.participantId);
    const elsewhere = await heldBooking(otherTutor.id, booker);

    // Reviving would put the student in two sessions at once.
    expect(await handleStripeEvent(asStripeEvent(event))).toBe("refunded");
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "EXPIRED", session: "CANCELLED", payment: "PAID" });
    expect(await stateOf(elsewhere.participantId)).toMatchObject({ seat: "HELD", session: "PENDING_PAYMENT" });
    expect(await prisma.refund.findMany({ select: { status: true, paymentId: true } })).toEqual([{ status: "PROCESSED", paymentId: booking.paymentId }]);
  });
});

describe("refunds", () => {
  /** A late payment whose seat was taken, with Stripe refusing the first `failures` refund calls. */
  async function lateRefund(failures: number) {
    const tutor = await tutorWithHours();
    const [late, other] = [await student(), await student()];
    const booking = await heldBooking(tutor.id, late);
    const event = await fake.completeSession(booking.checkoutId, { deliver: false });
    await expireHold(booking.participantId);
    await heldBooking(tutor.id, other);
    fake.failNextRefunds(failures);
    expect(await handleStripeEvent(asStripeEvent(event))).toBe("refunded");
    const refund = await prisma.refund.findFirstOrThrow();
    const atStripe = () => [...fake.refunds.values()].filter((candidate) => candidate.payment_intent === event.data.object.payment_intent);
    return { refund, atStripe };
  }

  const makeDue = (id: string) => prisma.refund.update({ where: { id }, data: { nextAttemptAt: DateTime.utc().minus({ minutes: 1 }).toJSDate() } });

  it("records a failed refund and retries it from the job", async () => {
    const { refund, atStripe } = await lateRefund(3);
    expect(refund).toMatchObject({ status: "FAILED", attempts: 1, lastError: expect.stringMatching(/Fake Stripe failure/), stripeRefundId: null });
    expect(refund.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(atStripe()).toHaveLength(0);

    expect(await processDueRefunds()).toBe(0); // not due yet
    await makeDue(refund.id);
    expect(await processDueRefunds()).toBe(1);
    expect(await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: "PROCESSED", attempts: 2, lastError: null });
    expect(atStripe()).toHaveLength(1);

    await makeDue(refund.id);
    expect(await processRefund(refund.id)).toBe("skipped");
    expect(atStripe()).toHaveLength(1);
  });

  it("refunds once at Stripe when two workers process the same refund at once", async () => {
    const { refund, atStripe } = await lateRefund(3);
    await makeDue(refund.id);
    const outcomes = await Promise.all([processRefund(refund.id), processRefund(refund.id)]);
    expect(outcomes.sort()).toEqual(["processed", "skipped"]);
    expect(atStripe()).toHaveLength(1);
    expect(await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: "PROCESSED", stripeRefundId: atStripe()[0].id });
  });
});

describe("delayed payments (bank debits)", () => {
  it("keeps the seat while the payment processes, and releases it when the payment fails", async () => {
    const tutor = await tutorWithHours();
    const [booker, other] = [await student(), await student()];
    const booking = await heldBooking(tutor.id, booker);
    const completed = await fake.completeSession(booking.checkoutId, { async: true, deliver: false });

    expect(await handleStripeEvent(asStripeEvent(completed))).toBe("processing");
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "HELD", session: "PENDING_PAYMENT", payment: "PROCESSING", holdExpiresAt: null });
    // Hours later the hold has not run out, and nobody else can take the time.
    await withClockOffset(2 * 3600, async () => {
      await expireDueHolds();
      await expect(createBooking(other, tutor.id, weeklyTime(other.id, at(3)), noMeta)).rejects.toBeInstanceOf(DomainError);
    });
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "HELD", payment: "PROCESSING" });

    const failed = await fake.settleAsync(booking.checkoutId, "failed", { deliver: false });
    expect(await handleStripeEvent(asStripeEvent(failed))).toBe("released");
    expect(await stateOf(booking.participantId)).toMatchObject({ seat: "EXPIRED", session: "CANCELLED", cancelCause: "PAYMENT_FAILED", payment: "FAILED" });
    expect(await emails("booking-payment-failed", booker.email)).toBe(1);
    expect(await emails("booking-confirmed")).toBe(0);
    await heldBooking(tutor.id, other);
  });

  it("confirms when the delayed payment succeeds", async () => {
    const tutor = await tutorWithHours();
    const booker = await student();
    const booking = await heldBooking(tutor.id, booker);
    await handleStripeEvent(asStripeEvent(await fake.completeSession(booking.checkoutId, { async: true, deliver: false })));
    expect(await stateOf(booking.participantId)).toMatchObject({ payment: "PROCESSING" });

    const succeeded = await fake.settleAsync(booking.checkoutId, "succeeded", { deliver: false });
    expect(await handleStripeEvent(asStripeEvent(succeeded))).toBe("confirmed");
    await expectConfirmedOnce(booking, booker);
    expect(await prisma.webhookEvent.count()).toBe(2);
  });
});
