import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatRange } from "~/components/booking";
import { FieldErrors, FormErrors, PlainTextField, RadioFieldset, SubmitButton } from "~/components/forms";
import { ProblemSummary } from "~/components/hours-confirmation";
import { Card, PageTitle } from "~/components/layout";
import { formatPrice } from "~/domain/tutors/profile";
import { DISPUTE_PRIORITIES, MAX_MINUTES } from "~/domain/disputes/report";
import { DISPUTE_OUTCOMES, NOTE_MAX, outcomeLabel, ResolutionFormSchema, TUTOR_PAY_CHOICES, tutorPayLabel, type ResolutionPreview } from "~/domain/disputes/resolution";
import { attendanceLabel, type AttendanceStatus } from "~/domain/sessions/attendance-marks";
import { describeStatus } from "~/domain/sessions/status";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { assignDispute, getDisputeCase, previewResolution, resolveDispute } from "~/services/disputes.server";
import { redirectWithFlash } from "~/services/flash.server";
import { getHoursView } from "~/services/hours-confirmations.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, intentOf, parseForm } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Reported problem · Tutordesk" }];

const BACK = { to: "/coordinator/discrepancies", label: "Reported problems" };

/** Coordinators and admins: the case (both accounts, the record, the money, the trail) and its forms. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const disputeId = args.params.disputeId ?? "";
  const found = await getDisputeCase(user, disputeId).catch((error: unknown) => throwAsErrorPage(error, BACK));
  const hours = await getHoursView(user, found.session.id);
  const seat = hours?.seats.find((candidate) => candidate.problem?.disputeId === disputeId);
  return json({ found, problem: seat?.problem ?? null, zone: user.timezone });
}

const AssignSchema = z.object({
  assigneeId: z.string().max(100).default(""),
  priority: z.enum(DISPUTE_PRIORITIES.map((priority) => priority.value) as ["urgent", "high", "normal", "low"], { error: "Choose a priority." }),
});
const RESOLUTION_FIELDS = ["step", "outcome", "approvedMinutes", "refundPercent", "tutorPay", "noteToBooker", "noteToTutor", "shownRefundMinor", "shownTutorPayMinor"] as const;

type ResolutionResult = { values: Record<string, string>; errors: Record<string, string[]>; preview: (ResolutionPreview & { currency: string }) | null };
type AssignResult = { errors: Record<string, string[]> };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const disputeId = args.params.disputeId ?? "";
  const here = `/coordinator/discrepancies/${disputeId}`;
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["assign", "resolve"]);
  const meta = requestMeta(args.request);
  if (intent === "assign") {
    const parsed = parseForm(formData, AssignSchema);
    const fail = (status: number, errors: Record<string, string[]>) => json<{ assign: AssignResult }>({ assign: { errors } }, { status });
    if (!parsed.ok) return fail(400, errorsOf(parsed.result.error));
    try {
      await assignDispute(user, disputeId, { assigneeId: parsed.value.assigneeId || null, priority: parsed.value.priority }, meta);
    } catch (error) {
      const refusal = formRefusal(error, BACK);
      return fail(refusal.status, { [refusal.field ?? ""]: [refusal.message] });
    }
    return redirectWithFlash(args.request, here, "Assignment saved.");
  }
  const values = Object.fromEntries(RESOLUTION_FIELDS.map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, result: Omit<ResolutionResult, "values">) => json<{ resolution: ResolutionResult }>({ resolution: { values, ...result } }, { status });
  const parsed = parseForm(formData, ResolutionFormSchema, RESOLUTION_FIELDS);
  if (!parsed.ok) return reply(400, { errors: errorsOf(parsed.result.error), preview: null });
  try {
    if (parsed.value.step === "preview") return reply(200, { errors: {}, preview: await previewResolution(user, disputeId, parsed.value) });
    await resolveDispute(user, disputeId, parsed.value, meta);
  } catch (error) {
    const refusal = formRefusal(error, BACK);
    // A changed preview is shown again, recomputed, for a second look.
    const preview = refusal.status === 409 ? await previewResolution(user, disputeId, parsed.value).catch(() => null) : null;
    return reply(refusal.status, { errors: { [refusal.field ?? ""]: [refusal.message] }, preview });
  }
  return redirectWithFlash(args.request, here, "Resolved. Both sides are emailed the decision.");
}

function errorsOf(error: Record<string, string[] | null> | null | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])));
}

export default function DisputeCasePage() {
  const { found, problem, zone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { session } = found;
  const money = (minor: number) => formatPrice(minor, found.paid.currency);
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to="/coordinator/discrepancies">← Reported problems</Link>
      </p>
      <PageTitle subtitle={`${session.title} · ${formatRange(session.startsAt, session.endsAt, zone)} · ${session.tutorName} with ${found.seat.studentName}`}>
        {found.status === "open" ? "Reported problem" : "Resolved problem"}
      </PageTitle>
      <p className="mb-4 text-sm text-slate-700">
        Session status: <strong>{describeStatus(session.status)}</strong> · reported by {found.reportedByName}
        {found.assignee ? ` · assigned to ${found.assignee.name}` : " · not assigned"}
      </p>
      {problem ? (
        <Card title="Both accounts">
          <ProblemSummary seatId="" problem={{ ...problem, staffHref: null, mayRespond: false }} zone={zone} result={null} />
        </Card>
      ) : null}
      <div>
        <Card title="The record">
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium">Booked</dt>
            <dd>
              {formatRange(session.startsAt, session.endsAt, zone)} ({found.bookedMinutes} minutes)
            </dd>
            <dt className="font-medium">Check-in</dt>
            <dd>
              {session.checkedInAt ? formatInstant(new Date(session.checkedInAt), zone) : "None"}
              {session.lateMinutes ? ` (${session.lateMinutes} minutes late)` : ""}
            </dd>
            <dt className="font-medium">Check-out</dt>
            <dd>{session.checkedOutAt ? formatInstant(new Date(session.checkedOutAt), zone) : "None"}</dd>
            <dt className="font-medium">Recorded times</dt>
            <dd>
              {session.actualStartedAt && session.actualEndedAt ? formatRange(session.actualStartedAt, session.actualEndedAt, zone) : "None: the booked time counts"} (
              {found.tutorMinutes} minutes)
            </dd>
            <dt className="font-medium">{found.seat.studentName}</dt>
            <dd>{attendanceLabel(found.seat.attendance as AttendanceStatus, null)}</dd>
            {session.attendanceNotes ? (
              <>
                <dt className="font-medium">Attendance notes</dt>
                <dd className="whitespace-pre-line">{session.attendanceNotes}</dd>
              </>
            ) : null}
          </dl>
          <p className="mt-2 text-sm">
            <Link to={`/coordinator/sessions/${session.id}`}>The session's staff page</Link> ·{" "}
            <Link to={`/coordinator/sessions/${session.id}/attendance`}>The attendance record</Link> · <Link to={`/sessions/${session.id}`}>The session</Link>
          </p>
        </Card>
        <Card title="The money">
          <p className="text-sm">
            Price {found.seat.priceText} · paid {found.paid.paidText} · refunded before {found.paid.refundedText} · <strong>left {found.paid.leftText}</strong>
          </p>
          {found.refundState ? (
            <p className="mt-1 text-sm">
              The resolution's refund:{" "}
              {found.refundState.status === "PROCESSED"
                ? "sent to Stripe and processed."
                : found.refundState.status === "FAILED"
                  ? `not accepted by Stripe yet (${found.refundState.lastError ?? "no reason given"}); the job retries it.`
                  : "waiting to be sent to Stripe."}
            </p>
          ) : null}
        </Card>
        {found.status === "open" ? (
          <>
            <AssignForm found={found} result={actionData && "assign" in actionData ? actionData.assign : null} />
            <ResolveForm found={found} money={money} result={actionData && "resolution" in actionData ? actionData.resolution : null} />
          </>
        ) : (
          <p className="mb-6 text-sm">Resolved by {found.resolvedByName ?? "a coordinator"}; the decision is above.</p>
        )}
        <Card title="History">
          <ol className="divide-y divide-slate-200 text-sm">
            {found.history.map((event) => (
              <li key={event.id} className="py-2">
                <p className="text-slate-600">
                  {formatInstant(new Date(event.occurredAt), zone)} · {event.actorName ?? "system"}
                </p>
                <p className="font-medium">{event.action}</p>
                {event.reason ? <p className="break-words whitespace-pre-line">{event.reason}</p> : null}
                {event.changes ? (
                  <details>
                    <summary className="cursor-pointer text-slate-600">Before and after</summary>
                    <pre className="mt-1 overflow-x-auto text-xs break-all whitespace-pre-wrap">{event.changes}</pre>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </div>
  );
}

type Found = ReturnType<typeof useLoaderData<typeof loader>>["found"];

function AssignForm({ found, result }: { found: Found; result: AssignResult | null }) {
  const navigation = useNavigation();
  return (
    <Card title="Assignment">
      <Form method="post" className="flex flex-wrap items-end gap-3 text-sm">
        <input type="hidden" name="intent" value="assign" />
        <FormErrors id="assign-errors" errors={result?.errors[""]} />
        <label className="flex flex-col gap-1">
          <span className="font-medium">Assigned to</span>
          <select
            name="assigneeId"
            defaultValue={found.assignee?.id ?? ""}
            aria-invalid={result?.errors.assigneeId ? true : undefined}
            aria-describedby={result?.errors.assigneeId ? "assigneeId-error" : undefined}
            className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
          >
            <option value="">Nobody</option>
            {found.coordinators.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
          <FieldErrors id="assigneeId-error" errors={result?.errors.assigneeId} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Priority</span>
          <select name="priority" defaultValue={found.priority} className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base">
            {DISPUTE_PRIORITIES.map((priority) => (
              <option key={priority.value} value={priority.value}>
                {priority.label}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton tone="plain" pending={navigation.state === "submitting" && navigation.formData?.get("intent") === "assign"}>
          Save the assignment
        </SubmitButton>
      </Form>
    </Card>
  );
}

/**
 * The decision in two steps with JavaScript on or off: the form posts a preview (nothing changes); the
 * preview's own form carries the same choices and the amounts shown, and resolving refuses if they
 * no longer hold.
 */
