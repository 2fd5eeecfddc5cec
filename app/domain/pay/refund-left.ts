/*
 * What is left to refund of one payment (issue 16, decision 030): what was paid less every refund
 * written against it, whatever its state. A PENDING refund is about to be sent and a FAILED one is
 * retried by the refunds job until Stripe takes it, so both are money already on its way back; only a
 * payment that was actually received (PAID) has anything to refund. Integer minor units.
 */

export type RefundablePayment = {
  status: string;
  amountMinor: number;
  refunds: readonly { amountMinor: number; status?: string }[];
};

export function refundLeftMinor(payment: RefundablePayment | null): number {
  if (!payment || payment.status !== "PAID") return 0;
  const refunded = payment.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
  return Math.max(0, payment.amountMinor - refunded);
}

export function refundedMinor(payment: RefundablePayment | null): number {
  if (!payment || payment.status !== "PAID") return 0;
  return payment.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
}

/** Why a manual refund of `amountMinor` cannot be made now, or null. */
export function manualRefundRefusal(amountMinor: number, leftMinor: number): { code: string; message: string } | null {
  if (!Number.isInteger(amountMinor) || amountMinor <= 0) return { code: "INVALID_AMOUNT", message: "Enter an amount above zero." };
  if (leftMinor === 0) return { code: "NOTHING_LEFT", message: "Nothing is left of this payment to refund." };
  if (amountMinor > leftMinor) return { code: "INVALID_REFUND_AMOUNT", message: "That is more than is left of this payment." };
  return null;
}
