import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyState, PageTitle } from "~/components/layout";
import { AttachmentLinks } from "~/components/mailbox-attachments";
import { env } from "~/services/env.server";
import { listMailbox } from "~/services/outbox.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Mailbox (development) · Tutordesk" }];

/** Development only, and only without a Resend key: in production this page does not exist. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env.devMailbox) throw new Response("Not found", { status: 404 });
  const to = new URL(request.url).searchParams.get("to")?.slice(0, 254) || undefined;
  return json({ to: to ?? "", messages: await listMailbox({ to }) });
}

export default function Mailbox() {
  const { to, messages } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle="Every email the app wrote, newest first. Nothing here leaves this machine.">Development mailbox</PageTitle>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Recipient</span>
          <input type="search" name="to" defaultValue={to} className="rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 py-2">
          Filter
        </button>
      </Form>
      {messages.length === 0 ? (
        <EmptyState>No emails yet.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {messages.map((message) => (
            <li key={message.id} className="p-3">
              <Link to={`/dev/mailbox/${message.id}`} className="font-medium">
                {message.subject}
              </Link>
              <p className="text-sm text-slate-600">
                To {message.to} · {message.status.toLowerCase()} · {message.createdAt}
              </p>
              {message.attachments.length > 0 ? <AttachmentLinks messageId={message.id} attachments={message.attachments} /> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
