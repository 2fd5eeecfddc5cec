import { tutorPayFor } from "./tutor-pay";

/*
 * The tutors' earnings ledger (issue 16, decision 028). A seat earns its tutor once it is settled:
 * - `session_completed`: its hours were confirmed (by its booker, staff or the system) and the session
 *   completed: the seat's price less the platform fee in force then;
 * - `dispute_resolved`: a coordinator resolved a problem reported on it, and decided the pay (full,
 *   partial by approved minutes, or none; app/domain/disputes/resolution.ts), whatever the outcome;
 * - `payout_treatment`: staff changed the booked session (cancelled, moved or reassigned it) and decided
 *   what its original tutor is paid for the seat (app/domain/pay/payout-treatment.ts).
 * Entries are written in the transaction that settles the seat and never changed; a balance is a sum.
 */

export type EarningKind = "session_completed" | "dispute_resolved" | "payout_treatment";

export type EarningEntry = {
  participantId: string;
  kind: EarningKind;
  amountMinor: number;
  grossMinor: number;
  feePercent: number;
  currency: string;
};

/** A seat of a session that has just completed, as the rule reads it. */
export type CompletedSeat = { id: string; status: string; priceMinor: number; currency: string; hoursConfirmedAt: Date | null; hasDispute: boolean };

/**
 * What completing a session earns: each seat whose hours were confirmed, at its price less the fee. A
 * seat with a dispute earned what its resolution decided, written then; a seat that holds no place
 * earns nothing.
 */
export function completionEarnings(seats: readonly CompletedSeat[], feePercent: number): EarningEntry[] {
  return seats
    .filter((seat) => seat.status === "CONFIRMED" && seat.hoursConfirmedAt !== null && !seat.hasDispute)
    .map((seat) => ({
      participantId: seat.id,
      kind: "session_completed" as const,
      amountMinor: tutorPayFor({ seatPricesMinor: [seat.priceMinor], policy: { platformFeePercent: feePercent } }),
      grossMinor: seat.priceMinor,
      feePercent,
      currency: seat.currency,
    }));
}

/** What a dispute's resolution earns the tutor for the seat: the pay it decided (already after the fee). */
export function resolutionEarning(seat: { id: string; priceMinor: number; currency: string }, tutorPayMinor: number, feePercent: number): EarningEntry {
  if (!Number.isInteger(tutorPayMinor) || tutorPayMinor < 0 || tutorPayMinor > seat.priceMinor) {
    throw new RangeError(`A resolution pays from 0 to the seat's price (${seat.priceMinor}); got ${tutorPayMinor}`);
  }
  return { participantId: seat.id, kind: "dispute_resolved", amountMinor: tutorPayMinor, grossMinor: seat.priceMinor, feePercent, currency: seat.currency };
}

const EARNING_KIND_LABELS: Record<EarningKind, string> = {
  session_completed: "Session completed",
  dispute_resolved: "Decided after a reported problem",
  payout_treatment: "Paid for a session staff changed",
};

export function earningKindLabel(kind: EarningKind): string {
  return EARNING_KIND_LABELS[kind];
}
