import { getCollectionProps, getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FieldErrors, FormErrors, SubmitButton } from "~/components/forms";
import { MeetingLinkForm } from "~/components/join-meeting";
import { MeetingLinkSchema } from "~/domain/sessions/join";
import { getTutorMeetingUrl, setTutorMeetingUrl } from "~/services/meeting-links.server";
import { Card, PageTitle } from "~/components/layout";
import { TimeZoneField } from "~/components/zone-chooser";
import { CURRENCIES, GRADE_LEVELS, OFFERED_DURATIONS, TutorProfileSchema } from "~/domain/tutors/profile";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { PaymentsToggle } from "~/components/payments-toggle";
import { getTutorProfile, saveTutorProfile, setTutorPayments } from "~/services/tutors.server";
import { telegramEnabled } from "~/services/telegram.server";
import { intentOf, parseForm, PaymentsToggleSchema } from "~/utils/forms";
import { errorPage, readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
import { withChosenZone } from "~/utils/zone-field";

export const meta: MetaFunction = () => [{ title: "Your tutor profile · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const profile = await getTutorProfile(user.id);
  return json({
    isNew: !profile,
    meetingUrl: profile ? await getTutorMeetingUrl(user.id) : null,
    paymentsEnabled: profile?.paymentsEnabled ?? true,
    showTelegram: telegramEnabled(),
    defaults: {
      headline: profile?.headline ?? "",
      bio: profile?.bio ?? "",
      subjects: profile?.subjects.join(", ") ?? "",
      gradeLevels: profile?.gradeLevels ?? [],
      hourlyRate: profile ? (profile.hourlyRateMinor / 100).toFixed(2) : "",
      currency: profile?.currency ?? "USD",
      durations: (profile?.durations ?? [60]).map(String),
      bufferMinutes: String(profile?.bufferMinutes ?? 10),
      timezone: user.timezone,
    },
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["payments", "meeting-link"]);
  if (intent === "meeting-link") {
    const link = parseForm(formData, MeetingLinkSchema);
    if (!link.ok) return json({ meetingLink: link.result }, { status: 400 });
    try {
      await setTutorMeetingUrl(user, link.value.meetingUrl, requestMeta(args.request));
    } catch (error) {
      throwAsErrorPage(error, { to: "/tutor/profile", label: "Back to your profile" });
    }
    return redirectWithFlash(args.request, "/tutor/profile", link.value.meetingUrl ? "Your meeting link was saved." : "Your meeting link was removed.");
  }
  if (intent === "payments") {
    const toggle = parseForm(formData, PaymentsToggleSchema);
    if (!toggle.ok) throw errorPage(400, "Reload the page and use the payments button again.", { to: "/tutor/profile", label: "Back to your profile" });
    const enabled = toggle.value.paymentsEnabled === "on";
    await setTutorPayments(user, user.id, enabled, requestMeta(args.request));
    return redirectWithFlash(args.request, "/tutor/profile", enabled ? "Students pay when they book again." : "Bookings with you are now free consultations.");
  }
  const parsed = parseForm(withChosenZone(formData), TutorProfileSchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  await saveTutorProfile(user, parsed.value, requestMeta(args.request));
  return redirectWithFlash(args.request, "/tutor", "Your profile was saved.");
}

const checkboxClass = "h-5 w-5 rounded border-slate-300";

export default function TutorProfilePage() {
  const { isNew, paymentsEnabled, showTelegram, defaults, meetingUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const meetingLinkResult = actionData && "meetingLink" in actionData ? actionData.meetingLink : undefined;
  const lastResult = actionData && !("meetingLink" in actionData) ? actionData : undefined;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(TutorProfileSchema),
    shouldValidate: "onBlur",
    // A fixed error clears while typing, not on leaving the field, where the vanishing message would
    // move the submit button out from under the pointer and swallow the click.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(withChosenZone(formData), { schema: TutorProfileSchema }),
  });
  return (
    <div className="mx-auto max-w-xl">
      <PageTitle subtitle={isNew ? "Students see this on your page. You can change it any time." : undefined}>Your tutor profile</PageTitle>
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Card title="What you teach">
          <div className="space-y-4">
            <Field label="Headline" meta={fields.headline} hint="One line, for example “Patient maths tutor for exam years”." />
            <Field label="Subjects" meta={fields.subjects} hint="Separate subjects with commas." />
            <fieldset>
              <legend className="mb-1 text-sm font-medium">Grade levels</legend>
              <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                {getCollectionProps(fields.gradeLevels, { type: "checkbox", options: GRADE_LEVELS.map((level) => level.value) }).map((props) => (
                  <label key={props.key} className="flex items-center gap-2">
                    <input {...props} key={props.key} className={checkboxClass} />
                    {GRADE_LEVELS.find((level) => level.value === props.value)?.label}
                  </label>
                ))}
              </div>
              <FieldErrors id={fields.gradeLevels.errorId} errors={fields.gradeLevels.errors} />
            </fieldset>
            <div>
              <label htmlFor={fields.bio.id} className="mb-1 block text-sm font-medium">
                About you
              </label>
              <textarea {...getTextareaProps(fields.bio)} key={fields.bio.key} rows={5} className="block w-full rounded-md border border-slate-300 px-3 py-2" />
              <FieldErrors id={fields.bio.errorId} errors={fields.bio.errors} />
            </div>
          </div>
        </Card>
        <Card title="Price and sessions">
          <div className="space-y-4">
            <div className="grid grid-cols-2 gap-3">
              <Field label="Hourly rate" meta={fields.hourlyRate} hint="Group seats cost the same per student." />
              <div>
                <label htmlFor={fields.currency.id} className="mb-1 block text-sm font-medium">
                  Currency
                </label>
                <select {...getSelectProps(fields.currency)} key={fields.currency.key} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2">
                  {CURRENCIES.map((currency) => (
                    <option key={currency}>{currency}</option>
                  ))}
                </select>
                <FieldErrors id={fields.currency.errorId} errors={fields.currency.errors} />
              </div>
            </div>
            <fieldset>
              <legend className="mb-1 text-sm font-medium">Session lengths you offer</legend>
              <div className="flex flex-wrap gap-4">
                {getCollectionProps(fields.durations, { type: "checkbox", options: OFFERED_DURATIONS.map(String) }).map((props) => (
                  <label key={props.key} className="flex items-center gap-2">
                    <input {...props} key={props.key} className={checkboxClass} />
                    {props.value} min
                  </label>
                ))}
              </div>
              <FieldErrors id={fields.durations.errorId} errors={fields.durations.errors} />
            </fieldset>
            <Field label="Minutes kept free between sessions" meta={fields.bufferMinutes} type="number" />
            <TimeZoneField label="Your time zone" meta={fields.timezone} />
          </div>
        </Card>
        <SubmitButton pending={navigation.state === "submitting"}>Save profile</SubmitButton>
      </Form>
      {showTelegram && !isNew ? (
        <p className="mt-6">
          <Link to="/tutor/telegram" className="underline">
            Telegram: check in and out from the bot
          </Link>
        </p>
      ) : null}
      {isNew ? null : (
        <div className="mt-6">
          <Card title="Meeting link">
            <MeetingLinkForm
              id="meeting-link"
              intent="meeting-link"
              defaultUrl={meetingUrl}
              lastResult={meetingLinkResult}
              label="Default meeting link"
              hint="Your video room, for example https://meet.example.com/your-room. Learners see a Join button 10 minutes before online sessions; you can set another link on a session's page."
              submitLabel="Save meeting link"
            />
          </Card>
        </div>
      )}
      {isNew ? null : (
        <div className="mt-6">
          <PaymentsToggle enabled={paymentsEnabled} who="you" />
        </div>
      )}
    </div>
  );
}
