import type { CreditKind } from "@prisma/client";
import { applyCredit, type CreditApplication } from "~/domain/pay/credits";
import { DomainError } from "~/domain/shared/errors";
import { formatPrice } from "~/domain/tutors/profile";
import type { Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { prisma, type Tx } from "./db.server";
import { lockPayer } from "./locks.server";
import type { RequestMeta } from "./request-meta.server";

/*
 * A payer's credit (issue 16, decision 029): an append-only ledger, credit_entries. A balance is the
 * sum of a payer's entries in one currency. Spending takes the payer's row lock (locks.server.ts, step
 * 2b) and re-reads the sum; the table's trigger refuses a balance below zero whatever code writes.
 * Every entry has an idempotency key, so an effect posted twice is written once.
 */

type Db = Tx | typeof prisma;

/** The payer's balance in one currency, in minor units (0 when they have none). */
export async function creditBalanceMinor(db: Db, payerId: string, currency: string): Promise<number> {
  const [row] = await db.$queryRaw<{ balance: number }[]>`
    SELECT COALESCE(sum(amount_minor), 0)::int AS balance FROM credit_entries WHERE payer_id = ${payerId} AND currency = ${currency}`;
  return row?.balance ?? 0;
}

export type CreditEntryInput = {
  payerId: string;
  /** Signed: negative spends or removes credit. */
  amountMinor: number;
  currency: string;
  kind: CreditKind;
  reason: string;
  /** Null for the system (a hold that expired, a cancellation's return). */
  actorId: string | null;
  idempotencyKey: string;
  sessionId?: string | null;
  participantId?: string | null;
  paymentId?: string | null;
  meta?: RequestMeta;
};

export type CreditEntryResult = { id: string; created: boolean; balanceMinor: number };

/**
 * Writes one ledger entry inside the caller's transaction, audited. A key already written returns that
 * entry and writes nothing (created: false). A negative amount takes the payer's lock and is refused
 * (CREDIT_INSUFFICIENT, 409) when it is more than the balance. For other engineers too: a
 * coordinator's "credit the payer instead of refunding" calls this with kind "returned".
 */
export async function grantCreditInTx(tx: Tx, input: CreditEntryInput): Promise<CreditEntryResult> {
  const { payerId, amountMinor, currency, kind, reason, actorId, idempotencyKey } = input;
  if (!Number.isInteger(amountMinor) || amountMinor === 0) throw new DomainError("INVALID_AMOUNT", "Enter an amount other than zero, in whole minor units.", "amount");
  if (!/^[A-Z]{3}$/.test(currency)) throw new DomainError("INVALID_CURRENCY", "Choose a currency.", "currency");
  if (amountMinor < 0) await lockPayer(tx, payerId);
  const existing = await tx.creditEntry.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false, balanceMinor: await creditBalanceMinor(tx, payerId, currency) };
  const before = await creditBalanceMinor(tx, payerId, currency);
  if (before + amountMinor < 0) {
    throw new DomainError(
      "CREDIT_INSUFFICIENT",
      `The balance is ${formatPrice(before, currency)} and cannot go below zero: remove at most ${formatPrice(Math.max(0, before), currency)}.`,
      "amount",
    );
  }
  const entry = await tx.creditEntry.create({
    data: {
      payerId,
      amountMinor,
      currency,
      kind,
      reason,
      createdById: actorId,
      idempotencyKey,
      sessionId: input.sessionId ?? null,
      participantId: input.participantId ?? null,
      paymentId: input.paymentId ?? null,
    },
    select: { id: true },
  });
  const actor = actorId ? await auditActor(tx, actorId) : "system";
  await recordAudit(tx, {
    actor,
    action: `credit.${kind}`,
    subject: { type: "User", id: payerId },
    before: { balanceMinor: before, currency },
    after: { balanceMinor: before + amountMinor, currency, amountMinor, entryId: entry.id, sessionId: input.sessionId ?? null, paymentId: input.paymentId ?? null },
    reason,
    meta: input.meta,
  });
  return { id: entry.id, created: true, balanceMinor: before + amountMinor };
}

async function auditActor(tx: Tx, actorId: string): Promise<{ id: string; roles: readonly Role[] }> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: actorId }, select: { id: true, roles: true } });
  return { id: user.id, roles: user.roles as Role[] };
}

/**
 * What credit a booking of `priceMinor` would use: the review page's preview and, under the payer's
 * lock, the booking transaction's decision (the same function on the same balance).
 */
export async function creditForBooking(payerId: string, priceMinor: number, currency: string, db: Db = prisma): Promise<CreditApplication & { balanceMinor: number }> {
  const balanceMinor = priceMinor > 0 ? await creditBalanceMinor(db, payerId, currency) : 0;
  return { ...applyCredit({ balanceMinor, priceMinor, currency }), balanceMinor };
}

/** How much of a payment's credit is spent on it now: applied (and re-applied) less released. */
async function creditHeldByPayment(tx: Tx, paymentId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ held: number }[]>`
    SELECT COALESCE(-sum(amount_minor), 0)::int AS held FROM credit_entries WHERE payment_id = ${paymentId} AND kind IN ('applied', 'released')`;
  return row?.held ?? 0;
}

/**
 * Gives back the credit of a seat's payments that will never be paid (a hold that expired, a Checkout
 * that failed, a hold released or cancelled): one `released` entry per payment, whichever path gets
 * there first. Call it after the payments' status is written.
 */
