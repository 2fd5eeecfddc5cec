import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TimeSummary } from "~/components/booking";
import { FieldErrors, FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { CANCELLATION_REASON_CATEGORIES, cancelFormSchema, isStudentSide } from "~/domain/changes/refunds";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { cancelSession, getCancelPreview } from "~/services/cancellations.server";
import { redirectWithFlash } from "~/services/flash.server";
import { getSessionPolicy } from "~/services/policies.server";
import { requestMeta } from "~/services/request-meta.server";
import { parseForm } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Cancel session · Tutordesk" }];

/** Cancelling is destructive, so it has its own page that says exactly what will happen, refunds included. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const preview = await getCancelPreview(user, args.params.sessionId ?? "");
  if (!preview) throw new Response("There is nothing of yours to cancel in this session.", { status: 404 });
  return json({ preview, zone: user.timezone, limits: { min: preview.policy.cancellationReasonMinLength, max: preview.policy.cancellationReasonMaxLength } });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const parsed = parseForm(await readFormData(args.request), cancelFormSchema(await getSessionPolicy()));
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  try {
    const result = await cancelSession(user, sessionId, parsed.value, requestMeta(args.request));
    if (result.replacement) {
      // The session may now be another tutor's, so the tutor who cancelled goes back to their list.
      const { name } = result.replacement;
      return redirectWithFlash(
        args.request,
        "/sessions",
        name
          ? `You cancelled. ${name} is free at that time and has been offered the session; the student decides.`
          : "You cancelled. No other tutor is free at that time, so the student is choosing another tutor or a full refund.",
      );
    }
    const refunds = result.refunded.length > 0 ? ` A refund of ${result.refunded.join(" and ")} is on its way.` : "";
    const credit = result.creditReturned.length > 0 ? ` ${result.creditReturned.join(" and ")} is back in your credit.` : "";
    return redirectWithFlash(args.request, `/sessions/${sessionId}`, `${result.wholeSession ? "The session was cancelled." : "Your place was cancelled."}${refunds}${credit}`);
  } catch (error) {
    // Already cancelled (a second post, another tab), or too late now: the form no longer applies, and
    // the page it was on may have nothing left to cancel, so the refusal is a page of its own.
    throwAsErrorPage(error, { to: `/sessions/${sessionId}`, label: "Back to the session" });
  }
}

export default function CancelSession() {
  const { preview, zone, limits } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const schema = cancelFormSchema({ cancellationReasonMinLength: limits.min, cancellationReasonMaxLength: limits.max });
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const { session } = preview;
  const studentSide = isStudentSide(preview.who);
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-2 text-sm">
        <Link to={`/sessions/${session.id}`}>← Back to the session</Link>
      </p>
      <PageTitle subtitle={`${session.title} with ${session.tutorName}`}>{studentSide && session.kind === "GROUP" ? "Cancel your place?" : "Cancel this session?"}</PageTitle>
      <TimeSummary startsAt={session.startsAt} endsAt={session.endsAt} viewerZone={zone} tutorZone={session.tutorZone} kind={session.kind} />
      <section aria-labelledby="refund-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <h2 id="refund-heading" className="mb-2 font-semibold">
          What happens
        </h2>
        {studentSide ? (
          <p className="mb-2">{preview.seats[0]?.refund.explanation}</p>
        ) : preview.seeksReplacement ? (
          <ul className="mb-2 list-disc space-y-1 pl-5">
            <li>We look for another tutor of the subject who is free at this time. If one is, the student can continue with them, choose someone else, or cancel.</li>
            <li>If nobody is free, or the student declines, they are refunded in full.</li>
            <li>You are not paid for this session, and you will not be offered it again.</li>
          </ul>
        ) : (
          <p className="mb-2">Every student is refunded in full and told by email.</p>
        )}
        <ul className="space-y-1">
          {preview.seats.map((seat) => (
            <li key={seat.id}>
              <span className="font-medium">{seat.studentName}</span>: paid {seat.paid} · {seat.refundText}
            </li>
          ))}
        </ul>
        {studentSide && session.kind === "GROUP" ? <p className="mt-2 text-slate-600">The group goes ahead; your seat is offered to others.</p> : null}
      </section>
      {studentSide && preview.cutoffLiftedUntil && !preview.blocked ? (
        <p role="status" className="mt-4 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900">
          An administrator has lifted the cancellation cutoff for this session until {formatInstant(new Date(preview.cutoffLiftedUntil), zone)}.
        </p>
      ) : null}
      {preview.blocked ? (
        <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {preview.blocked}
        </p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="seenTutorId" value={session.tutorId} />
          <SelectField label="Why are you cancelling?" meta={fields.category} options={[{ value: "", label: "Choose…" }, ...CANCELLATION_REASON_CATEGORIES]} />
          <div>
            <label htmlFor={fields.reason.id} className="mb-1 block text-sm font-medium">
              Tell {studentSide ? "the tutor" : "the students"} more ({limits.min}–{limits.max} characters)
            </label>
            <textarea
              {...getTextareaProps(fields.reason, { ariaAttributes: true })}
              key={fields.reason.key}
              rows={4}
              className="block w-full rounded-md border border-slate-300 px-3 py-2"
            />
            <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
          </div>
          <div className="flex flex-wrap items-center gap-4">
            <SubmitButton tone="danger" pending={navigation.state === "submitting"}>
              {studentSide && session.kind === "GROUP" ? "Cancel my place" : "Cancel the session"}
            </SubmitButton>
            <Link to={`/sessions/${session.id}`}>Keep it</Link>
          </div>
        </Form>
      )}
    </div>
  );
}
