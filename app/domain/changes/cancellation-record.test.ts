import { describe, expect, it } from "vitest";
import { cancellationRecord, type CancellationFacts } from "./cancellation-record";

const base: CancellationFacts = { cancelledAt: new Date("2026-11-24T09:00:00Z"), by: "STUDENT", decided: null, paidMinor: 2000, currency: "GBP", refunds: [] };

describe("a cancelled seat's record (issue 13 B16)", () => {
  it.each([
    ["PENDING", "pending", "on its way"],
    ["PROCESSED", "processed", "refunded"],
    ["FAILED", "failed", "failed at the payment provider; we are retrying it"],
  ] as const)("shows a %s refund's amount and state", (status, state, label) => {
    const record = cancellationRecord({ ...base, decided: { percent: 70, refundMinor: 1400 }, refunds: [{ amountMinor: 1400, status }] });
    expect(record).toEqual({ cancelledAt: "2026-11-24T09:00:00.000Z", by: "The student", refunds: [{ amount: "£14.00", state, label }], noRefund: null });
  });

  it("names the policy tier when the late tier refunds nothing", () => {
    const record = cancellationRecord({ ...base, decided: { percent: 0, refundMinor: 0, explanation: "Cancelling less than 2 hours before the start: no refund." } });
    expect(record.noRefund).toBe("Cancelling less than 2 hours before the start: no refund.");
    expect(record.refunds).toEqual([]);
  });

  it("says the policy gave nothing back for an older record without its explanation", () => {
    expect(cancellationRecord({ ...base, decided: { percent: 0, refundMinor: 0 } }).noRefund).toBe("No refund under the cancellation policy at the time of cancelling.");
  });

  it("says nothing was paid for a free or unpaid booking", () => {
    expect(cancellationRecord({ ...base, paidMinor: 0, by: "BOOKER_RELEASED" })).toMatchObject({
      by: "The booker, who released the time before paying",
      noRefund: "Nothing was paid, so there is nothing to refund.",
    });
  });

  it.each([
    ["TUTOR", "The tutor"],
    ["COORDINATOR", "A coordinator"],
    ["ADMIN", "An admin"],
    ["PARENT", "The parent"],
    ["REPLACEMENT_UNANSWERED", "Automatically: no replacement was chosen by the reply deadline"],
  ])("names the side %s", (by, label) => {
    expect(cancellationRecord({ ...base, by, refunds: [{ amountMinor: 2000, status: "PROCESSED" }] }).by).toBe(label);
  });
});
