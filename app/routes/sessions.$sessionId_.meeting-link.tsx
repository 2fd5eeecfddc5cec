import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MeetingLinkForm } from "~/components/join-meeting";
import { PageTitle } from "~/components/layout";
import { MeetingLinkSchema } from "~/domain/sessions/join";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { getJoinView, setSessionMeetingUrl } from "~/services/meeting-links.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm, replyToRefusal } from "~/utils/forms";
import { errorPage, readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Meeting link · Tutordesk" }];

/**
 * A session's own meeting link, set by its tutor. The session page shows this form inline and posts
 * here; this page shows it again with the error and the input kept when the link is refused.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const view = await getJoinView(user, sessionId, user.timezone);
  if (!view) throw errorPage(404, "That session does not exist, or it is not yours to see.", { to: "/sessions", label: "Sessions" });
  if (!view.editor) throw errorPage(403, "Only the session's tutor can change its meeting link.", { to: `/sessions/${sessionId}`, label: "Back to the session" });
  return json({ sessionId, editor: view.editor });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const parsed = parseForm(await readFormData(args.request), MeetingLinkSchema);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  try {
    await setSessionMeetingUrl(user, sessionId, parsed.value.meetingUrl, requestMeta(args.request));
  } catch (error) {
    formRefusal(error, { to: `/sessions/${sessionId}`, label: "Back to the session" });
    return replyToRefusal(error, parsed.reply, ["meetingUrl"]);
  }
  return redirectWithFlash(
    args.request,
    `/sessions/${sessionId}`,
    parsed.value.meetingUrl ? "The session's meeting link was saved." : "The session now uses your default meeting link.",
  );
}

export default function SessionMeetingLinkPage() {
  const { sessionId, editor } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-2 text-sm">
        <Link to={`/sessions/${sessionId}`}>← Back to the session</Link>
      </p>
      <PageTitle>Meeting link</PageTitle>
      <MeetingLinkForm
        id="session-meeting-link"
        defaultUrl={editor.sessionUrl}
        lastResult={lastResult}
        label="Link for this session"
        hint={editor.defaultUrl ? `Leave it blank to use your default link, ${editor.defaultUrl}.` : "Leave it blank to use the default link on your profile (none yet)."}
        submitLabel="Save link"
      />
    </div>
  );
}
