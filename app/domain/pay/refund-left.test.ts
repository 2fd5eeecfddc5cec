import { describe, expect, it } from "vitest";
import { manualRefundRefusal, refundedMinor, refundLeftMinor, type RefundablePayment } from "./refund-left";

const paid = (amountMinor: number, refunds: { amountMinor: number; status: string }[] = []): RefundablePayment => ({ status: "PAID", amountMinor, refunds });

describe("what is left to refund of a payment", () => {
  it.each([
    ["no payment", null, 0, 0],
    ["paid, nothing refunded", paid(4000), 4000, 0],
    ["a processed partial refund", paid(4000, [{ amountMinor: 1500, status: "PROCESSED" }]), 2500, 1500],
    ["a pending refund counts: it is on its way", paid(4000, [{ amountMinor: 1000, status: "PENDING" }]), 3000, 1000],
    ["a failed refund counts: the job retries it", paid(4000, [{ amountMinor: 1000, status: "FAILED" }]), 3000, 1000],
    [
      "several refunds of every state",
      paid(4000, [
        { amountMinor: 1000, status: "PROCESSED" },
        { amountMinor: 500, status: "PENDING" },
        { amountMinor: 250, status: "FAILED" },
      ]),
      2250,
      1750,
    ],
    ["fully refunded", paid(4000, [{ amountMinor: 4000, status: "PROCESSED" }]), 0, 4000],
    ["refunds above the payment never make it negative", paid(4000, [{ amountMinor: 4001, status: "PROCESSED" }]), 0, 4001],
    ["a payment never received has nothing to refund", { status: "PENDING", amountMinor: 4000, refunds: [] }, 0, 0],
    ["an expired checkout has nothing to refund", { status: "EXPIRED", amountMinor: 4000, refunds: [] }, 0, 0],
    ["a free booking", paid(0), 0, 0],
  ] as const)("%s", (_label, payment, left, refunded) => {
    expect(refundLeftMinor(payment)).toBe(left);
    expect(refundedMinor(payment)).toBe(refunded);
  });
});

describe("a manual refund's amount", () => {
  it.each([
    ["within what is left", 1000, 2500, null],
    ["exactly what is left", 2500, 2500, null],
    ["one minor unit over", 2501, 2500, "INVALID_REFUND_AMOUNT"],
    ["zero", 0, 2500, "INVALID_AMOUNT"],
    ["negative", -100, 2500, "INVALID_AMOUNT"],
    ["a fraction of a minor unit", 10.5, 2500, "INVALID_AMOUNT"],
    ["nothing left", 100, 0, "NOTHING_LEFT"],
  ] as const)("%s", (_label, amount, left, code) => {
    expect(manualRefundRefusal(amount, left)?.code ?? null).toBe(code);
  });
});
