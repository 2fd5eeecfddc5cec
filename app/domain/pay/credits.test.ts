import { describe, expect, it } from "vitest";
import { applyCredit, splitRefund, stripeMinimumChargeMinor } from "./credits";

describe("applyCredit", () => {
  it.each([
    // case, balance, price, currency, credit used, card pays, held back
    ["no credit: the card pays everything", 0, 4000, "USD", 0, 4000, 0],
    ["a free booking uses no credit", 5000, 0, "USD", 0, 0, 0],
    ["credit covers the price exactly: no Stripe", 4000, 4000, "USD", 4000, 0, 0],
    ["more credit than the price: only the price is used", 10000, 4000, "USD", 4000, 0, 0],
    ["part covered, the rest above the minimum", 1500, 4000, "USD", 1500, 2500, 0],
    ["the rest exactly the minimum", 3950, 4000, "USD", 3950, 50, 0],
    ["the rest one cent below the minimum: one cent of credit kept", 3951, 4000, "USD", 3950, 50, 1],
    ["the rest of 1 cent: the card pays the minimum", 3999, 4000, "USD", 3950, 50, 49],
    ["GBP's minimum is 30 pence", 3990, 4000, "GBP", 3970, 30, 20],
    ["HKD's minimum is 400 cents", 3800, 4000, "HKD", 3600, 400, 200],
    ["a price below the minimum that credit cannot cover is charged in full", 20, 40, "USD", 0, 40, 20],
    ["a price below the minimum that credit covers uses credit", 40, 40, "USD", 40, 0, 0],
    ["an unknown currency needs 50", 3990, 4000, "XYZ", 3950, 50, 40],
    ["lower-case currency codes read the same table", 3990, 4000, "gbp", 3970, 30, 20],
  ] as const)("%s", (_case, balanceMinor, priceMinor, currency, creditMinor, chargeMinor, heldBackMinor) => {
    const result = applyCredit({ balanceMinor, priceMinor, currency });
    expect(result).toEqual({ creditMinor, chargeMinor, heldBackMinor });
    expect(result.creditMinor + result.chargeMinor).toBe(priceMinor);
    expect(result.creditMinor).toBeLessThanOrEqual(balanceMinor);
  });

  it("refuses amounts that are not whole non-negative minor units", () => {
    expect(() => applyCredit({ balanceMinor: -1, priceMinor: 100, currency: "USD" })).toThrow(RangeError);
    expect(() => applyCredit({ balanceMinor: 10, priceMinor: 1.5, currency: "USD" })).toThrow(RangeError);
  });

  it("knows Stripe's minimums", () => {
    expect(stripeMinimumChargeMinor("USD")).toBe(50);
    expect(stripeMinimumChargeMinor("GBP")).toBe(30);
  });
});

describe("splitRefund", () => {
  const part = (paidMinor: number, leftMinor = paidMinor) => ({ paidMinor, leftMinor });
  it.each([
    // case, refund, percent, card, credit, → card back, credit back
    ["all card, full refund", 4000, 100, part(4000), part(0), 4000, 0],
    ["all credit, full refund", 4000, 100, part(0), part(4000), 0, 4000],
    ["half and half, full refund", 4000, 100, part(2000), part(2000), 2000, 2000],
    ["half and half, 70 %", 2800, 70, part(2000), part(2000), 1400, 1400],
    ["70 % of odd parts: credit rounds down, the card takes the cent", 700, 70, part(501), part(499), 351, 349],
    ["nothing back", 0, 0, part(2500), part(1500), 0, 0],
    ["all credit, 70 % of 999 rounds down", 699, 70, part(0), part(999), 0, 699],
    ["the card has only 100 left: it gets 100, credit its share", 2100, 100, part(2000, 100), part(2000), 100, 2000],
    ["the card cannot take its share: the cent goes to credit while credit has some left", 1001, 50, part(1000, 0), part(2001, 1500), 0, 1001],
    ["credit already returned: the card takes the whole refund decided, up to what it has left", 2000, 50, part(2000), part(2000, 0), 2000, 0],
    ["never more than the refund decided", 10, 100, part(2000), part(2000), 0, 10],
  ] as const)("%s", (_case, refundMinor, percent, card, credit, cardBack, creditBack) => {
    const split = splitRefund({ refundMinor, percent, card, credit });
    expect(split).toEqual({ cardMinor: cardBack, creditMinor: creditBack });
    expect(split.cardMinor + split.creditMinor).toBeLessThanOrEqual(refundMinor);
    expect(split.cardMinor).toBeLessThanOrEqual(card.leftMinor);
    expect(split.creditMinor).toBeLessThanOrEqual(credit.leftMinor);
  });

  it("never returns more than was paid for any percentage and split", () => {
    for (let percent = 0; percent <= 100; percent += 1) {
      for (const [cardPaid, creditPaid] of [
        [1, 1],
        [3, 7],
        [999, 1],
        [1234, 4321],
      ]) {
        const refundMinor = Math.floor(((cardPaid + creditPaid) * percent) / 100);
        const split = splitRefund({ refundMinor, percent, card: part(cardPaid), credit: part(creditPaid) });
        expect(split.cardMinor + split.creditMinor).toBe(refundMinor);
        expect(split.cardMinor).toBeLessThanOrEqual(cardPaid);
        expect(split.creditMinor).toBeLessThanOrEqual(Math.floor((creditPaid * percent) / 100) + 1);
      }
    }
  });

  it("refuses a percentage outside 0–100", () => {
    expect(() => splitRefund({ refundMinor: 0, percent: 101, card: part(1), credit: part(1) })).toThrow(RangeError);
  });
});
