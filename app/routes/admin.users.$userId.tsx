import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
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
import { intentOf, parseForm, PaymentsToggleSchema, VerifiedToggleSchema } from "~/utils/forms";
import { errorPage, readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Tutordesk` }];

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
  return json({
    user: {
      ...user,
      createdAt: formatInstant(user.createdAt, admin.timezone),
      children: user.children.map((link) => link.student),
      parents: user.parents.map((link) => link.parent),
    },
    activeSessions: sessions.length,
    tutor,
    events: events.map((event) => ({ ...event, occurredAt: formatInstant(new Date(event.occurredAt), admin.timezone, { withZone: false }) })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "ADMIN" });
  const userId = args.params.userId ?? "";
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["payments", "verified"]);
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
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  const target = await findUserForAdmin(userId);
  if (!target) throw errorPage(404, "No such user.", { to: "/admin/users", label: "Users" });
  const count = await revokeAllLoginSessions(admin, userId, requestMeta(args.request), parsed.value.reason);
  return redirectWithFlash(args.request, `/admin/users/${userId}`, `${target.name} was signed out of ${count} device${count === 1 ? "" : "s"}.`);
}

export default function AdminUser() {
  const { user, activeSessions, events, tutor } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
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
