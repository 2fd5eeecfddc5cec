import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FieldErrors, FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { ExceptionSchema, ROWS_PER_DAY, scheduleFormValues, WEEKDAYS, WEEKLY_FIELD_NAMES, WeeklyScheduleSchema, windowFieldName } from "~/domain/scheduling/schedule-form";
import { requireUser } from "~/services/auth.server";
import { addException, getSchedule, localDateLabel, removeException, saveWeeklySchedule } from "~/services/availability.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { getTutorProfile } from "~/services/tutors.server";
import { CLOCK_INPUT_ATTRIBUTES } from "~/domain/time/clock-input";
import { formRefusal, intentOf, parseForm } from "~/utils/forms";
import { useFreshFormKey } from "~/utils/fresh-form";
import { errorPage, readFormData, redirect } from "~/utils/http";
import { z } from "zod";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Weekly schedule · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  if (!(await getTutorProfile(user.id))) throw redirect("/tutor/profile");
  const schedule = await getSchedule(user.id, user.timezone);
  return json({
    zone: user.timezone,
    savedZone: schedule.savedZone,
    weeklyValues: scheduleFormValues(schedule.weekly),
    exceptions: schedule.exceptions.map((row) => ({ ...row, label: localDateLabel(row.date, user.timezone) })),
  });
}

const RemoveExceptionSchema = z.object({ intent: z.literal("remove-exception"), exceptionId: z.string({ error: "Choose the exception to remove." }) });

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const formData = await readFormData(args.request);
  const meta = requestMeta(args.request);
  const intent = intentOf(formData, ["weekly", "add-exception", "remove-exception"]);
  if (intent === "weekly") {
    const parsed = parseForm(formData, WeeklyScheduleSchema, WEEKLY_FIELD_NAMES);
    if (!parsed.ok) return json({ form: "weekly", result: parsed.result }, { status: 400 });
    try {
      await saveWeeklySchedule(user, parsed.value, meta);
    } catch (error) {
      const refusal = formRefusal(error);
      return json({ form: "weekly", result: parsed.reply({ formErrors: [refusal.message] }) }, { status: refusal.status });
    }
    return redirectWithFlash(args.request, "/tutor/schedule", "Your weekly hours were saved.");
  }
  if (intent === "add-exception") {
    const parsed = parseForm(formData, ExceptionSchema, ["date", "kind", "start", "end"]);
    if (!parsed.ok) return json({ form: "exception", result: parsed.result }, { status: 400 });
    const value = parsed.value;
    try {
      await addException(
        user,
        value.kind === "BLOCKED" ? { date: value.date, kind: "BLOCKED" } : { date: value.date, kind: "HOURS", windows: [{ start: value.start!, end: value.end! }] },
        meta,
      );
    } catch (error) {
      const refusal = formRefusal(error);
      const field = refusal.field === "date" || refusal.field === "start" || refusal.field === "end" ? refusal.field : null;
      return json(
        { form: "exception", result: parsed.reply(field ? { fieldErrors: { [field]: [refusal.message] } } : { formErrors: [refusal.message] }) },
        { status: refusal.status },
      );
    }
    return redirectWithFlash(args.request, "/tutor/schedule", value.kind === "BLOCKED" ? `${value.date} is now a day off.` : `Other hours were set for ${value.date}.`);
  }
  if (intent === "remove-exception") {
    const parsed = parseForm(formData, RemoveExceptionSchema);
    if (!parsed.ok) throw errorPage(400, "Reload the page and choose the exception to remove again.", { to: "/tutor/schedule", label: "Your schedule" });
    const removed = await removeException(user, parsed.value.exceptionId, meta);
    return redirectWithFlash(args.request, "/tutor/schedule", removed ? "The exception was removed." : "That exception was already gone.", { tone: removed ? "success" : "info" });
  }
  throw errorPage(400, "This form is not one this page has. Reload the page and try again.", { to: "/tutor/schedule", label: "Your schedule" });
}

