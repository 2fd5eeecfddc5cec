import { getFormProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { LearnerMarkFieldset } from "~/components/attendance-marks";
import { formatRange } from "~/components/booking";
import { Field, FieldErrors, FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { Card, PageTitle } from "~/components/layout";
import { ATTENDANCE_STATUSES, attendanceLabel, isSeatMarkField } from "~/domain/sessions/attendance-marks";
import {
  ATTENDANCE_NOTES_MAX,
  ATTENDANCE_REASON_MAX,
  ATTENDANCE_REASON_MIN,
  ATTENDANCE_SOURCES,
  AttendanceRecordSchema,
  SOURCE_LABELS,
  TUTOR_ATTENDANCE,
  TUTOR_ATTENDANCE_LABELS,
} from "~/domain/sessions/attendance-record";
import { CLOCK_INPUT_HINT } from "~/domain/time/clock-input";
import { formatInstant } from "~/domain/time/zones";
import { AttendanceFormError } from "~/services/attendance.server";
import { getAttendanceRecordView, recordAttendance } from "~/services/attendance-records.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm, replyToRefusal } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Attendance · Tutordesk" }];

const FIELDS = ["tutorAttendance", "tutorLateMinutes", "actualStart", "actualEnd", "checkInSource", "checkOutSource", "notes", "reason"];
/** Each learner's `mark-<seatId>` / `late-<seatId>` ride along; the service reads them. */
const Schema = AttendanceRecordSchema.catchall(z.string().optional());

const MARK_OPTIONS = ATTENDANCE_STATUSES.map((value) => ({ value, label: attendanceLabel(value) }));
const SOURCE_OPTIONS = ATTENDANCE_SOURCES.map((value) => ({ value, label: SOURCE_LABELS[value] }));
/** Read from the schema once, not on every render. */
const RECORD_CONSTRAINT = getZodConstraint(AttendanceRecordSchema);

