import { formatInstantLong, formatSessionTime, oneLine, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

type NoShowSession = { title: string; tutorName: string; startsAt: Date; endsAt: Date };

/**
 * To the learner's side when the tutor never checked in: the session did not happen, and what is
 * refunded. `refund` is the amount for this seat, or null when nothing was paid; `payerName` is set for a
 * student someone else booked for, who is told who gets the money back.
 */
export function tutorNoShowLearnerEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: NoShowSession;
  studentName: string;
  refund: string | null;
  payerName: string | null;
  noShowAfterMinutes: number;
  link: { href: string; label: string };
}): RenderedEmail {
  const { session } = input;
  const refundLine =
    input.refund === null
      ? "Nothing was paid for it, so there is nothing to refund."
      : input.payerName
        ? `The ${input.refund} paid for it is being refunded in full to ${input.payerName}.`
        : `The ${input.refund} you paid is being refunded in full to the card you paid with. Most banks show a refund within 5–10 business days.`;
  const facts: Fact[] = [
    ["When", formatSessionTime(session.startsAt, session.endsAt, input.recipientZone)],
    ["Tutor", session.tutorName],
    ["Student", input.studentName],
    ["Refund", input.refund === null ? "Nothing to refund" : `${input.refund} (in full)`],
  ];
  return renderStandardEmail({
    subject: oneLine(`No-show: your tutor did not check in for ${session.title} on ${shortDate(session.startsAt, input.recipientZone)}`),
    title: "Your tutor did not check in",
    recipientName: input.recipientName,
    paragraphs: [
      `${session.tutorName} had not checked in ${input.noShowAfterMinutes} minutes after the start of ${session.title} on ${formatInstantLong(session.startsAt, input.recipientZone)}, so the session is recorded as a no-show by the tutor.`,
      refundLine,
      "The calendar event is cancelled. If the session did take place, a coordinator can correct the record.",
    ],
    facts,
    link: input.link,
  });
}

/** To the tutor: the session is a no-show on their side, the learners are refunded, and it is not paid. */
export function tutorNoShowTutorEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: NoShowSession;
  learners: string;
  refunded: string[];
  noShowAfterMinutes: number;
  link: { href: string; label: string };
}): RenderedEmail {
  const { session } = input;
  return renderStandardEmail({
    subject: oneLine(`No-show recorded: ${session.title} on ${shortDate(session.startsAt, input.recipientZone)}`),
    title: "You did not check in",
    recipientName: input.recipientName,
    paragraphs: [
      `You had not checked in ${input.noShowAfterMinutes} minutes after the start of ${session.title} on ${formatInstantLong(session.startsAt, input.recipientZone)}, so the session is recorded as a no-show by the tutor.`,
      input.refunded.length > 0
        ? `The learners are refunded in full (${input.refunded.join(", ")}), and the session is not paid.`
        : "Nothing was paid for it, so there is nothing to refund; the session is not paid.",
      "If you did teach it, ask a coordinator to record the attendance.",
    ],
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, input.recipientZone)],
      ["Learners", input.learners],
    ],
    link: input.link,
  });
}
