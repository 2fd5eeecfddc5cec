import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { TimeZoneField } from "~/components/zone-chooser";
import { ChildSchema } from "~/domain/users/forms";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { addChild } from "~/services/users.server";
import { parseForm, replyToRefusal } from "~/utils/forms";
import { readFormData } from "~/utils/http";
import { withChosenZone } from "~/utils/zone-field";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Add a child · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "PARENT" });
  return json({ timezone: user.timezone });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "PARENT" });
  const parsed = parseForm(withChosenZone(await readFormData(args.request)), ChildSchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  try {
    await addChild(user, parsed.value, requestMeta(args.request));
  } catch (error) {
    return replyToRefusal(error, parsed.reply);
  }
  return redirectWithFlash(args.request, "/parent", `${parsed.value.name} was added. We emailed them how to sign in.`);
}

export default function AddChild() {
  const { timezone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(ChildSchema),
    defaultValue: { timezone },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(withChosenZone(formData), { schema: ChildSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <PageTitle subtitle="We create a student account for them and link it to yours, so you can book for them.">Add a child</PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Child's full name" meta={fields.name} />
        <Field label="Child's email" meta={fields.email} type="email" hint="They sign in with a code sent here." />
        <TimeZoneField label="Their time zone" meta={fields.timezone} />
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton pending={navigation.state === "submitting"}>Add child</SubmitButton>
          <Link to="/parent">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}
