import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatRange } from "~/components/booking";
import { SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { isDomainError } from "~/domain/shared/errors";
import { consumeActionToken, readActionToken, type ActionPurpose } from "~/services/action-tokens.server";
import { getCurrentUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { prisma } from "~/services/db.server";
import { requestMeta } from "~/services/request-meta.server";
import { actorForUser, describeRequestForLink, respondToReschedule } from "~/services/reschedules.server";

export const meta: MetaFunction = () => [{ title: "Your answer · Tutordesk" }];

const LABELS: Record<ActionPurpose, { title: string; button: string; action: "accept" | "reject" }> = {
  "reschedule.accept": { title: "Accept the new time?", button: "Accept the new time", action: "accept" },
  "reschedule.reject": { title: "Keep the booked time?", button: "Keep the booked time", action: "reject" },
};

/**
 * An emailed link lands here. GET only shows what the link will do (mail scanners open links); the
 * button's POST uses the link once, acting as the person it was sent to. A used or expired link gets
 * the current state and the way forward instead.
 */
export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  const found = await readActionToken(token);
  if (found.state === "unknown") return json({ state: "unknown" as const }, { status: 404 });
  const viewer = await getCurrentUser(args);
  const request = await describeRequestForLink(found.subjectId, found.userId);
  const done = new URL(args.request.url).searchParams.has("done");
  return json(
    { state: found.state, purpose: found.purpose, request, done, zone: request?.zone ?? "UTC", signedInAsSomeoneElse: Boolean(viewer && viewer.id !== found.userId) },
    { status: found.state === "valid" || done ? 200 : 410 },
  );
}

export async function action(args: ActionFunctionArgs) {
  const token = args.params.token ?? "";
  const found = await readActionToken(token);
  if (found.state !== "valid") return redirect(`/a/${token}`, 303);
  const actor = await actorForUser(found.userId);
  const request = await prisma.rescheduleRequest.findUnique({ where: { id: found.subjectId }, select: { sessionId: true } });
  if (!actor || !request) return redirect(`/a/${token}`, 303);
  try {
    // The link is used in the same transaction as the answer: if the answer is refused, the link still works.
    await prisma.$transaction(async (tx) => {
      const used = await consumeActionToken(tx, token, found.purpose, clock.now());
      if (!used) throw new Error("the link was used a moment ago");
      await respondToReschedule(actor, request.sessionId, { action: LABELS[found.purpose].action }, requestMeta(args.request), { requestId: found.subjectId, inTx: tx });
    }, { timeout: 15_000 });
  } catch (error) {
    if (isDomainError(error)) return json({ error: error.message }, { status: 409 });
    if (error instanceof Error && error.message === "the link was used a moment ago") return redirect(`/a/${token}`, 303);
    throw error;
  }
  return redirect(`/a/${token}?done=1`, 303);
}

export default function ActionLink() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  if (data.state === "unknown") {
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle>This link does not work</PageTitle>
        <p className="mb-4">It may have been copied incompletely. Open the session from your sessions page instead.</p>
        <Link to="/sessions">Your sessions</Link>
      </div>
    );
  }
  const { request, zone } = data;
  const labels = LABELS[data.purpose];
  const sessionLink = request ? (
    <p className="mt-4 text-sm">
      <Link to={`/sessions/${request.sessionId}`}>Open the session</Link> (sign in first if asked)
    </p>
  ) : null;
  if (data.state !== "valid") {
    const { done } = data;
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle>{done ? "Answer recorded" : data.state === "used" ? "This link has been used" : "This link has expired"}</PageTitle>
        {request ? (
          <p className="mb-2">
            {done ? "Thank you: your answer was recorded. " : ""}The request is now <strong>{request.statusLabel}</strong>. The session is on {formatRange(request.sessionStartsAt, request.sessionEndsAt, zone)}.
          </p>
        ) : null}
        <p className="text-sm text-slate-700">{request?.open ? "The request is still open: answer it from the session's page." : "You can still propose another time or cancel from the session's page."}</p>
        {sessionLink}
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-lg">
      <PageTitle subtitle={request ? `${request.title} with ${request.tutorName}` : undefined}>{labels.title}</PageTitle>
      {actionData?.error ? (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {data.signedInAsSomeoneElse ? <p className="mb-3 text-sm text-amber-800">This link was sent to {request?.recipientName}; the answer is recorded as theirs.</p> : null}
      {request ? (
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <dt className="text-slate-600">Booked for</dt>
          <dd>{formatRange(request.sessionStartsAt, request.sessionEndsAt, zone)}</dd>
          <dt className="text-slate-600">Proposed</dt>
          <dd>{formatRange(request.proposedStartsAt, request.proposedEndsAt, zone)}</dd>
          <dt className="text-slate-600">Reason</dt>
          <dd>{request.reason}</dd>
        </dl>
      ) : null}
      <Form method="post">
        <SubmitButton pending={navigation.state !== "idle"}>{labels.button}</SubmitButton>
      </Form>
      {sessionLink}
    </div>
  );
}
