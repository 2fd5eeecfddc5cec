import { ButtonLink, EmailLayout, Note, renderedEmail, type RenderedEmail } from "./layout";

export { noAccountEmail } from "./no-account";

export function signInCodeEmail(input: { code: string; magicLink: string; validMinutes: number }): RenderedEmail {
  const text = [
    `Your sign-in code is ${input.code}`,
    "",
    `Or open this link in the same browser to sign in: ${input.magicLink}`,
    "",
    `The code works for ${input.validMinutes} minutes and only once. If you did not ask for it, ignore this email.`,
  ].join("\n");
  const html = (
    <EmailLayout title="Your sign-in code">
      <p style={{ fontSize: 28, letterSpacing: 4, fontWeight: 700 }}>{input.code}</p>
      <ButtonLink href={input.magicLink}>Sign in to Tutordesk</ButtonLink>
      <p>Open the link in the same browser you asked from. The code works for {input.validMinutes} minutes and only once.</p>
      <Note>If you did not ask for it, ignore this email.</Note>
    </EmailLayout>
  );
  return renderedEmail({ subject: `Your Tutordesk sign-in code: ${input.code}`, text, html });
}
