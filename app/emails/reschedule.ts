import { formatInstantLong, formatSessionTime } from "./booking";
import { buttonHtml, emailLayout, escapeHtml, type RenderedEmail } from "./layout";

type Links = { accept: string; reject: string; counter: string };

/** To the side asked to answer a proposal: the old and new times in their zone, and a link per answer. */
export function rescheduleProposedEmail(input: {
  recipientName: string;
  recipientZone: string;
  proposerName: string;
  sessionTitle: string;
  currentStartsAt: Date;
  currentEndsAt: Date;
  proposedStartsAt: Date;
  proposedEndsAt: Date;
  reason: string;
  answerBy: Date;
  counter: boolean;
  links: Links;
}): RenderedEmail {
  const now = formatSessionTime(input.currentStartsAt, input.currentEndsAt, input.recipientZone);
  const proposed = formatSessionTime(input.proposedStartsAt, input.proposedEndsAt, input.recipientZone);
  const answerBy = formatInstantLong(input.answerBy, input.recipientZone);
  const verb = input.counter ? "suggests another time for" : "asks to move";
  const subject = `${input.proposerName} ${verb} ${input.sessionTitle}`;
  const text = [
    `Hello ${input.recipientName},`,
    "",
    `${input.proposerName} ${verb} ${input.sessionTitle}.`,
    `Booked for: ${now}`,
    `Proposed: ${proposed}`,
    `Reason: ${input.reason}`,
    `Please answer by ${answerBy}.`,
    "",
    `Accept the new time: ${input.links.accept}`,
    `Keep the booked time: ${input.links.reject}`,
    `Suggest another time: ${input.links.counter}`,
  ].join("\n");
  const html = emailLayout(
    input.counter ? "Another time is suggested" : "A request to move your session",
    `<p>Hello ${escapeHtml(input.recipientName)},</p>
<p>${escapeHtml(`${input.proposerName} ${verb} ${input.sessionTitle}.`)}</p>
<p><strong>Booked for:</strong> ${escapeHtml(now)}<br><strong>Proposed:</strong> ${escapeHtml(proposed)}<br><strong>Reason:</strong> ${escapeHtml(input.reason)}</p>
<p>Please answer by ${escapeHtml(answerBy)}.</p>
${buttonHtml(input.links.accept, "Accept the new time")}
${buttonHtml(input.links.reject, "Keep the booked time")}
<p><a href="${escapeHtml(input.links.counter)}">Suggest another time</a></p>`,
  );
  return { subject, text, html };
}

/** To the other side when a request closes: accepted (the session moved), rejected, withdrawn or expired. */
export function rescheduleClosedEmail(input: {
  recipientName: string;
  recipientZone: string;
  sessionTitle: string;
  outcome: "ACCEPTED" | "REJECTED" | "WITHDRAWN" | "EXPIRED";
  byName: string;
  startsAt: Date;
  endsAt: Date;
  sessionUrl: string;
}): RenderedEmail {
  const when = formatSessionTime(input.startsAt, input.endsAt, input.recipientZone);
  const lines: Record<typeof input.outcome, [string, string]> = {
    ACCEPTED: [`${input.sessionTitle} has moved`, `${input.byName} accepted the new time. The session is now on ${when}.`],
    REJECTED: [`${input.sessionTitle} stays at its time`, `${input.byName} kept the booked time: ${when}.`],
    WITHDRAWN: [`The request to move ${input.sessionTitle} was withdrawn`, `${input.byName} withdrew the request. The session stays on ${when}.`],
    EXPIRED: [`The request to move ${input.sessionTitle} expired`, `Nobody answered in time, so the session is on ${when}.`],
  };
  const [subject, body] = lines[input.outcome];
  const text = [`Hello ${input.recipientName},`, "", body, "", `Open the session: ${input.sessionUrl}`].join("\n");
  const html = emailLayout(subject, `<p>Hello ${escapeHtml(input.recipientName)},</p><p>${escapeHtml(body)}</p>${buttonHtml(input.sessionUrl, "Open the session")}`);
  return { subject, text, html };
}
