import { tutorPayFor } from "./tutor-pay";

/*
 * The tutors' earnings ledger (issue 16, decision 028). A seat earns its tutor once it is settled:
 * - `session_completed`: its hours were confirmed (by its booker, staff or the system) and the session
 *   completed: the seat's price less the platform fee in force then;
 * - `dispute_resolved`: a coordinator resolved a problem reported on it, and decided the pay (full,
 *   partial by approved minutes, or none; app/domain/disputes/resolution.ts), whatever the outcome;
 * - `payout_treatment`: staff changed the booked session (cancelled, moved or reassigned it) and decided
 *   what its original tutor is paid for the seat (app/domain/pay/payout-treatment.ts);
 * - `no_show`: its learner was a no-show (the session recorded NO_SHOW by the learners' side): the
 *   policy's share (`studentNoShowTutorPayPercent`) of what the seat would have paid; a tutor's own
 *   no-show earns nothing (decision 030);
 * - `no_show_cleared`: that no-show was cleared (it took place after all): the `no_show` entry taken
 *   back by an entry of the opposite amount, so the completion that follows pays the seat normally.
 * Entries are written in the transaction that settles the seat and never changed; a balance is a sum.
 */

export type EarningKind = "session_completed" | "dispute_resolved" | "payout_treatment" | "no_show" | "no_show_cleared";

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

/** A seat of a session just recorded as a no-show, as the rule reads it. */
export type NoShowSeat = { id: string; status: string; priceMinor: number; currency: string };

/**
 * What a no-show earns the tutor, per seat that held a place: nothing for the tutor's own no-show; for
 * the learners', `payPercent` of the seat's pay after the fee, rounded down. A seat that would earn
 * nothing gets no entry (there is nothing to take back if the no-show is cleared).
 */
export function noShowEarnings(seats: readonly NoShowSeat[], input: { party: "tutor" | "student"; payPercent: number; feePercent: number }): EarningEntry[] {
  const { party, payPercent, feePercent } = input;
  if (!Number.isInteger(payPercent) || payPercent < 0 || payPercent > 100) throw new RangeError(`A no-show's pay is a percentage from 0 to 100; got ${payPercent}`);
  if (party === "tutor") return [];
  return seats
    .filter((seat) => seat.status === "CONFIRMED")
    .map((seat) => {
      const full = tutorPayFor({ seatPricesMinor: [seat.priceMinor], policy: { platformFeePercent: feePercent } });
      return {
        participantId: seat.id,
        kind: "no_show" as const,
        amountMinor: Math.floor((full * payPercent) / 100),
        grossMinor: seat.priceMinor,
        feePercent,
        currency: seat.currency,
      };
    })
    .filter((entry) => entry.amountMinor > 0);
}

/** Clearing a no-show takes back each `no_show` entry written for it: the same amount, negative. */
export function noShowClearedEarnings(entries: readonly Pick<EarningEntry, "participantId" | "kind" | "amountMinor" | "grossMinor" | "feePercent" | "currency">[]): EarningEntry[] {
  return entries
    .filter((entry) => entry.kind === "no_show" && entry.amountMinor > 0)
    .map((entry) => ({ ...entry, kind: "no_show_cleared" as const, amountMinor: -entry.amountMinor }));
}

const EARNING_KIND_LABELS: Record<EarningKind, string> = {
  session_completed: "Session completed",
  dispute_resolved: "Decided after a reported problem",
  payout_treatment: "Paid for a session staff changed",
  no_show: "Learner's no-show",
  no_show_cleared: "No-show cleared (taken back)",
};

export function earningKindLabel(kind: EarningKind): string {
  return EARNING_KIND_LABELS[kind];
}