export default function SchedulePage() {
  const { zone, savedZone, weeklyValues, exceptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  // Each form starts afresh once it is saved, as without JavaScript.
  const weeklyKey = useFreshFormKey((formData) => formData.get("intent") === "weekly", actionData?.form === "weekly");
  const exceptionKey = useFreshFormKey((formData) => formData.get("intent") === "add-exception", actionData?.form === "exception");
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <>
      <PageTitle subtitle={`Wall-clock hours in ${zone}: 09:00 stays 09:00 when the clocks change.`}>Weekly schedule</PageTitle>
      <p className="mb-4 text-sm">
        <Link to="/tutor/slots">Dated slots, week by week →</Link>
      </p>
      {savedZone && savedZone !== zone ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          These hours were saved in {savedZone}. Saving again keeps the same clock times in {zone}.
        </p>
      ) : null}
      <Card title="Hours you usually teach">
        <WeeklyForm key={weeklyKey} lastResult={actionData?.form === "weekly" ? actionData.result : undefined} defaultValue={weeklyValues} pending={busy("weekly")} />
      </Card>
      <Card title="Days off and other hours">
        {exceptions.length === 0 ? (
          <EmptyState>No exceptions: every date follows your weekly hours.</EmptyState>
        ) : (
          <ul className="mb-4 divide-y divide-slate-100">
            {exceptions.map((row) => (
              <li key={row.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <strong>{row.label}</strong>: {row.kind === "BLOCKED" ? "day off" : `${row.start}–${row.end}`}
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-exception" />
                  <input type="hidden" name="exceptionId" value={row.id} />
                  <SubmitButton tone="plain">Remove</SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <ExceptionForm key={exceptionKey} lastResult={actionData?.form === "exception" ? actionData.result : undefined} pending={busy("add-exception")} />
      </Card>
    </>
  );
}

function WeeklyForm({ lastResult, defaultValue, pending }: { lastResult?: SubmissionResult<string[]>; defaultValue: Record<string, string>; pending: boolean }) {
  const [weeklyForm, weeklyFields] = useForm({
    id: "weekly",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    // A fixed error clears while typing, not on leaving the field, where the vanishing message would
    // move the submit button out from under the pointer and swallow the click.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WeeklyScheduleSchema }),
  });
  return (
    <Form method="post" {...getFormProps(weeklyForm)} className="space-y-4">
      <input type="hidden" name="intent" value="weekly" />
      <FormErrors id={weeklyForm.errorId} errors={weeklyForm.errors} />
      {WEEKDAYS.map(({ weekday, label }) => (
        <fieldset key={weekday} className="border-t border-slate-100 pt-3">
          <legend className="text-sm font-semibold">{label}</legend>
          <div className="mt-2 space-y-2">
            {Array.from({ length: ROWS_PER_DAY }, (_, row) => {
              const start = weeklyFields[windowFieldName(weekday, row, "start")];
              const end = weeklyFields[windowFieldName(weekday, row, "end")];
              return (
                <div key={row} className="flex flex-wrap items-center gap-2 text-sm">
                  <label className="flex items-center gap-1">
                    <span className="sr-only">
                      {label} hours {row + 1} from
                    </span>
                    <input
                      {...getInputProps(start, { type: "text" })}
                      {...CLOCK_INPUT_ATTRIBUTES}
                      key={start.key}
                      className="min-h-11 rounded-md border border-slate-300 bg-white px-2 py-1 text-base aria-[invalid]:border-red-600"
                    />
                  </label>
                  <span aria-hidden="true">to</span>
                  <label className="flex items-center gap-1">
                    <span className="sr-only">
                      {label} hours {row + 1} until
                    </span>
                    <input
                      {...getInputProps(end, { type: "text" })}
                      {...CLOCK_INPUT_ATTRIBUTES}
                      key={end.key}
                      className="min-h-11 rounded-md border border-slate-300 bg-white px-2 py-1 text-base aria-[invalid]:border-red-600"
                    />
                  </label>
                  <FieldErrors id={start.errorId} errors={start.errors} />
                  <FieldErrors id={end.errorId} errors={end.errors} />
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
      <p className="text-sm text-slate-600">Leave a row empty for no hours. An end of 00:00 means midnight.</p>
      <SubmitButton pending={pending}>Save weekly hours</SubmitButton>
    </Form>
  );
}

function ExceptionForm({ lastResult, pending }: { lastResult?: SubmissionResult<string[]>; pending: boolean }) {
  const [exceptionForm, exceptionFields] = useForm({
    id: "exception",
    lastResult,
    defaultValue: { kind: "BLOCKED" },
    shouldValidate: "onBlur",
    // A fixed error clears while typing, not on leaving the field, where the vanishing message would
    // move the submit button out from under the pointer and swallow the click.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExceptionSchema }),
  });
  return (
    <Form method="post" {...getFormProps(exceptionForm)} className="grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="intent" value="add-exception" />
      <div className="sm:col-span-2">
        <FormErrors id={exceptionForm.errorId} errors={exceptionForm.errors} />
      </div>
      <Field label="Date" meta={exceptionFields.date} type="date" />
      <SelectField
        label="On that date"
        meta={exceptionFields.kind}
        options={[
          { value: "BLOCKED", label: "Day off" },
          { value: "HOURS", label: "Different hours" },
        ]}
      />
      <Field label="From (different hours)" meta={exceptionFields.start} type="time" />
      <Field label="Until (different hours)" meta={exceptionFields.end} type="time" />
      <div className="sm:col-span-2">
        <SubmitButton pending={pending}>Add exception</SubmitButton>
      </div>
    </Form>
  );
}
