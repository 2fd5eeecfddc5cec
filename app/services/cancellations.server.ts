import type { DateTime } from "luxon";
import { choicePending, seeksReplacement } from "~/domain/changes/replacement";
import { assertStudentMayCancel, cancellationCategoryLabel, isStudentSide, refundPreview, type CancelForm, type Canceller, type RefundPreview } from "~/domain/changes/refunds";
import { formatSeatPrice } from "~/domain/booking/pricing";
import { splitRefund, type RefundSplit } from "~/domain/pay/credits";
import type { SessionPolicy } from "~/domain/policies/session-policies";
import { payoutTreatmentLabel, type PayoutPreview, type PayoutTreatment } from "~/domain/pay/payout-treatment";
import { CANCELLABLE_STATUSES, describeStatus, isForceCancellable, type SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { hasRole } from "~/domain/users/roles";
import { sessionCancelledEmail } from "~/emails/booking";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { retireActionTokens } from "./action-tokens.server";
import { lockTutorOfSession } from "./locks.server";
import { previewPayoutTreatment, recordPayoutTreatment } from "./earnings.server";
import { enqueueEmail } from "./outbox.server";
import { expireCheckoutsAtStripe, processRefund } from "./payments.server";
import { grantCreditInTx, releaseUnpaidCredit } from "./credits.server";
import { getSessionPolicy } from "./policies.server";
import { offerReplacementInTx } from "./replacement-offers.server";
import { PERSON_SELECT, type Actor, type Person } from "./people.server";
import type { RequestMeta } from "./request-meta.server";
import { closePendingReschedules } from "./session-changes.server";
import { sessionTransaction, type AfterCommit, type SessionTx } from "./session-core/after-commit.server";
import { calendarCancel, nextCalendarVersion } from "./session-core/calendar.server";
import { relationshipOf } from "./session-core/relationship.server";
import { transitionSeat, transitionSession } from "./session-core/transition.server";

const SEAT_SELECT = {
  id: true,
  status: true,
  studentId: true,
  bookedById: true,
  priceMinor: true,
  student: { select: PERSON_SELECT },
  bookedBy: { select: PERSON_SELECT },
  // Only the latest payment is this booking's: a student who rejoins a group after cancelling reuses the
  // seat row, and the earlier booking's payment (and the part of it kept under the policy) is settled.
  payments: {
    orderBy: { createdAt: "desc" as const },
    take: 1,
    select: {
      id: true,
      status: true,
      amountMinor: true,
      creditMinor: true,
      currency: true,
      payerId: true,
      refunds: { select: { amountMinor: true } },
      // Credit already given back for this payment (decision 029).
      creditEntries: { where: { kind: "returned" as const }, select: { amountMinor: true } },
    },
  },
} as const;

async function loadSession(db: Tx | typeof prisma, sessionId: string) {
  return db.tutoringSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      tutorId: true,
      kind: true,
      status: true,
      startsAt: true,
      endsAt: true,
      title: true,
      subject: true,
      reassignmentStatus: true,
      cancelledTutorIds: true,
      tutor: { select: { user: { select: PERSON_SELECT } } },
      participants: { where: { status: { in: ["HELD", "CONFIRMED"] } }, select: SEAT_SELECT, orderBy: { createdAt: "asc" } },
    },
  });
}
type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadSession>>>;
type Seat = LoadedSession["participants"][number];

/**
 * Who the actor is to this session, and which seats their cancel covers: the tutor and staff cancel the
 * whole session; a student or parent cancels only their own seats (in a group the session goes on).
 */
async function cancellerFor(db: Tx | typeof prisma, actor: Actor, session: LoadedSession): Promise<{ who: Canceller; seats: Seat[] } | null> {
  const relationship = await relationshipOf(db, actor, { tutorId: session.tutorId, seats: session.participants });
  if (relationship.isTutor) return { who: "TUTOR", seats: session.participants };
  if (relationship.staff) return { who: relationship.staff, seats: session.participants };
  if (relationship.seats.length === 0) return null;
  return { who: relationship.kind === "student" ? "STUDENT" : "PARENT", seats: relationship.seats };
}

/**
 * Staff cancelling with a treatment (docs/decisions/031): always the whole session, as a coordinator or
 * an admin, never the session's own tutor (who cancels through their own page).
 */
