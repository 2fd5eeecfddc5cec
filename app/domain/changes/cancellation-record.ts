import { formatSeatPrice } from "~/domain/booking/pricing";

/**
 * A cancelled seat's lasting record (issue 13 B16): when, by which side, and what happened to the money,
 * read back from the audit event that cancelled it and the seat's Payment and Refund rows.
 */
export type CancellationFacts = {
  cancelledAt: Date;
  /** The canceller as the audit event names it, or how the system ended it. */
  by: string;
  /** What the cancel decided for this seat (the audit event's seat entry), when it recorded one. */
  decided: { percent: number; refundMinor: number; explanation?: string } | null;
  paidMinor: number;
  currency: string;
  refunds: { amountMinor: number; status: "PENDING" | "PROCESSED" | "FAILED" }[];
  /** Credit given back for the seat's credit-paid part (decision 029), listed after the card's refunds. */
  creditReturns?: { amountMinor: number }[];
};

export type CancellationRecord = {
  cancelledAt: string;
  by: string;
  refunds: { amount: string; state: "pending" | "processed" | "failed"; label: string }[];
  /** Why nothing comes back, when nothing does. */
  noRefund: string | null;
};

const BY: Record<string, string> = {
  STUDENT: "The student",
  PARENT: "The parent",
  TUTOR: "The tutor",
  COORDINATOR: "A coordinator",
  ADMIN: "An admin",
  BOOKER_RELEASED: "The booker, who released the time before paying",
  REPLACEMENT_UNANSWERED: "Automatically: no replacement was chosen by the reply deadline",
};

const STATE_LABEL = {
  pending: "on its way",
  processed: "refunded",
  failed: "failed at the payment provider; we are retrying it",
} as const;

export function cancellationRecord(facts: CancellationFacts): CancellationRecord {
  const refunds: CancellationRecord["refunds"] = facts.refunds.map((refund) => {
    const state = refund.status === "PROCESSED" ? "processed" : refund.status === "FAILED" ? "failed" : "pending";
    return { amount: formatSeatPrice(refund.amountMinor, facts.currency), state, label: STATE_LABEL[state] } as const;
  });
  for (const credit of facts.creditReturns ?? []) {
    refunds.push({ amount: formatSeatPrice(credit.amountMinor, facts.currency), state: "processed", label: "returned to your credit" });
  }
  let noRefund: string | null = null;
  if (refunds.length === 0) {
    if (facts.paidMinor === 0) noRefund = "Nothing was paid, so there is nothing to refund.";
    else if (facts.decided?.explanation) noRefund = facts.decided.explanation;
    else if (facts.decided && facts.decided.percent === 0) noRefund = "No refund under the cancellation policy at the time of cancelling.";
    else noRefund = "No refund was recorded for this booking. Contact us if you expected one.";
  }
  return { cancelledAt: facts.cancelledAt.toISOString(), by: BY[facts.by] ?? "Tutordesk", refunds, noRefund };
}