/** Coordinators and admins (requireUser's COORDINATOR admits admins too); anyone else gets a 403. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const view = await getAttendanceRecordView(user, args.params.sessionId ?? "").catch((error: unknown) => throwAsErrorPage(error, { to: "/sessions", label: "Sessions" }));
  return json({ view, zone: user.timezone });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const sessionId = args.params.sessionId ?? "";
  const here = `/coordinator/sessions/${sessionId}/attendance`;
  const formData = await readFormData(args.request);
  const markFields = [...new Set(formData.keys())].filter(isSeatMarkField);
  const parsed = parseForm(formData, Schema, [...FIELDS, ...markFields]);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  const marks = Object.fromEntries(markFields.map((field) => [field, String(formData.get(field) ?? "")]));
  try {
    await recordAttendance(user, sessionId, parsed.value, marks, requestMeta(args.request));
  } catch (error) {
    if (error instanceof AttendanceFormError) {
      const fieldErrors = Object.fromEntries(Object.entries(error.errors).map(([field, message]) => [field, [message]]));
      return json(parsed.reply({ fieldErrors }), { status: 400 });
    }
    formRefusal(error, { to: here, label: "Back to the attendance" });
    return replyToRefusal(error, parsed.reply, FIELDS);
  }
  return redirectWithFlash(args.request, here, "Attendance saved. The change is in the history below and in the audit trail.");
}

export default function AttendancePage() {
  const { view, zone } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm">
        <Link to={`/sessions/${view.id}`}>← The session</Link>
      </p>
      <PageTitle subtitle={`${view.tutorName} · ${formatRange(view.startsAt, view.endsAt, zone)}`}>Attendance: {view.title}</PageTitle>
      <p className="text-sm">
        Status: <strong>{view.status}</strong>
      </p>
      {view.recordable ? (
        <AttendanceForm view={view} />
      ) : (
        <p role="status" className="rounded-md border border-slate-200 bg-white p-3 text-sm">
          This session is {view.status.toLowerCase()}: its attendance is not recorded here.
        </p>
      )}
      <Card title="History">
        {view.history.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing recorded yet.</p>
        ) : (
          <ol className="space-y-3 text-sm">
            {view.history.map((event) => (
              <li key={event.id} className="rounded-md border border-slate-200 p-3">
                <p className="font-medium">
                  {HISTORY_LABELS[event.action] ?? event.action} · {formatInstant(new Date(event.at), zone)} · {event.by}
                </p>
                {event.reason ? <p className="mt-1">Why: {event.reason}</p> : null}
                {event.changes.length > 0 ? (
                  <dl className="mt-2 grid grid-cols-1 gap-x-3 gap-y-1 break-words sm:grid-cols-[auto_1fr]">
                    {event.changes.map((change) => (
                      <div key={change.field} className="contents">
                        <dt className="text-slate-600">{change.field}</dt>
                        <dd>
                          {change.from} → {change.to}
                        </dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

const HISTORY_LABELS: Record<string, string> = {
  "session.checked_in": "Checked in",
  "session.checked_out": "Checked out",
  "session.attendance_recorded": "Attendance recorded by staff",
  "session.no_show": "Marked a no-show",
};

type View = ReturnType<typeof useLoaderData<typeof loader>>["view"];

function AttendanceForm({ view }: { view: View }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { ...view.current },
    constraint: RECORD_CONSTRAINT,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: Schema }),
  });
  const values: Record<string, unknown> = {
    ...Object.fromEntries(view.seats.map((seat) => [`mark-${seat.id}`, seat.status])),
    ...Object.fromEntries(view.seats.map((seat) => [`late-${seat.id}`, seat.lateMinutes ? String(seat.lateMinutes) : ""])),
    ...(lastResult?.initialValue ?? {}),
  };
  const chosenTutor = String(values.tutorAttendance ?? view.current.tutorAttendance);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-labelledby="record-heading">
      <h2 id="record-heading" className="font-semibold">
        Record attendance
      </h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="rounded-md border border-slate-200 p-3" aria-describedby={fields.tutorAttendance.errors ? fields.tutorAttendance.errorId : undefined}>
        <legend className="px-1 font-medium">Tutor: {view.tutorName}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {TUTOR_ATTENDANCE.map((value) => (
            <label key={value} className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="tutorAttendance" value={value} defaultChecked={chosenTutor === value} className="h-5 w-5" />
              {TUTOR_ATTENDANCE_LABELS[value]}
            </label>
          ))}
        </div>
        <FieldErrors id={fields.tutorAttendance.errorId} errors={fields.tutorAttendance.errors} />
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          <Field label={`Tutor's minutes late (when late, 1 to ${view.durationMinutes})`} meta={fields.tutorLateMinutes as FieldMetadata<string | undefined>} />
          <span />
          <Field label="Actual start" meta={fields.actualStart as FieldMetadata<string | undefined>} type="time" hint={CLOCK_INPUT_HINT} />
          <Field label="Actual end" meta={fields.actualEnd as FieldMetadata<string | undefined>} type="time" hint={CLOCK_INPUT_HINT} />
          <SelectField label="Check-in recorded from" meta={fields.checkInSource as FieldMetadata<string | undefined>} options={SOURCE_OPTIONS} />
          <SelectField label="Check-out recorded from" meta={fields.checkOutSource as FieldMetadata<string | undefined>} options={SOURCE_OPTIONS} />
        </div>
      </fieldset>
      {view.seats.length > 0 ? (
        <div className="space-y-2">
          <h3 className="font-medium">Learners</h3>
          {view.seats.map((seat) => (
            <LearnerMarkFieldset
              key={seat.id}
              seatId={seat.id}
              name={seat.name}
              options={MARK_OPTIONS}
              fallback={seat.status}
              values={values}
              errors={lastResult?.error ?? {}}
              durationMinutes={view.durationMinutes}
            />
          ))}
        </div>
      ) : null}
      <div>
        <label htmlFor={fields.notes.id} className="mb-1 block font-medium">
          Attendance notes <span className="font-normal text-slate-600">(staff only, up to {ATTENDANCE_NOTES_MAX} characters)</span>
        </label>
        <textarea
          {...getTextareaProps(fields.notes, { ariaAttributes: true })}
          key={fields.notes.key}
          rows={3}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
        <FieldErrors id={fields.notes.errorId} errors={fields.notes.errors} />
      </div>
      <div>
        <label htmlFor={fields.reason.id} className="mb-1 block font-medium">
          Why are you recording this?{" "}
          <span className="font-normal text-slate-600">
            ({ATTENDANCE_REASON_MIN} to {ATTENDANCE_REASON_MAX} characters, kept in the audit trail)
          </span>
        </label>
        <textarea
          {...getTextareaProps(fields.reason, { ariaAttributes: true })}
          key={fields.reason.key}
          rows={2}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
        <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <SubmitButton pending={navigation.state === "submitting"}>Save attendance</SubmitButton>
    </Form>
  );
}