function staffCanceller(actor: Actor, session: LoadedSession): { who: "ADMIN" | "COORDINATOR"; seats: Seat[] } {
  if (!hasRole(actor.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins change sessions here.");
  if (actor.id === session.tutorId) throw new DomainError("FORBIDDEN", "You are this session's tutor: another coordinator changes it, or cancel it from your own session page.");
  return { who: hasRole(actor.roles, "ADMIN") ? "ADMIN" : "COORDINATOR", seats: session.participants };
}

/**
 * Whether staff may cancel a session in this status now: before the start, coordinators and admins
 * alike; once it has started, is waiting for its hours, is disputed or a no-show, only an admin (force
 * cancel, 403 for a coordinator); a final session never.
 */
export function staffCancelRefusal(who: "ADMIN" | "COORDINATOR", status: SessionStatus, startsAt: Date, now: DateTime): DomainError | null {
  if (status === "CANCELLED") return new DomainError("ALREADY_CANCELLED", "This session is already cancelled.");
  if (status === "COMPLETED")
    return new DomainError("CANCEL_FINAL", "This session is completed, so it can no longer be cancelled. A manual refund is the way to return money now.");
  const beforeStart = (CANCELLABLE_STATUSES as readonly SessionStatus[]).includes(status) && startsAt.getTime() > now.toMillis();
  if (beforeStart || who === "ADMIN") return null;
  return new DomainError(
    "FORBIDDEN",
    `This session is ${describeStatus(status).toLowerCase()}${isForceCancellable(status) ? "" : " and has started"}: only an admin can cancel it now (force cancel).`,
  );
}

/** Past the point where a plain cancel applies: started, waiting for its hours, disputed or a no-show. */
function startedForStaff(status: SessionStatus, startsAt: Date, now: DateTime): boolean {
  return isForceCancellable(status) || startsAt.getTime() <= now.toMillis();
}

function startedRefusal(): DomainError {
  return new DomainError("STARTED", "This session has started: force cancel it on its own change page, not in bulk.");
}

type Refundable = { paymentId: string | null; payerId: string | null; paidMinor: number; cardLeftMinor: number; creditLeftMinor: number; currency: string };

/** What was paid for a seat and not yet refunded: the card's part and the credit's (decision 029), and their sum. */
function refundable(seat: Seat): Refundable {
  const payment = seat.payments[0];
  // A free (re)booking has no payment of its own: the seat's older payment is not this booking's money.
  if (!payment || payment.status !== "PAID" || seat.priceMinor === 0) {
    return { paymentId: null, payerId: null, paidMinor: 0, cardLeftMinor: 0, creditLeftMinor: 0, currency: "USD" };
  }
  // A failed refund is retried by the job, so it still counts as money already on its way back.
  const refunded = payment.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
  const returned = payment.creditEntries.reduce((sum, entry) => sum + entry.amountMinor, 0);
  const cardLeftMinor = Math.max(0, payment.amountMinor - refunded);
  const creditLeftMinor = Math.max(0, payment.creditMinor - returned);
  return { paymentId: payment.id, payerId: payment.payerId, paidMinor: cardLeftMinor + creditLeftMinor, cardLeftMinor, creditLeftMinor, currency: payment.currency };
}

/** The refund's split between the card and credit: the percentage applies to both parts (app/domain/pay/credits.ts). */
function refundSplit(money: Refundable, refund: RefundPreview): RefundSplit {
  return splitRefund({
    refundMinor: refund.amountMinor,
    percent: refund.percent,
    card: { paidMinor: money.cardLeftMinor, leftMinor: money.cardLeftMinor },
    credit: { paidMinor: money.creditLeftMinor, leftMinor: money.creditLeftMinor },
  });
}

/** "£28.00", or "£28.00 (£14.00 to the card, £14.00 as credit)" when credit paid part of it. */
function refundWords(amountMinor: number, split: RefundSplit, currency: string): string {
  const total = formatSeatPrice(amountMinor, currency);
  if (split.creditMinor === 0) return total;
  if (split.cardMinor === 0) return `${total} as credit`;
  return `${total} (${formatSeatPrice(split.cardMinor, currency)} to the card, ${formatSeatPrice(split.creditMinor, currency)} as credit)`;
}

/** Until when an admin has lifted the student cancel cutoff for this session, or null (a revoked override has ended). */
async function cutoffLiftedUntil(db: Tx | typeof prisma, sessionId: string, now: DateTime): Promise<Date | null> {
  const latest = await db.policyOverride.aggregate({ where: { sessionId, kind: "CANCEL_CUTOFF", revokedAt: null, expiresAt: { gt: now.toJSDate() } }, _max: { expiresAt: true } });
  return latest._max.expiresAt;
}

async function overrideActive(db: Tx | typeof prisma, sessionId: string, now: DateTime): Promise<boolean> {
  return (await cutoffLiftedUntil(db, sessionId, now)) !== null;
}

export type CancelPreview = {
  who: Canceller;
  blocked: string | null;
  /** A tutor's cancel of a booked 1:1 session offers the student another tutor instead of refunding at once. */
  seeksReplacement: boolean;
  seats: { id: string; studentName: string; held: boolean; paid: string; refund: RefundPreview; split: RefundSplit; refundText: string }[];
  policy: SessionPolicy;
};

/**
 * Staff's treatment of a whole-session cancel (docs/decisions/031): `refundPercent` of what is left of
 * each seat's payment (null: no change to the charge), whether the people concerned are emailed, and
 * the original tutor's payout (null: none recorded, as a bulk cancel). `expect` sees what is about to be
 * done before anything is written, so a final POST can refuse when it differs from its preview.
 */
export type StaffCancelTreatment = {
  refundPercent: number | null;
  /**
   * "Credit the payer's account instead": the percentage of what is left (card and credit parts
   * together) comes back as ONE `returned` credit entry per seat and nothing goes to Stripe.
   */
  asCredit?: boolean;
  notify: boolean;
  payout: PayoutTreatment | null;
  /** A bulk cancel: only sessions that have not started (an admin force-cancels a started one on its own page). */
  beforeStartOnly?: boolean;
  expect?: (plan: { seats: { id: string; refundMinor: number }[]; payout: PayoutPreview | null }) => void;
};

type CancelOptions = { fullRefund?: boolean; answeringReplacement?: boolean; staff?: StaffCancelTreatment };

function previewFor(who: Canceller, session: LoadedSession, seats: Seat[], policy: SessionPolicy, now: DateTime, override: boolean, options: CancelOptions = {}): CancelPreview {
  const { fullRefund = false, staff } = options;
  let blocked: string | null = null;
  if (staff) blocked = staffCancelRefusal(who as "ADMIN" | "COORDINATOR", session.status as SessionStatus, session.startsAt, now)?.message ?? null;
  else if (session.status !== "SCHEDULED" && session.status !== "PENDING_PAYMENT") blocked = "This session can no longer be cancelled here.";
  // While a student decides about a replacement tutor, only their answer (or staff) can end the session.
  else if (choicePending(session.reassignmentStatus) && !options.answeringReplacement && (who === "TUTOR" || isStudentSide(who))) {
    blocked =
      who === "TUTOR"
        ? "The student is deciding whether to continue with you after their tutor cancelled, so this session cannot be cancelled until they do."
        : "Your tutor cancelled this session: choose a replacement or cancel for a full refund on the replacement page.";
  } else if (who === "STUDENT" || who === "PARENT") {
    try {
      assertStudentMayCancel({ startsAt: session.startsAt, now, policy, overrideActive: override });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      blocked = error.message;
    }
  } else if (session.startsAt.getTime() <= now.toMillis()) blocked = "This session has already started, so it can no longer be cancelled.";
  return {
    who,
    blocked,
    seeksReplacement:
      !staff && who === "TUTOR" && seeksReplacement({ kind: session.kind, status: session.status, confirmedSeats: seats.filter((seat) => seat.status === "CONFIRMED").length }),
    policy,
    seats: seats.map((seat) => {
      const money = refundable(seat);
      // A free cancel (the tutor asked to move the session) refunds as if the tutoring side cancelled;
      // staff's treatment refunds the percentage they chose of what is left (none: no change to the charge).
      const chosenPercent = staff ? (staff.refundPercent ?? 0) : undefined;
      const refund = refundPreview({ who: fullRefund ? "TUTOR" : who, startsAt: session.startsAt, paidMinor: money.paidMinor, now, policy, chosenPercent });
      if (staff && staff.refundPercent === null) refund.explanation = "Tutordesk cancelled this session with no change to the charge.";
      const asCredit = Boolean(staff?.asCredit && staff.refundPercent !== null);
      if (asCredit && refund.percent > 0) {
        refund.explanation = `Tutordesk cancelled this session and credited ${refund.percent}% of what was left of the payment to the payer's account instead of refunding it.`;
      }
      // Credited instead: the whole amount comes back as credit, none of it to the card.
      const split = asCredit ? { cardMinor: 0, creditMinor: refund.amountMinor } : refundSplit(money, refund);
      return {
        id: seat.id,
        studentName: seat.student.name,
        held: seat.status === "HELD",
        paid:
          formatSeatPrice(money.paidMinor, money.currency) + (money.creditLeftMinor > 0 ? ` (${formatSeatPrice(money.creditLeftMinor, money.currency)} of it with credit)` : ""),
        refund,
        split,
        refundText:
          money.paidMinor === 0
            ? "Nothing was paid, so nothing is refunded."
            : `${refund.percent}% ${asCredit ? "credited" : "refund"}: ${refundWords(refund.amountMinor, split, money.currency)}`,
      };
    }),
  };
}

/** The cancel page: exactly what cancelling now would do. Null when the actor has nothing to cancel here. */
export async function getCancelPreview(actor: Actor, sessionId: string) {
  const session = await loadSession(prisma, sessionId);
  if (!session) return null;
  const canceller = await cancellerFor(prisma, actor, session);
  if (!canceller || canceller.seats.length === 0) return null;
  const now = clock.now();
  const liftedUntil = await cutoffLiftedUntil(prisma, sessionId, now);
  const preview = previewFor(canceller.who, session, canceller.seats, await getSessionPolicy(), now, liftedUntil !== null);
  return {
    cutoffLiftedUntil: liftedUntil?.toISOString() ?? null,
    session: {
      id: session.id,
      title: session.title || session.subject || "Tutoring session",
      kind: session.kind,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      tutorId: session.tutorId,
      tutorName: session.tutor.user.name,
      tutorZone: session.tutor.user.timezone,
    },
    ...preview,
  };
}

/** What a staff cancel with `treatment` would do now, read as the cancel itself reads it (docs/decisions/031). */
export type StaffCancelPlan = {
  sessionId: string;
  session: { title: string; kind: "ONE_TO_ONE" | "GROUP"; startsAt: Date; endsAt: Date; tutorName: string };
  status: SessionStatus;
  who: "ADMIN" | "COORDINATOR";
  /** Set when it cannot be done now (already cancelled, started and not an admin, …), with its error. */
  refusal: DomainError | null;
  forced: boolean;
  currency: string;
  seats: { id: string; studentName: string; bookerName: string; leftMinor: number; refundMinor: number; percent: number; explanation: string }[];
  payout: (PayoutPreview & { alreadyDecided: number }) | null;
  emails: { name: string; email: string; role: CancelRecipient["role"]; refund: string | null }[];
};

export async function getStaffCancelPlan(actor: Actor, sessionId: string, treatment: Omit<StaffCancelTreatment, "expect">): Promise<StaffCancelPlan> {
  const session = await loadSession(prisma, sessionId);
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  const canceller = staffCanceller(actor, session);
  const now = clock.now();
  const forced = startedForStaff(session.status as SessionStatus, session.startsAt, now);
  const refusal = staffCancelRefusal(canceller.who, session.status as SessionStatus, session.startsAt, now) ?? (treatment.beforeStartOnly && forced ? startedRefusal() : null);
  const preview = previewFor(canceller.who, session, canceller.seats, await getSessionPolicy(), now, false, { staff: treatment });
  const payout = treatment.payout ? await previewPayoutTreatment(prisma, session.id, treatment.payout) : null;
  return {
    sessionId: session.id,
    session: {
      title: session.title || session.subject || "Tutoring session",
      kind: session.kind,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      tutorName: session.tutor.user.name,
    },
    status: session.status as SessionStatus,
    who: canceller.who,
    refusal,
    forced,
    currency: canceller.seats.map(refundable).find((money) => money.paymentId)?.currency ?? payout?.currency ?? "USD",
    seats: canceller.seats.map((seat) => {
      const decided = preview.seats.find((candidate) => candidate.id === seat.id)!;
      return {
        id: seat.id,
        studentName: seat.student.name,
        bookerName: seat.bookedBy.name,
        leftMinor: refundable(seat).paidMinor,
        refundMinor: decided.refund.amountMinor,
        percent: decided.refund.percent,
        explanation: decided.refund.explanation,
      };
    }),
    payout,
    emails: treatment.notify
      ? cancellationRecipients(session, canceller.seats, preview, actor, true).map((recipient) => ({
          name: recipient.person.name,
          email: recipient.person.email,
          role: recipient.role,
          refund: recipient.refund,
        }))
      : [],
  };
}

/**
 * Staff's whole-session cancel with a treatment (a coordinator's schedule change, an admin's force or
 * bulk cancel): the same cancel as everyone's, under the tutor's row lock, with the refund rows'
 * idempotency keys, in its own transaction unless `within` is given.
 */
export async function staffCancelSession(
  actor: Actor,
  sessionId: string,
  reasonText: string,
  treatment: StaffCancelTreatment,
  meta: RequestMeta,
): Promise<{ refunded: string[]; creditReturned: string[]; refundIds: string[] }> {
  const outcome = await sessionTransaction(async (session) => {
    await lockTutorOfSession(session.tx, sessionId);
    return cancelInTx(session, actor, sessionId, reasonText, meta, { staff: treatment });
  });
  return { refunded: outcome.refundedText, creditReturned: outcome.creditReturnedText ?? [], refundIds: outcome.refundIds };
}

/**
 * Cancels the actor's part of a session, under the tutor's row lock (the lock every booking takes), and
 * writes each refund as a row whose idempotency key is the seat's payment: a second post, or a job retry,
 * can never refund the same booking twice. Stripe is called after the commit.
 */
export async function cancelSession(
  actor: Actor,
  sessionId: string,
  form: CancelForm,
  meta: RequestMeta,
): Promise<{ refunded: string[]; creditReturned: string[]; wholeSession: boolean; replacement: CancelOutcome["replacement"] }> {
  const outcome = await sessionTransaction(async (session) => {
    const tutorId = await lockTutorOfSession(session.tx, sessionId);
    if (form.seenTutorId && form.seenTutorId !== tutorId) {
      throw new DomainError(
        "CHANGED_MEANWHILE",
        "This session moved to another tutor while you were cancelling it, so nothing was cancelled. Look at it again and cancel it there if you still want to.",
      );
    }
    return cancelInTx(session, actor, sessionId, `${cancellationCategoryLabel(form.category)}: ${form.reason}`, meta);
  });
  return { refunded: outcome.refundedText, creditReturned: outcome.creditReturnedText ?? [], wholeSession: outcome.wholeSession, replacement: outcome.replacement };
}

export type CancelOutcome = {
  refundIds: string[];
  checkoutIds: string[];
  /** The card refunds, and what came back as credit at once (decision 029). */
  refundedText: string[];
  creditReturnedText?: string[];
  wholeSession: boolean;
  /** Set when a tutor's cancel offered the session to another tutor (`name`), or to the student's choice (null). */
  replacement?: { name: string | null };
};

/** After the commit: the outbox, Checkouts that must stop taking money, and the refunds themselves. */
export function cancelEffectsAfterCommit(after: AfterCommit, outcome: Pick<CancelOutcome, "refundIds" | "checkoutIds">): void {
  after.wakeOutbox();
  if (outcome.checkoutIds.length > 0) after.add("expire Checkouts at Stripe", () => expireCheckoutsAtStripe(outcome.checkoutIds));
  for (const refundId of outcome.refundIds) after.add(`refund ${refundId}`, () => processRefund(refundId));
}

/**
 * The cancel itself, inside a transaction that already holds the tutor's row lock. `fullRefund` is for
 * a student cancelling in answer to the tutor asking to move the session: no tiers apply then. Its
 * Stripe calls and the outbox wake-up are registered on the caller's after-commit collector.
 */
export async function cancelInTx(
  { tx, after }: SessionTx,
  actor: Actor,
  sessionId: string,
  reasonText: string,
  meta: RequestMeta,
  options: CancelOptions = {},
): Promise<CancelOutcome> {
  const session = await loadSession(tx, sessionId);
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  // Inside the transaction every read goes through `tx`: on the embedded database another connection would wait for this one.
  const { staff } = options;
  const canceller = staff ? staffCanceller(actor, session) : await cancellerFor(tx, actor, session);
  if (!canceller) throw new DomainError("NOTHING_TO_CANCEL", "There is nothing of yours to cancel in this session: it may already be cancelled.");
  const now = clock.now();
  if (staff) {
    const refusal = staffCancelRefusal(canceller.who as "ADMIN" | "COORDINATOR", session.status as SessionStatus, session.startsAt, now);
    if (refusal) throw refusal;
    if (staff.beforeStartOnly && startedForStaff(session.status as SessionStatus, session.startsAt, now)) throw startedRefusal();
  }
  const policy = await getSessionPolicy(tx);
  const preview = previewFor(canceller.who, session, canceller.seats, policy, now, options.fullRefund || (await overrideActive(tx, sessionId, now)), options);
  if (preview.blocked) throw new DomainError("CANCEL_CUTOFF", preview.blocked);
  // The original tutor's pay for a staff change, read before the seats it pays for are cancelled.
  const payout = staff?.payout ? await previewPayoutTreatment(tx, session.id, staff.payout) : null;
  staff?.expect?.({ seats: preview.seats.map((seat) => ({ id: seat.id, refundMinor: seat.refund.amountMinor })), payout });
  if (preview.seeksReplacement) {
    const seat = canceller.seats.find((candidate) => candidate.status === "CONFIRMED")!;
    const replaceable = {
      id: session.id,
      tutorId: session.tutorId,
      title: session.title,
      subject: session.subject,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      cancelledTutorIds: session.cancelledTutorIds,
    };
    const { replacementName } = await offerReplacementInTx(tx, { actor, tutor: session.tutor.user, session: replaceable, seat, reason: reasonText, meta, now });
    after.wakeOutbox();
    return { refundIds: [], checkoutIds: [], refundedText: [], wholeSession: true, replacement: { name: replacementName } };
  }

  const refundIds: string[] = [];
  const checkoutIds: string[] = [];
  const refundedText: string[] = [];
  const creditReturnedText: string[] = [];
  for (const seat of canceller.seats) {
    await transitionSeat(tx, { participantId: seat.id, from: seat.status, to: "CANCELLED", event: "cancel", data: { holdExpiresAt: null } });
    const open = await tx.payment.findMany({ where: { participantId: seat.id, status: { in: ["PENDING", "PROCESSING"] } }, select: { checkoutSessionId: true } });
    checkoutIds.push(...open.flatMap((payment) => (payment.checkoutSessionId ? [payment.checkoutSessionId] : [])));
    await tx.payment.updateMany({ where: { participantId: seat.id, status: "PENDING" }, data: { status: "EXPIRED" } });
    // A held seat's credit was spent on a payment that will now never be made: it goes back in full.
    await releaseUnpaidCredit(tx, seat.id, "Given back: the booking was cancelled before payment");
    const money = refundable(seat);
    const seatPreview = preview.seats.find((candidate) => candidate.id === seat.id)!;
    if (money.paymentId && seatPreview.split.cardMinor > 0) {
      const refund = await tx.refund.create({
        data: {
          paymentId: money.paymentId,
          amountMinor: seatPreview.split.cardMinor,
          currency: money.currency,
          reason: `CANCELLED_BY_${canceller.who}`,
          idempotencyKey: `refund-cancel-${money.paymentId}`,
        },
        select: { id: true },
      });
      refundIds.push(refund.id);
    }
    // The credit's part comes back as credit, at the same percentage (decision 029), once per payment.
    if (money.paymentId && money.payerId && seatPreview.split.creditMinor > 0) {
      await grantCreditInTx(tx, {
        payerId: money.payerId,
        amountMinor: seatPreview.split.creditMinor,
        currency: money.currency,
        kind: "returned",
        reason: staff?.asCredit
          ? `${seatPreview.refund.percent}% of what was left of the payment, credited instead of refunded: ${session.title || session.subject || "Tutoring session"} was cancelled by Tutordesk`
          : `${seatPreview.refund.percent}% of the credit paid for a cancelled booking (${session.title || session.subject || "Tutoring session"})`,
        actorId: actor.id,
        idempotencyKey: `credit-return-cancel-${money.paymentId}`,
        sessionId: session.id,
        participantId: seat.id,
        paymentId: money.paymentId,
        meta,
      });
    }
    if (money.paymentId && seatPreview.split.cardMinor > 0) refundedText.push(formatSeatPrice(seatPreview.split.cardMinor, money.currency));
    if (money.paymentId && seatPreview.split.creditMinor > 0) creditReturnedText.push(formatSeatPrice(seatPreview.split.creditMinor, money.currency));
  }
  const wholeSession = session.kind === "ONE_TO_ONE" || !(canceller.who === "STUDENT" || canceller.who === "PARENT");
  const forced = staff !== undefined && startedForStaff(session.status as SessionStatus, session.startsAt, now);
  const audit = {
    actor,
    action: wholeSession ? "session.cancelled" : "booking.cancelled",
    before: { status: session.status, seats: canceller.seats.map((seat) => ({ id: seat.id, status: seat.status })) },
    after: {
      status: wholeSession ? "CANCELLED" : session.status,
      cancelledBy: canceller.who,
      fullRefund: Boolean(options.fullRefund),
      // Staff's treatments, as chosen and as written (docs/decisions/031).
      ...(staff
        ? {
            treatment: {
              financial: staff.refundPercent === null ? "none" : staff.asCredit ? "credit" : "refund",
              refundPercent: staff.refundPercent,
              notify: staff.notify,
              forced,
              payout: payout ? { choice: payout.choice, label: payoutTreatmentLabel(payout.choice), amountMinor: payout.amountMinor, currency: payout.currency } : null,
            },
          }
        : {}),
      // The seat's page shows this decision for good (issue 13 B16), with the tier's words when nothing came back.
      seats: preview.seats.map((seat) => ({
        id: seat.id,
        status: "CANCELLED",
        refundMinor: seat.refund.amountMinor,
        cardRefundMinor: seat.split.cardMinor,
        creditReturnedMinor: seat.split.creditMinor,
        percent: seat.refund.percent,
        tier: seat.refund.tier,
        explanation: seat.refund.explanation,
      })),
    },
    reason: reasonText,
    policySnapshot: { ...preview.seats[0]?.refund.policySnapshot, cancellationCutoffHours: policy.cancellationCutoffHours },
    meta,
  };
  if (wholeSession) {
    await transitionSession(tx, {
      sessionId: session.id,
      from: session.status as SessionStatus,
      to: "CANCELLED",
      event: isForceCancellable(session.status as SessionStatus) ? "force_cancel" : "cancel",
      data: { cancelledAt: now.toJSDate(), cancelCause: canceller.who },
      audit,
    });
    // A force cancel ends the seats' open problems with the session: its refund is the cancel's.
    if (staff) await closeOpenDisputes(tx, session.id, actor, reasonText, payout, now);
    if (payout) await recordPayoutTreatment(tx, { tutorId: session.tutorId, sessionId: session.id, preview: payout, earnedAt: now.toJSDate() });
    await closePendingReschedules(tx, session.id, now.toJSDate());
    // A replacement offer's emailed links end with the session.
    await retireActionTokens(tx, session.id, now);
  } else {
    await recordAudit(tx, { ...audit, subject: { type: "TutoringSession", id: session.id } });
  }
  if (!staff || staff.notify) await enqueueCancellationEmails(tx, session, canceller.seats, preview, actor, canceller.who, reasonText, wholeSession);
  cancelEffectsAfterCommit(after, { refundIds, checkoutIds });
  return { refundIds, checkoutIds, refundedText, creditReturnedText, wholeSession };
}

/**
 * The open problems of a session an admin force-cancels: resolved as "cancelled" with no minutes
 * approved, by the admin, with the cancel's reason as both notes. The refund is the cancel's own row
 * (never a second one here), and the tutor's pay the payout treatment's share of the seat.
 */
async function closeOpenDisputes(tx: Tx, sessionId: string, actor: Actor, reason: string, payout: PayoutPreview | null, now: DateTime): Promise<void> {
  const open = await tx.sessionDispute.findMany({ where: { sessionId, status: "open" }, select: { id: true, participantId: true } });
  for (const dispute of open) {
    const share = payout?.entries.find((entry) => entry.participantId === dispute.participantId)?.amountMinor ?? 0;
    const written = await tx.sessionDispute.updateMany({
      where: { id: dispute.id, status: "open" },
      data: {
        status: "resolved",
        resolvedAt: now.toJSDate(),
        resolvedById: actor.id,
        outcome: "cancelled",
        approvedMinutes: 0,
        refundPercent: 0,
        refundMinor: 0,
        tutorPay: payout?.choice ?? "none",
        tutorPayMinor: share,
        noteToBooker: reason.slice(0, 2000),
        noteToTutor: reason.slice(0, 2000),
        updatedAt: now.toJSDate(),
      },
    });
    if (written.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "A problem reported on this session was resolved meanwhile. Look at it again.");
  }
}

/** Who a cancel emails, and what each is told: one list, for the emails and for staff's preview. */
export type CancelRecipient = { person: Person; role: "booker" | "student" | "tutor"; seatId: string | null; refund: string | null };

function cancellationRecipients(session: LoadedSession, seats: Seat[], preview: CancelPreview, actor: Actor, wholeSession: boolean): CancelRecipient[] {
  const recipients: CancelRecipient[] = [];
  for (const seat of seats) {
    const seatPreview = preview.seats.find((candidate) => candidate.id === seat.id)!;
    const money = refundable(seat);
    const refund = seatPreview.refund.amountMinor > 0 ? refundWords(seatPreview.refund.amountMinor, seatPreview.split, money.currency) : null;
    recipients.push({ person: seat.bookedBy as Person, role: "booker", seatId: seat.id, refund });
    if (seat.student.id !== seat.bookedBy.id) recipients.push({ person: seat.student as Person, role: "student", seatId: seat.id, refund: null });
  }
  // The tutor hears once: about the whole session (their event is cancelled, even when they cancelled it
  // themselves, and even when no seat is left: a group whose learners all left is still in their
  // calendar), or about the seats that left their group (their event of the session stays).
  const tutor = session.tutor.user as Person;
  if (wholeSession || (seats[0] && actor.id !== tutor.id)) recipients.push({ person: tutor, role: "tutor", seatId: null, refund: null });
  return recipients;
}

async function enqueueCancellationEmails(
  tx: Tx,
  session: LoadedSession,
  seats: Seat[],
  preview: CancelPreview,
  actor: Actor,
  who: Canceller,
  reason: string,
  wholeSession: boolean,
) {
  const tutor = session.tutor.user as Person;
  const title = session.title || session.subject || "Tutoring session";
  const cancelledBy = who === "TUTOR" ? `${tutor.name} (tutor)` : who === "STUDENT" || who === "PARENT" ? actor.name : `${actor.name} (Tutordesk)`;
  // One new calendar version for this cancel, above every update sent before (a replacement's included).
  const sequence = await nextCalendarVersion(tx, session.id);
  const event = (studentName: string) => ({
    sessionId: session.id,
    title,
    kind: session.kind,
    tutorName: tutor.name,
    studentName,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    stampedAt: clock.nowDate(),
  });
  const first = seats[0];
  const learners = seats.map((seat) => seat.student.name).join(", ") || "No one is booked";
  for (const recipient of cancellationRecipients(session, seats, preview, actor, wholeSession)) {
    const seat = recipient.seatId ? seats.find((candidate) => candidate.id === recipient.seatId)! : null;
    const to = recipient.person;
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...sessionCancelledEmail({
        recipientName: to.name,
        recipientZone: to.timezone,
        sessionTitle: seat || wholeSession ? title : `${title} (${learners} left the group)`,
        tutorName: tutor.name,
        studentName: seat ? seat.student.name : learners,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        cancelledBy,
        reason,
        refund: recipient.refund,
        link: seat ? { href: `${env.appUrl}/tutors`, label: "Find another time" } : { href: `${env.appUrl}/sessions/${session.id}`, label: "Open the session" },
      }),
      template: "session-cancelled",
      to: { address: to.email, name: to.name },
      attachments: seat
        ? [calendarCancel({ seatId: seat.id }, sequence, event(seat.student.name))]
        : wholeSession
          ? [calendarCancel({ tutorOf: session.id }, sequence, event(first?.student.name ?? learners))]
          : undefined,
    });
  }
}
