import { formatSessionTime, oneLine, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/*
 * What an admin's intervention on a session tells the people concerned (decision 030): a session
 * completed by support, a no-show cleared, a refund issued. Each names the reason the admin gave.
 */

type InterventionSession = { title: string; tutorName: string; startsAt: Date; endsAt: Date };
type Common = { recipientName: string; recipientZone: string; session: InterventionSession; reason: string; link: { href: string; label: string } };

function when(input: Common): Fact {
  return ["When", formatSessionTime(input.session.startsAt, input.session.endsAt, input.recipientZone)];
}

/** To each booker and the tutor: support marked the session completed, with the minutes recorded. */
export function sessionCompletedBySupportEmail(input: Common & { side: "booker" | "tutor"; actualMinutes: number; learners: string }): RenderedEmail {
  const { session } = input;
  return renderStandardEmail({
    subject: oneLine(`Completed by support: ${session.title} on ${shortDate(session.startsAt, input.recipientZone)}`),
    title: "Your session is marked completed",
    recipientName: input.recipientName,
    paragraphs: [
      `Our support team marked ${session.title} as completed, with ${input.actualMinutes} minutes recorded. The hours count as confirmed by staff, so there is nothing left for you to confirm.`,
      input.side === "tutor" ? "Your earning for it is in your earnings." : "If something about it is wrong, reply to this email or contact support.",
      `Reason: ${input.reason}`,
    ],
    facts: [when(input), ["Tutor", session.tutorName], ["Learners", input.learners], ["Minutes recorded", String(input.actualMinutes)]],
    link: input.link,
  });
}

/** To each booker and the tutor: the no-show was recorded in error and is cleared. */
export function noShowClearedEmail(input: Common & { side: "booker" | "tutor"; refunded: string | null }): RenderedEmail {
  const { session } = input;
  const paragraphs = [
    `Our support team cleared the no-show recorded for ${session.title}: it counts as having taken place.`,
    input.side === "booker"
      ? "You will get a separate email asking you to confirm the hours or report a problem."
      : "The learners' side is now asked to confirm the hours; the session is paid once they are confirmed.",
  ];
  if (input.refunded) paragraphs.push(`The refund already issued for the no-show (${input.refunded}) stays refunded.`);
  paragraphs.push(`Reason: ${input.reason}`);
  return renderStandardEmail({
    subject: oneLine(`No-show cleared: ${session.title} on ${shortDate(session.startsAt, input.recipientZone)}`),
    title: "The no-show is cleared",
    recipientName: input.recipientName,
    paragraphs,
    facts: [when(input), ["Tutor", session.tutorName]],
    link: input.link,
  });
}

/** To the payer: support issued a refund (the reference's "Refund issued for your session"). */
export function refundIssuedEmail(input: Common & { amount: string; studentName: string }): RenderedEmail {
  const { session } = input;
  return renderStandardEmail({
    subject: oneLine(`Refund issued for your session: ${session.title} on ${shortDate(session.startsAt, input.recipientZone)}`),
    title: "Refund issued",
    recipientName: input.recipientName,
    paragraphs: [
      `Our support team issued a refund of ${input.amount} for ${input.studentName}'s place in ${session.title}. It goes back to the card you paid with; most banks show a refund within 5–10 business days.`,
      `Reason: ${input.reason}`,
    ],
    facts: [when(input), ["Tutor", session.tutorName], ["Refund", input.amount]],
    link: input.link,
  });
}
