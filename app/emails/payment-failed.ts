import { formatInstantLong, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** To the payer when a delayed payment (a bank debit) failed: the seat is released. */
export function paymentFailedEmail(input: { recipientName: string; recipientZone: string; tutorName: string; startsAt: Date; tutorUrl: string }): RenderedEmail {
  const when = formatInstantLong(input.startsAt, input.recipientZone);
  return renderStandardEmail({
    subject: `Your payment for ${input.tutorName}'s session on ${shortDate(input.startsAt, input.recipientZone)} did not go through`,
    title: "Your payment did not go through",
    recipientName: input.recipientName,
    paragraphs: [
      `Your bank did not complete the payment for ${when} with ${input.tutorName}, so the time has been released and is not booked. Nothing was charged.`,
      `If it is still free, you can book it again from ${input.tutorName}'s page.`,
    ],
    facts: [],
    link: { href: input.tutorUrl, label: `Book with ${input.tutorName}` },
  });
}
