import { formatSessionTime, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/** To the tutor staff moved a session to: it is in their schedule now, and what they are paid for it. */
export function sessionMovedNewTutorEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  previousTutorName: string;
  pay: string;
  sessionUrl: string;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderStandardEmail({
    subject: `New session: ${session.title} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: "A session was moved to you",
    recipientName: input.recipientName,
    paragraphs: [
      `Tutordesk has moved ${session.title} with ${session.studentName} from ${input.previousTutorName} to you: you teach the subject and are free at that time. It is in your schedule now.`,
      `You will be paid ${input.pay} for teaching it.`,
    ],
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ["Student", session.studentName],
      ["Your pay", input.pay],
    ],
    link: { href: input.sessionUrl, label: "Open the session" },
  });
}
