import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/layout";
import { SessionNotes } from "~/components/session-notes";
import { NotesFormSchema } from "~/domain/notes/forms";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { getNotesView, NotesFormError, saveCompletionNotes, saveTutorNotes } from "~/services/session-notes.server";
import { formRefusal, parseForm, replyToRefusal } from "~/utils/forms";
import { errorPage, readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Session notes · Tutordesk" }];

/**
 * The notes forms of the session page post here (docs/decisions/024). Saved: back to the session page
 * with a message. Refused: this page shows the notes forms again with the message beside the field
 * and the text kept, which is also what a GET shows (Remix runs this loader after a refused post
 * without JavaScript, so it cannot redirect).
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const view = await getNotesView(user, sessionId);
  if (!view) throw errorPage(404, "There are no notes of this session for you to see.", { to: `/sessions/${sessionId}`, label: "Back to the session" });
  return json({ view });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const back = { to: `/sessions/${sessionId}`, label: "Back to the session" };
  const parsed = parseForm(await readFormData(args.request), NotesFormSchema, ["tutorNotes", "seatId", "completionNotes"]);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  const meta = requestMeta(args.request);
  const input = parsed.value;
  let message: string;
  try {
    if (input.intent === "tutor-notes") {
      const saved = await saveTutorNotes(user, sessionId, input.tutorNotes, meta);
      message = !saved.changed ? "Your notes were already saved as they are." : saved.summary ? "Your notes were saved, with a generated summary." : "Your notes were saved.";
    } else {
      const saved = await saveCompletionNotes(user, sessionId, input.seatId, input.completionNotes, meta);
      message = saved.changed ? "Your completion notes were saved." : "Your completion notes were already saved as they are.";
    }
  } catch (error) {
    if (error instanceof NotesFormError) {
      return json(parsed.reply({ fieldErrors: Object.fromEntries(Object.entries(error.errors).map(([field, text]) => [field, [text]])) }), { status: 400 });
    }
    formRefusal(error, back);
    return replyToRefusal(error, parsed.reply, ["tutorNotes", "completionNotes"]);
  }
  return redirectWithFlash(args.request, `/sessions/${sessionId}#notes-heading`, message);
}

export default function SessionNotesPage() {
  const { view } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-2 text-sm">
        <Link to={`/sessions/${view.sessionId}`}>← Back to the session</Link>
      </p>
      <PageTitle>Session notes</PageTitle>
      <SessionNotes view={view} lastResult={lastResult} />
    </div>
  );
}
