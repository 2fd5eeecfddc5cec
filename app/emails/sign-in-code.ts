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

/** Sent instead of a code when the address has no account, so the sign-in page reveals nothing. */
export function noAccountEmail(input: { appUrl: string }): RenderedEmail {
  const text = `Someone asked to sign in to Tutordesk with this address, but it has no account. Create one at ${input.appUrl}/signup. If it was not you, ignore this email.`;
  const html = emailLayout(
    "No account for this address",
    `<p>Someone asked to sign in to Tutordesk with this address, but it has no account.</p><p><a href="${escapeHtml(input.appUrl)}/signup">Create an account</a>. If it was not you, ignore this email.</p>`,
  );
  return { subject: "Signing in to Tutordesk", text, html };
}
