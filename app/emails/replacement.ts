import { formatInstantLong, formatSessionTime, renderEmail, shortDate } from "./booking";
import type { RenderedEmail } from "./layout";

type SessionFacts = { title: string; startsAt: Date; endsAt: Date; studentName: string };

/**
 * To the booker (and the student, when a parent booked) when the tutor cancels: who is offered instead,
 * or that nobody was free, and what they can do until the session starts.
 */
export function tutorCancelledEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: SessionFacts;
  cancelledTutorName: string;
  reason: string;
  replacementName: string | null;
  link: { href: string; label: string };
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const when = formatSessionTime(session.startsAt, session.endsAt, zone);
  const decideBy = formatInstantLong(session.startsAt, zone);
  const paragraphs = input.replacementName
    ? [
        `${input.cancelledTutorName} can no longer teach ${session.title} on ${formatInstantLong(session.startsAt, zone)}. ${input.replacementName} teaches the same subject and is free at that time, so the session is now with ${input.replacementName}.`,
        `Please confirm you are happy to continue with ${input.replacementName}. You can also choose another tutor, or cancel for a full refund.`,
        `If we have not heard from you by ${decideBy}, the session is cancelled and refunded in full.`,
      ]
    : [
        `${input.cancelledTutorName} can no longer teach ${session.title} on ${formatInstantLong(session.startsAt, zone)}, and no other tutor of the subject is free at that time.`,
        "Choose another tutor and time at no extra cost, or cancel for a full refund.",
        `If we have not heard from you by ${decideBy}, the session is cancelled and refunded in full.`,
      ];
  return renderEmail({
    subject: input.replacementName
      ? `${input.cancelledTutorName} cancelled: ${input.replacementName} can take ${session.title} on ${shortDate(session.startsAt, zone)}`
      : `${input.cancelledTutorName} cancelled ${session.title} on ${shortDate(session.startsAt, zone)}: choose what happens`,
    title: input.replacementName ? "Your tutor changed" : "Your tutor cancelled",
    recipientName: input.recipientName,
    paragraphs,
    facts: [
      ["When", when],
      ["Student", session.studentName],
      ["Cancelled by", `${input.cancelledTutorName} (tutor)`],
      ["Reason", input.reason],
      ...(input.replacementName ? ([["New tutor", input.replacementName]] as [string, string][]) : []),
    ],
    link: input.link,
  });
}

/** To a tutor a session moved to: offered (the student is deciding) or confirmed. */
export function sessionAssignedEmail(input: { recipientName: string; recipientZone: string; session: SessionFacts; previousTutorName: string; confirmed: boolean; sessionUrl: string }): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderEmail({
    subject: `${input.confirmed ? "New session" : "Session offered to you"}: ${session.title} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: input.confirmed ? "A new session is yours" : "A session was offered to you",
    recipientName: input.recipientName,
    paragraphs: input.confirmed
      ? [`${session.studentName} chose you for ${session.title} after ${input.previousTutorName} cancelled. It is in your schedule.`]
      : [
          `${input.previousTutorName} cancelled ${session.title} with ${session.studentName}. You teach the subject and are free at that time, so it has been offered to you and is held in your schedule.`,
          "The student is confirming; we will email you either way.",
        ],
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ["Student", session.studentName],
    ],
    link: { href: input.sessionUrl, label: "Open the session" },
  });
}

/** To a tutor who was offered the session and no longer has it: the student chose someone else, or never answered. */
export function sessionReleasedEmail(input: { recipientName: string; recipientZone: string; session: SessionFacts; outcome: "OTHER_TUTOR" | "UNANSWERED"; link: { href: string; label: string } }): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const what = {
    OTHER_TUTOR: `${session.studentName} chose another tutor for ${session.title}, so it is no longer in your schedule.`,
    UNANSWERED: `${session.studentName} did not confirm ${session.title} before it was due to start, so it was cancelled and refunded in full.`,
  }[input.outcome];
  return renderEmail({
    subject: `No longer yours: ${session.title} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: "A session left your schedule",
    recipientName: input.recipientName,
    paragraphs: [what],
    facts: [["When", formatSessionTime(session.startsAt, session.endsAt, zone)]],
    link: input.link,
  });
}

/** To the tutor who cancelled: what happens to the session now. */
export function tutorCancelConfirmationEmail(input: { recipientName: string; recipientZone: string; session: SessionFacts; replacementName: string | null; link: { href: string; label: string } }): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderEmail({
    subject: `You cancelled ${session.title} on ${shortDate(session.startsAt, zone)}`,
    title: "Your cancellation",
    recipientName: input.recipientName,
    paragraphs: [
      input.replacementName
        ? `${input.replacementName} has been offered ${session.title} with ${session.studentName}; ${session.studentName} can accept, choose someone else or cancel for a full refund.`
        : `No other tutor is free at that time, so ${session.studentName} is choosing another tutor and time, or a full refund.`,
      "You will not be paid for this session.",
    ],
    facts: [["When", formatSessionTime(session.startsAt, session.endsAt, zone)]],
    link: input.link,
  });
}

/** To the booker and the student once they have chosen: who teaches the session now, and when. */
export function replacementConfirmedEmail(input: { recipientName: string; recipientZone: string; session: SessionFacts; tutorName: string; sessionUrl: string }): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderEmail({
    subject: `Confirmed: ${session.title} with ${input.tutorName} on ${shortDate(session.startsAt, zone)}`,
    title: "Your new tutor is confirmed",
    recipientName: input.recipientName,
    paragraphs: [`${session.title} for ${session.studentName} is now with ${input.tutorName}. Nothing more is paid; the calendar entry attached replaces the earlier one.`],
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ["Tutor", input.tutorName],
    ],
    link: { href: input.sessionUrl, label: "View session" },
  });
}