export async function releaseUnpaidCredit(tx: Tx, participantId: string, reason: string): Promise<void> {
  const payments = await tx.payment.findMany({
    where: { participantId, status: { in: ["EXPIRED", "FAILED"] }, creditMinor: { gt: 0 } },
    select: { id: true, payerId: true, currency: true, creditMinor: true, participant: { select: { sessionId: true } } },
  });
  for (const payment of payments) {
    const held = await creditHeldByPayment(tx, payment.id);
    if (held <= 0) continue;
    await grantCreditInTx(tx, {
      payerId: payment.payerId,
      amountMinor: held,
      currency: payment.currency,
      kind: "released",
      reason,
      actorId: null,
      // A revived and again released payment (not possible today) would need a second key; one release per payment.
      idempotencyKey: `credit-release-${payment.id}`,
      sessionId: payment.participant.sessionId,
      participantId,
      paymentId: payment.id,
    });
  }
}

/**
 * A late card payment for a hold whose credit was given back: the seat comes back only if that credit
 * can be spent again and `seatFree` says the time is still there; then the credit is spent again. False
 * otherwise (the caller refunds the card). The payer's lock (step 2b) is taken before `seatFree` places
 * the learner (step 3).
 */
export async function reviveWithCredit(
  tx: Tx,
  payment: { id: string; payerId: string; currency: string; creditMinor: number; participantId: string },
  sessionId: string,
  seatFree: () => Promise<boolean>,
): Promise<boolean> {
  if (payment.creditMinor === 0) return seatFree();
  await lockPayer(tx, payment.payerId);
  const missing = payment.creditMinor - (await creditHeldByPayment(tx, payment.id));
  if (missing > 0 && (await creditBalanceMinor(tx, payment.payerId, payment.currency)) < missing) return false;
  if (!(await seatFree())) return false;
  if (missing > 0) {
    await grantCreditInTx(tx, {
      payerId: payment.payerId,
      amountMinor: -missing,
      currency: payment.currency,
      kind: "applied",
      reason: "Applied again: the card payment arrived after the hold ended",
      actorId: null,
      idempotencyKey: `credit-reapply-${payment.id}`,
      sessionId,
      participantId: payment.participantId,
      paymentId: payment.id,
    });
  }
  return true;
}

export type CreditLedgerView = {
  balances: { currency: string; balanceMinor: number }[];
  entries: { id: string; createdAt: Date; kind: CreditKind; amountMinor: number; currency: string; reason: string; sessionId: string | null; balanceAfterMinor: number }[];
};

/** A payer's balances per currency and their latest entries, each with the balance it left in its currency. */
export async function creditLedgerOf(payerId: string, take = 20): Promise<CreditLedgerView> {
  const rows = await prisma.$queryRaw<
    { id: string; created_at: Date; kind: CreditKind; amount_minor: number; currency: string; reason: string; session_id: string | null; balance_after: number }[]
  >`
    SELECT * FROM (
      SELECT id, created_at, kind, amount_minor, currency, reason, session_id,
             (sum(amount_minor) OVER (PARTITION BY currency ORDER BY created_at, id))::int AS balance_after
        FROM credit_entries WHERE payer_id = ${payerId}) ledger
     ORDER BY created_at DESC, id DESC LIMIT ${take}`;
  const balances = await prisma.$queryRaw<{ currency: string; balance: number }[]>`
    SELECT currency, sum(amount_minor)::int AS balance FROM credit_entries WHERE payer_id = ${payerId} GROUP BY currency ORDER BY currency`;
  return {
    balances: balances.map((row) => ({ currency: row.currency, balanceMinor: row.balance })),
    entries: rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      kind: row.kind,
      amountMinor: row.amount_minor,
      currency: row.currency,
      reason: row.reason,
      sessionId: row.session_id,
      balanceAfterMinor: row.balance_after,
    })),
  };
}

/** A fresh key for the admin's grant form (decision 029): the same form posted twice writes once. */
export function newCreditGrantKey(): string {
  return crypto.randomUUID();
}

/**
 * An admin grants (or, with a negative amount, takes back up to the balance) a goodwill credit. Only
 * students and parents pay, so only they hold credit. Coordinators and everyone else are refused (403).
 */
export async function adjustCreditByAdmin(
  admin: { id: string; roles: readonly Role[] },
  payerId: string,
  form: { amountMinor: number; currency: string; reason: string; key: string },
  meta: RequestMeta,
): Promise<CreditEntryResult> {
  if (!admin.roles.includes("ADMIN")) throw new DomainError("FORBIDDEN", "Only admins grant or remove credit.");
  return prisma.$transaction(async (tx) => {
    const payer = await tx.user.findUnique({ where: { id: payerId }, select: { id: true, roles: true } });
    if (!payer) throw new DomainError("NOT_FOUND", "No such user.");
    if (!payer.roles.includes("STUDENT") && !payer.roles.includes("PARENT")) {
      throw new DomainError("NOT_A_PAYER", "Only students and parents pay for sessions, so only they can hold credit.", "amount");
    }
    return grantCreditInTx(tx, {
      payerId,
      amountMinor: form.amountMinor,
      currency: form.currency,
      kind: "granted",
      reason: form.reason,
      actorId: admin.id,
      idempotencyKey: `credit-grant-${form.key}`,
      meta,
    });
  });
}
