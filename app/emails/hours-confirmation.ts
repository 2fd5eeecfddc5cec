import { formatInstantLong, formatSessionTime, oneLine, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** What the booker is asked to confirm: the session as booked and as the tutor recorded it. */
export type HoursToConfirm = {
  title: string;
  tutorName: string;
  studentName: string;
  startsAt: Date;
  endsAt: Date;
  actualStartedAt: Date | null;
  actualEndedAt: Date | null;
  /** This learner's mark, e.g. "Present" or "Late (10 minutes)". */
  attendance: string;
};

function facts(hours: HoursToConfirm, zone: string): Fact[] {
  const actual: Fact[] =
    hours.actualStartedAt && hours.actualEndedAt
      ? [
          ["Actual time", formatSessionTime(hours.actualStartedAt, hours.actualEndedAt, zone)],
          ["Minutes", String(Math.round((hours.actualEndedAt.getTime() - hours.actualStartedAt.getTime()) / 60_000))],
        ]
      : [];
  return [
    ["Booked for", formatSessionTime(hours.startsAt, hours.endsAt, zone)],
    ...actual,
    ["Tutor", hours.tutorName],
    ["Student", hours.studentName],
    ["Attendance", hours.attendance],
  ];
}

/**
 * To the person who booked a seat, once the tutor checked out (or a coordinator recorded the session):
 * confirm the hours by `dueBy`. The link lands on a page that shows them and changes nothing until a
 * button is pressed.
 */
export function hoursConfirmationRequestEmail(input: { recipientName: string; recipientZone: string; hours: HoursToConfirm; dueBy: Date; link: string }): RenderedEmail {
  const { hours } = input;
  return renderStandardEmail({
    subject: oneLine(`Please confirm the hours: ${hours.title} on ${shortDate(hours.startsAt, input.recipientZone)}`),
    title: "Please confirm the hours",
    recipientName: input.recipientName,
    paragraphs: [
      `${hours.tutorName} has recorded ${hours.title} with ${hours.studentName}. Please check the times below and confirm them.`,
      `Please answer by ${formatInstantLong(input.dueBy, input.recipientZone)}. Confirming counts the session as completed; you can rate it at the same time.`,
      'If something is not right, do not confirm: choose "Report a problem" on the same page, say what happened, and a coordinator will look into it.',
    ],
    facts: facts(hours, input.recipientZone),
    link: { href: input.link, label: "Check the hours: confirm or report a problem" },
  });
}

/** The one reminder, when the window passed without an answer; coordinators follow up from here. */
export function hoursConfirmationReminderEmail(input: { recipientName: string; recipientZone: string; hours: HoursToConfirm; link: string }): RenderedEmail {
  const { hours } = input;
  return renderStandardEmail({
    subject: oneLine(`Reminder: confirm the hours of ${hours.title} on ${shortDate(hours.startsAt, input.recipientZone)}`),
    title: "The hours still wait for your answer",
    recipientName: input.recipientName,
    paragraphs: [
      `We have not heard from you about ${hours.title} with ${hours.tutorName}. Please confirm the hours below; if something is not right, report a problem from the same page instead.`,
      "A coordinator will also get in touch to make sure the session is recorded correctly.",
    ],
    facts: facts(hours, input.recipientZone),
    link: { href: input.link, label: "Check the hours: confirm or report a problem" },
  });
}
