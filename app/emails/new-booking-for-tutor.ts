import { headline, meetingFacts, sessionFacts, sessionName, type BookingEmailSession } from "./booking-session";
import { formatSessionTime, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** To the tutor. */
export function newBookingForTutorEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: BookingEmailSession;
  seatsTaken?: number;
  capacity?: number;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  // A parent booking for their child; a student booking for themselves has the same name on both.
  const byParent = session.bookerName !== session.studentName;
  const intro = byParent
    ? `${session.bookerName} booked ${sessionName(session)} with you for ${session.studentName}.`
    : `${session.studentName} booked ${sessionName(session)} with you.`;
  const seats =
    session.kind === "GROUP" && input.seatsTaken !== undefined && input.capacity !== undefined ? [["Seats", `${input.seatsTaken} of ${input.capacity} taken`] as Fact] : [];
  return renderStandardEmail({
    subject: `New booking: ${headline(session)} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: "New booking",
    recipientName: input.recipientName,
    paragraphs: [intro],
    facts: [
      ...sessionFacts(session),
      ["Student", session.studentName],
      ...(byParent ? [["Booked by", session.bookerName] as Fact] : []),
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ...meetingFacts(session),
      ...seats,
      ["Price", session.price],
    ],
    link: { href: session.sessionUrl, label: "View session" },
  });
}
