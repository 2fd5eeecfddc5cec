import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { CodeVerifySchema } from "~/domain/users/forms";
import { homePathFor } from "~/domain/users/roles";
import { getCurrentUser } from "~/services/auth.server";
import { authenticateWithCode, CODE_VALID_MINUTES, readCodeSignInState } from "~/services/authenticator.server";
import { parseForm } from "~/utils/forms";
import { readFormData, redirect } from "~/utils/http";

export const meta: MetaFunction = () => [{ title: "Enter your code · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  const state = readCodeSignInState(args.request);
  return json({ ...state, validMinutes: CODE_VALID_MINUTES });
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(await readFormData(request.clone()), CodeVerifySchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  return authenticateWithCode(request);
}

export default function VerifyCode() {
  const { email, error, pending, validMinutes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(CodeVerifySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeVerifySchema }),
  });

  if (!pending) {
    // No code is waiting in this browser: it expired, was used, or was asked for elsewhere.
    return (
      <div className="mx-auto max-w-sm">
        <PageTitle>This code can no longer be used</PageTitle>
        <p className="mb-4 text-slate-700" role="alert">
          {error ?? "There is no sign-in code waiting in this browser."}
        </p>
        <Form method="post" action="/login/code" className="space-y-3">
          <div>
            <label htmlFor="new-code-email" className="mb-1 block text-sm font-medium">
              Email
            </label>
            <input
              id="new-code-email"
              name="email"
              type="email"
              required
              defaultValue={email ?? ""}
              autoComplete="email"
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
            />
          </div>
          <SubmitButton>Email me a new code</SubmitButton>
        </Form>
        <p className="mt-6 text-sm">
          <Link to="/login">Sign in with a password instead</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-sm">
      <PageTitle subtitle={`We sent a 6-digit code to ${email}. It works for ${validMinutes} minutes.`}>Check your email</PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={error && !lastResult ? [error] : form.errors} />
        <Field label="Sign-in code" meta={fields.code} autoComplete="one-time-code" />
        <SubmitButton pending={navigation.state === "submitting"}>Sign in</SubmitButton>
      </Form>
      <Form method="post" action="/login/code" className="mt-6">
        <input type="hidden" name="email" value={email ?? ""} />
        <SubmitButton tone="plain">Send a new code</SubmitButton>
      </Form>
    </div>
  );
}
