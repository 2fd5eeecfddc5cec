import { formatSessionTime, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/** To the booker and the student when staff moved the session to another tutor: same time, new tutor, nothing more to pay. */
export function sessionMovedLearnerEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  previousTutorName: string;
  tutorName: string;
  sessionUrl: string;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderStandardEmail({
    subject: `New tutor: ${session.title} with ${input.tutorName} on ${shortDate(session.startsAt, zone)}`,
    title: "Your session has a new tutor",
    recipientName: input.recipientName,
    paragraphs: [
      `Tutordesk has moved ${session.title} for ${session.studentName} from ${input.previousTutorName} to ${input.tutorName}, who teaches the subject and is free at the same time.`,
      "The time and the price stay as booked; nothing more is paid. The calendar entry attached replaces the earlier one.",
    ],
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ["Tutor", input.tutorName],
    ],
    link: { href: input.sessionUrl, label: "View session" },
  });
}
