import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TimeSummary } from "~/components/booking";
import { FieldErrors, FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { OVERRIDE_REASON_MAX, OVERRIDE_REASON_MIN, OverrideFormSchema, RevokeOverrideFormSchema } from "~/domain/policies/overrides";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { createPolicyOverride, getOverridesView, revokePolicyOverride, type OverrideRow } from "~/services/policy-overrides.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, intentOf, parseForm } from "~/utils/forms";
import { errorPage, readFormData, throwAsErrorPage } from "~/utils/http";
import { DomainError, isDomainError } from "~/domain/shared/errors";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Policy overrides · Tutordesk" }];

/** Staff (coordinators and admins) see a session's overrides; students, parents and tutors get a 403. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const view = await getOverridesView(user, args.params.sessionId ?? "");
  if (!view) throw errorPage(404, "That session does not exist.", { to: "/sessions", label: "Sessions" });
  const zone = user.timezone;
  const when = (iso: string) => formatInstant(new Date(iso), zone);
  const row = (override: OverrideRow) => ({
    ...override,
    createdAtText: when(override.createdAt),
    expiresAtText: when(override.expiresAt),
    revokedAtText: override.revokedAt ? when(override.revokedAt) : null,
  });
  return json({
    ...view,
    zone,
    expiryOptions: view.expiryOptions.map((option) => ({ value: option.value, label: `${option.label} (ends ${when(option.expiresAt)})` })),
    active: view.active.map(row),
    past: view.past.map(row),
  });
}

type RevokeResult = { intent: "revoke"; overrideId: string; note: string; error: string };

/** Only admins change overrides: a coordinator posting here gets a 403 like any other outsider. */
export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "ADMIN" });
  const sessionId = args.params.sessionId ?? "";
  const back = `/sessions/${sessionId}/overrides`;
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["create", "revoke"]);
  const meta = requestMeta(args.request);
  try {
    if (intent === "create") {
      const parsed = parseForm(formData, OverrideFormSchema);
      if (!parsed.ok) return json({ intent: "create" as const, result: parsed.result }, { status: 400 });
      try {
        await createPolicyOverride(admin, sessionId, parsed.value, meta);
      } catch (error) {
        const refusal = formRefusal(error, { to: back, label: "Back to the overrides" });
        const result = refusal.field ? parsed.reply({ fieldErrors: { [refusal.field]: [refusal.message] } }) : parsed.reply({ formErrors: [refusal.message] });
        return json({ intent: "create" as const, result }, { status: refusal.status });
      }
      return redirectWithFlash(args.request, back, "The cancellation cutoff is lifted for this session. The change is in the audit trail.");
    }
    if (intent === "revoke") {
      const parsed = parseForm(formData, RevokeOverrideFormSchema);
      const typed = (parsed.ok ? {} : (parsed.result.initialValue ?? {})) as Record<string, unknown>;
      const values = parsed.ok
        ? { overrideId: parsed.value.overrideId, note: parsed.value.note ?? "" }
        : { overrideId: String(typed.overrideId ?? ""), note: String(typed.note ?? "") };
      if (!parsed.ok) {
        const error = Object.values(parsed.result.error ?? {}).find((messages) => messages?.[0])?.[0] ?? "Choose the override to revoke.";
        return json<RevokeResult>({ intent: "revoke", ...values, error }, { status: 400 });
      }
      try {
        await revokePolicyOverride(admin, sessionId, parsed.value, meta);
      } catch (error) {
        // An override already ended, gone or not of this session: the page still stands, so say so beside
        // the list as a conflict with what the form showed (409); not being allowed is still a 403 page.
        const refusal = formRefusal(isDomainError(error) && error.code === "NOT_FOUND" ? new DomainError("CHANGED_MEANWHILE", error.message) : error, {
          to: back,
          label: "Back to the overrides",
        });
        return json<RevokeResult>({ intent: "revoke", ...values, error: refusal.message }, { status: refusal.status });
      }
      return redirectWithFlash(args.request, back, "The override was revoked: the policy applies to this session again.");
    }
  } catch (error) {
    throwAsErrorPage(error, { to: back, label: "Back to the overrides" });
  }
  throw errorPage(400, "This form is not one this page has. Reload the page and try again.", { to: back, label: "Back to the overrides" });
}

