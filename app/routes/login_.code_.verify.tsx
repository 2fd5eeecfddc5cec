import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { CodeNoLongerWorks } from "~/components/sign-in-code";
import { CODE_VALID_MINUTES } from "~/domain/auth/sign-in-code";
import { CodeVerifySchema } from "~/domain/users/forms";
import { homePathFor } from "~/domain/users/roles";
import { getCurrentUser } from "~/services/auth.server";
import { requestMeta } from "~/services/request-meta.server";
import { describePendingCode, verifySignInCode } from "~/services/sign-in-codes.server";
import { signedInRedirect } from "~/utils/sign-in-redirect";
import { parseForm } from "~/utils/forms";
import { readFormData, redirect } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Enter your code · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  return json({ pending: await describePendingCode(args.request), validMinutes: CODE_VALID_MINUTES });
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(await readFormData(request), CodeVerifySchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  const outcome = await verifySignInCode(request, parsed.value.code, requestMeta(request));
  if (outcome.kind === "signed-in") return signedInRedirect(outcome);
  if (outcome.kind === "wrong") return json(parsed.reply({ fieldErrors: { code: [outcome.message] } }), { status: 400 });
  // Used, expired, too many tries or replaced: the page says which and offers a new code.
  return redirect("/login/code/verify", 303);
}

export default function VerifyCode() {
  const { pending, validMinutes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(CodeVerifySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeVerifySchema }),
  });

  if (pending.state === "unusable") return <CodeNoLongerWorks message={pending.message} email={pending.email} redirectTo={pending.redirectTo} />;

  return (
    <div className="mx-auto max-w-sm">
      <PageTitle subtitle={`We sent a 6-digit code to ${pending.email}. It works for ${validMinutes} minutes, in this browser.`}>Check your email</PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Sign-in code" meta={fields.code} autoComplete="one-time-code" />
        <SubmitButton pending={navigation.state === "submitting"}>Sign in</SubmitButton>
      </Form>
      <Form method="post" action="/login/code" className="mt-6">
        <input type="hidden" name="email" value={pending.email} />
        {pending.redirectTo ? <input type="hidden" name="redirectTo" value={pending.redirectTo} /> : null}
        <SubmitButton tone="plain">Send a new code</SubmitButton>
      </Form>
    </div>
  );
}
