import { formatSessionTime, oneLine, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/**
 * To the learners, their bookers and the tutor when staff move a session to a new time (no request to
 * answer): the new time and the old one in the recipient's zone, who moved it and why. A replacing
 * calendar event goes with it.
 */
export function sessionMovedEmail(input: {
  recipientName: string;
  recipientZone: string;
  sessionTitle: string;
  tutorName: string;
  studentName: string;
  startsAt: Date;
  endsAt: Date;
  previousStartsAt: Date;
  previousEndsAt: Date;
  movedBy: string;
  reason: string;
  link: string;
}): RenderedEmail {
  const facts: Fact[] = [
    ["New time", formatSessionTime(input.startsAt, input.endsAt, input.recipientZone)],
    ["Was", formatSessionTime(input.previousStartsAt, input.previousEndsAt, input.recipientZone)],
    ["Tutor", input.tutorName],
    ["Student", input.studentName],
    ["Moved by", input.movedBy],
    ["Reason", input.reason],
  ];
  return renderStandardEmail({
    subject: oneLine(`New time: ${input.sessionTitle} on ${shortDate(input.startsAt, input.recipientZone)}`),
    title: "Your session has a new time",
    recipientName: input.recipientName,
    paragraphs: [
      `${input.sessionTitle} with ${input.tutorName} has moved to ${formatSessionTime(input.startsAt, input.endsAt, input.recipientZone)}.`,
      "The calendar file attached replaces the earlier one. If the new time does not suit you, reply to this email or contact us.",
    ],
    facts,
    link: { href: input.link, label: "Open the session" },
  });
}
