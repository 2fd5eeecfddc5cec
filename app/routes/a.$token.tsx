import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatRange } from "~/components/booking";
import { SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { HoursConfirmation } from "~/components/hours-confirmation";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import { answerByLink, replacedProposalOf } from "~/services/action-links.server";
import { confirmHoursByLink, describeHoursForLink } from "~/services/hours-confirmations.server";
import { reportProblemByLink } from "~/services/disputes.server";
import { answerHoursForm } from "~/utils/hours-form";
import { answerProblemForm } from "~/utils/problem-form";
import { readActionToken } from "~/services/action-tokens.server";
import { getCurrentUser } from "~/services/auth.server";
import { requestMeta } from "~/services/request-meta.server";
import { describeReplacementForLink } from "~/services/replacements.server";
import { describeRequestForLink } from "~/services/reschedules.server";
import { readFormData, redirect } from "~/utils/http";
import { parseForm } from "~/utils/forms";
import { z } from "zod";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Your answer · Tutordesk" }];

const RESCHEDULE_LABELS = {
  "reschedule.accept": { title: "Accept the new time?", button: "Accept the new time" },
  "reschedule.reject": { title: "Keep the booked time?", button: "Keep the booked time" },
} as const;

/** The page shows the request as it is now: a browser must not show a copy from an earlier visit (a 410 may be cached). */
const LIVE = { "Cache-Control": "no-store" };
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

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
  const done = new URL(args.request.url).searchParams.get("done");
  const common = { state: found.state, done, signedInAsSomeoneElse: Boolean(viewer && viewer.id !== found.userId) };
  const status = found.state === "valid" || done ? 200 : 410;
  if (found.purpose === "hours.confirm") {
    return json({ ...common, kind: "hours" as const, hours: await describeHoursForLink(found.subjectId, found.userId) }, { status, headers: LIVE });
  }
  if (found.purpose === "replacement.answer") {
    return json({ ...common, kind: "replacement" as const, replacement: await describeReplacementForLink(found.subjectId, found.userId) }, { status, headers: LIVE });
  }
  // A link retired by a counter-proposal says so, rather than "used" (issue 13 B8).
  const replaced = done ? null : await replacedProposalOf(token, found);
  return json(
    { ...common, kind: "reschedule" as const, purpose: found.purpose, replaced, request: await describeRequestForLink(found.subjectId, found.userId) },
    { status, headers: LIVE },
  );
}

/** The buttons an emailed link's page has (a reschedule link's one button posts no intent: the link says it); which fits the link is the service's decision. */
const LinkAnswerSchema = z.object({ intent: z.enum(["accept", "reject", "cancel"]).optional() });

export async function action(args: ActionFunctionArgs) {
  const token = args.params.token ?? "";
  const link = await readActionToken(token);
  if (link.state !== "unknown" && link.purpose === "hours.confirm") {
    // A used or expired link's page says so (and where the hours stand): a late post lands there too.
    if (link.state !== "valid") return redirect(`/a/${token}`, 303);
    const formData = await readFormData(args.request);
    const back = { to: "/sessions", label: "Your sessions" };
    if (formData.get("intent") === "report-problem") {
      // The link's other answer: a problem instead of a confirmation (it answers once, either way).
      return answerProblemForm(
        formData,
        "report-problem",
        async (answer) => {
          if (answer.intent !== "report-problem") throw new DomainError("INVALID_LINK_ANSWER", "This link reports a problem with the hours, nothing else.");
          const result = await reportProblemByLink(token, answer.report, requestMeta(args.request));
          if (result.kind === "refused") throw new DomainError("LINK_REFUSED", result.message);
          return redirect(result.kind === "stale" ? `/a/${token}` : `/a/${token}?done=report`, 303);
        },
        back,
      );
    }
    // The link confirms, with an optional rating; changing the rating later is on the session page.
    return answerHoursForm(
      formData,
      async (answer) => {
        if (answer.intent !== "confirm-hours") throw new DomainError("INVALID_LINK_ANSWER", "This link confirms the hours; change a rating from the session's page.");
        const result = await confirmHoursByLink(token, { rating: answer.rating }, requestMeta(args.request));
        if (result.kind === "refused") throw new DomainError("LINK_REFUSED", result.message);
        return redirect(result.kind === "stale" ? `/a/${token}` : `/a/${token}?done=confirm`, 303);
      },
      back,
    );
  }
  const parsed = parseForm(await readFormData(args.request), LinkAnswerSchema);
  if (!parsed.ok) return json({ error: "Choose one of the buttons below." }, { status: 400 });
  const result = await answerByLink(token, parsed.value.intent ?? "", requestMeta(args.request));
  if (result.kind === "refused") return json({ error: result.message }, { status: 409 });
  if (result.kind === "stale") return redirect(`/a/${token}`, 303);
  return redirect(`/a/${token}?done=${result.intent}`, 303);
}

