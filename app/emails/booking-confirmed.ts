import { headline, meetingFacts, sessionFacts, sessionName, type BookingEmailSession } from "./booking-session";
import { formatSessionTime, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** To the person who booked (a student booking for themselves, or a parent). */
export function bookingConfirmedEmail(input: { recipientName: string; recipientZone: string; session: BookingEmailSession; forSomeoneElse: boolean }): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const intro = input.forSomeoneElse
    ? `You booked ${sessionName(session)} with ${session.tutorName} for ${session.studentName}.`
    : `Your session with ${session.tutorName} is booked.`;
  const facts: Fact[] = [
    ...sessionFacts(session),
    ["Tutor", session.tutorName],
    ...(input.forSomeoneElse ? [["Student", session.studentName] as Fact] : []),
    ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
    ...meetingFacts(session),
    ["Price", session.price],
  ];
  return renderStandardEmail({
    subject: `Booking confirmed: ${headline(session)} with ${session.tutorName} on ${shortDate(session.startsAt, zone)}`,
    title: "Booking confirmed",
    recipientName: input.recipientName,
    paragraphs: [intro],
    facts,
    link: { href: session.sessionUrl, label: "View session" },
  });
}
