import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, PlainTextField, SubmitButton } from "~/components/forms";
import { errorsOf, InterventionHeading, ReasonField, Refusal, type InterventionResult } from "~/components/intervention";
import { Card } from "~/components/layout";
import { ForceCompleteFormSchema } from "~/domain/admin/interventions";
import { forceComplete, getForceCompletePlan, type ForceCompletePlan } from "~/services/admin-interventions.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Force complete a session · Tutordesk" }];

const backTo = (sessionId: string) => ({ to: `/coordinator/sessions/${sessionId}`, label: "The session's staff page" });
const FIELDS = ["actualMinutes", "reason", "shownStatus", "shownSeats", "shownEarningsMinor"] as const;

/** Admins only (coordinators 403): what completing the session would do now (decision 030). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const sessionId = args.params.sessionId ?? "";
  const plan = await getForceCompletePlan(user, sessionId).catch((error: unknown) => throwAsErrorPage(error, backTo(sessionId)));
  return json({ plan, zone: user.timezone });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const sessionId = args.params.sessionId ?? "";
  const formData = await readFormData(args.request);
  const values = Object.fromEntries(FIELDS.map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, errors: Record<string, string[]>, plan: ForceCompletePlan | null = null) =>
    json<InterventionResult<ForceCompletePlan>>({ values, errors, plan }, { status });
  const parsed = parseForm(formData, ForceCompleteFormSchema);
  if (!parsed.ok) return reply(400, errorsOf(parsed.result.error));
  try {
    await forceComplete(user, sessionId, parsed.value, requestMeta(args.request));
  } catch (error) {
    const refusal = formRefusal(error, backTo(sessionId));
    // What changed is shown again, recomputed, for a second look.
    const plan = refusal.status === 409 ? await getForceCompletePlan(user, sessionId).catch(() => null) : null;
    return reply(refusal.status, { [refusal.field ?? ""]: [refusal.message] }, plan);
  }
  return redirectWithFlash(args.request, `/coordinator/sessions/${sessionId}`, "Session completed. Its hours count as confirmed by staff; the bookers and the tutor are emailed.");
}

export default function ForceCompletePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  // The plan is plain strings and numbers: its JSON form is the same type.
  const plan = (result?.plan ?? loaded.plan) as ForceCompletePlan;
  const { zone } = loaded;
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  return (
    <div className="mx-auto max-w-2xl">
      <InterventionHeading title="Force complete" session={plan.session} zone={zone} />
      {plan.refusal ? (
        <Refusal>{plan.refusal}</Refusal>
      ) : (
        <Card title="What completing does">
          <ul className="mb-4 list-disc space-y-1 pl-5 text-sm">
            <li>
              The status goes from <strong>{plan.session.statusLabel}</strong> to <strong>Completed</strong>.
            </li>
            {plan.seats.length === 0 ? <li>No learner holds a place: nothing is confirmed and nothing is earned.</li> : null}
            {plan.seats.map((seat) => (
              <li key={seat.id}>
                {seat.studentName} (booked by {seat.bookerName}):{" "}
                {seat.answer === "to_confirm"
                  ? "the hours count as confirmed by staff"
                  : seat.answer === "confirmed"
                    ? "the hours were already confirmed"
                    : "settled by its reported problem's resolution"}
                {seat.earnsText ? `; the tutor earns ${seat.earnsText}` : "; no new earning"}.
              </li>
            ))}
            <li>
              The tutor's earnings written: <strong>{plan.earningsText}</strong>, once.
            </li>
            <li>Emailed: {plan.emailed.join(", ")}.</li>
          </ul>
          <Form method="post" className="space-y-4 text-sm">
            <FormErrors
              id="force-complete-errors"
              errors={[...(errors[""] ?? []), ...(errors.shownStatus ?? []), ...(errors.shownSeats ?? []), ...(errors.shownEarningsMinor ?? [])]}
            />
            <input type="hidden" name="shownStatus" value={plan.shown.shownStatus} />
            <input type="hidden" name="shownSeats" value={String(plan.shown.shownSeats)} />
            <input type="hidden" name="shownEarningsMinor" value={String(plan.shown.shownEarningsMinor)} />
            <PlainTextField
              id="actualMinutes"
              name="actualMinutes"
              label="Actual minutes"
              short
              maxLength={6}
              defaultValue={values.actualMinutes ?? String(plan.minutes.suggested)}
              errors={errors.actualMinutes}
              hint={`${plan.minutes.min} to ${plan.minutes.max}; ${plan.session.bookedMinutes} were booked.`}
            />
            <ReasonField value={values.reason ?? ""} errors={errors.reason} />
            <SubmitButton pending={navigation.state === "submitting"}>Complete the session</SubmitButton>
          </Form>
        </Card>
      )}
    </div>
  );
}
