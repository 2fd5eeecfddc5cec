import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatRange, TimeSummary } from "~/components/booking";
import { PageTitle } from "~/components/layout";
import { meetingTypeLabel } from "~/domain/booking/forms";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { getSessionView } from "~/services/sessions.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.session.title} · Tutordesk` : "Session · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const session = await getSessionView(user, args.params.sessionId ?? "");
  if (!session) throw new Response("That session does not exist, or it is not yours to see.", { status: 404 });
  return json({ session, zone: user.timezone, staff: user.roles.includes("COORDINATOR") || user.roles.includes("ADMIN") });
}

export default function SessionPage() {
  const { session, zone, staff } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-2 text-sm">
        <Link to="/sessions">← Sessions</Link>
      </p>
      <PageTitle subtitle={session.isTutor ? session.subject : `with ${session.tutorName}`}>{session.title}</PageTitle>
      <TimeSummary
        startsAt={session.startsAt}
        endsAt={session.endsAt}
        viewerZone={zone}
        tutorZone={session.tutorZone}
        kind={session.kind}
        seatsLeft={session.capacity - session.seatsTaken}
        capacity={session.capacity}
      />
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <dt className="text-slate-600">Status</dt>
        <dd className="font-semibold">{session.status}</dd>
        <dt className="text-slate-600">Tutor</dt>
        <dd>{session.tutorName}</dd>
        <dt className="text-slate-600">Subject</dt>
        <dd>{session.subject}</dd>
        <dt className="text-slate-600">Meeting</dt>
        <dd>{meetingTypeLabel(session.meetingType, session.location)}</dd>
        {session.description ? (
          <>
            <dt className="text-slate-600">Notes</dt>
            <dd className="whitespace-pre-line">{session.description}</dd>
          </>
        ) : null}
      </dl>
      {session.replacement ? (
        <section role="status" aria-labelledby="replacement-heading" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <h2 id="replacement-heading" className="font-semibold">
            {session.replacement.state === "closed"
              ? "Tutor cancelled: the time to choose has passed"
              : session.replacement.offered
                ? "Tutor changed: waiting for the student"
                : "Tutor cancelled: waiting for the student"}
          </h2>
          {session.replacement.state === "closed" ? (
            <p className="mt-1">
              {session.replacement.cancelledByName} cancelled, and no choice was made by {formatInstant(new Date(session.replacement.replyBy), zone)}. The session is being
              cancelled and everything paid for it refunded in full.
            </p>
          ) : (
            <p className="mt-1">
              {session.replacement.cancelledByName} cancelled.{" "}
              {session.replacement.offered ? `${session.tutorName} is free at this time and has been offered the session.` : "No other tutor of the subject is free at this time."}{" "}
              {session.replacement.yourChoice
                ? `Continue, choose another tutor, or cancel for a full refund, by ${formatInstant(new Date(session.replacement.replyBy), zone)}.`
                : `Other changes wait until the student has chosen (by ${formatInstant(new Date(session.replacement.replyBy), zone)}).`}
            </p>
          )}
          {session.replacement.yourChoice && session.replacement.state === "open" ? (
            <p className="mt-3">
              <Link to={`/sessions/${session.id}/replacement`} className="inline-flex min-h-11 items-center rounded-md bg-brand px-3 font-medium text-white">
                Choose what happens
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {session.pendingMove?.yours ? (
        <p role="status" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {session.pendingMove.yourTurn ? "A new time is proposed" : "You proposed a new time"}:{" "}
          {formatRange(session.pendingMove.proposedStartsAt, session.pendingMove.proposedEndsAt, zone)}.{" "}
          <Link to={`/sessions/${session.id}/reschedule`}>{session.pendingMove.yourTurn ? "Answer the request" : "See or withdraw it"}</Link>
        </p>
      ) : session.pendingMove ? (
        <p role="status" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {`A new time is proposed: ${formatRange(session.pendingMove.proposedStartsAt, session.pendingMove.proposedEndsAt, zone)}, waiting for the ${session.pendingMove.awaiting}'s answer.`}
        </p>
      ) : null}
      {session.canReschedule && !session.pendingMove ? (
        <p className="mt-4">
          <Link to={`/sessions/${session.id}/reschedule`} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3">
            Propose a new time…
          </Link>
        </p>
      ) : null}
      {session.canCancel ? (
        <p className="mt-4">
          <Link to={`/sessions/${session.id}/cancel`} className="inline-flex min-h-11 items-center rounded-md border border-red-300 px-3 text-red-800">
            {session.kind === "GROUP" && !session.cancelsWholeSession ? "Cancel my place…" : "Cancel session…"}
          </Link>
        </p>
      ) : null}
      {staff ? (
        <p className="mt-4 text-sm">
          <Link to={`/sessions/${session.id}/overrides`}>Policy overrides</Link>
        </p>
      ) : null}
      <section aria-labelledby="seats-heading" className="mt-4">
        <h2 id="seats-heading" className="mb-2 font-semibold">
          {session.kind === "GROUP" ? `Students (${session.seatsTaken} of ${session.capacity})` : "Student"}
        </h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          {session.seats.map((seat) => (
            <li key={seat.id} className="flex justify-between gap-2 p-3">
              <span>{seat.studentName}</span>
              {session.isTutor ? <span className="text-slate-600">{seat.status}</span> : <Link to={`/bookings/${seat.id}`}>{seat.status}</Link>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
