import { formatInstantLong, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** To the payer when a payment arrived after their hold expired and the time was taken: refunded in full. */
export function latePaymentRefundedEmail(input: {
  recipientName: string;
  recipientZone: string;
  tutorName: string;
  startsAt: Date;
  amount: string;
  browseUrl: string;
}): RenderedEmail {
  const when = formatInstantLong(input.startsAt, input.recipientZone);
  return renderStandardEmail({
    subject: `Refunded ${input.amount}: your time with ${input.tutorName} on ${shortDate(input.startsAt, input.recipientZone)} was taken`,
    title: "Your payment was refunded",
    recipientName: input.recipientName,
    paragraphs: [
      `Your payment of ${input.amount} for ${when} with ${input.tutorName} arrived after your hold on that time had expired, and someone else booked it in the meantime.`,
      `We refunded the full ${input.amount} to the card or account you paid with. Most banks show a refund within 5–10 business days.`,
      "Sorry about that. You can pick another time below.",
    ],
    facts: [],
    link: { href: input.browseUrl, label: "Find another time" },
  });
}