export default function SessionOverrides() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { session, cutoff } = view;
  const createResult = actionData && "result" in actionData ? actionData.result : undefined;
  const revokeResult = actionData && actionData.intent === "revoke" && "error" in actionData ? (actionData as RevokeResult) : undefined;
  const [form, fields] = useForm({
    id: "create-override",
    lastResult: createResult,
    constraint: getZodConstraint(OverrideFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { kind: view.kinds[0]?.value, expiry: "UNTIL_START" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OverrideFormSchema }),
  });
  return (
    <div className="mx-auto max-w-2xl">
      <p className="mb-2 text-sm">
        <Link to={`/sessions/${session.id}`}>← Back to the session</Link>
      </p>
      <PageTitle subtitle={`${session.title} with ${session.tutorName}${session.students.length ? ` · ${session.students.join(", ")}` : ""} · ${session.status}`}>
        Policy overrides
      </PageTitle>
      <TimeSummary startsAt={session.startsAt} endsAt={session.endsAt} viewerZone={view.zone} tutorZone={session.tutorZone} kind={session.kind} />

      <Card title="Cancellation cutoff">
        <p className="text-sm">
          {cutoff.hours === 0
            ? "Students and parents may cancel until the session starts (the refund tiers still apply)."
            : `Students and parents cannot cancel within ${cutoff.hours} hours of the start.`}{" "}
          {cutoff.studentsRefused
            ? view.active.length
              ? "This session is inside the cutoff, but an override below lets them cancel."
              : "This session is inside the cutoff: a student's cancel is refused now."
            : null}
        </p>
        {view.canManage ? (
          <p className="mt-1 text-sm">
            <Link to="/admin/policies">Change the policy</Link> · <Link to="/admin/audit?action=policy_override.">Overrides in the audit trail</Link>
          </p>
        ) : null}
      </Card>

      <Card title="Active overrides">
        {view.active.length === 0 ? <EmptyState>No override is active for this session.</EmptyState> : null}
        <ul className="space-y-3">
          {view.active.map((override) => (
            <li key={override.id} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
              <OverrideSummary override={override} />
              {view.canManage ? (
                <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="overrideId" value={override.id} />
                  <div className="grow">
                    <label htmlFor={`note-${override.id}`} className="mb-1 block text-sm font-medium">
                      Why revoke it (optional)
                    </label>
                    <input
                      id={`note-${override.id}`}
                      name="note"
                      maxLength={OVERRIDE_REASON_MAX}
                      defaultValue={revokeResult?.overrideId === override.id ? revokeResult.note : ""}
                      aria-invalid={revokeResult?.overrideId === override.id ? true : undefined}
                      aria-describedby={revokeResult?.overrideId === override.id ? `note-${override.id}-error` : undefined}
                      className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
                    />
                  </div>
                  <SubmitButton tone="danger" pending={busy}>
                    Revoke
                  </SubmitButton>
                  {revokeResult?.overrideId === override.id ? <FieldErrors id={`note-${override.id}-error`} errors={[revokeResult.error]} /> : null}
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {revokeResult && !view.active.some((override) => override.id === revokeResult.overrideId) ? <FormErrors id="revoke-error" errors={[revokeResult.error]} /> : null}
      </Card>

      <Card title="Lift a policy">
        {!view.canManage ? (
          <p className="text-sm">Only an admin can lift a policy for a session. Ask an admin if a student needs an exception.</p>
        ) : view.closedReason ? (
          <p className="text-sm">{view.closedReason}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <input type="hidden" name="intent" value="create" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField label="Policy" meta={fields.kind} options={view.kinds} />
            <ul className="text-sm text-slate-600">
              {view.kinds.map((kind) => (
                <li key={kind.value}>{kind.description}</li>
              ))}
            </ul>
            <SelectField label="Lasts" meta={fields.expiry} options={view.expiryOptions} />
            <div>
              <label htmlFor={fields.reason.id} className="mb-1 block text-sm font-medium">
                Reason ({OVERRIDE_REASON_MIN}–{OVERRIDE_REASON_MAX} characters, kept in the audit trail)
              </label>
              <textarea
                {...getTextareaProps(fields.reason, { ariaAttributes: true })}
                key={fields.reason.key}
                rows={3}
                className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
              />
              <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
            </div>
            <SubmitButton pending={busy}>Lift the policy</SubmitButton>
          </Form>
        )}
      </Card>

      <Card title="Past overrides">
        {view.past.length === 0 ? <EmptyState>None.</EmptyState> : null}
        <ul className="divide-y divide-slate-100 text-sm">
          {view.past.map((override) => (
            <li key={override.id} className="py-2">
              <OverrideSummary override={override} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

type ShownOverride = OverrideRow & { createdAtText: string; expiresAtText: string; revokedAtText: string | null };

function OverrideSummary({ override }: { override: ShownOverride }) {
  const ending =
    override.state === "REVOKED"
      ? `Revoked by ${override.revokedBy} on ${override.revokedAtText}`
      : override.state === "EXPIRED"
        ? `Ended ${override.expiresAtText}`
        : `Active until ${override.expiresAtText}`;
  return (
    <div>
      <p className="font-medium">
        {override.kindLabel} · {ending}
      </p>
      <p>Reason: {override.reason}</p>
      <p className="text-slate-600">
        By {override.createdBy} on {override.createdAtText}
      </p>
    </div>
  );
}
