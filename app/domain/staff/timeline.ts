import { formatInstant } from "~/domain/time/zones";
import { formatPrice } from "~/domain/tutors/profile";

/*
 * The staff session page's timeline (docs/decisions/027): one list, oldest first, merged from the rows
 * the service reads (audit events, payments, refunds, reschedule requests, emails). Pure: the rows come
 * in as plain values, the viewer's zone with them; nothing here reads the clock or the database.
 */

export type TimelineKind = "audit" | "payment" | "refund" | "reschedule" | "email";

export type TimelineEntry = {
  /** Unique within one timeline (kind and row id; audit ids zero-padded so they sort as numbers). */
  key: string;
  kind: TimelineKind;
  /** When it happened, ISO 8601 in UTC. */
  at: string;
  /** What happened, in words ("Hours confirmed", "Payment £40.00: paid"). */
  title: string;
  /** Who did it (the actor, the payer, the recipient); null for the system. */
  who: string | null;
  /** More facts on one line, when there are any. */
  detail: string | null;
  /** The reason given, as written. */
  reason: string | null;
  /** The audit event's before and after, as JSON text, for a <details>. */
  changes: string | null;
  /** Something went wrong here (a failed payment, refund or email). */
  problem: boolean;
};

export type AuditInput = { id: string; occurredAt: Date; actorName: string | null; action: string; reason: string | null; before: unknown; after: unknown };
export type PaymentInput = {
  id: string;
  createdAt: Date;
  paidAt: Date | null;
  payerName: string;
  studentName: string;
  /** The card's part; `creditMinor` is what the payer's credit paid (decision 029). */
  amountMinor: number;
  creditMinor?: number;
  currency: string;
  status: "PENDING" | "PROCESSING" | "PAID" | "FAILED" | "EXPIRED";
};
export type RefundInput = {
  id: string;
  createdAt: Date;
  processedAt: Date | null;
  studentName: string;
  amountMinor: number;
  currency: string;
  reason: string;
  status: "PENDING" | "PROCESSED" | "FAILED";
  attempts: number;
  lastError: string | null;
};
export type RescheduleInput = {
  id: string;
  createdAt: Date;
  initiatorName: string;
  initiatorRole: "STUDENT" | "TUTOR";
  proposedStartsAt: Date;
  proposedEndsAt: Date;
  counterCount: number;
  status: "PENDING" | "ACCEPTED" | "REJECTED" | "WITHDRAWN" | "EXPIRED" | "CANCELLED_BY_STUDENT";
  reason: string;
};
export type EmailInput = {
  id: string;
  createdAt: Date;
  template: string;
  toName: string | null;
  toAddress: string;
  subject: string;
  status: "PENDING" | "SENT" | "FAILED";
  attempts: number;
  sentAt: Date | null;
  lastError: string | null;
};

/** Actions whose words are not simply their last part. */
const ACTION_WORDS: Record<string, string> = {
  "session.scheduled": "Booked and scheduled",
  "session.status_changed": "Status changed",
  "session.no_show": "Marked a no-show",
  "session.problem_reported": "Problem with the hours reported",
  "session.problem_tutor_side": "Tutor added their side of the problem",
  "session.notes_saved": "Tutor's notes saved",
  "session.tutor_replaced": "Tutor replaced",
  "session.reassigned": "Moved to another tutor by staff",
  "session.replacement_unanswered": "Replacement offer went unanswered",
  "session.mismatch_flagged": "Mismatch flagged",
  "session.mismatch_resolved": "Mismatch resolved",
  "session.admin_note_added": "Staff note added",
  "session.force_completed": "Completed by an admin",
  "session.no_show_cleared": "No-show cleared by an admin",
  "session.manual_refund": "Manual refund by an admin",
  "booking.released": "Seat released",
  "payment.paid": "Payment received",
  "payment.processing": "Payment processing",
  "refund.created": "Refund started",
  "policy_override.created": "Policy override granted",
  "policy_override.revoked": "Policy override revoked",
};

/**
 * An audit action in words: a known wording, else the last part read as words, after the area when it
 * is not the session itself ("session.hours_confirmed" → "Hours confirmed", "reschedule.countered" →
 * "Reschedule countered").
 */
