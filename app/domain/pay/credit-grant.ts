import { z } from "zod";
import { CURRENCIES, parsePrice } from "~/domain/tutors/profile";

/**
 * An admin's goodwill credit, or taking some back (a negative amount), on the admin's user page
 * (decision 029). `key` is a random token the page was rendered with: posting the same form twice
 * writes one entry.
 */
export const CreditGrantFormSchema = z.object({
  amount: z
    .string({ error: "Enter an amount, for example 25.00 (or -10.00 to take credit back)." })
    .trim()
    .transform((text, context) => {
      const negative = text.startsWith("-");
      const minor = parsePrice(negative ? text.slice(1) : text);
      if (minor === null || minor === 0) {
        context.addIssue({ code: "custom", message: "Enter an amount other than zero, for example 25.00 (or -10.00 to take credit back)." });
        return z.NEVER;
      }
      return negative ? -minor : minor;
    }),
  currency: z.enum(CURRENCIES, { error: "Choose a currency from the list." }).default("USD"),
  reason: z.string({ error: "Say why (10–500 characters)." }).trim().min(10, "Say why in at least 10 characters.").max(500, "At most 500 characters."),
  key: z.string({ error: "Reload the page and try again." }).regex(/^[A-Za-z0-9-]{16,64}$/, "Reload the page and try again."),
});
export type CreditGrantForm = z.output<typeof CreditGrantFormSchema>;

/** What each kind of entry means to the payer reading their account. */
export function creditKindLabel(kind: string, amountMinor: number): string {
  switch (kind) {
    case "granted":
      return amountMinor < 0 ? "Removed by Tutordesk" : "Credit from Tutordesk";
    case "returned":
      return "Returned from a cancelled booking";
    case "applied":
      return "Used for a booking";
    case "released":
      return "Given back: the booking was not paid";
    default:
      return kind;
  }
}
