import { ButtonLink, EmailLayout, Greeting, renderedEmail, type RenderedEmail } from "./layout";

export function welcomeEmail(input: { name: string; appUrl: string; zone: string }): RenderedEmail {
  const loginUrl = `${input.appUrl}/login`;
  const text = [
    `Hello ${input.name},`,
    "",
    "Your Tutordesk account is ready.",
    `We will show every time in your zone, ${input.zone}; you can change it on your account page.`,
    "",
    `Sign in: ${loginUrl}`,
  ].join("\n");
  const html = (
    <EmailLayout title="Welcome to Tutordesk">
      <Greeting name={input.name} />
      <p>
        Your Tutordesk account is ready. We will show every time in your zone, <strong>{input.zone}</strong>; you can change it on your account page.
      </p>
      <ButtonLink href={loginUrl}>Sign in</ButtonLink>
    </EmailLayout>
  );
  return renderedEmail({ subject: "Welcome to Tutordesk", text, html });
}
