import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, SubmitButton } from "~/components/forms";
import { Card, PageTitle } from "~/components/layout";
import { BOOKING_POLICY_DEFAULTS, SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { POLICY_FIELDS, POLICY_GROUPS, policyFormValues, SessionPolicySchema, type PolicyField, type PolicyKey } from "~/domain/policies/session-policies";
import { parseForm } from "~/utils/forms";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { getSessionPolicy, updateSessionPolicy } from "~/services/policies.server";
import { requestMeta } from "~/services/request-meta.server";
import { readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Policies · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "ADMIN" });
  return json({ values: policyFormValues(await getSessionPolicy()) });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "ADMIN" });
  const parsed = parseForm(
    await readFormData(args.request),
    SessionPolicySchema,
    POLICY_FIELDS.map((field) => field.key),
  );
  if (!parsed.ok) {
    // One message beside each field, and every value as it was typed, so nothing has to be entered again.
    const errors = Object.fromEntries(Object.entries(parsed.result.error ?? {}).flatMap(([key, messages]) => (messages?.[0] ? [[key, messages[0]]] : [])));
    const typed = (parsed.result.initialValue ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(POLICY_FIELDS.map((field) => [field.key, typeof typed[field.key] === "string" ? (typed[field.key] as string) : undefined]));
    return json({ errors, values, formError: parsed.result.error?.[""]?.[0] ?? null }, { status: 400 });
  }
  const result = await updateSessionPolicy(admin, policyFormValues(parsed.value), requestMeta(args.request));
  if (!result.ok) return json({ errors: result.errors, values: policyFormValues(parsed.value), formError: null }, { status: 400 });
  const message = result.changed.length === 0 ? "Nothing changed." : `Saved ${result.changed.length} change${result.changed.length === 1 ? "" : "s"}. Each is in the audit trail.`;
  return redirectWithFlash(args.request, "/admin/policies", message, { tone: result.changed.length ? "success" : "info" });
}

const UNIT: Record<string, string> = { hours: "hours", minutes: "minutes", percent: "%", characters: "characters", times: "times", proposals: "proposals" };

export default function Policies() {
  const { values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const shown = (actionData?.values ?? values) as Record<PolicyKey, string | undefined>;
  const errors = (actionData?.errors ?? {}) as Partial<Record<PolicyKey, string>>;
  return (
    <div className="mx-auto max-w-2xl">
      <PageTitle subtitle="Changes apply to decisions made from now on; each decision records the values it used.">Policies</PageTitle>
      <Form method="post" className="space-y-5">
        {Object.keys(errors).length > 0 || actionData?.formError ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {actionData?.formError ?? "Some values need fixing; nothing was saved."}
          </p>
        ) : null}
        {POLICY_GROUPS.map((group) => (
          <Card key={group} title={group}>
            <div className="space-y-4">
              {POLICY_FIELDS.filter((field) => field.group === group).map((field) => (
                <PolicyInput key={field.key} field={field} value={shown[field.key] ?? ""} error={errors[field.key]} />
              ))}
            </div>
          </Card>
        ))}
        <SubmitButton pending={navigation.state === "submitting"}>Save policies</SubmitButton>
      </Form>
      <Card title="Booking (fixed in this version)">
        <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
          <dt>Booking horizon</dt>
          <dd>{SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays} days</dd>
          <dt>Minimum notice</dt>
          <dd>{SCHEDULING_POLICY_DEFAULTS.minNoticeMinutes} minutes</dd>
          <dt>Start times every</dt>
          <dd>{SCHEDULING_POLICY_DEFAULTS.slotGranularityMinutes} minutes</dd>
          <dt>Largest group</dt>
          <dd>{SCHEDULING_POLICY_DEFAULTS.maxGroupCapacity} students</dd>
          <dt>Seat held while paying</dt>
          <dd>{BOOKING_POLICY_DEFAULTS.holdMinutes} minutes</dd>
        </dl>
      </Card>
    </div>
  );
}

function PolicyInput({ field, value, error }: { field: PolicyField; value: string; error?: string }) {
  const id = `policy-${field.key}`;
  const errorId = `${id}-error`;
  const side = field.kind === "number" && field.role ? ` (${field.role === "STUDENT" ? "students and parents" : "tutors"})` : "";
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {field.label}
        {side}
      </label>
      {field.kind === "number" ? (
        <div className="flex items-center gap-2">
          <input
            id={id}
            name={field.key}
            type="number"
            inputMode="numeric"
            min={field.min}
            max={field.max}
            defaultValue={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className="block w-28 rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600"
          />
          <span className="text-sm text-slate-600">
            {UNIT[field.unit]}
            {field.zeroMeans ? ` (0: ${field.zeroMeans})` : ""}
          </span>
        </div>
      ) : (
        <select
          id={id}
          name={field.key}
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
      <FieldErrors id={errorId} errors={error ? [error] : undefined} />
    </div>
  );
}
