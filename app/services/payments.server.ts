import type Stripe from "stripe";
import type { DateTime } from "luxon";
import { emailRetryDecision } from "~/domain/email/retry";
import { BOOKING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import type { SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import type { Role } from "~/domain/users/roles";
import { formatSessionTime } from "~/emails/booking";
import { recordAudit } from "./audit.server";
import { enqueueBookingConfirmedEmails, enqueueLatePaymentRefundedEmail, enqueueSeatReleasedEmail } from "./booking-emails.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { lockTutor } from "./locks.server";
import { releaseUnpaidCredit, reviveWithCredit } from "./credits.server";
import { placeSession } from "./session-core/placement.server";
import { sessionTransaction, type AfterCommit } from "./session-core/after-commit.server";
import { transitionSeat, transitionSession } from "./session-core/transition.server";
import { kickOutbox } from "./outbox.server";
import type { RequestMeta } from "./request-meta.server";
import { stripe } from "./stripe.server";

/** What Checkout shows and is tied to: the pending payment, its seat and its session. */
export type CheckoutOrder = {
  paymentId: string;
  amountMinor: number;
  currency: string;
  payerEmail: string;
  participantId: string;
  studentName: string;
  holdExpiresAt: Date;
  session: { subject: string | null; title: string | null; startsAt: Date; endsAt: Date; timezone: string; tutorName: string };
};

/**
 * Opens (or reopens) Stripe Checkout for a pending payment and returns its URL. The idempotency key
 * is the payment's id, so a retry after a timeout finds the same Checkout session, never a second one.
 */
export async function startCheckout(paymentId: string): Promise<string> {
  const payment = await prisma.payment.findUniqueOrThrow({
    where: { id: paymentId },
    select: {
      id: true,
      amountMinor: true,
      currency: true,
      checkoutUrl: true,
      payer: { select: { email: true } },
      participant: {
        select: {
          id: true,
          holdExpiresAt: true,
          student: { select: { name: true } },
          session: { select: { subject: true, title: true, startsAt: true, endsAt: true, timezone: true, tutor: { select: { user: { select: { name: true } } } } } },
        },
      },
    },
  });
  if (payment.checkoutUrl) return payment.checkoutUrl;
  const { participant } = payment;
  const { session } = participant;
  if (!participant.holdExpiresAt) throw new DomainError("NOT_HELD", "This booking is no longer waiting for payment.");
  return openCheckout({
    paymentId: payment.id,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    payerEmail: payment.payer.email,
    participantId: participant.id,
    studentName: participant.student.name,
    holdExpiresAt: participant.holdExpiresAt,
    session: { ...session, tutorName: session.tutor.user.name },
  });
}

/**
 * Opens Checkout for an order the caller already holds: a new booking passes what it has just
 * written instead of reading it back (one query fewer on the busiest write, issue 13's booking cost).
 */
export async function openCheckout(order: CheckoutOrder): Promise<string> {
  const { session } = order;
  // Two spare minutes keep Checkout open until the hold itself ends (Stripe wants at least 30 minutes,
  // and the hold is 30), and the hold job expires it at Stripe when the hold lapses. Derived from the
  // hold alone, so a retry sends exactly the same request under the same idempotency key.
  const expiresAt = Math.floor(order.holdExpiresAt.getTime() / 1000) + 120;
  const checkout = await stripe().checkout.sessions.create(
    {
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: order.currency.toLowerCase(),
            unit_amount: order.amountMinor,
            product_data: {
              name: `${session.title || session.subject || "Tutoring session"} with ${session.tutorName}`,
              description: `For ${order.studentName}: ${formatSessionTime(session.startsAt, session.endsAt, session.timezone)}`,
            },
          },
        },
      ],
      customer_email: order.payerEmail,
      client_reference_id: order.participantId,
      metadata: { paymentId: order.paymentId, participantId: order.participantId },
      success_url: `${env.appUrl}/bookings/${order.participantId}?checkout={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.appUrl}/bookings/${order.participantId}?checkout=cancelled`,
      expires_at: expiresAt,
    },
    { idempotencyKey: `checkout-${order.paymentId}` },
  );
  await prisma.$executeRaw`UPDATE payments SET checkout_session_id = ${checkout.id}, checkout_url = ${checkout.url}, updated_at = now() WHERE id = ${order.paymentId}`;
  return checkout.url!;
}

