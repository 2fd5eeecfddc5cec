import { buttonHtml, emailLayout, escapeHtml, type RenderedEmail } from "./layout";

/** Sent to a student whose parent created their account. */
export function childAccountEmail(input: { studentName: string; parentName: string; appUrl: string }): RenderedEmail {
  const subject = `${input.parentName} created a Tutordesk account for you`;
  const text = [
    `Hello ${input.studentName},`,
    "",
    `${input.parentName} created a Tutordesk account for you so they can book tutoring sessions on your behalf.`,
    `Sign in with a code sent to this address: ${input.appUrl}/login/code`,
  ].join("\n");
  const html = emailLayout(
    "Your Tutordesk account",
    `<p>Hello ${escapeHtml(input.studentName)},</p>
<p>${escapeHtml(input.parentName)} created a Tutordesk account for you so they can book tutoring sessions on your behalf.</p>
${buttonHtml(`${input.appUrl}/login/code`, "Sign in with an emailed code")}`,
  );
  return { subject, text, html };
}
