import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, PlainTextField, SubmitButton } from "~/components/forms";
import { errorsOf, InterventionHeading, ReasonField } from "~/components/intervention";
import { Card, EmptyState } from "~/components/layout";
import { ManualRefundFormSchema } from "~/domain/admin/interventions";
import { formatPrice } from "~/domain/tutors/profile";
import { getManualRefundView, manualRefund, newRefundKey, type ManualRefundView } from "~/services/admin-interventions.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Manual refund · Tutordesk" }];

const backTo = (sessionId: string) => ({ to: `/coordinator/sessions/${sessionId}`, label: "The session's staff page" });
const FIELDS = ["seatId", "amount", "reason", "key", "shownLeftMinor"] as const;

/**
 * Admins only (coordinators 403): each place with a payment, what is left of it, and a form to refund
 * part or all of that. Each page carries its own key, so posting it twice refunds once (decision 030).
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const sessionId = args.params.sessionId ?? "";
  const view = await getManualRefundView(user, sessionId).catch((error: unknown) => throwAsErrorPage(error, backTo(sessionId)));
  return json({ view, key: newRefundKey(), zone: user.timezone });
}

type Result = { values: Record<string, string>; errors: Record<string, string[]>; view: ManualRefundView | null };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const sessionId = args.params.sessionId ?? "";
  const formData = await readFormData(args.request);
  const values = Object.fromEntries(FIELDS.map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, errors: Record<string, string[]>, view: ManualRefundView | null = null) => json<Result>({ values, errors, view }, { status });
  const parsed = parseForm(formData, ManualRefundFormSchema);
  if (!parsed.ok) return reply(400, errorsOf(parsed.result.error));
  let done: Awaited<ReturnType<typeof manualRefund>>;
  try {
    done = await manualRefund(user, sessionId, parsed.value, requestMeta(args.request));
  } catch (error) {
    const refusal = formRefusal(error, backTo(sessionId));
    const view = refusal.status === 409 ? await getManualRefundView(user, sessionId).catch(() => null) : null;
    return reply(refusal.status, { [refusal.field ?? ""]: [refusal.message] }, view);
  }
  const amount = formatPrice(done.amountMinor, done.currency);
  return redirectWithFlash(
    args.request,
    `/coordinator/sessions/${sessionId}`,
    done.repeated ? `That refund of ${amount} was already made; nothing more was refunded.` : `Refund of ${amount} issued. It goes to Stripe now; the payer is emailed.`,
  );
}

export default function ManualRefundPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  const view = (result?.view ?? loaded.view) as ManualRefundView;
  const navigation = useNavigation();
  // A refused POST keeps its page's key: posting the same page again must still refund once.
  const key = result?.values.key || loaded.key;
  return (
    <div className="mx-auto max-w-2xl">
      <InterventionHeading title="Manual refund" session={view.session} zone={loaded.zone} />
      {/* A refusal whose place no longer shows a form (nothing left, or not a place of this session) is shown here. */}
      {result && !view.seats.some((seat) => seat.id === result.values.seatId && seat.leftMinor > 0) ? (
        <FormErrors id="refund-errors" errors={Object.values(result.errors).flat() as string[]} />
      ) : null}
      {view.seats.length === 0 ? <EmptyState>No place in this session has a payment to refund.</EmptyState> : null}
      {view.seats.map((seat) => {
        const mine = result && result.values.seatId === seat.id ? result : null;
        const errors = mine?.errors ?? {};
        return (
          <Card key={seat.id} title={`${seat.studentName}'s place`}>
            <p className="mb-3 text-sm">
              Paid by {seat.payerName}: {seat.paidText} · refunded so far {seat.refundedText} (pending and retried refunds included) ·{" "}
              <strong>left to refund {seat.leftText}</strong>
            </p>
            {seat.leftMinor === 0 ? (
              <p className="text-sm text-slate-700">Nothing is left of this payment to refund.</p>
            ) : (
              <Form method="post" className="space-y-4 text-sm">
                <FormErrors id={`refund-errors-${seat.id}`} errors={[...(errors[""] ?? []), ...(errors.key ?? []), ...(errors.shownLeftMinor ?? [])]} />
                <input type="hidden" name="seatId" value={seat.id} />
                <input type="hidden" name="key" value={key} />
                <input type="hidden" name="shownLeftMinor" value={String(seat.leftMinor)} />
                <PlainTextField
                  id={`amount-${seat.id}`}
                  name="amount"
                  label={`Amount to refund (${seat.currency})`}
                  short
                  maxLength={10}
                  defaultValue={mine?.values.amount ?? ""}
                  errors={errors.amount}
                  hint={`Up to ${seat.leftText}, for example 12.50. It goes back to ${seat.payerName}'s card through Stripe, and they are emailed.`}
                />
                <ReasonField id={`reason-${seat.id}`} value={mine?.values.reason ?? ""} errors={errors.reason} />
                <SubmitButton tone="danger" pending={navigation.state === "submitting" && navigation.formData?.get("seatId") === seat.id}>
                  Refund to {seat.payerName}
                </SubmitButton>
              </Form>
            )}
          </Card>
        );
      })}
    </div>
  );
}
