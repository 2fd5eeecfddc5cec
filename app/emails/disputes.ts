import { formatSessionTime, oneLine, shortDate } from "./format";
import type { Fact, RenderedEmail } from "./layout";
import { renderStandardEmail } from "./standard";

/** A reported problem as the emails describe it (the account is the booker's own words, plain text). */
export type ReportedProblem = {
  title: string;
  tutorName: string;
  studentName: string;
  startsAt: Date;
  endsAt: Date;
  category: string;
  description: string;
  tutorMinutes: number;
  claimedMinutes: number | null;
};

function minutesFacts(problem: ReportedProblem): Fact[] {
  return problem.claimedMinutes === null
    ? [["Recorded minutes", String(problem.tutorMinutes)]]
    : [
        ["Recorded by the tutor", `${problem.tutorMinutes} minutes`],
        ["Reported instead", `${problem.claimedMinutes} minutes`],
      ];
}

function problemFacts(problem: ReportedProblem, zone: string): Fact[] {
  return [
    ["Session", formatSessionTime(problem.startsAt, problem.endsAt, zone)],
    ["Tutor", problem.tutorName],
    ["Student", problem.studentName],
    ["Problem", problem.category],
    ...minutesFacts(problem),
    ["What happened", problem.description],
  ];
}

/** To the booker: the report arrived, the hours are not counted until a coordinator decides. */
export function problemReceivedEmail(input: { recipientName: string; recipientZone: string; problem: ReportedProblem; link: string }): RenderedEmail {
  const { problem } = input;
  return renderStandardEmail({
    subject: oneLine(`We received your report about ${problem.title} on ${shortDate(problem.startsAt, input.recipientZone)}`),
    title: "We received your report",
    recipientName: input.recipientName,
    paragraphs: [
      `Thank you for telling us. The hours of ${problem.title} with ${problem.tutorName} are not counted until a coordinator has looked into it.`,
      "The tutor can add their side. A coordinator then decides, and you will get an email with the outcome and any refund.",
    ],
    facts: problemFacts(problem, input.recipientZone),
    link: { href: input.link, label: "See the session" },
  });
}

/** To the tutor: a problem was reported on their session; they may add their side once. */
export function problemReportedTutorEmail(input: { recipientName: string; recipientZone: string; problem: ReportedProblem; reporterName: string; link: string }): RenderedEmail {
  const { problem } = input;
  return renderStandardEmail({
    subject: oneLine(`A problem was reported: ${problem.title} on ${shortDate(problem.startsAt, input.recipientZone)}`),
    title: "A problem was reported with a session",
    recipientName: input.recipientName,
    paragraphs: [
      `${input.reporterName} reported a problem with ${problem.title} and did not confirm its hours. A coordinator will look into it.`,
      "You can add your side once, on the session's page. The coordinator sees both accounts before deciding.",
    ],
    facts: problemFacts(problem, input.recipientZone),
    link: { href: input.link, label: "Add your side" },
  });
}

/** The decision, as each side is told it: the outcome, the approved minutes, and the money that concerns them. */
export type ResolvedProblem = {
  title: string;
  tutorName: string;
  studentName: string;
  startsAt: Date;
  endsAt: Date;
  outcome: string;
  approvedMinutes: number;
  /** "$30.00", or null when nothing is refunded. */
  refund: string | null;
  tutorPay: string;
};

export function problemResolvedEmail(input: {
  recipientName: string;
  recipientZone: string;
  side: "booker" | "tutor";
  resolved: ResolvedProblem;
  note: string;
  link: string;
}): RenderedEmail {
  const { resolved } = input;
  const money: Fact[] = input.side === "booker" ? [["Refund", resolved.refund ?? "No refund"]] : [["Your pay for this session", resolved.tutorPay]];
  return renderStandardEmail({
    subject: oneLine(`Decided: the problem reported about ${resolved.title} on ${shortDate(resolved.startsAt, input.recipientZone)}`),
    title: "A coordinator has decided",
    recipientName: input.recipientName,
    paragraphs: [
      `A coordinator has looked into the problem reported about ${resolved.title} with ${input.side === "booker" ? resolved.tutorName : resolved.studentName} and decided as below.`,
      ...(input.side === "booker" && resolved.refund ? [`${resolved.refund} is being refunded to the card that paid. Most banks show a refund within 5–10 business days.`] : []),
      `The coordinator's note: ${input.note}`,
    ],
    facts: [
      ["Session", formatSessionTime(resolved.startsAt, resolved.endsAt, input.recipientZone)],
      ["Outcome", resolved.outcome],
      ["Approved minutes", String(resolved.approvedMinutes)],
      ...money,
    ],
    link: { href: input.link, label: "See the session" },
  });
}
