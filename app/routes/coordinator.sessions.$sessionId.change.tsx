import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatRange } from "~/components/booking";
import { Card, PageTitle } from "~/components/layout";
import { CancelChangeForm, RescheduleChangeForm, type ChangeResult } from "~/components/schedule-change";
import { CANCEL_FIELDS, CancelChangeSchema, changeTypeOf, RESCHEDULE_FIELDS, RescheduleChangeSchema, type ChangeType } from "~/domain/changes/schedule-change";
import { datedRangeFields } from "~/domain/scheduling/rules";
import { describeStatus } from "~/domain/sessions/status";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { applyCancelChange, applyReschedule, getChangePage, previewCancelChange, previewReschedule } from "~/services/schedule-changes.server";
import { formRefusal, parseForm } from "~/utils/forms";
import { errorPage, readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Change a session · Tutordesk" }];

/**
 * Staff's schedule change (issue 16, docs/decisions/031): the type first (?type=reschedule|cancel, or
 * the move to another tutor's own page), then a preview of exactly what happens, then the final POST
 * carrying the amounts shown. An admin's force cancel is the cancel type on a session that has started.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const sessionId = args.params.sessionId ?? "";
  const back = { to: `/coordinator/sessions/${sessionId}`, label: "The session's staff page" };
  const page = await getChangePage(user, sessionId).catch((error: unknown) => throwAsErrorPage(error, back));
  const type = changeTypeOf(new URL(args.request.url).searchParams.get("type"));
  const current = datedRangeFields(new Date(page.session.startsAt), new Date(page.session.endsAt), user.timezone);
  return json({ page, type, zone: user.timezone, current });
}

const FIELDS: Record<ChangeType, readonly string[]> = { reschedule: [...RESCHEDULE_FIELDS, "type"], cancel: [...CANCEL_FIELDS, "type"] };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const sessionId = args.params.sessionId ?? "";
  const staffPage = `/coordinator/sessions/${sessionId}`;
  const back = { to: staffPage, label: "The session's staff page" };
  const formData = await readFormData(args.request);
  const type = changeTypeOf(String(formData.get("type") ?? ""));
  if (!type) throw errorPage(400, "Choose what to change first. Reload the page and try again.", back);
  const values = Object.fromEntries(FIELDS[type].map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, result: Omit<ChangeResult, "values" | "type">) => json<ChangeResult>({ type, values, ...result }, { status });
  const meta = requestMeta(args.request);
  // A refusal naming a field this form does not have (a placement's "startsAt") is shown above the form.
  const fieldOf = (field: string | undefined) => (field && FIELDS[type].includes(field) ? field : "");
  if (type === "reschedule") {
    const parsed = parseForm(formData, RescheduleChangeSchema, FIELDS.reschedule);
    if (!parsed.ok) return reply(400, { errors: errorsOf(parsed.result.error), reschedule: null, cancel: null });
    try {
      if (parsed.value.step === "preview") return reply(200, { errors: {}, reschedule: await previewReschedule(user, sessionId, parsed.value, user.timezone), cancel: null });
      const plan = await applyReschedule(user, sessionId, parsed.value, user.timezone, meta);
      return redirectWithFlash(
        args.request,
        staffPage,
        `Moved to ${formatRange(plan.startsAt, plan.endsAt, user.timezone)}. ${plan.emails.length} people are emailed the new time.`,
      );
    } catch (error) {
      const refusal = formRefusal(error, back);
      const fresh = refusal.status === 409 ? await previewReschedule(user, sessionId, parsed.value, user.timezone).catch(() => null) : null;
      return reply(refusal.status, { errors: { [fieldOf(refusal.field)]: [refusal.message] }, reschedule: fresh, cancel: null });
    }
  }
  const parsed = parseForm(formData, CancelChangeSchema, FIELDS.cancel);
  if (!parsed.ok) return reply(400, { errors: errorsOf(parsed.result.error), reschedule: null, cancel: null });
  try {
    if (parsed.value.step === "preview") return reply(200, { errors: {}, reschedule: null, cancel: await previewCancelChange(user, sessionId, parsed.value) });
    const done = await applyCancelChange(user, sessionId, parsed.value, meta);
    const refunds = done.refunded.length > 0 ? ` Refunding ${done.refunded.join(" and ")}.` : "";
    const credits = done.creditReturned.length > 0 ? ` Crediting ${done.creditReturned.join(" and ")} to the payers' accounts.` : "";
    return redirectWithFlash(args.request, staffPage, `The session was cancelled.${refunds || credits ? `${refunds}${credits}` : " Nothing is refunded."}`);
  } catch (error) {
    const refusal = formRefusal(error, back);
    const fresh = refusal.status === 409 ? await previewCancelChange(user, sessionId, parsed.value).catch(() => null) : null;
    return reply(refusal.status, { errors: { [fieldOf(refusal.field)]: [refusal.message] }, reschedule: null, cancel: fresh });
  }
}

function errorsOf(error: Record<string, string[] | null> | null | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])));
}

export default function ChangeSessionPage() {
  const { page, type, zone, current } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && actionData.type === type ? actionData : null;
  const { session } = page;
  const base = `/coordinator/sessions/${session.id}`;
  const types = [
    { key: "reschedule", label: "Reschedule", href: `${base}/change?type=reschedule` },
    { key: "cancel", label: page.isAdmin ? "Cancel (or force cancel)" : "Cancel", href: `${base}/change?type=cancel` },
    { key: "reassign", label: "Move to another tutor", href: `${base}/reassign` },
  ];
  const refusal = type ? page.refusals[type] : null;
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to={base}>← The session's staff page</Link>
      </p>
      <PageTitle subtitle={`${formatRange(session.startsAt, session.endsAt, zone)} · ${session.tutorName} · ${describeStatus(session.status)}`}>Change {session.title}</PageTitle>
      <p className="mb-2 text-sm text-slate-700">
        Learners:{" "}
        {page.learners.length > 0
          ? page.learners.map((learner) => (learner.bookedByName ? `${learner.name} (booked by ${learner.bookedByName})` : learner.name)).join(", ")
          : "none"}
      </p>
      <nav aria-label="What to change" className="mb-4 flex flex-wrap gap-2 text-sm">
        {types.map((choice) => (
          <Link
            key={choice.key}
            to={choice.href}
            aria-current={choice.key === type ? "page" : undefined}
            className={`inline-flex min-h-11 items-center rounded-md border px-3 ${choice.key === type ? "border-brand bg-brand font-semibold text-white" : "border-slate-300 bg-white"}`}
          >
            {choice.label}
          </Link>
        ))}
      </nav>
      {!type ? (
        <p className="text-sm">Choose what to change: a new time, a cancellation with its refund, or another tutor.</p>
      ) : refusal ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {refusal}
        </p>
      ) : (
        <Card title={type === "reschedule" ? "Reschedule" : "Cancel"}>
          {type === "reschedule" ? (
            <RescheduleChangeForm key="reschedule" zone={zone} current={current} tutorName={session.tutorName} fullPay={page.fullPay} result={result} />
          ) : (
            <CancelChangeForm key="cancel" zone={zone} tutorName={session.tutorName} fullPay={page.fullPay} result={result} />
          )}
        </Card>
      )}
    </div>
  );
}
