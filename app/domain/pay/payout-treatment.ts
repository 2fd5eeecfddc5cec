import { z } from "zod";
import { parsePrice } from "~/domain/tutors/profile";
import { DomainError } from "~/domain/shared/errors";
import type { EarningEntry } from "./earnings";
import { tutorPayFor } from "./tutor-pay";

/*
 * What the original tutor is paid when staff change a booked session (issue 16): a coordinator's
 * cancellation, reschedule or move to another tutor, and an admin's force cancel or reassignment each
 * carry a payout treatment. "Full" pays the session's booked seats as if it had taken place (their
 * prices less the platform fee), "partial" pays an amount the coordinator types, up to full, and
 * "none" pays nothing. The amount is shared across the seats in proportion to their pay, so each
 * seat's ledger entry stays within its own price, and the shares add up to exactly the amount.
 */

export const PAYOUT_TREATMENTS = [
  { value: "full", label: "Full pay" },
  { value: "partial", label: "Partial pay: an amount" },
  { value: "none", label: "No pay" },
] as const;
export type PayoutTreatmentChoice = (typeof PAYOUT_TREATMENTS)[number]["value"];

export function payoutTreatmentLabel(choice: string): string {
  return PAYOUT_TREATMENTS.find((treatment) => treatment.value === choice)?.label ?? choice;
}

export type PayoutTreatment = { choice: PayoutTreatmentChoice; amountMinor: number | null };

const choices = PAYOUT_TREATMENTS.map((treatment) => treatment.value) as [PayoutTreatmentChoice, ...PayoutTreatmentChoice[]];

/**
 * The two fields of the payout fieldset, to spread into a form's schema; `refinePayoutTreatment` in its
 * superRefine requires the amount for partial pay. The upper bound (full pay) depends on the session,
 * so `payoutPreview` checks it and names the field.
 */
export const payoutTreatmentFields = {
  payout: z.enum(choices, { error: "Choose what the tutor is paid." }),
  payoutAmount: z
    .string()
    .trim()
    .optional()
    .transform((text) => (text ? text : null)),
};

export function refinePayoutTreatment(form: { payout: PayoutTreatmentChoice; payoutAmount: string | null }, context: z.RefinementCtx): void {
  if (form.payout !== "partial") return;
  if (form.payoutAmount === null) context.addIssue({ code: "custom", path: ["payoutAmount"], message: "Enter the amount the tutor is paid, e.g. 20 or 20.50." });
  else if (parsePrice(form.payoutAmount) === null) context.addIssue({ code: "custom", path: ["payoutAmount"], message: "Enter the amount as a number, e.g. 20 or 20.50." });
}

/** The parsed treatment from a form that passed `refinePayoutTreatment`. */
export function payoutTreatmentOf(form: { payout: PayoutTreatmentChoice; payoutAmount: string | null }): PayoutTreatment {
  return { choice: form.payout, amountMinor: form.payout === "partial" && form.payoutAmount !== null ? parsePrice(form.payoutAmount) : null };
}

/** A paid place of the session, as the payout reads it. */
export type PayoutSeat = { id: string; priceMinor: number; currency: string };

export type PayoutPreview = {
  choice: PayoutTreatmentChoice;
  /** What full pay would be: the seats' prices less the fee. */
  fullMinor: number;
  amountMinor: number;
  currency: string;
  /** One ledger entry per seat with a share above nothing. */
  entries: EarningEntry[];
};

/**
 * The treatment's amount and its ledger entries. Partial pay above full pay is refused on the amount
 * field. Shares are proportional to each seat's full pay, rounded down, with the pennies left over
 * given to the seats with the largest remainders (ties to the earlier seat), so they sum to the amount.
 */
export function payoutPreview(seats: readonly PayoutSeat[], treatment: PayoutTreatment, feePercent: number): PayoutPreview {
  const currency = seats[0]?.currency ?? "USD";
  if (seats.some((seat) => seat.currency !== currency)) throw new RangeError("A session's seats share one currency");
  const fullShares = seats.map((seat) => tutorPayFor({ seatPricesMinor: [seat.priceMinor], policy: { platformFeePercent: feePercent } }));
  const fullMinor = fullShares.reduce((sum, share) => sum + share, 0);
  let amountMinor: number;
  if (treatment.choice === "full") amountMinor = fullMinor;
  else if (treatment.choice === "none") amountMinor = 0;
  else {
    amountMinor = treatment.amountMinor ?? -1;
    if (!Number.isInteger(amountMinor) || amountMinor < 0) throw new DomainError("INVALID_PAYOUT", "Enter the amount the tutor is paid.", "payoutAmount");
    if (amountMinor > fullMinor) {
      throw new DomainError("INVALID_PAYOUT", `Partial pay is at most full pay (${(fullMinor / 100).toFixed(2)} ${currency}).`, "payoutAmount");
    }
  }
  const shares = shareOut(amountMinor, fullShares);
  const entries = seats.flatMap((seat, index) =>
    shares[index]! > 0 ? [{ participantId: seat.id, kind: "payout_treatment" as const, amountMinor: shares[index]!, grossMinor: seat.priceMinor, feePercent, currency }] : [],
  );
  return { choice: treatment.choice, fullMinor, amountMinor, currency, entries };
}

/** `amount` in proportion to `weights` (whole units, summing to `amount`; never above a weight when amount ≤ the weights' sum). */
function shareOut(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (amount * weight) / total);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}
