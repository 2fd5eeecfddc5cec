import { formatInstantLong, formatSessionTime, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** To everyone a cancellation concerns: the booker, the student, the tutor. `refund` is for the payer only. */
export function sessionCancelledEmail(input: {
  recipientName: string;
  recipientZone: string;
  sessionTitle: string;
  tutorName: string;
  studentName: string;
  startsAt: Date;
  endsAt: Date;
  cancelledBy: string;
  reason: string;
  refund: string | null;
  link: { href: string; label: string };
}): RenderedEmail {
  const facts: Fact[] = [
    ["When", formatSessionTime(input.startsAt, input.endsAt, input.recipientZone)],
    ["Tutor", input.tutorName],
    ["Student", input.studentName],
    ["Cancelled by", input.cancelledBy],
    ["Reason", input.reason],
    ...(input.refund ? ([["Refund", input.refund]] as Fact[]) : []),
  ];
  return renderStandardEmail({
    subject: `Cancelled: ${input.sessionTitle} on ${shortDate(input.startsAt, input.recipientZone)}`,
    title: "Session cancelled",
    recipientName: input.recipientName,
    paragraphs: [
      `${input.sessionTitle} with ${input.tutorName} on ${formatInstantLong(input.startsAt, input.recipientZone)} has been cancelled.`,
      ...(input.refund ? [`${input.refund} is being refunded to the card you paid with. Most banks show a refund within 5–10 business days.`] : []),
    ],
    facts,
    link: input.link,
  });
}
