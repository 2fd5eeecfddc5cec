import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { SignInSchema } from "~/domain/users/forms";
import { homePathFor, safeRedirectPath } from "~/domain/users/roles";
import { getCurrentUser, startLoginSession } from "~/services/auth.server";
import { getAuthenticator } from "~/services/authenticator.server";
import { requestMeta } from "~/services/request-meta.server";
import { parseForm, replyToRefusal } from "~/utils/forms";
import { readFormData, redirect, withForm } from "~/utils/http";
import { signedInRedirect } from "~/utils/sign-in-redirect";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Sign in · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  return json({ redirectTo: safeRedirectPath(new URL(args.request.url).searchParams.get("redirectTo"), "") });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const parsed = parseForm(form, SignInSchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  try {
    const user = await getAuthenticator().authenticate("password", withForm(request, form));
    const setCookie = await startLoginSession(user.id, "password", requestMeta(request));
    return signedInRedirect({ roles: user.roles, redirectTo: parsed.value.redirectTo, setCookies: [setCookie] });
  } catch (error) {
    return replyToRefusal(error, parsed.reply, []);
  }
}

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SignInSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  // A refused attempt clears the password box, with or without JavaScript.
  // (React's "adjust state when a prop changes" pattern: compared during render, no effect.)
  const [attempt, setAttempt] = useState(0);
  const [answered, setAnswered] = useState(lastResult);
  if (lastResult !== answered) {
    setAnswered(lastResult);
    if (lastResult) setAttempt((count) => count + 1);
  }
  return (
    <div className="mx-auto max-w-sm">
      <PageTitle>Sign in</PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field label="Email" meta={fields.email} type="email" autoComplete="email" />
        <div key={attempt}>
          <Field label="Password" meta={fields.password} type="password" autoComplete="current-password" />
        </div>
        <SubmitButton pending={navigation.state === "submitting"}>Sign in</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        <Link to={redirectTo ? `/login/code?redirectTo=${encodeURIComponent(redirectTo)}` : "/login/code"}>Email me a sign-in code instead</Link>
      </p>
      <p className="mt-2 text-sm">
        New here? <Link to={redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : "/signup"}>Create an account</Link>
      </p>
    </div>
  );
}
