import { ButtonLink, EmailLayout, Greeting, renderedEmail, type RenderedEmail } from "./layout";

/** Sent to a student whose parent created their account. */
export function childAccountEmail(input: { studentName: string; parentName: string; appUrl: string }): RenderedEmail {
  const codeUrl = `${input.appUrl}/login/code`;
  const created = `${input.parentName} created a Tutordesk account for you so they can book tutoring sessions on your behalf.`;
  const text = [`Hello ${input.studentName},`, "", created, `Sign in with a code sent to this address: ${codeUrl}`].join("\n");
  const html = (
    <EmailLayout title="Your Tutordesk account">
      <Greeting name={input.studentName} />
      <p>{created}</p>
      <ButtonLink href={codeUrl}>Sign in with an emailed code</ButtonLink>
    </EmailLayout>
  );
  return renderedEmail({ subject: `${input.parentName} created a Tutordesk account for you`, text, html });
}