export function actionLabel(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  const parts = action.split(".").filter(Boolean);
  if (parts.length === 0) return "Something happened";
  const words = (parts[0] === "session" && parts.length > 1 ? parts.slice(1) : parts).join(" ").replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An email template in words ("booking-confirmed" → "Booking confirmed"). */
export function templateLabel(template: string): string {
  const words = template.replace(/[_-]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Email";
}

const PAYMENT_STATES: Record<PaymentInput["status"], string> = {
  PENDING: "checkout started, not paid",
  PROCESSING: "processing (not settled yet)",
  PAID: "paid",
  FAILED: "failed at Stripe",
  EXPIRED: "checkout expired unpaid",
};
const REFUND_STATES: Record<RefundInput["status"], string> = { PENDING: "waiting to be sent to Stripe", PROCESSED: "processed by Stripe", FAILED: "refused by Stripe so far" };
const RESCHEDULE_STATES: Record<RescheduleInput["status"], string> = {
  PENDING: "waiting for an answer",
  ACCEPTED: "accepted",
  REJECTED: "declined",
  WITHDRAWN: "withdrawn",
  EXPIRED: "expired unanswered",
  CANCELLED_BY_STUDENT: "ended by a cancellation",
};
const EMAIL_STATES: Record<EmailInput["status"], string> = { PENDING: "waiting to be sent", SENT: "sent", FAILED: "not delivered after every retry" };

const iso = (date: Date) => date.toISOString();
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function auditEntry(row: AuditInput): TimelineEntry {
  const hasChanges = row.before != null || row.after != null;
  return {
    key: `audit-${row.id.padStart(20, "0")}`,
    kind: "audit",
    at: iso(row.occurredAt),
    title: actionLabel(row.action),
    who: row.actorName,
    detail: null,
    reason: row.reason,
    changes: hasChanges ? JSON.stringify({ before: row.before ?? undefined, after: row.after ?? undefined }, null, 2) : null,
    problem: false,
  };
}

export function paymentEntry(row: PaymentInput): TimelineEntry {
  return {
    key: `payment-${row.id}`,
    kind: "payment",
    at: iso(row.createdAt),
    title: row.creditMinor
      ? `Payment ${formatPrice(row.amountMinor + row.creditMinor, row.currency)} (${formatPrice(row.creditMinor, row.currency)} with credit): ${PAYMENT_STATES[row.status]}`
      : `Payment ${formatPrice(row.amountMinor, row.currency)}: ${PAYMENT_STATES[row.status]}`,
    who: row.payerName,
    detail: `For ${row.studentName}'s place`,
    reason: null,
    changes: null,
    problem: row.status === "FAILED",
  };
}

export function refundEntry(row: RefundInput, zone: string): TimelineEntry {
  const facts = [`For ${row.studentName}'s place`, `reason ${row.reason}`];
  if (row.processedAt) facts.push(`processed ${formatInstant(row.processedAt, zone, { withZone: false })}`);
  if (row.status !== "PROCESSED" && row.attempts > 0) facts.push(plural(row.attempts, "attempt"));
  if (row.lastError && row.status !== "PROCESSED") facts.push(`Stripe said: ${row.lastError}`);
  return {
    key: `refund-${row.id}`,
    kind: "refund",
    at: iso(row.createdAt),
    title: `Refund ${formatPrice(row.amountMinor, row.currency)}: ${REFUND_STATES[row.status]}`,
    who: null,
    detail: facts.join(" · "),
    reason: null,
    changes: null,
    problem: row.status === "FAILED",
  };
}

export function rescheduleEntry(row: RescheduleInput, zone: string): TimelineEntry {
  const side = row.initiatorRole === "TUTOR" ? "the tutor" : "the learner's side";
  return {
    key: `reschedule-${row.id}`,
    kind: "reschedule",
    at: iso(row.createdAt),
    title: `Reschedule request by ${side}: ${RESCHEDULE_STATES[row.status]}`,
    who: row.initiatorName,
    detail: `Latest proposal ${formatInstant(row.proposedStartsAt, zone, { withZone: false })} to ${formatInstant(row.proposedEndsAt, zone, { withZone: true })} · ${plural(row.counterCount, "counter-proposal")} (each round is an audit event below)`,
    reason: row.reason,
    changes: null,
    problem: false,
  };
}

export function emailEntry(row: EmailInput, zone: string): TimelineEntry {
  const state = row.status === "SENT" && row.sentAt ? `sent at ${formatInstant(row.sentAt, zone, { withZone: false })}` : EMAIL_STATES[row.status];
  const facts = [`"${row.subject}"`, state];
  if (row.status !== "SENT" && row.attempts > 0) facts.push(plural(row.attempts, "attempt"));
  if (row.lastError && row.status !== "SENT") facts.push(`last error: ${row.lastError}`);
  return {
    key: `email-${row.id}`,
    kind: "email",
    at: iso(row.createdAt),
    title: `Email: ${templateLabel(row.template)}`,
    who: row.toName ? `to ${row.toName} <${row.toAddress}>` : `to ${row.toAddress}`,
    detail: facts.join(" · "),
    reason: null,
    changes: null,
    problem: row.status === "FAILED",
  };
}

/** Within one instant: what caused things first (the audit event, the money), then what it sent. */
const KIND_ORDER: Record<TimelineKind, number> = { reschedule: 0, audit: 1, payment: 2, refund: 3, email: 4 };

/**
 * Everything in one list, oldest first: a session's story reads from booking to its end. Ties (one
 * transaction writes several rows at one instant) keep a fixed order: by kind, then by key, so the page
 * never shuffles between loads.
 */
export function mergeTimeline(input: {
  audit: readonly AuditInput[];
  payments: readonly PaymentInput[];
  refunds: readonly RefundInput[];
  reschedules: readonly RescheduleInput[];
  emails: readonly EmailInput[];
  zone: string;
}): TimelineEntry[] {
  const entries = [
    ...input.audit.map(auditEntry),
    ...input.payments.map(paymentEntry),
    ...input.refunds.map((row) => refundEntry(row, input.zone)),
    ...input.reschedules.map((row) => rescheduleEntry(row, input.zone)),
    ...input.emails.map((row) => emailEntry(row, input.zone)),
  ];
  return entries.sort((a, b) => compareEntries(a, b));
}

export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
