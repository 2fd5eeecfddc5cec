import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/layout";
import { AttachmentLinks } from "~/components/mailbox-attachments";
import { env } from "~/services/env.server";
import { getMailboxMessage } from "~/services/outbox.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export async function loader({ params }: LoaderFunctionArgs) {
  if (!env.devMailbox) throw new Response("Not found", { status: 404 });
  const message = await getMailboxMessage(params.messageId ?? "");
  if (!message) throw new Response("No such message.", { status: 404 });
  return json({ message: { ...message, createdAt: message.createdAt.toISOString() } });
}

/** Shows the text part with its links clickable: the HTML part would need inline styles our CSP refuses. */
export default function MailboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  const parts = message.text.split(/(https?:\/\/\S+)/g);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/dev/mailbox">← Mailbox</Link>
      </p>
      <PageTitle subtitle={`To ${message.toAddress} · ${message.createdAt}`}>{message.subject}</PageTitle>
      <pre className="rounded-lg border border-slate-200 bg-white p-4 text-sm break-words whitespace-pre-wrap">
        {parts.map((part, index) =>
          part.match(/^https?:\/\//) ? (
            <a key={index} href={part}>
              {part}
            </a>
          ) : (
            part
          ),
        )}
      </pre>
      {message.attachments.length > 0 ? (
        <section aria-labelledby="attachments-heading" className="mt-4">
          <h2 id="attachments-heading" className="mb-2 text-lg font-semibold">
            Attachments
          </h2>
          <AttachmentLinks messageId={message.id} attachments={message.attachments} />
        </section>
      ) : null}
    </>
  );
}
