import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { formatRange } from "~/components/booking";
import { FormErrors, PlainTextField, RadioFieldset, SubmitButton } from "~/components/forms";
import { Card, PageTitle } from "~/components/layout";
import { CANCELLATION_REASON_CATEGORIES } from "~/domain/changes/refunds";
import { BULK_CANCEL_FIELDS, BULK_CANCEL_MAX, BulkCancelSchema, NOTES_MAX, NOTIFY_CHOICES } from "~/domain/changes/schedule-change";
import { describeStatus } from "~/domain/sessions/status";
import { formatPrice } from "~/domain/tutors/profile";
import { requireUser } from "~/services/auth.server";
import { requestMeta } from "~/services/request-meta.server";
import { applyBulkCancel, previewBulkCancel, type BulkEntry, type BulkResult } from "~/services/schedule-changes.server";
import { parseForm } from "~/utils/forms";
import { errorPage, readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Cancel sessions in bulk · Tutordesk" }];

const BACK = { to: "/coordinator/sessions", label: "Operations list" };

/**
 * An admin's bulk cancel (issue 16, docs/decisions/031): the sessions ticked on the operations list
 * arrive as repeated `sessionId`s; one confirmation page lists each with every seat's refund; one POST
 * cancels them, each in its own transaction, and the result lists what happened to each.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const ids = [...new Set(new URL(args.request.url).searchParams.getAll("sessionId").filter(Boolean))];
  if (ids.length === 0) throw errorPage(400, "Tick the sessions to cancel on the operations list first.", BACK);
  if (ids.length > BULK_CANCEL_MAX) throw errorPage(400, `Cancel at most ${BULK_CANCEL_MAX} sessions at once: go back and untick some.`, BACK);
  const { entries } = await previewBulkCancel(user, { sessionIds: ids, refundPercent: 100, notify: true });
  return json({ ids, entries: entries.map(present), zone: user.timezone });
}

type Step = "preview" | "apply";
type ActionResult = { step: Step; values: Record<string, string>; errors: Record<string, string[]>; entries: Presented[] | null; shown: string; results: BulkResult[] | null };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const formData = await readFormData(args.request);
  const values = Object.fromEntries(BULK_CANCEL_FIELDS.filter((field) => field !== "sessionId").map((field) => [field, String(formData.get(field) ?? "")]));
  const step: Step = values.step === "apply" ? "apply" : "preview";
  const reply = (status: number, result: Omit<ActionResult, "values" | "step">) => json<ActionResult>({ step, values, ...result }, { status });
  const parsed = parseForm(formData, BulkCancelSchema);
  if (!parsed.ok) return reply(400, { errors: errorsOf(parsed.result.error), entries: null, shown: "", results: null });
  const form = parsed.value;
  if (form.step === "preview") {
    const { entries, shown } = await previewBulkCancel(user, { sessionIds: form.sessionId, refundPercent: form.refundPercent, notify: form.notify === "yes" });
    return reply(200, { errors: {}, entries: entries.map(present), shown, results: null });
  }
  const results = await applyBulkCancel(user, form, requestMeta(args.request));
  return reply(200, { errors: {}, entries: null, shown: "", results });
}

function errorsOf(error: Record<string, string[] | null> | null | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])));
}

/** An entry as the page shows it: plain strings, amounts formatted. */
function present(entry: BulkEntry) {
  const plan = entry.plan;
  const money = (minor: number) => formatPrice(minor, plan?.currency ?? "USD");
  return {
    sessionId: entry.sessionId,
    problem: entry.problem,
    title: plan?.session.title ?? "Unknown session",
    startsAt: plan?.session.startsAt.toISOString() ?? null,
    endsAt: plan?.session.endsAt.toISOString() ?? null,
    tutorName: plan?.session.tutorName ?? "",
    status: plan ? describeStatus(plan.status) : "",
    seats: (plan?.seats ?? []).map((seat) => ({ id: seat.id, text: `${seat.studentName}: ${money(seat.leftMinor)} left, refund ${money(seat.refundMinor)}` })),
    refundMinor: plan && !entry.problem ? plan.seats.reduce((sum, seat) => sum + seat.refundMinor, 0) : 0,
    currency: plan?.currency ?? "USD",
  };
}
type Presented = ReturnType<typeof present>;

function SessionList({ entries, zone, heading }: { entries: Presented[]; zone: string; heading: string }) {
  return (
    <section aria-label={heading}>
      <ol className="divide-y divide-slate-200 text-sm">
        {entries.map((entry) => (
          <li key={entry.sessionId} className="py-2">
            <p className="font-medium break-words">
              {entry.title}
              {entry.startsAt && entry.endsAt ? ` · ${formatRange(entry.startsAt, entry.endsAt, zone)}` : ""}
            </p>
            <p className="text-slate-700">
              {entry.tutorName ? `${entry.tutorName} · ` : ""}
              {entry.status}
            </p>
            {entry.problem ? (
              <p className="text-red-800">Not cancelled: {entry.problem}</p>
            ) : entry.seats.length === 0 ? (
              <p>No places booked: nothing to refund.</p>
            ) : (
              <ul className="list-disc pl-5">
                {entry.seats.map((seat) => (
                  <li key={seat.id}>{seat.text}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function BulkCancelPage() {
  const { ids, entries, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  const navigation = useNavigation();
  const { search } = useLocation();
  const formAction = `/coordinator/sessions/bulk-cancel${search}`;
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  const value = (field: string, fallback: string) => values[field] ?? fallback;
  const submitting = (step: Step) => navigation.state === "submitting" && navigation.formData?.get("step") === step;
  const hidden = ids.map((id) => <input key={id} type="hidden" name="sessionId" value={id} />);

  if (result?.results) {
    const cancelled = result.results.filter((entry) => entry.outcome === "cancelled").length;
    const byId = new Map(entries.map((entry) => [entry.sessionId, entry]));
    return (
      <div className="mx-auto max-w-3xl">
        <PageTitle subtitle={`${cancelled} of ${result.results.length} cancelled.`}>Bulk cancel: the result</PageTitle>
        <ol className="mb-4 divide-y divide-slate-200 text-sm">
          {result.results.map((entry) => {
            const session = byId.get(entry.sessionId);
            return (
              <li key={entry.sessionId} className="py-2">
                <p className="font-medium break-words">
                  {session?.title ?? entry.sessionId}
                  {session?.startsAt && session.endsAt ? ` · ${formatRange(session.startsAt, session.endsAt, zone)}` : ""}
                </p>
                <p className={entry.outcome === "cancelled" ? "" : "text-red-800"}>{entry.outcome === "cancelled" ? entry.message : `Not cancelled: ${entry.message}`}</p>
              </li>
            );
          })}
        </ol>
        <Link to="/coordinator/sessions">← Back to the operations list</Link>
      </div>
    );
  }

  const preview = result?.step === "preview" && result.entries && Object.keys(errors).length === 0 ? result.entries : null;
  const toCancel = (preview ?? entries).filter((entry) => !entry.problem);
  const total = toCancel.reduce((sum, entry) => sum + entry.refundMinor, 0);
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to="/coordinator/sessions">← Operations list</Link>
      </p>
      <PageTitle subtitle={`${ids.length} ticked; ${toCancel.length} can be cancelled. Times in ${zone.replace(/_/g, " ")}.`}>Cancel sessions in bulk</PageTitle>
      {preview ? (
        <section aria-labelledby="bulk-confirm-heading" className="mb-4 space-y-2 rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm">
          <h2 id="bulk-confirm-heading" className="font-semibold">
            Confirm: cancel {toCancel.length} sessions, refunding {value("refundPercent", "100")}% of what is left of each payment
          </h2>
          <p>{value("notify", "yes") === "yes" ? "Each session's learners, bookers and tutor are emailed." : "Nobody is emailed."} The tutors are not paid for these sessions.</p>
          <SessionList entries={preview} zone={zone} heading="The sessions, with each place's refund" />
          <Form method="post" action={formAction}>
            {hidden}
            <input type="hidden" name="step" value="apply" />
            {(["refundPercent", "category", "notify", "notes"] as const).map((field) => (
              <input key={field} type="hidden" name={field} value={values[field] ?? ""} />
            ))}
            <input type="hidden" name="shown" value={result?.shown ?? ""} />
            <SubmitButton pending={submitting("apply")}>
              Cancel {toCancel.length} sessions{total > 0 ? ` and refund ${formatPrice(total, toCancel[0]?.currency ?? "USD")}` : ""}
            </SubmitButton>
          </Form>
          <p className="text-slate-700">Or change the choices below and preview again.</p>
        </section>
      ) : (
        <Card title="The ticked sessions (at a full refund)">
          <SessionList entries={entries} zone={zone} heading="The ticked sessions" />
        </Card>
      )}
      <Card title="How to cancel them">
        <Form method="post" action={formAction} className="space-y-4 text-sm">
          {hidden}
          <input type="hidden" name="step" value="preview" />
          <FormErrors id="bulk-errors" errors={[...(errors[""] ?? []), ...(errors.sessionId ?? [])]} />
          <PlainTextField
            id="refundPercent"
            name="refundPercent"
            label="Refund, % of what is left of each payment"
            short
            maxLength={3}
            defaultValue={value("refundPercent", "100")}
            errors={errors.refundPercent}
            hint="0 to 100. Rounded down to the penny."
          />
          <RadioFieldset name="category" legend="Why they are cancelled" options={CANCELLATION_REASON_CATEGORIES} checked={value("category", "")} errors={errors.category} />
          <RadioFieldset name="notify" legend="Tell the people concerned" options={NOTIFY_CHOICES} checked={value("notify", "yes")} errors={errors.notify} />
          <PlainTextField
            id="notes"
            name="notes"
            label="Notes (the reason they are told)"
            rows={3}
            maxLength={NOTES_MAX}
            defaultValue={value("notes", "")}
            errors={errors.notes}
            hint="At least 10 characters."
          />
          <SubmitButton tone="plain" pending={submitting("preview")}>
            Preview the refunds
          </SubmitButton>
        </Form>
      </Card>
    </div>
  );
}
