import { formatSessionTime, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/** To the booker and the student once they have chosen: who teaches the session now, and when. */
export function replacementConfirmedEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  tutorName: string;
  sessionUrl: string;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderStandardEmail({
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
