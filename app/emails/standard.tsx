import { ButtonLink, EmailLayout, FactTable, factLines, Greeting, renderedEmail, type Fact, type RenderedEmail } from "./layout";

export type StandardEmailParts = {
  subject: string;
  title: string;
  recipientName: string;
  paragraphs: string[];
  facts: Fact[];
  link: { href: string; label: string };
};

/** The shape most messages take: a greeting, a few paragraphs, the facts as a table, one link. */
export function StandardEmail({ parts }: { parts: StandardEmailParts }) {
  return (
    <EmailLayout title={parts.title}>
      <Greeting name={parts.recipientName} />
      {parts.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <FactTable facts={parts.facts} />
      <ButtonLink href={parts.link.href}>{parts.link.label}</ButtonLink>
    </EmailLayout>
  );
}

/** The text part carries the same paragraphs, facts and link as the HTML, in the same order. */
export function standardText(parts: StandardEmailParts): string {
  return [
    `Hello ${parts.recipientName},`,
    "",
    ...parts.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(parts.facts.length ? [...factLines(parts.facts), ""] : []),
    `${parts.link.label}: ${parts.link.href}`,
  ].join("\n");
}

export function renderStandardEmail(parts: StandardEmailParts): RenderedEmail {
  return renderedEmail({ subject: parts.subject, text: standardText(parts), html: <StandardEmail parts={parts} /> });
}
