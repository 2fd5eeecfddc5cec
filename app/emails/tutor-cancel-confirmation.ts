import { formatSessionTime, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/** To the tutor who cancelled: what happens to the session now. */
export function tutorCancelConfirmationEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  replacementName: string | null;
  link: { href: string; label: string };
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderStandardEmail({
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
