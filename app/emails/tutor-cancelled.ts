import { formatInstantLong, formatSessionTime, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/**
 * To the booker (and the student, when a parent booked) when the tutor cancels: who is offered instead,
 * or that nobody was free, and the deadline for their answer (the reply-deadline policy, before the start).
 */
export function tutorCancelledEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  cancelledTutorName: string;
  reason: string;
  replacementName: string | null;
  /** When an unanswered choice is cancelled and refunded: replyDeadline in app/domain/changes/replacement.ts. */
  replyBy: Date;
  link: { href: string; label: string };
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const startsAt = formatInstantLong(session.startsAt, zone);
  const decideBy = formatInstantLong(input.replyBy, zone);
  const paragraphs = input.replacementName
    ? [
        `${input.cancelledTutorName} can no longer teach ${session.title} on ${startsAt}. ${input.replacementName} teaches the same subject and is free at that time, so the session is now with ${input.replacementName}.`,
        `Please confirm you are happy to continue with ${input.replacementName}. You can also choose another tutor, or cancel for a full refund.`,
        `If we have not heard from you by ${decideBy}, the session is cancelled and refunded in full.`,
      ]
    : [
        `${input.cancelledTutorName} can no longer teach ${session.title} on ${startsAt}, and no other tutor of the subject is free at that time.`,
        "Choose another tutor and time at no extra cost, or cancel for a full refund.",
        `If we have not heard from you by ${decideBy}, the session is cancelled and refunded in full.`,
      ];
  return renderStandardEmail({
    subject: input.replacementName
      ? `${input.cancelledTutorName} cancelled: ${input.replacementName} can take ${session.title} on ${shortDate(session.startsAt, zone)}`
      : `${input.cancelledTutorName} cancelled ${session.title} on ${shortDate(session.startsAt, zone)}: choose what happens`,
    title: input.replacementName ? "Your tutor changed" : "Your tutor cancelled",
    recipientName: input.recipientName,
    paragraphs,
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ["Student", session.studentName],
      ["Cancelled by", `${input.cancelledTutorName} (tutor)`],
      ["Reason", input.reason],
      ...(input.replacementName ? ([["New tutor", input.replacementName]] as Fact[]) : []),
      ["Answer by", decideBy],
    ],
    link: input.link,
  });
}
