import { formatSessionTime } from "./format";
import { ButtonLink, EmailLayout, Greeting, renderedEmail, type RenderedEmail } from "./layout";

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
  const html = (
    <EmailLayout title={subject}>
      <Greeting name={input.recipientName} />
      <p>{body}</p>
      <ButtonLink href={input.sessionUrl}>Open the session</ButtonLink>
    </EmailLayout>
  );
  return renderedEmail({ subject, text, html });
}
