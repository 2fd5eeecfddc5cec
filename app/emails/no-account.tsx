import { EmailLayout, renderedEmail, type RenderedEmail } from "./layout";

/** Sent instead of a code when the address has no account, so the sign-in page reveals nothing. */
export function noAccountEmail(input: { appUrl: string }): RenderedEmail {
  const signupUrl = `${input.appUrl}/signup`;
  const text = `Someone asked to sign in to Tutordesk with this address, but it has no account. Create one at ${signupUrl}. If it was not you, ignore this email.`;
  const html = (
    <EmailLayout title="No account for this address">
      <p>Someone asked to sign in to Tutordesk with this address, but it has no account.</p>
      <p>
        <a href={signupUrl}>Create an account</a>. If it was not you, ignore this email.
      </p>
    </EmailLayout>
  );
  return renderedEmail({ subject: "Signing in to Tutordesk", text, html });
}
