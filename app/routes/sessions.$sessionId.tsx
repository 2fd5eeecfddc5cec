import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatRange, TimeSummary } from "~/components/booking";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { JoinMeeting, SessionMeetingLinkEditor } from "~/components/join-meeting";
import { PageTitle } from "~/components/layout";
import { LearnerMarkFieldset } from "~/components/attendance-marks";
import { HoursConfirmation } from "~/components/hours-confirmation";
import { SessionNotes } from "~/components/session-notes";
import { meetingTypeLabel } from "~/domain/booking/forms";
import { isSeatMarkField, TUTOR_MARKS, tutorMarkLabel } from "~/domain/sessions/attendance-marks";
import { CLOCK_INPUT_HINT, clockTimeField } from "~/domain/time/clock-input";
import { formatInstant } from "~/domain/time/zones";
import { AttendanceFormError, checkIn, checkOut } from "~/services/attendance.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { confirmHours, getHoursView, saveRating } from "~/services/hours-confirmations.server";
import { addTutorSide, reportProblem } from "~/services/disputes.server";
import { getJoinView } from "~/services/meeting-links.server";
import { getNotesView } from "~/services/session-notes.server";
import { getSessionView } from "~/services/sessions.server";
import { formRefusal, intentOf, parseForm, replyToRefusal } from "~/utils/forms";
import { answerHoursForm } from "~/utils/hours-form";
import { answerProblemForm } from "~/utils/problem-form";
import { readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.session.title} · Tutordesk` : "Session · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const session = await getSessionView(user, args.params.sessionId ?? "");
  if (!session) throw new Response("That session does not exist, or it is not yours to see.", { status: 404 });
  const [join, hours, notes] = await Promise.all([getJoinView(user, session.id, user.timezone), getHoursView(user, session.id), getNotesView(user, session.id)]);
  return json({ session, join, hours, notes, zone: user.timezone, staff: user.roles.includes("COORDINATOR") || user.roles.includes("ADMIN") });
}

const CheckInSchema = z.object({ intent: z.literal("check-in") });
const CLOCK_MESSAGE = "Enter a 24-hour time, such as 09:00 or 17:30.";
/**
 * Blank times keep what the check-out records by itself (conform leaves a blank field out). Each
 * learner's mark and minutes late come as `mark-<seatId>` / `late-<seatId>`; the service reads them.
 */
const CheckOutSchema = z
  .object({ intent: z.literal("check-out"), actualStart: clockTimeField(CLOCK_MESSAGE).optional(), actualEnd: clockTimeField(CLOCK_MESSAGE).optional() })
  .catchall(z.string().optional());
const TUTOR_MARK_OPTIONS = TUTOR_MARKS.map((value) => ({ value, label: tutorMarkLabel(value) }));

type CheckInResult = { checkInError: string };

/** The tutor's check-in and check-out: each a plain form on this page, refused here with the service's message. */
export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["check-in", "check-out", "confirm-hours", "rate", "report-problem", "tutor-side"]);
  const meta = requestMeta(args.request);
  const here = `/sessions/${sessionId}`;
  const back = { to: here, label: "Back to the session" };
  if (intent === "confirm-hours" || intent === "rate") {
    return answerHoursForm(
      formData,
      async (answer) => {
        if (answer.intent === "rate") {
          const saved = await saveRating(user, answer.seatId, answer.rating, meta);
          return redirectWithFlash(args.request, here, saved === "saved" ? "Your rating is saved." : "Your rating is removed.");
        }
        const { completed } = await confirmHours(user, answer.seatId, { rating: answer.rating }, meta);
        return redirectWithFlash(args.request, here, completed ? "The hours are confirmed and the session is completed. Thank you." : "The hours are confirmed. Thank you.");
      },
      back,
    );
  }
  if (intent === "report-problem" || intent === "tutor-side") {
    return answerProblemForm(
      formData,
      intent,
      async (answer) => {
        if (answer.intent === "tutor-side") {
          await addTutorSide(user, answer.disputeId, answer.response, meta);
          return redirectWithFlash(args.request, here, "Your side is added. A coordinator reads it before deciding.");
        }
        await reportProblem(user, answer.seatId, answer.report, meta);
        return redirectWithFlash(args.request, here, "The problem is reported. A coordinator will look into it and email you the outcome.");
      },
      back,
    );
  }
  if (intent === "check-out") {
    const markFields = [...new Set(formData.keys())].filter(isSeatMarkField);
    const parsed = parseForm(formData, CheckOutSchema, ["actualStart", "actualEnd", ...markFields]);
    if (!parsed.ok) return json(parsed.result, { status: 400 });
    const marks = Object.fromEntries(markFields.map((field) => [field, String(formData.get(field) ?? "")]));
    let outcome: Awaited<ReturnType<typeof checkOut>>;
    try {
      outcome = await checkOut(user, sessionId, { actualStart: parsed.value.actualStart, actualEnd: parsed.value.actualEnd, marks }, meta);
    } catch (error) {
      if (error instanceof AttendanceFormError) {
        const fieldErrors = Object.fromEntries(Object.entries(error.errors).map(([field, message]) => [field, [message]]));
        return json(parsed.reply({ fieldErrors }), { status: 400 });
      }
      formRefusal(error, back);
      return replyToRefusal(error, parsed.reply, ["actualStart", "actualEnd"]);
    }
    const done = outcome.status === "NO_SHOW" ? "You checked out and marked the session a no-show: no learner came." : "You checked out. The session now waits for confirmation.";
    return redirectWithFlash(args.request, here, done);
  }
  if (!parseForm(formData, CheckInSchema).ok) return json<CheckInResult>({ checkInError: "Reload the page and use the Check in button." }, { status: 400 });
  try {
    const { checkedInAt, lateMinutes } = await checkIn(user, sessionId, meta);
    const late = lateMinutes > 0 ? `, ${lateMinutes} minute${lateMinutes === 1 ? "" : "s"} late` : "";
    return redirectWithFlash(args.request, here, `You checked in at ${formatInstant(checkedInAt, user.timezone)}${late}.`);
  } catch (error) {
    const refusal = formRefusal(error, back);
    return json<CheckInResult>({ checkInError: refusal.message }, { status: refusal.status });
  }
}

export default function SessionPage() {
  const { session, join, hours, notes, zone, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { attendance } = session;
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-2 flex flex-wrap justify-between gap-x-4 text-sm">
        <Link to="/sessions">← Sessions</Link>
        {staff ? <Link to={`/coordinator/sessions/${session.id}`}>Staff view: timeline, notes, flags</Link> : null}
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
        <dd className="font-semibold">
          {session.status}
          {session.noShowParty === "student" ? " (no learner came)" : ""}
        </dd>
        {attendance.checkedInAt ? (
          <>
            <dt className="text-slate-600">Checked in</dt>
            <dd>
              {formatInstant(new Date(attendance.checkedInAt), zone)}
              {attendance.lateMinutes ? ` (${attendance.lateMinutes} minute${attendance.lateMinutes === 1 ? "" : "s"} late)` : ""}
            </dd>
          </>
        ) : null}
        {attendance.checkedOutAt ? (
          <>
            <dt className="text-slate-600">Checked out</dt>
            <dd>{formatInstant(new Date(attendance.checkedOutAt), zone)}</dd>
          </>
        ) : null}
        {attendance.actualStartedAt && attendance.actualEndedAt ? (
          <>
            <dt className="text-slate-600">Actual time</dt>
            <dd>{formatRange(attendance.actualStartedAt, attendance.actualEndedAt, zone)}</dd>
          </>
        ) : null}
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
      {join ? <JoinMeeting join={join.join} /> : null}
      {join?.editor ? <SessionMeetingLinkEditor sessionId={session.id} editor={join.editor} /> : null}
      {session.checkIn ? <CheckInForm note={session.checkIn.note} /> : null}
      {session.checkOut ? <CheckOutForm {...session.checkOut} /> : null}
      {hours ? <HoursConfirmation view={hours} zone={zone} result={actionData && "hours" in actionData ? actionData.hours : null} /> : null}
      {notes ? <SessionNotes view={notes} /> : null}
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
        <p className="mt-4 flex flex-wrap gap-x-4 text-sm">
          <Link to={`/coordinator/sessions/${session.id}/attendance`}>Attendance</Link>
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
              <span>
                {seat.studentName}
                {seat.attendance ? <span className="block text-slate-600">{seat.attendance}</span> : null}
              </span>
              {session.isTutor ? <span className="text-slate-600">{seat.status}</span> : <Link to={`/bookings/${seat.id}`}>{seat.status}</Link>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function CheckInForm({ note }: { note: string | null }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const error = actionData && "checkInError" in actionData ? actionData.checkInError : null;
  return (
    <Form method="post" className="mt-4 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-labelledby="check-in-heading">
      <h2 id="check-in-heading" className="mb-2 font-semibold">
        Check in
      </h2>
      {error ? (
        <p role="alert" className="mb-2 rounded-md border border-red-300 bg-red-50 p-3 text-red-800">
          {error}
        </p>
      ) : note ? (
        <p className="mb-2 text-slate-600">{note}.</p>
      ) : (
        <p className="mb-2 text-slate-600">Check in when you start the session.</p>
      )}
      <input type="hidden" name="intent" value="check-in" />
      <SubmitButton pending={navigation.state === "submitting" && navigation.formData?.get("intent") === "check-in"}>Check in</SubmitButton>
    </Form>
  );
}

function CheckOutForm({
  note,
  actualStart,
  learners,
  durationMinutes,
}: {
  note: string | null;
  actualStart: string;
  learners: { seatId: string; name: string }[];
  durationMinutes: number;
}) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const lastResult = actionData && !("checkInError" in actionData) && !("hours" in actionData) ? actionData : undefined;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { actualStart },
    constraint: getZodConstraint(CheckOutSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckOutSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-labelledby="check-out-heading">
      <h2 id="check-out-heading" className="font-semibold">
        Check out
      </h2>
      {note ? <p className="text-slate-600">{note}.</p> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="check-out" />
      <Field label="Actual start" meta={fields.actualStart} type="time" hint={CLOCK_INPUT_HINT} />
      <Field label="Actual end" meta={fields.actualEnd} type="time" hint={`${CLOCK_INPUT_HINT}; leave it blank for the time you check out`} />
      {learners.length > 0 ? (
        <div className="space-y-2">
          <h3 className="font-medium">{learners.length === 1 ? "Did the student come?" : "Who came?"}</h3>
          {learners.map((learner) => (
            <LearnerMarkFieldset
              key={learner.seatId}
              seatId={learner.seatId}
              name={learner.name}
              options={TUTOR_MARK_OPTIONS}
              fallback="present"
              values={lastResult?.initialValue ?? {}}
              errors={lastResult?.error ?? {}}
              durationMinutes={durationMinutes}
            />
          ))}
        </div>
      ) : null}
      <SubmitButton pending={navigation.state === "submitting" && navigation.formData?.get("intent") === "check-out"}>Check out</SubmitButton>
    </Form>
  );
}
