/*
 * A payer's credit (issue 16, decision 029): how much of a booking's price credit pays, and how a
 * cancellation's or a resolution's refund splits between the card and credit when a seat was paid
 * with both. Integer minor units of the session's currency; rounding never gives back more than was paid.
 */

/**
 * Stripe's smallest charge per currency, in minor units (Stripe's "minimum and maximum charge amounts").
 * A currency not listed here is treated as needing 50 minor units, Stripe's most common floor.
 */
export const STRIPE_MINIMUM_CHARGE_MINOR: Readonly<Record<string, number>> = {
  USD: 50,
  EUR: 50,
  GBP: 30,
  AUD: 50,
  CAD: 50,
  NZD: 50,
  CHF: 50,
  SGD: 50,
  HKD: 400,
  JPY: 50,
  INR: 50,
  DKK: 250,
  NOK: 300,
  SEK: 300,
  PLN: 200,
  CZK: 1500,
  HUF: 17500,
  MXN: 1000,
  BRL: 50,
  AED: 200,
};

export function stripeMinimumChargeMinor(currency: string): number {
  return STRIPE_MINIMUM_CHARGE_MINOR[currency.toUpperCase()] ?? 50;
}

export type CreditApplication = {
  /** Credit spent on this booking. */
  creditMinor: number;
  /** What is left for the card (0: no Stripe at all). */
  chargeMinor: number;
  /** Credit kept back so the card pays Stripe's minimum (0 when none was). */
  heldBackMinor: number;
};

function assertMinor(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole, non-negative number; got ${value}`);
}

/**
 * How much credit a booking uses. Credit pays first, all of the price if the balance covers it. When it
 * does not, the card pays the rest, and if that rest would be below Stripe's minimum charge, less credit
 * is used so the card pays exactly the minimum (the credit kept stays in the balance). A price below the
 * minimum that credit cannot cover is charged in full, as before credits existed.
 */
export function applyCredit(input: { balanceMinor: number; priceMinor: number; currency: string }): CreditApplication {
  const { balanceMinor, priceMinor, currency } = input;
  assertMinor("balanceMinor", balanceMinor);
  assertMinor("priceMinor", priceMinor);
  if (priceMinor === 0 || balanceMinor === 0) return { creditMinor: 0, chargeMinor: priceMinor, heldBackMinor: 0 };
  if (balanceMinor >= priceMinor) return { creditMinor: priceMinor, chargeMinor: 0, heldBackMinor: 0 };
  const minimum = stripeMinimumChargeMinor(currency);
  const rest = priceMinor - balanceMinor;
  if (rest >= minimum) return { creditMinor: balanceMinor, chargeMinor: rest, heldBackMinor: 0 };
  const creditMinor = Math.max(0, priceMinor - minimum);
  return { creditMinor, chargeMinor: priceMinor - creditMinor, heldBackMinor: balanceMinor - creditMinor };
}

export type PaidPart = {
  /** What this part paid, the base the percentage applies to. */
  paidMinor: number;
  /** What is still left of it (paid less what earlier refunds or returns gave back). */
  leftMinor: number;
};

export type RefundSplit = { cardMinor: number; creditMinor: number };

/**
 * Splits a refund of `refundMinor` (already decided as a percentage of what was paid, rounded down)
 * between the card and credit: credit gets the same percentage of its own part (rounded down), the card
 * the rest. Neither part gets more than is left of it; a cent the card cannot take goes to credit if
 * credit has it left. The sum is never above `refundMinor`.
 */
export function splitRefund(input: { refundMinor: number; percent: number; card: PaidPart; credit: PaidPart }): RefundSplit {
  const { refundMinor, percent, card, credit } = input;
  assertMinor("refundMinor", refundMinor);
  for (const [name, part] of [
    ["card", card],
    ["credit", credit],
  ] as const) {
    assertMinor(`${name}.paidMinor`, part.paidMinor);
    assertMinor(`${name}.leftMinor`, part.leftMinor);
  }
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError(`percent must be a whole number from 0 to 100; got ${percent}`);
  let creditMinor = Math.min(credit.leftMinor, Math.floor((credit.paidMinor * percent) / 100), refundMinor);
  const cardMinor = Math.min(card.leftMinor, refundMinor - creditMinor);
  creditMinor += Math.min(credit.leftMinor - creditMinor, refundMinor - creditMinor - cardMinor);
  return { cardMinor, creditMinor };
}