function ResolveForm({ found, money, result }: { found: Found; money: (minor: number) => string; result: ResolutionResult | null }) {
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  const preview = result?.preview ?? null;
  const value = (field: string, fallback: string) => values[field] ?? fallback;
  const submitting = (step: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === "resolve" && navigation.formData?.get("step") === step;
  return (
    <Card title="Resolve">
      {preview && Object.keys(errors).every((field) => field === "") ? (
        <section aria-labelledby="preview-heading" className="mb-4 space-y-2 rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm">
          <h3 id="preview-heading" className="font-semibold">
            What resolving does
          </h3>
          <FormErrors id="resolve-confirm-errors" errors={errors[""]} />
          <ul className="list-disc space-y-1 pl-5">
            <li>
              {outcomeLabel(preview.outcome)}: {preview.approvedMinutes} minutes approved (the tutor recorded {found.tutorMinutes}).
            </li>
            <li>
              Refund {preview.refundPercent}% of {found.paid.paidText}: <strong>{money(preview.refundMinor)}</strong>
              {preview.refundCapped ? `, which is all that is left of the payment (${money(preview.leftMinor)})` : ""}
              {preview.refundMinor > 0 ? ", through Stripe." : "."}
            </li>
            <li>
              The tutor's pay for this place: <strong>{money(preview.tutorPayMinor)}</strong> ({tutorPayLabel(preview.tutorPay).toLowerCase()}; full pay is{" "}
              {money(preview.tutorFullPayMinor)}).
            </li>
            <li>{found.reportedByName} and the tutor are emailed the decision, each with the note written to them.</li>
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="resolve" />
            <input type="hidden" name="step" value="resolve" />
            {(["outcome", "approvedMinutes", "refundPercent", "tutorPay", "noteToBooker", "noteToTutor"] as const).map((field) => (
              <input key={field} type="hidden" name={field} value={values[field] ?? ""} />
            ))}
            <input type="hidden" name="shownRefundMinor" value={String(preview.refundMinor)} />
            <input type="hidden" name="shownTutorPayMinor" value={String(preview.tutorPayMinor)} />
            <SubmitButton pending={submitting("resolve")}>Resolve{preview.refundMinor > 0 ? ` and refund ${money(preview.refundMinor)}` : ""}</SubmitButton>
          </Form>
          <p className="text-slate-700">Or change the choices below and preview again.</p>
        </section>
      ) : null}
      <Form method="post" className="space-y-4 text-sm">
        <input type="hidden" name="intent" value="resolve" />
        <input type="hidden" name="step" value="preview" />
        {preview ? null : <FormErrors id="resolve-errors" errors={errors[""]} />}
        <RadioFieldset name="outcome" legend="Outcome" options={DISPUTE_OUTCOMES} checked={value("outcome", "")} errors={errors.outcome} />
        <PlainTextField
          id="approvedMinutes"
          name="approvedMinutes"
          label="Approved minutes (for adjusted minutes)"
          short
          maxLength={4}
          defaultValue={value("approvedMinutes", "")}
          errors={errors.approvedMinutes}
          hint={`0 to ${MAX_MINUTES}. The tutor recorded ${found.tutorMinutes}; ${found.bookedMinutes} were booked. "As recorded" uses the tutor's; "cancelled" approves none.`}
        />
        <PlainTextField
          id="refundPercent"
          name="refundPercent"
          label={`Refund, % of what was paid (${found.paid.paidText})`}
          short
          maxLength={3}
          defaultValue={value("refundPercent", "0")}
          errors={errors.refundPercent}
          hint={`0 to 100. Never more than is left of the payment (${found.paid.leftText}).`}
        />
        <RadioFieldset name="tutorPay" legend="The tutor's pay for this place" options={TUTOR_PAY_CHOICES} checked={value("tutorPay", "full")} errors={errors.tutorPay} />
        <PlainTextField
          id="noteToBooker"
          name="noteToBooker"
          label={`Note to ${found.reportedByName}`}
          rows={3}
          maxLength={NOTE_MAX}
          defaultValue={value("noteToBooker", "")}
          errors={errors.noteToBooker}
        />
        <PlainTextField
          id="noteToTutor"
          name="noteToTutor"
          label="Note to the tutor"
          rows={3}
          maxLength={NOTE_MAX}
          defaultValue={value("noteToTutor", "")}
          errors={errors.noteToTutor}
        />
        <SubmitButton tone="plain" pending={submitting("preview")}>
          Preview the resolution
        </SubmitButton>
      </Form>
    </Card>
  );
}
