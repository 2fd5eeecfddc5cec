import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TimeSummary, WeekTimeChoices } from "~/components/booking";
import { SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { bookingWeeksRange, chosenBookingWeek, shownBookingWeek, inShownWeek, timesByDay } from "~/domain/scheduling/weeks";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { redirectWithFlash } from "~/services/flash.server";
import { answerReplacement, getReplacementView } from "~/services/replacements.server";
import { requestMeta } from "~/services/request-meta.server";
import { errorPage, readFormData } from "~/utils/http";
import { intentOf, parseForm, formRefusal, firstError, instantField } from "~/utils/forms";
import { z } from "zod";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Choose what happens · Tutordesk" }];

/**
 * After a tutor cancels: continue with the tutor offered, take another tutor free at the booked time,
 * pick another tutor and a time of theirs (a week at a time, same length, nothing more to pay), or
 * cancel for a full refund. Picking a tutor is a GET form, so it works without JavaScript.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const now = clock.now();
  const horizonDays = SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays;
  const asked = chosenBookingWeek(user.timezone, now, horizonDays, { week: url.searchParams.get("week") });
  const tutorId = url.searchParams.get("tutor") || undefined;
  // Asked for no week, the picked tutor's times are read once over every bookable week and the page opens on the first with any.
  const view = await getReplacementView(user, args.params.sessionId ?? "", { tutorId, range: asked.asked ? asked.range : bookingWeeksRange(user.timezone, now, horizonDays) });
  if (!view) throw errorPage(404, "That session does not exist, or the choice is not yours to make.", { to: "/sessions", label: "Your sessions" });
  const picked = view.state === "open" ? view.picked : null;
  const shown = shownBookingWeek(asked, user.timezone, now, horizonDays, picked ? picked.times.map((iso) => new Date(iso)) : null);
  // Only the shown week's times go to the page (and through timesByDay's date arithmetic).
  const weekTimes = picked ? picked.times.filter((iso) => inShownWeek(shown, iso)) : [];
  return json({
    view: view.state === "open" && view.picked ? { ...view, picked: { ...view.picked, times: weekTimes } } : view,
    zone: user.timezone,
    week: { id: shown.week.id, label: shown.label },
    // The tutor form keeps a week only when one was asked for, so picking a tutor opens on their first week with times.
    weekAsked: asked.asked,
    weekNotice: shown.weekNotice,
    openedLater: shown.openedLater,
    noneInHorizon: shown.noneInHorizon,
    previous: shown.previous,
    next: shown.next,
    days: picked ? timesByDay(shown.week, weekTimes, user.timezone) : [],
  });
}

type ActionResult = { error: string; field?: "startsAt" | "tutorId" };

/** Continue with another tutor at a time they are free (the session's own time, or one picked from their week). */
const ChooseSchema = z.object({ intent: z.literal("choose"), tutorId: z.string({ error: "Choose a tutor." }), startsAt: instantField("Choose one of the free times.") });
const AnswerSchema = z.object({ intent: z.enum(["accept", "cancel"]) });

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const form = await readFormData(args.request);
  const intent = intentOf(form, ["accept", "cancel", "choose"]);
  const back = `/sessions/${sessionId}`;
  try {
    if (intent === "accept" || intent === "cancel") {
      if (!parseForm(form, AnswerSchema).ok) return json<ActionResult>({ error: "Choose one of the options below." }, { status: 400 });
    }
    if (intent === "accept") {
      const result = await answerReplacement(user, sessionId, { answer: "accept" }, requestMeta(args.request));
      return redirectWithFlash(args.request, back, `You are continuing with ${result.tutorName}.`);
    }
    if (intent === "cancel") {
      const result = await answerReplacement(user, sessionId, { answer: "cancel" }, requestMeta(args.request));
      const refund = result.refunded.length > 0 ? ` A full refund of ${result.refunded.join(" and ")} is on its way.` : "";
      return redirectWithFlash(args.request, back, `The session was cancelled.${refund}`);
    }
    if (intent === "choose") {
      const parsed = parseForm(form, ChooseSchema);
      if (!parsed.ok) {
        const first = firstError(parsed.result, ["tutorId", "startsAt"]);
        return json<ActionResult>(
          { error: first?.message ?? "Choose one of the options below.", field: first?.field === "tutorId" || first?.field === "startsAt" ? first.field : undefined },
          { status: 400 },
        );
      }
      const { tutorId, startsAt } = parsed.value;
      const result = await answerReplacement(user, sessionId, { answer: "choose", tutorId, startsAt }, requestMeta(args.request));
      return redirectWithFlash(args.request, back, `The session is now with ${result.tutorName}. Nothing more is paid.`);
    }
  } catch (error) {
    const refusal = formRefusal(error, { to: back, label: "Back to the session" });
    return json<ActionResult>(
      { error: refusal.message, field: refusal.field === "startsAt" || refusal.field === "tutorId" ? refusal.field : undefined },
      { status: refusal.status },
    );
  }
  return json<ActionResult>({ error: "Choose one of the options below." }, { status: 400 });
}

