import type { TutorPayPolicy } from "~/domain/policies/defaults";

/**
 * A tutor's pay for one session: what its learners pay for it, less the platform's fee. A tutor who
 * takes over a cancelled session is paid on the session's price as booked (the learner pays nothing
 * more, and the new tutor's own rate does not apply), so the offer can name the amount up front.
 * Rounded down to a whole minor unit: the fee never takes a fraction from the platform's side.
 */
export function tutorPayFor(input: { seatPricesMinor: readonly number[]; policy: Pick<TutorPayPolicy, "platformFeePercent"> }): number {
  const { platformFeePercent } = input.policy;
  if (!Number.isFinite(platformFeePercent) || platformFeePercent < 0 || platformFeePercent > 100) {
    throw new RangeError(`The platform fee must be a percentage from 0 to 100, got ${platformFeePercent}`);
  }
  const gross = input.seatPricesMinor.reduce((sum, price) => sum + price, 0);
  return Math.floor((gross * (100 - platformFeePercent)) / 100);
}