export default function ActionLink() {
  const data = useLoaderData<typeof loader>();
  if (data.state === "unknown") {
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle>This link does not work</PageTitle>
        <p className="mb-4">It may have been copied incompletely. Open the session from your sessions page instead.</p>
        <Link to="/sessions">Your sessions</Link>
      </div>
    );
  }
  if (data.kind === "hours") return <HoursLink data={data} />;
  return data.kind === "replacement" ? <ReplacementLink data={data} /> : <RescheduleLink data={data} />;
}

function SessionLink({ sessionId }: { sessionId: string }) {
  return (
    <p className="mt-4 text-sm">
      <Link to={`/sessions/${sessionId}`}>Open the session</Link> (sign in first if asked)
    </p>
  );
}

function ErrorNote() {
  const actionData = useActionData<typeof action>();
  return actionData?.error ? (
    <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {actionData.error}
    </p>
  ) : null;
}

type Loaded = Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { state: "unknown" }>;

function RescheduleLink({ data }: { data: Extract<Loaded, { kind: "reschedule" }> }) {
  const navigation = useNavigation();
  const { request } = data;
  const zone = request?.zone ?? "UTC";
  const labels = RESCHEDULE_LABELS[data.purpose as keyof typeof RESCHEDULE_LABELS];
  if (data.replaced && request) {
    const who = data.replaced.byYou ? "you" : (data.replaced.byName ?? "the other side");
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle>This proposal was replaced</PageTitle>
        <p className="mb-2">
          After this email was sent, {who} proposed another time, so this link no longer answers anything.{" "}
          {request.open ? (
            <>
              The current proposal is {formatRange(request.proposedStartsAt, request.proposedEndsAt, zone)}; the session stays on{" "}
              {formatRange(request.sessionStartsAt, request.sessionEndsAt, zone)} until it is accepted.
            </>
          ) : (
            <>
              The request is now <strong>{request.statusLabel}</strong>. The session is on {formatRange(request.sessionStartsAt, request.sessionEndsAt, zone)}.
            </>
          )}
        </p>
        <p className="mt-4">
          <Link to={request.open ? `/sessions/${request.sessionId}/reschedule` : `/sessions/${request.sessionId}`}>
            {request.open ? "See the current proposal" : "Open the session"}
          </Link>{" "}
          (sign in first if asked)
        </p>
      </div>
    );
  }
  if (data.state !== "valid") {
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle>{data.done ? "Answer recorded" : data.state === "used" ? "This link has been used" : "This link has expired"}</PageTitle>
        {request ? (
          <p className="mb-2">
            {data.done ? "Thank you: your answer was recorded. " : ""}The request is now <strong>{request.statusLabel}</strong>. The session is on{" "}
            {formatRange(request.sessionStartsAt, request.sessionEndsAt, zone)}.
          </p>
        ) : null}
        <p className="text-sm text-slate-700">
          {request?.open ? "The request is still open: answer it from the session's page." : "You can still propose another time or cancel from the session's page."}
        </p>
        {request ? <SessionLink sessionId={request.sessionId} /> : null}
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-lg">
      <PageTitle subtitle={request ? `${request.title} with ${request.tutorName}` : undefined}>{labels.title}</PageTitle>
      <ErrorNote />
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
      {request ? <SessionLink sessionId={request.sessionId} /> : null}
    </div>
  );
}

const REPLACEMENT_STATES = {
  open: "waiting for your choice",
  closed: "being cancelled: the time to choose has passed",
  settled: "settled: it goes ahead",
  cancelled: "cancelled",
  waiting: "booked",
  over: "over",
} as const;

