import { formatInstantLong, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** To the payer when the hold expired without payment. */
export function holdExpiredEmail(input: { recipientName: string; recipientZone: string; tutorName: string; startsAt: Date; tutorUrl: string }): RenderedEmail {
  const when = formatInstantLong(input.startsAt, input.recipientZone);
  return renderStandardEmail({
    subject: `Your hold on ${input.tutorName}'s time on ${shortDate(input.startsAt, input.recipientZone)} has expired`,
    title: "Your hold has expired",
    recipientName: input.recipientName,
    paragraphs: [
      `We held ${when} with ${input.tutorName} for you, but the payment was not completed in time, so the time has been released and is not booked.`,
      `If it is still free, you can book it again from ${input.tutorName}'s page.`,
    ],
    facts: [],
    link: { href: input.tutorUrl, label: `Book with ${input.tutorName}` },
  });
}
