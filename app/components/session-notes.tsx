import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors, SubmitButton } from "~/components/forms";
import { NotesFormSchema } from "~/domain/notes/forms";
import { ENGAGEMENT_LABELS, type NoteSummary } from "~/domain/notes/note-summary";
import type { NotesView } from "~/services/session-notes.server";

/*
 * Session notes on the session page (issue 15): the tutor's notes with their generated summary, and
 * each seat's completion notes, shown to the people who may read them and editable by their writers
 * while the window is open. Every text is plain text that React escapes. The forms post to
 * /sessions/:id/notes, which shows them again with the message and the text kept when refused.
 */

type LastResult = SubmissionResult<string[]> | null | undefined;

/** The refused submission belongs to this form only when it was this form's (its intent, and its seat). */
function resultFor(lastResult: LastResult, intent: string, seatId?: string): LastResult {
  const posted = lastResult?.initialValue as Record<string, unknown> | undefined;
  if (!posted || posted.intent !== intent) return undefined;
  return seatId === undefined || posted.seatId === seatId ? lastResult : undefined;
}

export function SessionNotes({ view, lastResult }: { view: NotesView; lastResult?: LastResult }) {
  const { tutorNotes } = view;
  return (
    <section aria-labelledby="notes-heading" className="mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h2 id="notes-heading" className="font-semibold">
        Session notes
      </h2>
      <p className="text-slate-600">
        {view.window.state === "open" ? `Notes can be changed until ${view.window.untilText}.` : `Notes could be changed until ${view.window.untilText}.`}
      </p>
      {tutorNotes.mayWrite ? (
        <NotesForm
          id="tutor-notes"
          action={`/sessions/${view.sessionId}/notes`}
          intent="tutor-notes"
          field="tutorNotes"
          label="Your notes on the session"
          hint={`Plain text, at most ${view.limits.tutorNotes.toLocaleString("en")} characters. ${view.group ? "Every learner in this session, their parents and the coordinators" : "The student, their parents and the coordinators"} read them.`}
          defaultText={tutorNotes.text}
          lastResult={resultFor(lastResult, "tutor-notes")}
          submitLabel="Save notes"
        />
      ) : (
        <div>
          <h3 className="font-medium">The tutor&apos;s notes</h3>
          {tutorNotes.text ? <p className="mt-1 whitespace-pre-line break-words">{tutorNotes.text}</p> : <p className="mt-1 text-slate-600">No notes yet.</p>}
        </div>
      )}
      {tutorNotes.updatedAtText ? <p className="text-slate-600">Notes last saved {tutorNotes.updatedAtText}.</p> : null}
      {tutorNotes.summary ? <GeneratedSummary summary={tutorNotes.summary} summarizer={tutorNotes.summarizer} /> : null}
      {view.seats.map((seat) => (
        <div key={seat.id} className="border-t border-slate-200 pt-3">
          {seat.mayWrite ? (
            <NotesForm
              id={`completion-notes-${seat.id}`}
              action={`/sessions/${view.sessionId}/notes`}
              intent="completion-notes"
              seatId={seat.id}
              field="completionNotes"
              label={`Completion notes for ${seat.studentName}`}
              hint={`Plain text, at most ${view.limits.completionNotes.toLocaleString("en")} characters. The tutor and the coordinators read them.`}
              defaultText={seat.text}
              lastResult={resultFor(lastResult, "completion-notes", seat.id)}
              submitLabel="Save completion notes"
            />
          ) : (
            <>
              <h3 className="font-medium">Completion notes for {seat.studentName}</h3>
              {seat.text ? <p className="mt-1 whitespace-pre-line break-words">{seat.text}</p> : <p className="mt-1 text-slate-600">None.</p>}
            </>
          )}
          {seat.updatedAtText ? <p className="mt-1 text-slate-600">Last saved {seat.updatedAtText}.</p> : null}
        </div>
      ))}
    </section>
  );
}

function GeneratedSummary({ summary, summarizer }: { summary: NoteSummary; summarizer: string | null }) {
  return (
    <section aria-labelledby="notes-summary-heading" className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <h3 id="notes-summary-heading" className="font-medium">
        Generated summary
      </h3>
      <p className="text-slate-600">
        Made automatically from the tutor&apos;s notes{summarizer === "local" ? " (by picking out frequent words and key sentences)" : ""}; read the notes for the full picture.
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">Key themes</dt>
        <dd>{summary.themes.length > 0 ? summary.themes.join(", ") : "None found"}</dd>
        <dt className="text-slate-600">Engagement</dt>
        <dd>{ENGAGEMENT_LABELS[summary.engagement]}</dd>
        <dt className="text-slate-600">Follow-ups</dt>
        <dd>
          {summary.followUps.length > 0 ? (
            <ul className="list-disc space-y-1 pl-4">
              {summary.followUps.map((followUp) => (
                <li key={followUp} className="break-words">
                  {followUp}
                </li>
              ))}
            </ul>
          ) : (
            "None found"
          )}
        </dd>
      </dl>
    </section>
  );
}

function NotesForm({
  id,
  action,
  intent,
  seatId,
  field,
  label,
  hint,
  defaultText,
  lastResult,
  submitLabel,
}: {
  id: string;
  action: string;
  intent: "tutor-notes" | "completion-notes";
  seatId?: string;
  field: "tutorNotes" | "completionNotes";
  label: string;
  hint: string;
  defaultText: string;
  lastResult: LastResult;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm<Record<string, string>>({
    id,
    lastResult,
    defaultValue: { [field]: defaultText },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NotesFormSchema }),
  });
  const meta = fields[field];
  const pending =
    navigation.state === "submitting" &&
    navigation.formAction === action &&
    navigation.formData?.get("intent") === intent &&
    navigation.formData?.get("seatId") === (seatId ?? null);
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-2">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {seatId ? <input type="hidden" name="seatId" value={seatId} /> : null}
      <div>
        <label htmlFor={meta.id} className="mb-1 block font-medium">
          {label}
        </label>
        <textarea
          {...getTextareaProps(meta, { ariaAttributes: true, ariaDescribedBy: meta.descriptionId })}
          key={meta.key}
          rows={6}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base aria-[invalid]:border-red-600"
        />
        <p id={meta.descriptionId} className="mt-1 text-slate-600">
          {hint}
        </p>
        <FieldErrors id={meta.errorId} errors={meta.errors} />
      </div>
      <SubmitButton pending={pending} tone="plain">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
