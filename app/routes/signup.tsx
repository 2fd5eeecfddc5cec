import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, SelectField, FormErrors, SubmitButton } from "~/components/forms";
import { TimeZoneField } from "~/components/zone-chooser";
import { PageTitle } from "~/components/layout";
import { SignUpSchema } from "~/domain/users/forms";
import { homePathFor, safeRedirectPath } from "~/domain/users/roles";
import { getCurrentUser, startLoginSession } from "~/services/auth.server";
import { requestMeta } from "~/services/request-meta.server";
import { signUp } from "~/services/users.server";
import { parseForm, replyToRefusal } from "~/utils/forms";
import { readFormData, redirect } from "~/utils/http";
import { signedInRedirect } from "~/utils/sign-in-redirect";
import { withChosenZone } from "~/utils/zone-field";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Create an account · Tutordesk" }];

const DEFAULT_ZONE = "Europe/London";

const ROLE_OPTIONS = [
  { value: "STUDENT", label: "I am a student" },
  { value: "PARENT", label: "I am a parent booking for my children" },
  { value: "TUTOR", label: "I am a tutor" },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  return json({ redirectTo: safeRedirectPath(new URL(args.request.url).searchParams.get("redirectTo"), "") });
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(withChosenZone(await readFormData(request)), SignUpSchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  const meta = requestMeta(request);
  try {
    const user = await signUp(parsed.value, meta);
    const setCookie = await startLoginSession(user.id, "sign-up", meta);
    return signedInRedirect({ roles: user.roles, redirectTo: parsed.value.redirectTo, setCookies: [setCookie] });
  } catch (error) {
    return replyToRefusal(error, parsed.reply);
  }
}

export default function SignUp() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SignUpSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { timezone: DEFAULT_ZONE, role: "STUDENT" },
    onValidate: ({ formData }) => parseWithZod(withChosenZone(formData), { schema: SignUpSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <PageTitle subtitle="Times are always shown in your own time zone.">Create an account</PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field label="Full name" meta={fields.name} autoComplete="name" />
        <Field label="Email" meta={fields.email} type="email" autoComplete="email" />
        <Field label="Password" meta={fields.password} type="password" autoComplete="new-password" hint="At least 10 characters." />
        {/* With JavaScript, a fresh form starts from the browser's own zone; without it the person picks. */}
        <TimeZoneField label="Time zone" meta={fields.timezone} preferBrowserZone={!lastResult} />
        <SelectField label="I am joining as" meta={fields.role} options={ROLE_OPTIONS} />
        <SubmitButton pending={navigation.state === "submitting"}>Create account</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        Already have an account? <Link to={redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login"}>Sign in</Link>
      </p>
    </div>
  );
}
