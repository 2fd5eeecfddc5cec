import type { DateTime } from "luxon";
import { z } from "zod";
import { SESSION_POLICY_DEFAULTS, snapshotOf, type SessionPolicy } from "~/domain/policies/session-policies";
import { DomainError } from "~/domain/shared/errors";

const HOUR_MS = 3_600_000;

/** Who cancels. A student or parent pays by the tiers; anyone on the tutoring side refunds everyone in full. */
export type Canceller = "STUDENT" | "PARENT" | "TUTOR" | "COORDINATOR" | "ADMIN";

/** CHOSEN: staff chose the percentage (a coordinator's or admin's cancel with a financial treatment). */
export type RefundTier = "FULL" | "LATE" | "NONE" | "CHOSEN";

export type RefundPreview = {
  tier: RefundTier;
  percent: number;
  amountMinor: number;
  /** Hours from now to the start (negative once it has started), for display and the audit trail. */
  hoursBefore: number;
  explanation: string;
  policySnapshot: Pick<SessionPolicy, "fullRefundHours" | "lateRefundHours" | "lateRefundPercent">;
};

export function isStudentSide(who: Canceller): boolean {
  return who === "STUDENT" || who === "PARENT";
}

/**
 * What one participant gets back if the session is cancelled now. `paidMinor` is what is left of the
 * seat's payment (paid less earlier refunds). Tiers compare whole milliseconds, so exactly 24 h before
 * is still a full refund and one second less is not. `chosenPercent` is staff's financial treatment
 * (0–100 of what is left, whatever the time; docs/decisions/031) instead of the tiers. The amount is
 * rounded down: a refund never exceeds what is left.
 */
export function refundPreview(input: { who: Canceller; startsAt: Date; paidMinor: number; now: DateTime; policy: SessionPolicy; chosenPercent?: number }): RefundPreview {
  const { who, startsAt, paidMinor, now, policy, chosenPercent } = input;
  if (!Number.isInteger(paidMinor) || paidMinor < 0) throw new RangeError(`paidMinor must be a whole, non-negative number; got ${paidMinor}`);
  if (chosenPercent !== undefined && (!Number.isInteger(chosenPercent) || chosenPercent < 0 || chosenPercent > 100)) {
    throw new RangeError(`chosenPercent must be a whole number from 0 to 100; got ${chosenPercent}`);
  }
  const msBefore = startsAt.getTime() - now.toMillis();
  const policySnapshot = snapshotOf(policy, ["fullRefundHours", "lateRefundHours", "lateRefundPercent"] as const);
  const result = (tier: RefundTier, percent: number, explanation: string): RefundPreview => ({
    tier,
    percent,
    amountMinor: Math.floor((paidMinor * percent) / 100),
    hoursBefore: msBefore / HOUR_MS,
    explanation,
    policySnapshot,
  });

  if (chosenPercent !== undefined) {
    return result(
      "CHOSEN",
      chosenPercent,
      chosenPercent === 0
        ? "Tutordesk cancelled this session without a refund."
        : `Tutordesk cancelled this session with a ${chosenPercent}% refund of what was left of the payment.`,
    );
  }
  if (!isStudentSide(who)) {
    return result("FULL", 100, `The ${who.toLowerCase()} is cancelling, so every participant gets a full refund.`);
  }
  if (msBefore >= policy.fullRefundHours * HOUR_MS) {
    return result("FULL", 100, `Cancelling ${policy.fullRefundHours} hours or more before the start: full refund.`);
  }
  if (msBefore >= policy.lateRefundHours * HOUR_MS) {
    return result(
      "LATE",
      policy.lateRefundPercent,
      `Cancelling between ${policy.lateRefundHours} and ${policy.fullRefundHours} hours before the start: ${policy.lateRefundPercent}% refund.`,
    );
  }
  return result("NONE", 0, msBefore > 0 ? `Cancelling less than ${policy.lateRefundHours} hours before the start: no refund.` : "The session has already started: no refund.");
}

/**
 * A student or parent may cancel until the policy's cutoff. An admin override lifts the cutoff for
 * one session, but nothing lifts "already started": by then the session is a no-show or a dispute.
 */
export function assertStudentMayCancel(input: { startsAt: Date; now: DateTime; policy: SessionPolicy; overrideActive: boolean }): void {
  const { startsAt, now, policy, overrideActive } = input;
  const msBefore = startsAt.getTime() - now.toMillis();
  if (msBefore <= 0) {
    throw new DomainError("CANCEL_CUTOFF", "This session has already started, so it can no longer be cancelled. If something went wrong, contact a coordinator.");
  }
  if (!overrideActive && msBefore < policy.cancellationCutoffHours * HOUR_MS) {
    throw new DomainError(
      "CANCEL_CUTOFF",
      `Sessions can be cancelled up to ${policy.cancellationCutoffHours} hours before they start, and this one is closer than that. Contact a coordinator if you cannot attend.`,
    );
  }
}

export const CANCELLATION_REASON_CATEGORIES = [
  { value: "SCHEDULE_CONFLICT", label: "Schedule conflict" },
  { value: "ILLNESS", label: "Illness" },
  { value: "NO_LONGER_NEEDED", label: "No longer needed" },
  { value: "TUTOR_UNAVAILABLE", label: "Tutor unavailable" },
  { value: "OTHER", label: "Other" },
] as const;
export type CancellationReasonCategory = (typeof CANCELLATION_REASON_CATEGORIES)[number]["value"];

export function cancellationCategoryLabel(value: string): string {
  return CANCELLATION_REASON_CATEGORIES.find((category) => category.value === value)?.label ?? value;
}

/** The free-text reason, with lengths from the policy (also used for a reschedule proposal's reason). */
export function reasonTextField(policy: Pick<SessionPolicy, "cancellationReasonMinLength" | "cancellationReasonMaxLength">) {
  const min = policy.cancellationReasonMinLength;
  const max = policy.cancellationReasonMaxLength;
  return z
    .string({ error: "Say why, in a sentence or two." })
    .trim()
    .min(min, `Write at least ${min} characters, so the other side understands.`)
    .max(max, `Keep the reason to ${max} characters or fewer.`);
}

export function cancelFormSchema(policy: Pick<SessionPolicy, "cancellationReasonMinLength" | "cancellationReasonMaxLength">) {
  return z.object({
    category: z.enum(CANCELLATION_REASON_CATEGORIES.map((category) => category.value) as [CancellationReasonCategory, ...CancellationReasonCategory[]], {
      error: "Choose why you are cancelling.",
    }),
    reason: reasonTextField(policy),
    // The tutor the cancel page showed: a session moved to another tutor meanwhile (staff, a replacement)
    // is not cancelled on the strength of a page about the earlier one.
    seenTutorId: z.string().max(100).optional(),
  });
}

/** The cancel form with the default lengths; build one with cancelFormSchema(policy) when an admin changed them. */
export const CancelFormSchema = cancelFormSchema(SESSION_POLICY_DEFAULTS);
export type CancelForm = z.output<typeof CancelFormSchema>;
