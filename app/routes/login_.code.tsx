import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { CodeRequestSchema } from "~/domain/users/forms";
import { homePathFor } from "~/domain/users/roles";
import { getCurrentUser } from "~/services/auth.server";
import { authenticateWithCode, readCodeSignInState } from "~/services/authenticator.server";
import { parseForm } from "~/utils/forms";
import { readFormData, redirect } from "~/utils/http";

export const meta: MetaFunction = () => [{ title: "Sign in with an emailed code · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  return json({ email: readCodeSignInState(args.request).email ?? "" });
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(await readFormData(request.clone()), CodeRequestSchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  return authenticateWithCode(request);
}

export default function RequestCode() {
  const { email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(CodeRequestSchema),
    defaultValue: { email },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeRequestSchema }),
  });
  return (
    <div className="mx-auto max-w-sm">
      <PageTitle subtitle="We will email you a 6-digit code and a sign-in link.">Sign in with an emailed code</PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Email" meta={fields.email} type="email" autoComplete="email" />
        <SubmitButton pending={navigation.state === "submitting"}>Email me a code</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        <Link to="/login">Sign in with a password instead</Link>
      </p>
    </div>
  );
}
