import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatRange } from "~/components/booking";
import { FormErrors, PlainTextField, RadioFieldset, SubmitButton } from "~/components/forms";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { PayoutTreatmentFields } from "~/components/payout-treatment";
import { REASSIGN_FIELDS, REASSIGN_REASON_MAX, REASSIGN_REASON_MIN, ReassignFormSchema } from "~/domain/changes/reassign";
import { payoutTreatmentLabel } from "~/domain/pay/payout-treatment";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { getReassignPage, previewReassign, reassignSession, type ReassignPreview } from "~/services/reassignments.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Move to another tutor · Tutordesk" }];

/**
 * Staff move a booked session to another tutor free at its time (decision 032): the coordinator's
 * replacement and the admin's reassign. Coordinators and admins only (requireUser's COORDINATOR admits
 * admins); anyone else gets a 403, an unknown session a 404.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const sessionId = args.params.sessionId ?? "";
  const page = await getReassignPage(user, sessionId).catch((error: unknown) => throwAsErrorPage(error, { to: "/coordinator/sessions", label: "Sessions" }));
  return json({ page, zone: user.timezone });
}

type Result = { values: Record<string, string>; errors: Record<string, string[]>; preview: ReassignPreview | null };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const sessionId = args.params.sessionId ?? "";
  const back = { to: `/coordinator/sessions/${sessionId}`, label: "The session's staff page" };
  const formData = await readFormData(args.request);
  const values = Object.fromEntries(REASSIGN_FIELDS.map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, result: Omit<Result, "values">) => json<Result>({ values, ...result }, { status });
  const parsed = parseForm(formData, ReassignFormSchema, REASSIGN_FIELDS);
  if (!parsed.ok) return reply(400, { errors: errorsOf(parsed.result.error), preview: null });
  let tutorName: string;
  try {
    if (parsed.value.step === "preview") return reply(200, { errors: {}, preview: await previewReassign(user, sessionId, parsed.value) });
    ({ tutorName } = await reassignSession(user, sessionId, parsed.value, requestMeta(args.request)));
  } catch (error) {
    const refusal = formRefusal(error, back);
    // A changed preview is shown again, recomputed, for a second look.
    const preview = refusal.status === 409 && !refusal.field ? await previewReassign(user, sessionId, parsed.value).catch(() => null) : null;
    return reply(refusal.status, { errors: { [refusal.field ?? ""]: [refusal.message] }, preview });
  }
  const told = parsed.value.notify ? "Everyone is emailed." : `Only ${tutorName} is emailed.`;
  return redirectWithFlash(args.request, `/coordinator/sessions/${sessionId}`, `The session moved to ${tutorName}. ${told}`);
}

function errorsOf(error: Record<string, string[] | null> | null | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])));
}

export default function ReassignPage() {
  const { page, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  const navigation = useNavigation();
  const { session } = page;
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  const preview = result?.preview ?? null;
  const value = (field: string, fallback: string) => values[field] ?? fallback;
  const submitting = (step: string) => navigation.state === "submitting" && navigation.formData?.get("step") === step;
  // A first visit ticks "notify"; a posted form keeps what was posted (an unticked box posts nothing).
  const notify = result ? values.notify === "yes" : true;
  return (
    <div className="mx-auto max-w-2xl">
      <p className="mb-2 text-sm">
        <Link to={`/coordinator/sessions/${session.id}`}>← The session's staff page</Link>
      </p>
      <PageTitle subtitle={`${session.title} · ${formatRange(session.startsAt, session.endsAt, zone)} · ${session.tutorName} with ${session.learners.join(", ") || "nobody"}`}>
        Move to another tutor
      </PageTitle>
      {page.blocked ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {page.blocked}
        </p>
      ) : (
        <>
          {preview && Object.keys(errors).every((field) => field === "") ? (
            <section aria-labelledby="preview-heading" className="mb-4 space-y-2 rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm">
              <h2 id="preview-heading" className="font-semibold">
                What moving does
              </h2>
              <FormErrors id="confirm-errors" errors={errors[""]} />
              <ul className="list-disc space-y-1 pl-5">
                <li>
                  The session moves from {preview.fromTutorName} to <strong>{preview.to.name}</strong>, at the same time; the learners pay nothing more and get no refund.
                </li>
                <li>
                  {preview.to.name} is paid <strong>{preview.takeoverText}</strong> for teaching it.
                </li>
                <li>
                  {preview.fromTutorName}: {payoutTreatmentLabel(preview.payout.choice).toLowerCase()}, <strong>{preview.payout.text}</strong> (full pay is{" "}
                  {preview.payout.fullText}).
                </li>
                {preview.emails.map((line: string) => (
                  <li key={line}>Emailed: {line}.</li>
                ))}
              </ul>
              <Form method="post">
                <input type="hidden" name="step" value="confirm" />
                {(["tutorId", "payout", "payoutAmount", "reason"] as const).map((field) => (
                  <input key={field} type="hidden" name={field} value={values[field] ?? ""} />
                ))}
                {values.notify === "yes" ? <input type="hidden" name="notify" value="yes" /> : null}
                <input type="hidden" name="shownFromTutorId" value={preview.fromTutorId} />
                <input type="hidden" name="shownTakeoverMinor" value={String(preview.takeoverMinor)} />
                <input type="hidden" name="shownPayoutMinor" value={String(preview.payout.amountMinor)} />
                <SubmitButton pending={submitting("confirm")}>Move the session to {preview.to.name}</SubmitButton>
              </Form>
              <p className="text-slate-700">Or change the choices below and preview again.</p>
            </section>
          ) : null}
          <Card title="The move">
            <Form method="post" className="space-y-4 text-sm">
              <input type="hidden" name="step" value="preview" />
              {preview ? null : <FormErrors id="form-errors" errors={errors[""]} />}
              {page.candidates.length === 0 ? (
                <EmptyState>
                  No other active, verified tutor of this subject is free for this session's whole time. Cancel it instead, or ask a tutor to open their hours.
                </EmptyState>
              ) : (
                <RadioFieldset
                  name="tutorId"
                  legend="The tutor who takes the session"
                  hint="Active, verified tutors of the subject who are free for the whole time (their hours, breaks and other sessions)."
                  options={page.candidates.map((candidate) => ({
                    value: candidate.id,
                    label: (
                      <span>
                        {candidate.name} <span className="text-slate-600">· paid {page.takeoverPay}</span>
                      </span>
                    ),
                  }))}
                  checked={value("tutorId", "")}
                  errors={errors.tutorId}
                />
              )}
              <PayoutTreatmentFields tutorName={session.tutorName} fullPay={page.fullPay} value={value} errors={errors} />
              {page.alreadyDecided > 0 ? <p className="text-slate-700">An earlier change already decided this tutor's pay for this session: nothing more is paid.</p> : null}
              <PlainTextField
                id="reason"
                name="reason"
                label={`Reason (${REASSIGN_REASON_MIN}–${REASSIGN_REASON_MAX} characters, kept in the session's history)`}
                rows={3}
                maxLength={REASSIGN_REASON_MAX}
                defaultValue={value("reason", "")}
                errors={errors.reason}
              />
              <label className="flex min-h-11 items-center gap-2">
                <input type="checkbox" name="notify" value="yes" defaultChecked={notify} />
                Email the learners and {session.tutorName} (the new tutor is always emailed)
              </label>
              <SubmitButton tone="plain" pending={submitting("preview")}>
                Preview the move
              </SubmitButton>
            </Form>
          </Card>
        </>
      )}
    </div>
  );
}
