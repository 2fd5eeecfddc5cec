import { formatInstantLong, formatSessionTime, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import type { ReplacementEmailSession } from "./replacement-session";
import { renderStandardEmail } from "./standard";

/**
 * To a tutor a session moved to: offered (the student is deciding until `replyBy`) or confirmed.
 * `pay` is what the tutor is paid for teaching it, already formatted (tutorPayFor in app/domain/pay/tutor-pay.ts).
 */
export function sessionAssignedEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: ReplacementEmailSession;
  previousTutorName: string;
  confirmed: boolean;
  sessionUrl: string;
  pay?: string;
  replyBy?: Date;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const replyBy = input.replyBy ? formatInstantLong(input.replyBy, zone) : null;
  const payLine = input.pay ? [`You will be paid ${input.pay} for teaching it.`] : [];
  return renderStandardEmail({
    subject: `${input.confirmed ? "New session" : "Session offered to you"}: ${session.title} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: input.confirmed ? "A new session is yours" : "A session was offered to you",
    recipientName: input.recipientName,
    paragraphs: input.confirmed
      ? [`${session.studentName} chose you for ${session.title} after ${input.previousTutorName} cancelled. It is in your schedule.`, ...payLine]
      : [
          `${input.previousTutorName} cancelled ${session.title} with ${session.studentName}. You teach the subject and are free at that time, so it has been offered to you and is held in your schedule.`,
          ...payLine,
          replyBy ? `The student is confirming until ${replyBy}; we will email you either way.` : "The student is confirming; we will email you either way.",
        ],
    facts: [
      ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
      ["Student", session.studentName],
      ...(input.pay ? ([["Your pay", input.pay]] as Fact[]) : []),
      ...(replyBy && !input.confirmed ? ([["Student answers by", replyBy]] as Fact[]) : []),
    ],
    link: { href: input.sessionUrl, label: "Open the session" },
  });
}
