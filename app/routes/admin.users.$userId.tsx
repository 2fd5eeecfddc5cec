import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { CreditGrantFormSchema } from "~/domain/pay/credit-grant";
import { CURRENCIES, formatPrice } from "~/domain/tutors/profile";
import { hasRole } from "~/domain/users/roles";
import { adjustCreditByAdmin, creditLedgerOf, newCreditGrantKey } from "~/services/credits.server";
import { Card, PageTitle } from "~/components/layout";
import { formatInstant } from "~/domain/time/zones";
import { roleLabel } from "~/domain/users/roles";
import { listAuditEvents } from "~/services/audit.server";
import { listActiveLoginSessions, requireUser, revokeAllLoginSessions } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { setTutorPayments, setTutorVerified, tutorAdminFlags } from "~/services/tutors.server";
import { findUserForAdmin } from "~/services/users.server";
import { PaymentsToggle } from "~/components/payments-toggle";
import { intentOf, parseForm, PaymentsToggleSchema, replyToRefusal, VerifiedToggleSchema } from "~/utils/forms";
import { errorPage, readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Tutordesk` }];

const CreditIntent = CreditGrantFormSchema.extend({ intent: z.literal("credit") });

const RevokeAllSchema = z.object({
  reason: z.string({ error: "Say why (10–500 characters)." }).trim().min(10, "Say why in at least 10 characters.").max(500, "At most 500 characters."),
});

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireUser(args, { role: "ADMIN" });
  const user = await findUserForAdmin(args.params.userId ?? "");
  if (!user) throw new Response("No such user.", { status: 404 });
  const [sessions, events, tutor] = await Promise.all([
    listActiveLoginSessions(user.id),
    listAuditEvents({ subjectType: "User", subjectId: user.id, take: 20 }),
    tutorAdminFlags(user.id),
  ]);
  const payer = hasRole(user.roles, "STUDENT") || hasRole(user.roles, "PARENT");
  const ledger = payer ? await creditLedgerOf(user.id, 5) : null;
  return json({
    user: {
      ...user,
      createdAt: formatInstant(user.createdAt, admin.timezone),
      children: user.children.map((link) => link.student),
      parents: user.parents.map((link) => link.parent),
    },
    activeSessions: sessions.length,
    credit: ledger
      ? {
          balances: ledger.balances.map((balance) => formatPrice(balance.balanceMinor, balance.currency)),
          // A fresh key per rendering: the same form posted twice writes one entry.
          key: newCreditGrantKey(),
        }
      : null,
    tutor,
    events: events.map((event) => ({ ...event, occurredAt: formatInstant(new Date(event.occurredAt), admin.timezone, { withZone: false }) })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "ADMIN" });
  const userId = args.params.userId ?? "";
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["payments", "verified", "credit"]);
  if (intent === "credit") {
    const parsed = parseForm(formData, CreditIntent);
    if (!parsed.ok) return json({ form: "credit" as const, result: parsed.result }, { status: 400 });
    const { amount, currency, reason, key } = parsed.value;
    let written;
    try {
      written = await adjustCreditByAdmin(admin, userId, { amountMinor: amount, currency, reason, key }, requestMeta(args.request));
    } catch (error) {
      const reply = replyToRefusal(error, parsed.reply, ["amount", "currency", "reason"]);
      return json({ form: "credit" as const, result: await reply.json() }, { status: reply.status });
    }
    return redirectWithFlash(
      args.request,
      `/admin/users/${userId}`,
      written.created
        ? `${amount > 0 ? "Granted" : "Removed"} ${formatPrice(Math.abs(amount), currency)} of credit. The balance is now ${formatPrice(written.balanceMinor, currency)}.`
        : `That credit was already recorded. The balance is ${formatPrice(written.balanceMinor, currency)}.`,
    );
  }
  if (intent === "verified") {
    const toggle = parseForm(formData, VerifiedToggleSchema);
    if (!toggle.ok) throw errorPage(400, "Reload the page and use the verification button again.", { to: `/admin/users/${userId}`, label: "Back to the account" });
    const verified = toggle.value.verified === "yes";
    try {
      await setTutorVerified(admin, userId, verified, requestMeta(args.request));
    } catch (error) {
      throwAsErrorPage(error, { to: `/admin/users/${userId}`, label: "Back to the account" });
    }
    return redirectWithFlash(
      args.request,
      `/admin/users/${userId}`,
      verified
        ? "The tutor is verified: they can be offered sessions other tutors give up."
        : "The tutor is marked not verified: they are no longer offered other tutors' sessions.",
    );
  }
  if (intent === "payments") {
    const toggle = parseForm(formData, PaymentsToggleSchema);
    if (!toggle.ok) throw errorPage(400, "Reload the page and use the payments button again.", { to: `/admin/users/${userId}`, label: "Back to the account" });
    const enabled = toggle.value.paymentsEnabled === "on";
    try {
      await setTutorPayments(admin, userId, enabled, requestMeta(args.request));
    } catch (error) {
      // Only tutors have payments to turn on or off (a stale or hand-made form for anyone else).
      throwAsErrorPage(error, { to: `/admin/users/${userId}`, label: "Back to the account" });
    }
    return redirectWithFlash(args.request, `/admin/users/${userId}`, enabled ? "Payments are on for this tutor." : "Bookings with this tutor are now free.");
  }
  const parsed = parseForm(formData, RevokeAllSchema);
  if (!parsed.ok) return json({ form: "revoke" as const, result: parsed.result }, { status: 400 });
  const target = await findUserForAdmin(userId);
  if (!target) throw errorPage(404, "No such user.", { to: "/admin/users", label: "Users" });
  const count = await revokeAllLoginSessions(admin, userId, requestMeta(args.request), parsed.value.reason);
  return redirectWithFlash(args.request, `/admin/users/${userId}`, `${target.name} was signed out of ${count} device${count === 1 ? "" : "s"}.`);
}

export default function AdminUser() {
  const { user, activeSessions, events, tutor, credit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "revoke",
    lastResult: actionData?.form === "revoke" ? actionData.result : undefined,
    constraint: getZodConstraint(RevokeAllSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeAllSchema }),
  });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/users">← Users</Link>
      </p>
      <PageTitle subtitle={`${user.email} · ${user.roles.map(roleLabel).join(", ")} · ${user.timezone}`}>{user.name}</PageTitle>
      {tutor ? (
        <>
          <PaymentsToggle enabled={tutor.paymentsEnabled} who="tutor" />
          <Card title="Verification">
            <p className="mb-3 text-sm text-slate-700">
              {tutor.verified
                ? "Verified: this tutor can be offered a session another tutor gives up."
                : "Not verified: this tutor keeps their own bookings but is never offered another tutor's session."}
            </p>
            <Form method="post">
              <input type="hidden" name="verified" value={tutor.verified ? "no" : "yes"} />
              <SubmitButton name="intent" value="verified" tone="plain">
                {tutor.verified ? "Mark as not verified" : "Mark as verified"}
              </SubmitButton>
            </Form>
          </Card>
        </>
      ) : null}
      {credit ? <CreditForm key={credit.key} credit={credit} lastResult={actionData?.form === "credit" ? actionData.result : undefined} /> : null}
      <Card title="Family links">
        {user.children.length === 0 && user.parents.length === 0 ? <p className="text-slate-700">None.</p> : null}
        {user.children.length > 0 ? <p>Parent of {user.children.map((child) => child.name).join(", ")}</p> : null}
        {user.parents.length > 0 ? <p>Child of {user.parents.map((parent) => parent.name).join(", ")}</p> : null}
      </Card>
      <Card title={`Signed in on ${activeSessions} device${activeSessions === 1 ? "" : "s"}`}>
        <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field label="Reason for signing them out everywhere" meta={fields.reason} />
          <SubmitButton tone="danger">Sign out everywhere</SubmitButton>
        </Form>
      </Card>
      <Card title="Recent activity">
        <ul className="space-y-1 text-sm">
          {events.map((event) => (
            <li key={event.id}>
              <span className="text-slate-600">{event.occurredAt}</span> · {event.action}
              {event.actorName ? ` by ${event.actorName}` : ""}
              {event.reason ? ` — ${event.reason}` : ""}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

/** An admin grants a goodwill credit, or takes some back with a negative amount (decision 029). */
function CreditForm({ credit, lastResult }: { credit: { balances: string[]; key: string }; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: "credit",
    lastResult,
    constraint: getZodConstraint(CreditIntent),
    defaultValue: { currency: "USD", key: credit.key },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreditIntent }),
  });
  return (
    <Card title="Credit">
      <p className="mb-3 text-sm text-slate-700">Balance: {credit.balances.length === 0 ? "none" : credit.balances.join(", ")}</p>
      <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="credit" />
        <input type="hidden" name="key" value={credit.key} />
        <Field label="Amount" meta={fields.amount} hint="For example 25.00; a negative amount such as -10.00 takes credit back (at most the balance)." />
        <SelectField label="Currency" meta={fields.currency} options={CURRENCIES.map((currency) => ({ value: currency, label: currency }))} />
        <Field label="Reason (shown to the payer)" meta={fields.reason} />
        <SubmitButton>Save credit</SubmitButton>
      </Form>
    </Card>
  );
}
