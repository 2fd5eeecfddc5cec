import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatRange } from "~/components/booking";
import { FieldErrors, FormErrors, PlainTextField, SubmitButton } from "~/components/forms";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { attendanceLabel, type AttendanceStatus } from "~/domain/sessions/attendance-marks";
import { ADMIN_NOTE_MAX, AdminNoteSchema, FlagMismatchSchema, MISMATCH_KINDS, MISMATCH_NOTE_MAX, ResolveMismatchSchema } from "~/domain/staff/forms";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { flagMismatch, resolveMismatch } from "~/services/mismatch-flags.server";
import { requestMeta } from "~/services/request-meta.server";
import { addAdminNote, getStaffSessionPage } from "~/services/staff-session-page.server";
import { formRefusal, intentOf, parseForm } from "~/utils/forms";
import { readFormData, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Session, staff view · Tutordesk" }];

const BACK = { to: "/coordinator", label: "Coordinator home" };

/** Coordinators and admins: a session's facts, its whole timeline, staff notes and the mismatch flag (docs/decisions/027). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const page = await getStaffSessionPage(user, args.params.sessionId ?? "").catch((error: unknown) => throwAsErrorPage(error, BACK));
  return json({ page, zone: user.timezone, isAdmin: user.roles.includes("ADMIN") });
}

type FormName = "note" | "flag" | "resolve-flag";
type FormResult = { form: FormName; values: Record<string, string>; errors: Record<string, string[]> };

const FIELDS: Record<FormName, readonly string[]> = { note: ["body"], flag: ["kind", "note"], "resolve-flag": ["flagId", "resolution"] };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const sessionId = args.params.sessionId ?? "";
  const here = `/coordinator/sessions/${sessionId}`;
  const formData = await readFormData(args.request);
  const form = intentOf(formData, ["note", "flag", "resolve-flag"]) ?? "note";
  const values = Object.fromEntries(FIELDS[form].map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, errors: Record<string, string[]>) => json<FormResult>({ form, values, errors }, { status });
  const meta = requestMeta(args.request);
  try {
    if (form === "note") {
      const parsed = parseForm(formData, AdminNoteSchema);
      if (!parsed.ok) return reply(400, errorsOf(parsed.result.error));
      await addAdminNote(user, sessionId, parsed.value.body, meta);
      return redirectWithFlash(args.request, `${here}#notes-heading`, "Note added. Only coordinators and admins see it.");
    }
    if (form === "flag") {
      const parsed = parseForm(formData, FlagMismatchSchema);
      if (!parsed.ok) return reply(400, errorsOf(parsed.result.error));
      await flagMismatch(user, sessionId, parsed.value, meta);
      return redirectWithFlash(args.request, `${here}#mismatch-heading`, "Mismatch flagged. It stays open until a coordinator resolves it.");
    }
    const parsed = parseForm(formData, ResolveMismatchSchema);
    if (!parsed.ok) return reply(400, errorsOf(parsed.result.error));
    await resolveMismatch(user, sessionId, parsed.value.flagId, parsed.value.resolution, meta);
    return redirectWithFlash(args.request, `${here}#mismatch-heading`, "Mismatch resolved.");
  } catch (error) {
    const refusal = formRefusal(error, BACK);
    return reply(refusal.status, { [refusal.field ?? ""]: [refusal.message] });
  }
}

function errorsOf(error: Record<string, string[] | null> | null | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])));
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];

export default function StaffSessionPage() {
  const { page, zone, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  const { session } = page;
  const resultFor = (form: FormName) => (result && result.form === form ? result : null);
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to="/coordinator">← Coordinator home</Link>
      </p>
      <PageTitle subtitle={`${formatRange(session.startsAt, session.endsAt, zone)} · ${session.tutorName}`}>{session.title}</PageTitle>
      <nav aria-label="This session elsewhere" className="mb-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Link to={`/sessions/${session.id}`}>The session page</Link>
        <Link to={`/coordinator/sessions/${session.id}/attendance`}>Attendance form</Link>
        <Link to={`/sessions/${session.id}/overrides`}>Policy overrides</Link>
        <Link to={`/coordinator/sessions/${session.id}/reassign`}>Move to another tutor</Link>
        {page.seats.flatMap((seat) => (seat.disputeHref ? [<Link key={seat.id} to={seat.disputeHref}>{`Reported problem (${seat.studentName})`}</Link>] : []))}
      </nav>
      {page.openFlag ? (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Mismatch flagged: {page.openFlag.kindLabel}. <a href="#mismatch-heading">See the flag</a>
        </p>
      ) : null}
      <Facts page={page} />
      <Card title={<span id="change-heading">Change this session</span>}>
        <p className="text-sm">
          <Link to={`/coordinator/sessions/${session.id}/change`}>Reschedule, cancel or move to another tutor</Link>, with the refund and the tutor's pay, previewed before anything
          changes.
        </p>
      </Card>
      <Card title={<span id="timeline-heading">Timeline, oldest first ({zone})</span>}>
        <Timeline page={page} zone={zone} />
      </Card>
      <Card title={<span id="notes-heading">Staff notes</span>}>
        <p className="mb-3 text-sm text-slate-700">Only coordinators and admins see these; tutors, learners and parents never do. A note cannot be edited once added.</p>
        {page.notes.length === 0 ? (
          <EmptyState>No notes yet.</EmptyState>
        ) : (
          <ol className="mb-4 divide-y divide-slate-200 text-sm">
            {page.notes.map((note) => (
              <li key={note.id} className="py-2">
                <p className="text-slate-600">
                  {formatInstant(new Date(note.createdAt), zone, { withZone: false })} · {note.authorName}
                </p>
                <p className="break-words whitespace-pre-line">{note.body}</p>
              </li>
            ))}
          </ol>
        )}
        {/* A new key once a note is added, so the box is empty again (JavaScript keeps the page's components). */}
        <NoteForm key={page.notes.length} result={resultFor("note")} />
      </Card>
      <Card title={<span id="mismatch-heading">Mismatch flag</span>}>
        <MismatchSection page={page} zone={zone} flagResult={resultFor("flag")} resolveResult={resultFor("resolve-flag")} />
      </Card>
      {isAdmin ? <AdminActions sessionId={session.id} /> : null}
    </div>
  );
}

