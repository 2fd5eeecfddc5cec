import { formatSessionTime, shortDate } from "./format";
import type { RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/** To a tutor who was offered the session and no longer has it: the student chose someone else, or never answered. */
export function sessionReleasedEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  outcome: "OTHER_TUTOR" | "UNANSWERED";
  link: { href: string; label: string };
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const what = {
    OTHER_TUTOR: `${session.studentName} chose another tutor for ${session.title}, so it is no longer in your schedule.`,
    UNANSWERED: `${session.studentName} did not confirm ${session.title} in time, so it was cancelled and refunded in full.`,
  }[input.outcome];
  return renderStandardEmail({
    subject: `No longer yours: ${session.title} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: "A session left your schedule",
    recipientName: input.recipientName,
    paragraphs: [what],
    facts: [["When", formatSessionTime(session.startsAt, session.endsAt, zone)]],
    link: input.link,
  });
}
