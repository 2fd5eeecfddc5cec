import { buttonHtml, emailLayout, escapeHtml, type RenderedEmail } from "./layout";

export function welcomeEmail(input: { name: string; appUrl: string; zone: string }): RenderedEmail {
  const subject = "Welcome to Tutordesk";
  const text = [
    `Hello ${input.name},`,
    "",
    "Your Tutordesk account is ready.",
    `We will show every time in your zone, ${input.zone}; you can change it on your account page.`,
    "",
    `Sign in: ${input.appUrl}/login`,
  ].join("\n");
  const html = emailLayout(
    "Welcome to Tutordesk",
    `<p>Hello ${escapeHtml(input.name)},</p>
<p>Your Tutordesk account is ready. We will show every time in your zone, <strong>${escapeHtml(input.zone)}</strong>; you can change it on your account page.</p>
${buttonHtml(`${input.appUrl}/login`, "Sign in")}`,
  );
  return { subject, text, html };
}