/** Admins' interventions on this session (decision 030), each a confirmation page of its own. */
function AdminActions({ sessionId }: { sessionId: string }) {
  const base = `/coordinator/sessions/${sessionId}`;
  return (
    <Card title={<span id="admin-actions-heading">Admin actions</span>}>
      <p className="mb-2 text-sm text-slate-700">Each shows exactly what it will do and asks for a reason before anything changes.</p>
      <ul className="space-y-2 text-sm">
        <li>
          <Link to={`${base}/force-complete`}>Force complete</Link>: a session stuck in progress or waiting for its hours.
        </li>
        <li>
          <Link to={`${base}/clear-no-show`}>Clear a no-show</Link>: the session did take place.
        </li>
        <li>
          <Link to={`${base}/refund`}>Manual refund</Link>: part or all of what is left of a payment.
        </li>
        <li>
          <Link to={`/sessions/${sessionId}/overrides`}>Policy overrides</Link>: lift a policy for this session.
        </li>
      </ul>
    </Card>
  );
}

function Facts({ page }: { page: Page }) {
  const { session } = page;
  return (
    <Card title="The session">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Status</dt>
        <dd>
          {session.status}
          {session.cancelCause ? ` (${session.cancelCause.toLowerCase().replace(/_/g, " ")})` : ""}
          {session.reassignmentStatus ? ` · replacement ${session.reassignmentStatus.toLowerCase().replace(/_/g, " ")}` : ""}
        </dd>
        <dt className="font-medium">Tutor</dt>
        <dd>{session.tutorName}</dd>
        <dt className="font-medium">Kind</dt>
        <dd>
          {session.kind === "GROUP" ? "Group" : "One to one"}, {session.meetingType.toLowerCase().replace(/_/g, " ")}
          {session.subject ? ` · ${session.subject}` : ""}
        </dd>
        <dt className="font-medium">Price</dt>
        <dd>{session.priceText} a place</dd>
      </dl>
      <h3 className="mt-4 mb-1 text-sm font-semibold">Learners</h3>
      {page.seats.length === 0 ? (
        <EmptyState>Nobody has booked a place.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm">
          {page.seats.map((seat) => (
            <li key={seat.id} className="py-2">
              <p className="font-medium">
                {seat.studentName}
                {seat.bookedByName ? <span className="font-normal text-slate-600"> (booked by {seat.bookedByName})</span> : null}
              </p>
              <p>
                Place {seat.status.toLowerCase()} · {attendanceLabel(seat.attendance as AttendanceStatus, null)}
              </p>
              <p>
                Price {seat.priceText} · paid {seat.paidText} · refunded {seat.refundedText}
                {seat.refundPendingText ? ` (and ${seat.refundPendingText} not yet processed)` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Timeline({ page, zone }: { page: Page; zone: string }) {
  if (page.timeline.length === 0) return <EmptyState>Nothing has happened to this session yet.</EmptyState>;
  return (
    <ol className="divide-y divide-slate-200 text-sm">
      {page.timeline.map((entry) => (
        <li key={entry.key} className="py-2">
          <p className="break-words text-slate-600">
            {formatInstant(new Date(entry.at), zone, { withZone: false })}
            {entry.who ? ` · ${entry.who}` : ""}
          </p>
          <p className={`font-medium break-words ${entry.problem ? "text-red-800" : ""}`}>
            {entry.problem ? "Problem: " : ""}
            {entry.title}
          </p>
          {entry.detail ? <p className="break-words">{entry.detail}</p> : null}
          {entry.reason ? <p className="break-words whitespace-pre-line">Reason: {entry.reason}</p> : null}
          {entry.changes ? (
            <details>
              <summary className="min-h-6 cursor-pointer text-slate-600">Before and after</summary>
              <pre className="mt-1 overflow-x-auto text-xs break-all whitespace-pre-wrap">{entry.changes}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function useSubmitting(intent: FormName): boolean {
  const navigation = useNavigation();
  return navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
}

function NoteForm({ result }: { result: FormResult | null }) {
  const pending = useSubmitting("note");
  return (
    <Form method="post" className="space-y-3 text-sm">
      <input type="hidden" name="intent" value="note" />
      <FormErrors id="note-form-errors" errors={result?.errors[""]} />
      <PlainTextField
        id="body"
        name="body"
        label="Add a note"
        rows={4}
        maxLength={ADMIN_NOTE_MAX}
        defaultValue={result?.values.body ?? ""}
        errors={result?.errors.body}
        hint={`Plain text, up to ${ADMIN_NOTE_MAX.toLocaleString("en")} characters.`}
      />
      <SubmitButton tone="plain" pending={pending}>
        Add the note
      </SubmitButton>
    </Form>
  );
}

function MismatchSection({ page, zone, flagResult, resolveResult }: { page: Page; zone: string; flagResult: FormResult | null; resolveResult: FormResult | null }) {
  const flagging = useSubmitting("flag");
  const resolving = useSubmitting("resolve-flag");
  const when = (iso: string) => formatInstant(new Date(iso), zone, { withZone: false });
  let current: ReactNode;
  if (page.openFlag) {
    const flag = page.openFlag;
    current = (
      <>
        <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium">Open: {flag.kindLabel}</p>
          <p className="text-slate-700">
            Flagged by {flag.flaggedByName}, {when(flag.flaggedAt)}
          </p>
          <p className="break-words whitespace-pre-line">{flag.note}</p>
        </div>
        <Form method="post" className="space-y-3 text-sm">
          <input type="hidden" name="intent" value="resolve-flag" />
          <input type="hidden" name="flagId" value={flag.id} />
          <FormErrors id="resolve-flag-errors" errors={resolveResult?.errors[""] ?? resolveResult?.errors.flagId} />
          <PlainTextField
            id="resolution"
            name="resolution"
            label="How it was resolved"
            rows={3}
            maxLength={MISMATCH_NOTE_MAX}
            defaultValue={resolveResult?.values.resolution ?? ""}
            errors={resolveResult?.errors.resolution}
            hint="10 to 2,000 characters."
          />
          <SubmitButton tone="plain" pending={resolving}>
            Resolve the mismatch
          </SubmitButton>
        </Form>
      </>
    );
  } else {
    const kindErrors = flagResult?.errors.kind;
    current = (
      <Form method="post" className="space-y-3 text-sm">
        <input type="hidden" name="intent" value="flag" />
        <p className="text-slate-700">No open flag. Flag the session when the wrong tutor came or the wrong student was assigned.</p>
        <FormErrors id="flag-errors" errors={flagResult?.errors[""]} />
        <fieldset aria-describedby={kindErrors ? "kind-error" : undefined}>
          <legend className="font-medium">What went wrong</legend>
          {MISMATCH_KINDS.map((kind) => (
            <label key={kind.value} className="flex min-h-11 items-center gap-2">
              <input type="radio" name="kind" value={kind.value} defaultChecked={flagResult?.values.kind === kind.value} />
              {kind.label}
            </label>
          ))}
          <FieldErrors id="kind-error" errors={kindErrors} />
        </fieldset>
        <PlainTextField
          id="note"
          name="note"
          label="What happened"
          rows={3}
          maxLength={MISMATCH_NOTE_MAX}
          defaultValue={flagResult?.values.note ?? ""}
          errors={flagResult?.errors.note}
          hint="10 to 2,000 characters. Coordinators and admins see it."
        />
        <SubmitButton tone="plain" pending={flagging}>
          Flag a mismatch
        </SubmitButton>
      </Form>
    );
  }
  return (
    <>
      {current}
      {page.resolvedFlags.length > 0 ? (
        <>
          <h3 className="mt-4 mb-1 text-sm font-semibold">Resolved flags</h3>
          <ul className="divide-y divide-slate-200 text-sm">
            {page.resolvedFlags.map((flag) => (
              <li key={flag.id} className="py-2">
                <p className="font-medium">{flag.kindLabel}</p>
                <p className="text-slate-600">
                  Flagged by {flag.flaggedByName}, {when(flag.flaggedAt)}; resolved by {flag.resolvedByName ?? "a coordinator"}, {flag.resolvedAt ? when(flag.resolvedAt) : ""}
                </p>
                <p className="break-words whitespace-pre-line">{flag.note}</p>
                <p className="break-words whitespace-pre-line">Resolution: {flag.resolution}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