function ReplacementLink({ data }: { data: Extract<Loaded, { kind: "replacement" }> }) {
  const navigation = useNavigation();
  const session = data.replacement;
  if (!session) return null;
  const when = formatRange(session.startsAt, session.endsAt, session.zone);
  if (data.state !== "valid" || session.state !== "open") {
    const title =
      data.done === "accept"
        ? `You are continuing with ${session.tutorName}`
        : data.done === "cancel"
          ? "Session cancelled"
          : session.state === "closed"
            ? "The time to choose has passed"
            : data.state === "expired"
              ? "This link has expired"
              : "This link has been used";
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle>{title}</PageTitle>
        <p className="mb-2">
          {data.done === "cancel" ? "It is being refunded in full. " : ""}The session on {when} is now <strong>{REPLACEMENT_STATES[session.state]}</strong>
          {session.state === "settled" ? `, with ${session.tutorName}` : ""}.
        </p>
        {session.state === "open" ? <p className="text-sm text-slate-700">Your choice is still open: make it from the session's page.</p> : null}
        {session.state === "closed" ? (
          <p className="text-sm text-slate-700">
            The choice closed at {session.replyByText} without an answer, so everything paid for the session is refunded in full; an email confirms it within a few minutes.
          </p>
        ) : null}
        {session.state === "cancelled" ? (
          <p className="text-sm text-slate-700">
            You can <Link to="/tutors">find another tutor and time</Link>.
          </p>
        ) : null}
        <SessionLink sessionId={session.sessionId} />
      </div>
    );
  }
  const busy = navigation.state !== "idle";
  return (
    <div className="mx-auto max-w-lg">
      <PageTitle subtitle={`${session.title} · ${when}`}>{session.offeredName ? `Continue with ${session.offeredName}?` : "Your tutor cancelled: choose what happens"}</PageTitle>
      <ErrorNote />
      {data.signedInAsSomeoneElse ? <p className="mb-3 text-sm text-amber-800">This link was sent to {session.recipientName}; the answer is recorded as theirs.</p> : null}
      <p className="mb-4">
        {session.cancelledByName} can no longer teach this session.{" "}
        {session.offeredName
          ? `${session.offeredName} teaches the subject and is free at the same time; nothing more is paid.`
          : "No other tutor of the subject is free at that time."}
      </p>
      <div className="flex flex-wrap gap-3">
        {session.offeredName ? (
          <Form method="post">
            <SubmitButton name="intent" value="accept" pending={busy}>
              Continue with {session.offeredName}
            </SubmitButton>
          </Form>
        ) : null}
        <Link to={`/sessions/${session.sessionId}/replacement`} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3">
          {session.offeredName ? "See other tutors" : "Choose another tutor and time"}
        </Link>
        <Form method="post">
          <SubmitButton name="intent" value="cancel" tone="danger" pending={busy}>
            Cancel for a full refund
          </SubmitButton>
        </Form>
      </div>
      <p className="mt-3 text-sm text-slate-600">Choosing another tutor needs you to sign in. Without a choice by {session.replyByText}, it is cancelled and refunded in full.</p>
    </div>
  );
}

/** An hours link: the session's hours and the confirm form while it works; where things stand once it does not. */
function HoursLink({ data }: { data: Extract<Loaded, { kind: "hours" }> }) {
  const actionData = useActionData<typeof action>();
  const hours = data.hours;
  if (!hours) {
    // The place was cancelled or the session is no longer one with hours to confirm.
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle>There are no hours to confirm here</PageTitle>
        <p className="mb-4">This booking no longer has hours waiting for an answer. Your sessions page shows where things stand.</p>
        <Link to="/sessions">Your sessions</Link>
      </div>
    );
  }
  const { seat, zone } = hours;
  if (data.state === "valid") {
    return (
      <div className="mx-auto max-w-lg">
        <PageTitle subtitle={`${hours.title} with ${hours.tutorName} · ${formatRange(hours.startsAt, hours.endsAt, zone)}`}>Confirm the hours</PageTitle>
        {data.signedInAsSomeoneElse ? <p className="mb-3 text-sm text-amber-800">This link was sent to {seat.bookedByName}; the answer is recorded as theirs.</p> : null}
        <HoursConfirmation view={{ ...hours, seats: [seat] }} zone={zone} result={actionData && "hours" in actionData ? actionData.hours : null} withAttendance />
        <SessionLink sessionId={hours.sessionId} />
      </div>
    );
  }
  const title = data.done
    ? data.done === "report"
      ? "Thank you: the problem is reported"
      : "Thank you: the hours are confirmed"
    : data.state === "expired"
      ? "This link has expired"
      : "This link has been used";
  return (
    <div className="mx-auto max-w-lg">
      <PageTitle subtitle={`${hours.title} with ${hours.tutorName}`}>{title}</PageTitle>
      <p className="mb-2">
        {seat.problem
          ? `A problem was reported with the hours of ${seat.studentName}'s session ${formatInstant(new Date(seat.problem.reportedAt), zone)}. A coordinator will look into it and email you the outcome.`
          : seat.confirmed
            ? `The hours of ${seat.studentName}'s session were confirmed ${formatInstant(new Date(seat.confirmed.at), zone)}.`
            : seat.state === "open" || seat.state === "overdue"
              ? "The hours still wait for your answer: confirm them from the session's page."
              : "The session is no longer waiting for its hours to be confirmed."}
      </p>
      {seat.confirmed ? <p className="text-sm text-slate-700">You can rate the session, or change your rating, from the session's page for 7 days.</p> : null}
      <SessionLink sessionId={hours.sessionId} />
    </div>
  );
}
