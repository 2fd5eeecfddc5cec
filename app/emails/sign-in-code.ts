import { buttonHtml, emailLayout, escapeHtml, type RenderedEmail } from "./layout";

export function signInCodeEmail(input: { code: string; magicLink: string; validMinutes: number }): RenderedEmail {
  const subject = `Your Tutordesk sign-in code: ${input.code}`;
  const text = [
    `Your sign-in code is ${input.code}`,
    "",
    `Or open this link in the same browser to sign in: ${input.magicLink}`,
    "",
    `The code works for ${input.validMinutes} minutes and only once. If you did not ask for it, ignore this email.`,
  ].join("\n");
  const html = emailLayout(
    "Your sign-in code",
    `<p style="font-size:28px;letter-spacing:4px;font-weight:700">${escapeHtml(input.code)}</p>
${buttonHtml(input.magicLink, "Sign in to Tutordesk")}
<p>Open the link in the same browser you asked from. The code works for ${input.validMinutes} minutes and only once.</p>
<p style="color:#6b7280">If you did not ask for it, ignore this email.</p>`,
  );
  return { subject, text, html };
}
