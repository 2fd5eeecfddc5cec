import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { Card, PageTitle } from "~/components/layout";
import { TimeZoneField } from "~/components/zone-chooser";
import { creditKindLabel } from "~/domain/pay/credit-grant";
import { formatInstant } from "~/domain/time/zones";
import { formatPrice } from "~/domain/tutors/profile";
import { hasRole } from "~/domain/users/roles";
import { ProfileSchema } from "~/domain/users/forms";
import { listActiveLoginSessions, requireUser, revokeLoginSession } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { creditLedgerOf } from "~/services/credits.server";
import { updateProfile } from "~/services/users.server";
import { intentOf, parseForm } from "~/utils/forms";
import { errorPage, readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
import { withChosenZone } from "~/utils/zone-field";

export const meta: MetaFunction = () => [{ title: "Your account · Tutordesk" }];

const ProfileIntent = ProfileSchema.extend({ intent: z.literal("profile") });
const RevokeIntent = z.object({ intent: z.literal("revoke"), loginSessionId: z.string().min(1).max(64) });

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const sessions = await listActiveLoginSessions(user.id, user.loginSessionId);
  // Students and parents pay, so they hold credit (decision 029); the ledger reads newest first.
  const payer = hasRole(user.roles, "STUDENT") || hasRole(user.roles, "PARENT");
  const ledger = payer ? await creditLedgerOf(user.id) : null;
  return json({
    credit: ledger
      ? {
          balances: ledger.balances.map((balance) => ({ currency: balance.currency, text: formatPrice(balance.balanceMinor, balance.currency) })),
          entries: ledger.entries.map((entry) => ({
            id: entry.id,
            date: formatInstant(entry.createdAt, user.timezone),
            what: creditKindLabel(entry.kind, entry.amountMinor),
            reason: entry.reason,
            amount: `${entry.amountMinor > 0 ? "+" : "−"}${formatPrice(Math.abs(entry.amountMinor), entry.currency)}`,
            balanceAfter: formatPrice(entry.balanceAfterMinor, entry.currency),
          })),
        }
      : null,
    profile: { name: user.name, email: user.email, timezone: user.timezone },
    sessions: sessions.map((session) => ({
      ...session,
      createdAt: formatInstant(new Date(session.createdAt), user.timezone),
    })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const formData = await readFormData(args.request);
  const meta = requestMeta(args.request);
  switch (intentOf(formData, ["profile", "revoke"])) {
    case "profile": {
      const parsed = parseForm(withChosenZone(formData), ProfileIntent);
      if (!parsed.ok) return json(parsed.result, { status: 400 });
      await updateProfile(user, parsed.value, meta);
      return redirectWithFlash(args.request, "/account", "Your profile was saved.");
    }
    case "revoke": {
      const parsed = parseForm(formData, RevokeIntent);
      if (!parsed.ok) return json(parsed.result, { status: 400 });
      const revoked = await revokeLoginSession(user, parsed.value.loginSessionId, meta);
      return redirectWithFlash(args.request, "/account", revoked ? "That device was signed out." : "That device was already signed out.", {
        tone: revoked ? "success" : "info",
      });
    }
    default:
      throw errorPage(400, "This form is not one this page has. Reload the page and try again.", { to: "/account", label: "Your account" });
  }
}

export default function Account() {
  const { profile, sessions, credit } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "profile",
    lastResult,
    constraint: getZodConstraint(ProfileSchema),
    defaultValue: profile,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(withChosenZone(formData), { schema: ProfileIntent }),
  });
  return (
    <>
      <PageTitle subtitle={profile.email}>Your account</PageTitle>
      <Card title="Profile">
        <Form method="post" {...getFormProps(form)} className="max-w-md space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="profile" />
          <Field label="Full name" meta={fields.name} autoComplete="name" />
          <TimeZoneField label="Time zone" meta={fields.timezone} />
          <SubmitButton pending={navigation.state === "submitting" && navigation.formData?.get("intent") === "profile"}>Save profile</SubmitButton>
        </Form>
      </Card>
      {credit ? <CreditCard credit={credit} /> : null}
      <Card title="Signed-in devices">
        <ul className="divide-y divide-slate-100">
          {sessions.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div className="min-w-0 text-sm">
                <p className="font-medium">{session.current ? "This browser" : (session.userAgent ?? "Unknown browser").slice(0, 60)}</p>
                <p className="text-slate-600">
                  Signed in {session.createdAt} by {session.method === "password" ? "password" : session.method === "sign-up" ? "sign-up" : "emailed code"}
                  {session.ip ? ` from ${session.ip}` : ""}
                </p>
              </div>
              {session.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="loginSessionId" value={session.id} />
                  <SubmitButton tone="plain">Sign out this device</SubmitButton>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

type CreditView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["credit"]>;

/** The payer's credit: the balance per currency, then the latest entries with the balance each left. */
function CreditCard({ credit }: { credit: CreditView }) {
  return (
    <section aria-labelledby="credit-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="credit-heading" className="mb-3 text-lg font-semibold">
        Credit
      </h2>
      {credit.balances.length === 0 ? (
        <p className="text-sm text-slate-700">
          You have no credit. Credit from Tutordesk, or returned when a booking paid with credit is cancelled, shows here and pays for your next booking before the card.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-700">Your balance, used automatically at checkout before your card:</p>
          <ul className="mt-1 mb-3">
            {credit.balances.map((balance) => (
              <li key={balance.currency} className="text-lg font-semibold">
                {balance.text} <span className="text-sm font-normal text-slate-600">({balance.currency})</span>
              </li>
            ))}
          </ul>
          <h3 className="mb-1 text-sm font-semibold">Latest changes</h3>
          <ul className="divide-y divide-slate-100 text-sm">
            {credit.entries.map((entry) => (
              <li key={entry.id} className="py-2">
                <p className="flex items-baseline justify-between gap-4">
                  <span className="font-medium">{entry.what}</span>
                  <span className="font-semibold whitespace-nowrap">{entry.amount}</span>
                </p>
                <p className="text-slate-600">
                  {entry.date} · {entry.reason}
                </p>
                <p className="text-slate-600">Balance after: {entry.balanceAfter}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
