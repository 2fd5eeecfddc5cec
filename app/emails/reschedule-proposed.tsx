import { formatInstantLong, formatSessionTime } from "./format";
import { ButtonLink, EmailLayout, Greeting, renderedEmail, type RenderedEmail } from "./layout";

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
  links: { accept: string; reject: string; counter: string };
}): RenderedEmail {
  const booked = formatSessionTime(input.currentStartsAt, input.currentEndsAt, input.recipientZone);
  const proposed = formatSessionTime(input.proposedStartsAt, input.proposedEndsAt, input.recipientZone);
  const answerBy = formatInstantLong(input.answerBy, input.recipientZone);
  const asks = `${input.proposerName} ${input.counter ? "suggests another time for" : "asks to move"} ${input.sessionTitle}`;
  const text = [
    `Hello ${input.recipientName},`,
    "",
    `${asks}.`,
    `Booked for: ${booked}`,
    `Proposed: ${proposed}`,
    `Reason: ${input.reason}`,
    `Please answer by ${answerBy}.`,
    "",
    `Accept the new time: ${input.links.accept}`,
    `Keep the booked time: ${input.links.reject}`,
    `Suggest another time: ${input.links.counter}`,
  ].join("\n");
  const html = (
    <EmailLayout title={input.counter ? "Another time is suggested" : "A request to move your session"}>
      <Greeting name={input.recipientName} />
      <p>{asks}.</p>
      <p>
        <strong>Booked for:</strong> {booked}
        <br />
        <strong>Proposed:</strong> {proposed}
        <br />
        <strong>Reason:</strong> {input.reason}
      </p>
      <p>Please answer by {answerBy}.</p>
      <ButtonLink href={input.links.accept}>Accept the new time</ButtonLink>
      <ButtonLink href={input.links.reject}>Keep the booked time</ButtonLink>
      <p>
        <a href={input.links.counter}>Suggest another time</a>
      </p>
    </EmailLayout>
  );
  return renderedEmail({ subject: asks, text, html });
}
