import { formatSessionTime, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/** To the tutor staff took a session from: it left their schedule, who teaches it, and what they are paid for it. */
export function sessionMovedAwayEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  tutorName: string;
  /** The payout treatment's amount, formatted, or null when nothing is paid. */
  payout: string | null;
  link: { href: string; label: string };
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  return renderStandardEmail({
    subject: `No longer yours: ${session.title} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: "A session moved to another tutor",
    recipientName: input.recipientName,
    paragraphs: [
      `Tutordesk has moved ${session.title} with ${session.studentName} to ${input.tutorName}, so it is no longer in your schedule. The calendar entry attached cancels yours.`,
      input.payout ? `You are paid ${input.payout} for it.` : "You are not paid for it.",
    ],
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ["Taught by", input.tutorName],
      ["Your pay", input.payout ?? "None"],
    ],
    link: input.link,
  });
}
