import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateTime } from "luxon";
import { formatRange, TimeSummary, WeekTimeChoices } from "~/components/booking";
import { SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { reasonTextField } from "~/domain/changes/refunds";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { bookingWeeksRange, chosenBookingWeek, shownBookingWeek, inShownWeek, timesByDay } from "~/domain/scheduling/weeks";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { redirectWithFlash } from "~/services/flash.server";
import { getSessionPolicy } from "~/services/policies.server";
import { requestMeta } from "~/services/request-meta.server";
import { getRescheduleView, proposeReschedule, respondToReschedule } from "~/services/reschedules.server";
import { errorPage, readFormData } from "~/utils/http";
import { intentOf, parseForm, formRefusal, firstError, instantField } from "~/utils/forms";
import { z } from "zod";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Move session · Tutordesk" }];

/**
 * One page for the whole negotiation: propose a time (a week of the tutor's free times at a time), or,
 * with a request pending, answer it (accept, keep the booked time, suggest another, cancel free of
 * charge when the tutor asked) or withdraw your own proposal.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const now = clock.now();
  const horizonDays = SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays;
  const asked = chosenBookingWeek(user.timezone, now, horizonDays, { week: url.searchParams.get("week") });
  // Asked for no week, the page reads every bookable week once and opens on the first with free times.
  const view = await getRescheduleView(user, args.params.sessionId ?? "", asked.asked ? asked.range : bookingWeeksRange(user.timezone, now, horizonDays));
  if (!view) throw errorPage(404, "That session does not exist, or it is not yours to move.", { to: "/sessions", label: "Your sessions" });
  const shown = shownBookingWeek(
    asked,
    user.timezone,
    now,
    horizonDays,
    view.times.map((iso) => new Date(iso)),
  );
  // Only the shown week's times go to the page (and through timesByDay's date arithmetic).
  const weekTimes = view.times.filter((iso) => inShownWeek(shown, iso));
  return json({
    view: { ...view, times: weekTimes },
    zone: user.timezone,
    week: { id: shown.week.id, label: shown.label },
    weekNotice: shown.weekNotice,
    openedLater: shown.openedLater,
    noneInHorizon: shown.noneInHorizon,
    previous: shown.previous,
    next: shown.next,
    days: timesByDay(shown.week, weekTimes, user.timezone),
  });
}

type ActionResult = { error: string; field?: "startsAt" | "reason"; values?: Record<string, string> };

/** A new time with the reason for it: a first proposal, or a counter-proposal to the other side's. */
function proposalSchema(policy: Parameters<typeof reasonTextField>[0]) {
  return z.object({ intent: z.enum(["propose", "counter"]), startsAt: instantField("Choose the new time you are proposing."), reason: reasonTextField(policy) });
}
const AnswerSchema = z.object({ intent: z.enum(["accept", "reject", "withdraw", "cancel"]) });

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["propose", "counter", "accept", "reject", "withdraw", "cancel"]);
  const policy = await getSessionPolicy();
  const meta = requestMeta(args.request);
  const back = `/sessions/${sessionId}`;
  // What was typed, to show again beside an error.
  let values: Record<string, string> = {};
  try {
    if (intent === "propose" || intent === "counter") {
      const parsed = parseForm(formData, proposalSchema(policy));
      if (!parsed.ok) {
        const typed = (parsed.result.initialValue ?? {}) as Record<string, unknown>;
        values = { startsAt: String(typed.startsAt ?? ""), reason: String(typed.reason ?? "") };
        const first = firstError(parsed.result, ["startsAt", "reason"]);
        return json<ActionResult>(
          { error: first?.message ?? "Unknown action.", field: first?.field === "startsAt" || first?.field === "reason" ? first.field : undefined, values },
          { status: 400 },
        );
      }
      const { startsAt, reason } = parsed.value;
      values = { startsAt: String(parsed.input.startsAt ?? ""), reason: String(parsed.input.reason ?? "") };
      if (intent === "propose") await proposeReschedule(user, sessionId, { startsAt, reason }, meta);
      else await respondToReschedule(user, sessionId, { action: "counter", counterStartsAt: startsAt, reason }, meta);
      return redirectWithFlash(args.request, back, "Your proposal was sent. The session keeps its time until it is accepted.");
    }
    if (intent === "accept" || intent === "reject" || intent === "withdraw" || intent === "cancel") {
      if (!parseForm(formData, AnswerSchema).ok) return json<ActionResult>({ error: "Unknown action." }, { status: 400 });
      const { outcome } = await respondToReschedule(user, sessionId, { action: intent }, meta);
      const messages = {
        ACCEPTED: "Accepted: the session has moved.",
        REJECTED: "The session keeps its booked time.",
        WITHDRAWN: "Your request was withdrawn.",
        CANCELLED_BY_STUDENT: "The session was cancelled with a full refund.",
      } as const;
      return redirectWithFlash(args.request, back, messages[outcome as keyof typeof messages] ?? "Done.");
    }
  } catch (error) {
    const refusal = formRefusal(error, { to: back, label: "Back to the session" });
    return json<ActionResult>({ error: refusal.message, field: refusal.field === "startsAt" ? "startsAt" : undefined, values }, { status: refusal.status });
  }
  return json<ActionResult>({ error: "Unknown action." }, { status: 400 });
}

