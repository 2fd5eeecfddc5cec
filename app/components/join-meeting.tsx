import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { JOIN_OPENS_BEFORE_START_MINUTES, MeetingLinkSchema } from "~/domain/sessions/join";

export type JoinState = { state: "open"; url: string } | { state: "not_yet_open"; opensAtText: string } | { state: "none" };

/** The session page's Join link, or the line saying when it appears; nothing when there is nothing to join. */
export function JoinMeeting({ join }: { join: JoinState }) {
  if (join.state === "none") return null;
  return (
    <section aria-labelledby="join-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h2 id="join-heading" className="mb-2 font-semibold">
        Meeting
      </h2>
      {join.state === "open" ? (
        <p>
          <a href={join.url} rel="noopener noreferrer" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 font-medium text-white">
            Join
          </a>
        </p>
      ) : (
        <p className="text-slate-700">
          The Join link appears here at {join.opensAtText}, {JOIN_OPENS_BEFORE_START_MINUTES} minutes before the start.
        </p>
      )}
    </section>
  );
}

/**
 * A meeting link form: the tutor's default (profile) or one session's own link. Posts `meetingUrl`
 * (and `intent` when the page has several forms) to `action`; errors come back as conform's reply.
 */
export function MeetingLinkForm({
  id,
  action,
  intent,
  defaultUrl,
  lastResult,
  label,
  hint,
  submitLabel,
}: {
  id: string;
  action?: string;
  intent?: string;
  defaultUrl: string | null;
  lastResult?: SubmissionResult<string[]> | null;
  label: string;
  hint: string;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: { meetingUrl: defaultUrl ?? "" },
    constraint: getZodConstraint(MeetingLinkSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingLinkSchema }),
  });
  const pending = navigation.state === "submitting" && navigation.formAction === (action ?? navigation.formAction) && (!intent || navigation.formData?.get("intent") === intent);
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-3">
      <FormErrors id={form.errorId} errors={form.errors} />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <Field label={label} meta={fields.meetingUrl} hint={hint} autoComplete="url" />
      <SubmitButton pending={pending} tone="plain">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}

/** The tutor's per-session link form on the session page, under the Join section. */
export function SessionMeetingLinkEditor({ sessionId, editor }: { sessionId: string; editor: { sessionUrl: string | null; defaultUrl: string | null; online: boolean } }) {
  if (!editor.online) return null;
  return (
    <section aria-labelledby="meeting-link-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h2 id="meeting-link-heading" className="mb-2 font-semibold">
        Meeting link
      </h2>
      <MeetingLinkForm
        id="session-meeting-link"
        action={`/sessions/${sessionId}/meeting-link`}
        defaultUrl={editor.sessionUrl}
        label="Link for this session"
        hint={editor.defaultUrl ? `Leave it blank to use your default link, ${editor.defaultUrl}.` : "Leave it blank to use the default link on your profile (none yet)."}
        submitLabel="Save link"
      />
    </section>
  );
}
