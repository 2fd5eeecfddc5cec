import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, SubmitButton } from "~/components/forms";
import { errorsOf, InterventionHeading, ReasonField, Refusal, type InterventionResult } from "~/components/intervention";
import { Card } from "~/components/layout";
import { ClearNoShowFormSchema } from "~/domain/admin/interventions";
import { clearNoShow, getClearNoShowPlan, type ClearNoShowPlan } from "~/services/admin-interventions.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Clear a no-show · Tutordesk" }];

const backTo = (sessionId: string) => ({ to: `/coordinator/sessions/${sessionId}`, label: "The session's staff page" });
const FIELDS = ["reason", "shownParty", "shownSeats", "shownCorrectionMinor"] as const;

/** Admins only (coordinators 403): what clearing the no-show would do now (decision 030). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const sessionId = args.params.sessionId ?? "";
  const plan = await getClearNoShowPlan(user, sessionId).catch((error: unknown) => throwAsErrorPage(error, backTo(sessionId)));
  return json({ plan, zone: user.timezone });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const sessionId = args.params.sessionId ?? "";
  const formData = await readFormData(args.request);
  const values = Object.fromEntries(FIELDS.map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, errors: Record<string, string[]>, plan: ClearNoShowPlan | null = null) =>
    json<InterventionResult<ClearNoShowPlan>>({ values, errors, plan }, { status });
  const parsed = parseForm(formData, ClearNoShowFormSchema);
  if (!parsed.ok) return reply(400, errorsOf(parsed.result.error));
  try {
    await clearNoShow(user, sessionId, parsed.value, requestMeta(args.request));
  } catch (error) {
    const refusal = formRefusal(error, backTo(sessionId));
    const plan = refusal.status === 409 ? await getClearNoShowPlan(user, sessionId).catch(() => null) : null;
    return reply(refusal.status, { [refusal.field ?? ""]: [refusal.message] }, plan);
  }
  return redirectWithFlash(args.request, `/coordinator/sessions/${sessionId}`, "No-show cleared. The bookers are asked to confirm the hours; everyone concerned is emailed.");
}

const PARTY: Record<string, string> = { tutor: "the tutor", student: "the learners" };

export default function ClearNoShowPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  // The plan is plain strings and numbers: its JSON form is the same type.
  const plan = (result?.plan ?? loaded.plan) as ClearNoShowPlan;
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  return (
    <div className="mx-auto max-w-2xl">
      <InterventionHeading title="Clear a no-show" session={plan.session} zone={loaded.zone} />
      {plan.refusal ? (
        <Refusal>{plan.refusal}</Refusal>
      ) : (
        <Card title="What clearing does">
          <ul className="mb-4 list-disc space-y-1 pl-5 text-sm">
            <li>
              The no-show by <strong>{plan.party ? PARTY[plan.party] : "nobody recorded"}</strong> is cleared: the status goes from <strong>No-show</strong> to{" "}
              <strong>Awaiting confirmation</strong>, and each booker is asked to confirm the hours (the booked time counts unless times were recorded).
            </li>
            {plan.seats.map((seat) => (
              <li key={seat.id}>
                {seat.studentName} (booked by {seat.bookerName}): {seat.clearsMark ? `marked "${seat.attendance}", becomes present` : `attendance stays "${seat.attendance}"`}
                {seat.refundedText ? `; ${seat.refundedText} refunded stays refunded` : ""}.
              </li>
            ))}
            <li>
              {plan.correctionText
                ? `The ${plan.correctionText} the tutor earned for the no-show is taken back; they are paid for the session once its hours are confirmed.`
                : "The tutor earned nothing for the no-show; they are paid for the session once its hours are confirmed."}
            </li>
            <li>Emailed: {plan.emailed.join(", ")}.</li>
          </ul>
          <Form method="post" className="space-y-4 text-sm">
            <FormErrors
              id="clear-no-show-errors"
              errors={[...(errors[""] ?? []), ...(errors.shownParty ?? []), ...(errors.shownSeats ?? []), ...(errors.shownCorrectionMinor ?? [])]}
            />
            <input type="hidden" name="shownParty" value={plan.shown.shownParty} />
            <input type="hidden" name="shownSeats" value={String(plan.shown.shownSeats)} />
            <input type="hidden" name="shownCorrectionMinor" value={String(plan.shown.shownCorrectionMinor)} />
            <ReasonField value={values.reason ?? ""} errors={errors.reason} />
            <SubmitButton pending={navigation.state === "submitting"}>Clear the no-show</SubmitButton>
          </Form>
        </Card>
      )}
    </div>
  );
}
