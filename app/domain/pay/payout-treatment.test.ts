import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "~/domain/shared/errors";
import { payoutPreview, payoutTreatmentFields, payoutTreatmentOf, refinePayoutTreatment, type PayoutSeat } from "./payout-treatment";

const seat = (id: string, priceMinor: number): PayoutSeat => ({ id, priceMinor, currency: "GBP" });

describe("what a payout treatment pays the original tutor", () => {
  it.each([
    ["full pay, no fee", [seat("a", 4000)], { choice: "full", amountMinor: null }, 0, 4000, [["a", 4000]]],
    ["full pay less a 15% fee, rounded down per seat", [seat("a", 3333)], { choice: "full", amountMinor: null }, 15, 2833, [["a", 2833]]],
    ["no pay writes no entry", [seat("a", 4000)], { choice: "none", amountMinor: null }, 10, 0, []],
    ["partial pay of one seat", [seat("a", 4000)], { choice: "partial", amountMinor: 1250 }, 0, 1250, [["a", 1250]]],
    ["partial pay of nothing writes no entry", [seat("a", 4000)], { choice: "partial", amountMinor: 0 }, 0, 0, []],
    ["partial pay equal to full pay", [seat("a", 4000)], { choice: "partial", amountMinor: 3600 }, 10, 3600, [["a", 3600]]],
    [
      "a group's partial pay is shared by each seat's pay",
      [seat("a", 3000), seat("b", 1000)],
      { choice: "partial", amountMinor: 2000 },
      0,
      2000,
      [
        ["a", 1500],
        ["b", 500],
      ],
    ],
    [
      "pennies left by rounding go to the largest remainders, and the shares add up",
      [seat("a", 1000), seat("b", 1000), seat("c", 1000)],
      { choice: "partial", amountMinor: 1000 },
      0,
      1000,
      [
        ["a", 334],
        ["b", 333],
        ["c", 333],
      ],
    ],
    ["a free seat is paid nothing, even in full", [seat("a", 0)], { choice: "full", amountMinor: null }, 0, 0, []],
    ["no booked seat: nothing to pay", [], { choice: "full", amountMinor: null }, 0, 0, []],
  ] as const)("%s", (_label, seats, treatment, fee, amount, entries) => {
    const preview = payoutPreview(seats, treatment, fee);
    expect(preview.amountMinor).toBe(amount);
    expect(preview.entries.map((entry) => [entry.participantId, entry.amountMinor])).toEqual(entries);
    expect(preview.entries.reduce((sum, entry) => sum + entry.amountMinor, 0)).toBe(amount);
  });

  it("records the kind, the seat's price and the fee beside each share", () => {
    expect(payoutPreview([seat("a", 4000)], { choice: "full", amountMinor: null }, 20).entries).toEqual([
      { participantId: "a", kind: "payout_treatment", amountMinor: 3200, grossMinor: 4000, feePercent: 20, currency: "GBP" },
    ]);
  });

  it("refuses partial pay above full pay, on the amount field", () => {
    const refusal = (() => {
      try {
        payoutPreview([seat("a", 4000)], { choice: "partial", amountMinor: 3601 }, 10);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: "INVALID_PAYOUT", field: "payoutAmount" });
    expect((refusal as DomainError).message).toContain("36.00 GBP");
  });

  it("refuses a group whose seats are in different currencies", () => {
    expect(() => payoutPreview([seat("a", 1000), { id: "b", priceMinor: 1000, currency: "USD" }], { choice: "full", amountMinor: null }, 0)).toThrow(RangeError);
  });
});

describe("the payout fields of a form", () => {
  const schema = z.object(payoutTreatmentFields).superRefine(refinePayoutTreatment);
  it.each([
    ["full needs no amount", { payout: "full" }, { choice: "full", amountMinor: null }],
    ["partial with pounds and pence", { payout: "partial", payoutAmount: " 20.5 " }, { choice: "partial", amountMinor: 2050 }],
    ["an amount typed with full pay is ignored", { payout: "full", payoutAmount: "12" }, { choice: "full", amountMinor: null }],
  ] as const)("%s", (_label, input, treatment) => {
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(true);
    expect(payoutTreatmentOf(parsed.data!)).toEqual(treatment);
  });

  it.each([
    ["no choice", {}, "payout", "Choose what the tutor is paid."],
    ["partial without an amount", { payout: "partial", payoutAmount: "" }, "payoutAmount", "Enter the amount the tutor is paid, e.g. 20 or 20.50."],
    ["partial with words", { payout: "partial", payoutAmount: "twenty" }, "payoutAmount", "Enter the amount as a number, e.g. 20 or 20.50."],
    ["a negative amount", { payout: "partial", payoutAmount: "-5" }, "payoutAmount", "Enter the amount as a number, e.g. 20 or 20.50."],
  ] as const)("refuses %s beside the field", (_label, input, path, message) => {
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[path, message]]);
  });
});