export default function Reschedule() {
  const { view, zone, week, weekNotice, openedLater, noneInHorizon, previous, next, days } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { session, request } = view;
  const choosing = !request || (request.yourTurn && request.countersLeft > 0);
  const intent = request ? "counter" : "propose";
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-2 text-sm">
        <Link to={`/sessions/${session.id}`}>← Back to the session</Link>
      </p>
      <PageTitle subtitle={`${session.title} · ${view.side === "TUTOR" ? session.studentName : `with ${session.tutorName}`}`}>Move this session</PageTitle>
      <TimeSummary startsAt={session.startsAt} endsAt={session.endsAt} viewerZone={zone} tutorZone={session.tutorZone} kind={session.kind} />
      {actionData?.error && !actionData.field ? (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {request ? (
        <section aria-labelledby="pending-heading" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <h2 id="pending-heading" className="font-semibold">
            {request.yourTurn ? "A new time is proposed" : "Waiting for an answer"}
          </h2>
          <p className="mt-1">Proposed: {formatRange(request.proposedStartsAt, request.proposedEndsAt, zone)}</p>
          <p>Reason: {request.reason}</p>
          <p>Answer by {DateTime.fromISO(request.expiresAt).setZone(zone).toFormat("ccc d LLL, HH:mm")}.</p>
          <div className="mt-3 flex flex-wrap gap-3">
            {request.yourTurn ? (
              <>
                <Form method="post">
                  <SubmitButton name="intent" value="accept" pending={busy}>
                    Accept the new time
                  </SubmitButton>
                </Form>
                <Form method="post">
                  <SubmitButton name="intent" value="reject" tone="plain" pending={busy}>
                    Keep the booked time
                  </SubmitButton>
                </Form>
              </>
            ) : (
              <Form method="post">
                <SubmitButton name="intent" value="withdraw" tone="plain" pending={busy}>
                  Withdraw my proposal
                </SubmitButton>
              </Form>
            )}
            {request.mayCancelFree ? (
              <Form method="post">
                <SubmitButton name="intent" value="cancel" tone="danger" pending={busy}>
                  Cancel with a full refund
                </SubmitButton>
              </Form>
            ) : null}
          </div>
          {request.yourTurn && request.countersLeft === 0 ? <p className="mt-2">No more counter-proposals are allowed: accept or keep the booked time.</p> : null}
        </section>
      ) : null}
      {choosing ? (
        <Form method="post" className="mt-4 space-y-4">
          <input type="hidden" name="intent" value={intent} />
          <h2 className="font-semibold">{request ? `Suggest another time (${request.countersLeft} left)` : "Propose a new time"}</h2>
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
            weekHref={(weekId) => `?week=${weekId}`}
            legend={`Free times this week (same length, in ${zone})`}
            days={days}
            error={actionData?.field === "startsAt" ? actionData.error : undefined}
            defaultValue={actionData?.values?.startsAt}
            emptyMessage={noneInHorizon}
          />
          <div>
            <label htmlFor="reason" className="mb-1 block text-sm font-medium">
              Why? ({view.policy.reasonMin}–{view.policy.reasonMax} characters)
            </label>
            <textarea
              id="reason"
              name="reason"
              rows={3}
              defaultValue={actionData?.values?.reason}
              aria-invalid={actionData?.field === "reason" ? true : undefined}
              aria-describedby={actionData?.field === "reason" ? "reason-error" : undefined}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 aria-[invalid]:border-red-600"
            />
            {actionData?.field === "reason" ? (
              <p id="reason-error" role="alert" className="mt-1 text-sm text-red-700">
                {actionData.error}
              </p>
            ) : null}
          </div>
          <p className="text-sm text-slate-600">The other side has {view.policy.expiryHours} hours to answer; the new time is kept for you meanwhile.</p>
          <SubmitButton pending={busy}>{request ? "Send this time instead" : "Send the proposal"}</SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