/**
 * Ends holds whose time ran out: the seat is released (a 1:1 session is cancelled with the cause
 * HOLD_EXPIRED, so a late payment may still revive it), the pending payment expires, and the booker
 * is emailed. Returns the Checkout sessions to expire at Stripe after the commit.
 */
export async function expireHoldsInTx(tx: Tx, now: DateTime, options: { tutorId?: string; participantIds?: string[] } = {}, after?: AfterCommit): Promise<string[]> {
  const due = await tx.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM participants p JOIN tutoring_sessions s ON s.id = p.session_id
     WHERE p.status = 'HELD' AND p.hold_expires_at <= ${now.toJSDate()}
       AND (${options.tutorId ?? null}::text IS NULL OR s.tutor_id = ${options.tutorId ?? null})
     ORDER BY p.hold_expires_at LIMIT 200
       FOR UPDATE OF p SKIP LOCKED`;
  const checkoutIds: string[] = [];
  for (const { id } of due) checkoutIds.push(...(await releaseSeat(tx, id, now, "HOLD_EXPIRED")));
  // Each released seat emailed its booker.
  if (due.length > 0) after?.wakeOutbox();
  return checkoutIds;
}

/** Releases one held seat (its row must be locked by the caller). */
async function releaseSeat(tx: Tx, participantId: string, now: DateTime, cause: "HOLD_EXPIRED" | "PAYMENT_FAILED"): Promise<string[]> {
  await transitionSeat(tx, { participantId, from: "HELD", to: "EXPIRED", event: cause === "PAYMENT_FAILED" ? "payment_failed" : "hold_expired", data: { holdExpiresAt: null } });
  const seat = await tx.participant.findUniqueOrThrow({
    where: { id: participantId },
    select: {
      id: true,
      session: { select: { id: true, kind: true, status: true } },
      payments: { where: { status: { in: ["PENDING", "PROCESSING"] } }, select: { id: true, checkoutSessionId: true } },
    },
  });
  await tx.payment.updateMany({ where: { participantId, status: { in: ["PENDING", "PROCESSING"] } }, data: { status: cause === "PAYMENT_FAILED" ? "FAILED" : "EXPIRED" } });
  // The credit this hold spent goes back, once (decision 029).
  await releaseUnpaidCredit(tx, participantId, cause === "PAYMENT_FAILED" ? "Given back: the card payment failed" : "Given back: the hold ended before payment");
  if (seat.session.kind === "ONE_TO_ONE" && seat.session.status === "PENDING_PAYMENT") {
    // The cause is kept as it happened: only HOLD_EXPIRED lets a late payment revive the session.
    await transitionSession(tx, {
      sessionId: seat.session.id,
      from: "PENDING_PAYMENT",
      to: "CANCELLED",
      event: "hold_expired",
      data: { cancelledAt: now.toJSDate(), cancelCause: cause },
    });
  }
  await recordAudit(tx, {
    actor: "system",
    action: cause === "PAYMENT_FAILED" ? "booking.payment_failed" : "booking.hold_expired",
    subject: { type: "Participant", id: participantId },
    before: { status: "HELD" },
    after: { status: "EXPIRED" },
    policySnapshot: { booking: BOOKING_POLICY_DEFAULTS },
  });
  await enqueueSeatReleasedEmail(tx, participantId, cause);
  return seat.payments.flatMap((payment) => (payment.checkoutSessionId ? [payment.checkoutSessionId] : []));
}

/** Best effort: a Checkout whose hold ended should stop taking money. A late payment is still handled (refunded or revived). */
export async function expireCheckoutsAtStripe(checkoutIds: string[]): Promise<void> {
  for (const id of checkoutIds) {
    try {
      await stripe().checkout.sessions.expire(id, {}, { idempotencyKey: `expire-${id}` });
    } catch (error) {
      // Already complete or expired: the webhook for that outcome does the rest.
      console.warn(`could not expire Checkout ${id}: ${(error as Error).message}`);
    }
  }
}

/** The job: expire due holds everywhere. */
export async function expireDueHolds(): Promise<number> {
  const now = clock.now();
  const checkoutIds = await prisma.$transaction((tx) => expireHoldsInTx(tx, now), { timeout: 30_000 });
  kickOutbox();
  await expireCheckoutsAtStripe(checkoutIds);
  return checkoutIds.length;
}

type Outcome = {
  outcome: "confirmed" | "processing" | "released" | "refunded" | "unchanged" | "ignored" | "duplicate" | "rejected";
  participantId: string | null;
  refundIds: string[];
};

/**
 * Applies what Stripe says about a Checkout session. Called by the webhook (with the event id, for
 * dedupe) and by the success page (without). The payment row lock makes the two meet in one place:
 * whichever comes second finds the payment already settled and changes nothing.
 */
async function applyCheckoutSession(tx: Tx, checkout: Stripe.Checkout.Session, now: DateTime, asyncResult?: "succeeded" | "failed"): Promise<Outcome> {
  const paymentId = checkout.metadata?.paymentId;
  const rows = paymentId
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payments WHERE id = ${paymentId} FOR UPDATE`
    : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payments WHERE checkout_session_id = ${checkout.id} FOR UPDATE`;
  if (rows.length === 0) return { outcome: "ignored", participantId: null, refundIds: [] };
  const payment = await tx.payment.findUniqueOrThrow({
    where: { id: rows[0].id },
    select: {
      id: true,
      status: true,
      amountMinor: true,
      creditMinor: true,
      currency: true,
      participantId: true,
      payerId: true,
      payer: { select: { id: true, name: true, email: true, timezone: true } },
    },
  });
  const base = { participantId: payment.participantId, refundIds: [] as string[] };
  if (payment.status === "PAID") return { outcome: "unchanged", ...base };

  if (checkout.status === "expired") {
    if (payment.status !== "PENDING") return { outcome: "unchanged", ...base };
    const seat = await lockSeat(tx, payment.participantId);
    await tx.payment.update({ where: { id: payment.id }, data: { status: "EXPIRED" } });
    if (seat.status === "HELD") await releaseSeat(tx, seat.id, now, "HOLD_EXPIRED");
    await releaseUnpaidCredit(tx, seat.id, "Given back: the Checkout expired before payment");
    return { outcome: "released", ...base };
  }
  if (checkout.status !== "complete") return { outcome: "unchanged", ...base };

  const paid = asyncResult === "succeeded" || checkout.payment_status === "paid";
  if (asyncResult === "failed") {
    if (payment.status === "FAILED") return { outcome: "unchanged", ...base };
    const seat = await lockSeat(tx, payment.participantId);
    await tx.payment.update({ where: { id: payment.id }, data: { status: "FAILED" } });
    if (seat.status === "HELD") await releaseSeat(tx, seat.id, now, "PAYMENT_FAILED");
    await releaseUnpaidCredit(tx, seat.id, "Given back: the card payment failed");
    return { outcome: "released", ...base };
  }
  if (!paid) {
    // A delayed method (bank debit): keep the seat until Stripe says whether the money arrived.
    if (payment.status !== "PENDING") return { outcome: "unchanged", ...base };
    const seat = await lockSeat(tx, payment.participantId);
    await tx.payment.update({ where: { id: payment.id }, data: { status: "PROCESSING", paymentIntentId: paymentIntentOf(checkout) } });
    if (seat.status === "HELD") await tx.participant.update({ where: { id: seat.id }, data: { holdExpiresAt: null } });
    await recordAudit(tx, { actor: "system", action: "payment.processing", subject: { type: "Payment", id: payment.id } });
    return { outcome: "processing", ...base };
  }

  await tx.payment.update({ where: { id: payment.id }, data: { status: "PAID", paidAt: now.toJSDate(), paymentIntentId: paymentIntentOf(checkout) } });
  await recordAudit(tx, {
    actor: "system",
    action: "payment.paid",
    subject: { type: "Payment", id: payment.id },
    after: { amountMinor: payment.amountMinor, currency: payment.currency, checkoutSessionId: checkout.id },
  });
  const seat = await lockSeat(tx, payment.participantId);
  if (seat.status === "HELD") {
    await confirmSeat(tx, seat, now, "payment_received");
    return { outcome: "confirmed", ...base };
  }
  // A hold that lapsed gave its credit back: the late card payment revives it only if that credit can be
  // spent again (taken before the learner's lock, step 2b), else the card is refunded below.
  if (seat.status === "EXPIRED" && (await reviveWithCredit(tx, payment, seat.session.id, () => seatStillFree(tx, seat, now)))) {
    await confirmSeat(tx, seat, now, "late_payment_revived");
    return { outcome: "confirmed", ...base };
  }
  // The hold ran out and the time went to someone else (or the seat is gone): give the money back.
  const refund = await tx.refund.create({
    data: {
      paymentId: payment.id,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      reason: "LATE_PAYMENT_SEAT_TAKEN",
      idempotencyKey: `refund-late-payment-${payment.id}`,
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor: "system",
    action: "refund.created",
    subject: { type: "Refund", id: refund.id },
    after: { paymentId: payment.id, amountMinor: payment.amountMinor, reason: "LATE_PAYMENT_SEAT_TAKEN" },
  });
  await enqueueLatePaymentRefundedEmail(tx, seat.id, payment.payer, payment.amountMinor, payment.currency);
  return { outcome: "refunded", participantId: payment.participantId, refundIds: [refund.id] };
}

function paymentIntentOf(checkout: Stripe.Checkout.Session): string | null {
  return typeof checkout.payment_intent === "string" ? checkout.payment_intent : (checkout.payment_intent?.id ?? null);
}

type LockedSeat = {
  id: string;
  studentId: string;
  status: "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
  session: {
    id: string;
    tutorId: string;
    slotId: string | null;
    kind: "ONE_TO_ONE" | "GROUP";
    capacity: number;
    status: SessionStatus;
    cancelCause: string | null;
    startsAt: Date;
    endsAt: Date;
  };
};

async function lockSeat(tx: Tx, participantId: string): Promise<LockedSeat> {
  const session = await tx.participant.findUniqueOrThrow({ where: { id: participantId }, select: { session: { select: { tutorId: true } } } });
  // Same order as a booking (tutor, then seat), so a late payment and a booking never deadlock.
  await lockTutor(tx, session.session.tutorId);
  await tx.$queryRaw`SELECT id FROM participants WHERE id = ${participantId} FOR UPDATE`;
  return tx.participant.findUniqueOrThrow({
    where: { id: participantId },
    select: {
      id: true,
      studentId: true,
      status: true,
      session: { select: { id: true, tutorId: true, slotId: true, kind: true, capacity: true, status: true, cancelCause: true, startsAt: true, endsAt: true } },
    },
  });
}

/** For a late payment: may the seat have its time back (a group seat left, the tutor and the learner still free, not started)? */
async function seatStillFree(tx: Tx, seat: LockedSeat, now: DateTime): Promise<boolean> {
  const { session } = seat;
  if (session.startsAt.getTime() <= now.toMillis()) return false;
  if (session.kind === "GROUP") {
    if (session.status === "CANCELLED") return false;
    const taken = await tx.participant.count({ where: { sessionId: session.id, status: { in: ["HELD", "CONFIRMED"] } } });
    if (taken >= session.capacity) return false;
  } else if (session.status !== "CANCELLED" || session.cancelCause !== "HOLD_EXPIRED") return false;
  const student = await tx.user.findUniqueOrThrow({ where: { id: seat.studentId }, select: { id: true, name: true } });
  try {
    // A group session keeps its time for the others: only the learner is checked then.
    await placeSession(tx, {
      tutorId: session.tutorId,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      sessionId: session.id,
      learners: [student],
      tutor: session.kind === "GROUP" ? { rule: "session-keeps-time" } : { rule: "held-time", slotId: session.slotId },
      now,
    });
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

async function confirmSeat(tx: Tx, seat: LockedSeat, now: DateTime, event: "payment_received" | "late_payment_revived"): Promise<void> {
  await transitionSeat(tx, { participantId: seat.id, from: seat.status, to: "CONFIRMED", event, data: { confirmedAt: now.toJSDate(), holdExpiresAt: null } });
  // The first paid seat schedules the session; a revived hold brings its cancelled session back (the table decides which may).
  if (seat.session.status === "PENDING_PAYMENT" || seat.session.status === "CANCELLED") {
    await transitionSession(tx, { sessionId: seat.session.id, from: seat.session.status, to: "SCHEDULED", event, data: { cancelledAt: null, cancelCause: null } });
  }
  await recordAudit(tx, {
    actor: "system",
    action: event === "late_payment_revived" ? "booking.confirmed_after_late_payment" : "booking.confirmed",
    subject: { type: "Participant", id: seat.id },
    before: { status: seat.status },
    after: { status: "CONFIRMED", sessionId: seat.session.id },
  });
  await enqueueBookingConfirmedEmails(tx, seat.id);
}

const HANDLED_EVENTS = new Set(["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed", "checkout.session.expired"]);

/**
 * The Checkout session a handled event is about, or null when the (correctly signed) event carries
 * none: `data: {}`, `data.object: null`, an object without an id, or an event without an id to
 * dedupe on. Only the fields applyCheckoutSession reads are trusted, and only with the right types.
 */
function checkoutOf(event: Stripe.Event): Stripe.Checkout.Session | null {
  const object: unknown = (event as { data?: { object?: unknown } }).data?.object;
  if (!stripeId(event.id)) return null;
  if (typeof object !== "object" || object === null || Array.isArray(object)) return null;
  const checkout = object as Partial<Stripe.Checkout.Session>;
  if (!stripeId(checkout.id)) return null;
  const paymentId = typeof checkout.metadata === "object" && checkout.metadata !== null ? stripeId(checkout.metadata.paymentId) : null;
  const intent = typeof checkout.payment_intent === "object" && checkout.payment_intent !== null ? checkout.payment_intent.id : checkout.payment_intent;
  return { ...checkout, metadata: paymentId ? { paymentId } : null, payment_intent: stripeId(intent) } as Stripe.Checkout.Session;
}

/**
 * An id as Stripe and this app write them (printable ASCII, at most 255 characters), or null. What a
 * signed event carries still reaches SQL, which cannot take a NUL or a lone surrogate.
 */
function stripeId(value: unknown): string | null {
  return typeof value === "string" && /^[\x21-\x7e]{1,255}$/.test(value) ? value : null;
}

/**
 * A signed event that cannot be applied. It is answered 400 and its id stays out of webhook_events,
 * so it is never taken for done; a warning and an audit row (one per delivery) say what came.
 */
async function rejectEvent(event: Stripe.Event): Promise<void> {
  const id = stripeId(event.id) ?? "(no readable id)";
  console.warn(`Stripe event ${id} (${event.type}) carries no Checkout session in data.object: answered 400, not recorded as processed`);
  await recordAudit(prisma, { actor: "system", action: "stripe.event_rejected", subject: { type: "StripeEvent", id }, after: { type: event.type, reason: "NO_CHECKOUT_SESSION" } });
}

/**
 * A verified Stripe event. The event id is recorded in the same transaction as its effect: a replay,
 * even a concurrent one, waits on that insert and then finds it done.
 */
export async function handleStripeEvent(event: Stripe.Event): Promise<Outcome["outcome"]> {
  if (!HANDLED_EVENTS.has(event.type)) return "ignored";
  const checkout = checkoutOf(event);
  if (!checkout) {
    await rejectEvent(event);
    return "rejected";
  }
  const asyncResult = event.type === "checkout.session.async_payment_succeeded" ? "succeeded" : event.type === "checkout.session.async_payment_failed" ? "failed" : undefined;
  const result = await sessionTransaction(async ({ tx, after }) => {
    const inserted = await tx.$executeRaw`INSERT INTO webhook_events (id, type) VALUES (${event.id}, ${event.type}) ON CONFLICT (id) DO NOTHING`;
    if (inserted === 0) return { outcome: "duplicate", participantId: null, refundIds: [] } satisfies Outcome;
    return paymentEffectsAfterCommit(after, await applyCheckoutSession(tx, checkout, clock.now(), asyncResult));
  });
  return result.outcome;
}

/**
 * The success page: asks Stripe about the Checkout session the browser came back from, so the booker
 * sees "confirmed" without waiting for the webhook. Only the booking's own Checkout counts.
 */
export async function settleFromReturn(participantId: string, checkoutSessionId: string): Promise<Outcome["outcome"]> {
  const payment = await prisma.payment.findFirst({ where: { participantId, checkoutSessionId }, select: { id: true, status: true } });
  if (!payment || payment.status !== "PENDING") return "unchanged";
  const checkout = await stripe().checkout.sessions.retrieve(checkoutSessionId);
  if (checkout.metadata?.paymentId !== payment.id) return "ignored";
  const result = await sessionTransaction(async ({ tx, after }) => paymentEffectsAfterCommit(after, await applyCheckoutSession(tx, checkout, clock.now())));
  return result.outcome;
}

/** After the commit: the emails the outcome wrote, and the refund of a late payment. */
function paymentEffectsAfterCommit(after: AfterCommit, result: Outcome): Outcome {
  after.wakeOutbox();
  for (const refundId of result.refundIds) after.add(`refund ${refundId}`, () => processRefund(refundId));
  return result;
}

/**
 * Sends one refund to Stripe. Claiming it is one UPDATE that also pushes its next attempt back, so a
 * concurrent job run skips it; Stripe's idempotency key makes even a repeated call refund once.
 */
export async function processRefund(refundId: string): Promise<"processed" | "failed" | "skipped"> {
  const now = clock.now();
  const claimed = await prisma.$queryRaw<{ id: string; attempts: number; idempotency_key: string; amount_minor: number; payment_intent_id: string | null }[]>`
    UPDATE refunds r SET attempts = r.attempts + 1, next_attempt_at = ${now.plus({ minutes: 5 }).toJSDate()}
      FROM payments p
     WHERE r.id = ${refundId} AND p.id = r.payment_id AND r.status IN ('PENDING', 'FAILED') AND r.next_attempt_at <= ${now.toJSDate()}
     RETURNING r.id, r.attempts, r.idempotency_key, r.amount_minor, p.payment_intent_id`;
  const refund = claimed[0];
  if (!refund) return "skipped";
  try {
    if (!refund.payment_intent_id) throw new Error("the payment has no payment intent to refund");
    const created = await stripe().refunds.create(
      { payment_intent: refund.payment_intent_id, amount: refund.amount_minor, metadata: { refundId: refund.id } },
      { idempotencyKey: refund.idempotency_key },
    );
    await prisma.$transaction(async (tx) => {
      await tx.refund.update({ where: { id: refund.id }, data: { status: "PROCESSED", stripeRefundId: created.id, processedAt: clock.nowDate(), lastError: null } });
      await recordAudit(tx, {
        actor: "system",
        action: "refund.processed",
        subject: { type: "Refund", id: refund.id },
        after: { stripeRefundId: created.id, amountMinor: refund.amount_minor },
      });
    });
    return "processed";
  } catch (error) {
    // Same backoff as email delivery, then every six hours: money owed is never given up on.
    const decision = emailRetryDecision(refund.attempts, now.toJSDate());
    await prisma.refund.update({
      where: { id: refund.id },
      data: { status: "FAILED", lastError: (error as Error).message.slice(0, 500), nextAttemptAt: decision.giveUp ? now.plus({ hours: 6 }).toJSDate() : decision.nextAttemptAt },
    });
    return "failed";
  }
}

/** The job: retries refunds Stripe has not accepted yet. */
export async function processDueRefunds(): Promise<number> {
  const due = await prisma.refund.findMany({
    where: { status: { in: ["PENDING", "FAILED"] }, nextAttemptAt: { lte: clock.nowDate() } },
    select: { id: true },
    orderBy: { nextAttemptAt: "asc" },
    take: 50,
  });
  let processed = 0;
  for (const { id } of due) if ((await processRefund(id)) === "processed") processed += 1;
  return processed;
}

/** The booker's own held seat with an open payment, locked; a DomainError otherwise. */
async function lockOwnHeldSeat(tx: Tx, bookerId: string, participantId: string) {
  const owned = await tx.participant.findFirst({ where: { id: participantId, bookedById: bookerId }, select: { id: true } });
  if (!owned) throw new DomainError("NOT_FOUND", "That booking does not exist.");
  const seat = await lockSeat(tx, participantId);
  if (seat.status !== "HELD") throw new DomainError("NOT_HELD", "This booking is no longer waiting for payment.");
  return seat;
}

/** "Pay now": back to the same Checkout (or a new one if it never opened). */
export async function resumeCheckout(bookerId: string, participantId: string): Promise<string> {
  const payment = await prisma.$transaction(async (tx) => {
    await lockOwnHeldSeat(tx, bookerId, participantId);
    const open = await tx.payment.findFirst({ where: { participantId, status: "PENDING" }, select: { id: true } });
    if (!open) throw new DomainError("PAYMENT_PROCESSING", "Your payment is already being processed.");
    return open;
  });
  return startCheckout(payment.id);
}

/** The booker lets a held time go before paying. A payment that still arrives is refunded. */
export async function releaseHold(booker: { id: string; roles: readonly Role[] }, participantId: string, meta: RequestMeta): Promise<void> {
  const checkoutIds = await prisma.$transaction(async (tx) => {
    const seat = await lockOwnHeldSeat(tx, booker.id, participantId);
    const open = await tx.payment.findMany({ where: { participantId, status: { in: ["PENDING", "PROCESSING"] } }, select: { status: true, checkoutSessionId: true } });
    if (open.some((payment) => payment.status === "PROCESSING"))
      throw new DomainError("PAYMENT_PROCESSING", "Your payment is being processed, so the time cannot be released now.");
    await transitionSeat(tx, { participantId: seat.id, from: "HELD", to: "CANCELLED", event: "released", data: { holdExpiresAt: null } });
    await tx.payment.updateMany({ where: { participantId, status: "PENDING" }, data: { status: "EXPIRED" } });
    await releaseUnpaidCredit(tx, participantId, "Given back: the hold was released before payment");
    if (seat.session.kind === "ONE_TO_ONE" && seat.session.status === "PENDING_PAYMENT") {
      await transitionSession(tx, {
        sessionId: seat.session.id,
        from: "PENDING_PAYMENT",
        to: "CANCELLED",
        event: "cancel",
        data: { cancelledAt: clock.nowDate(), cancelCause: "BOOKER_RELEASED" },
        audit: { actor: booker, action: "session.released", meta },
      });
    }
    await recordAudit(tx, {
      actor: booker,
      action: "booking.released",
      subject: { type: "Participant", id: seat.id },
      before: { status: "HELD" },
      after: { status: "CANCELLED" },
      meta,
    });
    return open.flatMap((payment) => (payment.checkoutSessionId ? [payment.checkoutSessionId] : []));
  });
  await expireCheckoutsAtStripe(checkoutIds);
}
