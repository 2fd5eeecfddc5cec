import { headline, meetingFacts, sessionFacts, sessionName, type BookingEmailSession } from "./booking-session";
import { formatSessionTime, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** To the student when a parent booked for them. */
export function bookedForYouEmail(input: { recipientName: string; recipientZone: string; session: BookingEmailSession }): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderStandardEmail({
    subject: `${session.bookerName} booked ${headline(session)} with ${session.tutorName} for you on ${shortDate(session.startsAt, zone)}`,
    title: "A session was booked for you",
    recipientName: input.recipientName,
    paragraphs: [`${session.bookerName} booked ${sessionName(session)} for you with ${session.tutorName}.`],
    facts: [
      ...sessionFacts(session),
      ["Tutor", session.tutorName],
      ["Booked by", session.bookerName],
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ...meetingFacts(session),
    ],
    link: { href: session.sessionUrl, label: "View session" },
  });
}
