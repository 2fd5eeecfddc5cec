import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { CODE_VALID_MINUTES } from "~/domain/auth/sign-in-code";
import { CodeRequestSchema } from "~/domain/users/forms";
import { homePathFor, safeRedirectPath } from "~/domain/users/roles";
import { getCurrentUser } from "~/services/auth.server";
import { describePendingCode, requestSignInCode } from "~/services/sign-in-codes.server";
import { parseForm } from "~/utils/forms";
import { readFormData, redirect } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Sign in with an emailed code · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  const pending = await describePendingCode(args.request);
  const redirectTo = safeRedirectPath(new URL(args.request.url).searchParams.get("redirectTo"), "");
  return json({ email: pending.email ?? "", redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(await readFormData(request), CodeRequestSchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  const redirectTo = safeRedirectPath(parsed.value.redirectTo, "") || null;
  const { setCookie } = await requestSignInCode({ email: parsed.value.email, redirectTo });
  return redirect("/login/code/verify", { headers: { "Set-Cookie": setCookie } });
}

export default function RequestCode() {
  const { email, redirectTo } = useLoaderData<typeof loader>();
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
      <PageTitle subtitle={`We will email you a 6-digit code and a sign-in link. They work for ${CODE_VALID_MINUTES} minutes, in this browser.`}>
        Sign in with an emailed code
      </PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field label="Email" meta={fields.email} type="email" autoComplete="email" />
        <SubmitButton pending={navigation.state === "submitting"}>Email me a code</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        <Link to={redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login"}>Sign in with a password instead</Link>
      </p>
    </div>
  );
}