export default function ChooseReplacement() {
  const { view, zone, week, weekAsked, weekNotice, openedLater, noneInHorizon, previous, next, days } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { session } = view;
  const back = (
    <p className="mb-2 text-sm">
      <Link to={`/sessions/${session.id}`}>← Back to the session</Link>
    </p>
  );
  if (view.state === "closed") {
    // The reply deadline has passed: the service refuses any answer now, so the page offers none.
    return (
      <div className="mx-auto max-w-lg">
        {back}
        <PageTitle subtitle={`${session.title} for ${session.studentName}`}>The time to choose has passed</PageTitle>
        {actionData?.error ? (
          <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {actionData.error}
          </p>
        ) : null}
        <TimeSummary startsAt={session.startsAt} endsAt={session.endsAt} viewerZone={zone} tutorZone={session.tutorZone} kind={session.kind} />
        <p className="mt-4">
          The choice closed at {formatInstant(new Date(session.replyBy), zone)} without an answer. The session is being cancelled and everything paid for it refunded in full; an
          email confirms it within a few minutes.
        </p>
      </div>
    );
  }
  if (view.state !== "open") {
    return (
      <div className="mx-auto max-w-lg">
        {back}
        <PageTitle subtitle={session.title}>Nothing to choose</PageTitle>
        <p>This session is not waiting for a choice of tutor: it has been settled or cancelled. Its page shows where it stands.</p>
      </div>
    );
  }
  const pickedTutor = view.picked;
  const pickedQuery = (weekId: string) => `?tutor=${encodeURIComponent(pickedTutor?.id ?? "")}&week=${weekId}`;
  return (
    <div className="mx-auto max-w-lg">
      {back}
      <PageTitle subtitle={`${session.title} for ${session.studentName}`}>Choose what happens</PageTitle>
      <TimeSummary startsAt={session.startsAt} endsAt={session.endsAt} viewerZone={zone} tutorZone={session.tutorZone} kind={session.kind} />
      <p className="mt-4">
        {view.cancelledByName} can no longer teach this session. Whatever you choose costs nothing more; if you make no choice by {formatInstant(new Date(session.replyBy), zone)},
        it is cancelled and refunded in full.
      </p>
      {actionData?.error && !actionData.field ? (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {actionData.error}
        </p>
      ) : null}

      {view.offered ? (
        <section aria-labelledby="offered-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-3">
          <h2 id="offered-heading" className="font-semibold">
            {view.offered.name} is free at this time
          </h2>
          <p className="mt-1 text-sm text-slate-700">They teach the same subject, and the session is held for them while you decide.</p>
          <Form method="post" className="mt-3">
            <SubmitButton name="intent" value="accept" pending={busy}>
              Continue with {view.offered.name}
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="same-time-heading" className="mt-4">
        <h2 id="same-time-heading" className="mb-2 font-semibold">
          {view.offered ? "Other tutors free at the booked time" : "Tutors free at the booked time"}
        </h2>
        {view.freeAtBookedTime.length === 0 ? (
          <p className="text-sm text-slate-600">No {view.offered ? "other " : ""}tutor of the subject is free at the booked time. Pick another tutor and time below.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            {view.freeAtBookedTime.slice(0, 10).map((tutor) => (
              <li key={tutor.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span>{tutor.name}</span>
                <Form method="post">
                  <input type="hidden" name="tutorId" value={tutor.id} />
                  <input type="hidden" name="startsAt" value={session.startsAt} />
                  <SubmitButton name="intent" value="choose" tone="plain" pending={busy}>
                    Choose {tutor.name}
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="other-time-heading" className="mt-6">
        <h2 id="other-time-heading" className="mb-2 font-semibold">
          Another tutor and time
        </h2>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="tutor" className="mb-1 block text-sm font-medium">
              Tutor
            </label>
            <select
              id="tutor"
              name="tutor"
              defaultValue={pickedTutor?.id ?? ""}
              aria-invalid={actionData?.field === "tutorId" ? true : undefined}
              className="min-h-11 rounded-md border border-slate-300 bg-white px-3"
            >
              <option value="">Choose…</option>
              {view.offered ? <option value={view.offered.id}>{view.offered.name}</option> : null}
              {view.tutors.map((tutor) => (
                <option key={tutor.id} value={tutor.id}>
                  {tutor.name}
                </option>
              ))}
            </select>
          </div>
          {weekAsked ? <input type="hidden" name="week" value={week.id} /> : null}
          <SubmitButton tone="plain">Show free times</SubmitButton>
        </Form>
        {actionData?.field === "tutorId" ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {actionData.error}
          </p>
        ) : null}
        {pickedTutor ? (
          <Form method="post" className="mt-4 space-y-3">
            <input type="hidden" name="intent" value="choose" />
            <input type="hidden" name="tutorId" value={pickedTutor.id} />
            {weekNotice ? (
              <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
                {weekNotice}
              </p>
            ) : null}
            {openedLater ? <p className="text-sm">No free times before this week, so the list starts here.</p> : null}
            <WeekTimeChoices
              weekLabel={week.label}
              previous={previous}
              next={next}
              weekHref={pickedQuery}
              legend={`${pickedTutor.name}'s free times this week (${session.lengthMinutes} minutes, in ${zone})`}
              days={days}
              error={actionData?.field === "startsAt" ? actionData.error : undefined}
              emptyMessage={noneInHorizon}
            />
            {days.length > 0 ? <SubmitButton pending={busy}>Move the session to {pickedTutor.name}</SubmitButton> : null}
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="cancel-heading" className="mt-6 rounded-lg border border-red-200 bg-white p-3">
        <h2 id="cancel-heading" className="font-semibold">
          Or cancel
        </h2>
        <p className="mt-1 text-sm text-slate-700">Everything paid for this session is refunded.</p>
        <Form method="post" className="mt-3">
          <SubmitButton name="intent" value="cancel" tone="danger" pending={busy}>
            Cancel for a full refund
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
