import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyState, PageTitle } from "~/components/layout";
import { formatInstant } from "~/domain/time/zones";
import { listAuditEvents } from "~/services/audit.server";
import { requireUser } from "~/services/auth.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Audit trail · Tutordesk" }];

const PAGE_SIZE = 50;

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireUser(args, { role: "ADMIN" });
  const url = new URL(args.request.url);
  const action = url.searchParams.get("action")?.slice(0, 100) || undefined;
  const beforeParam = url.searchParams.get("before");
  const before = beforeParam && /^\d{1,18}$/.test(beforeParam) ? BigInt(beforeParam) : undefined;
  const events = await listAuditEvents({ action, before, take: PAGE_SIZE });
  return json({
    action: action ?? "",
    timezone: admin.timezone,
    events: events.map((event) => ({ ...event, occurredAt: formatInstant(new Date(event.occurredAt), admin.timezone, { withZone: false }) })),
    older: events.length === PAGE_SIZE ? events[events.length - 1].id : null,
  });
}

export default function AuditTrail() {
  const { action, timezone, events, older } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Every change, newest first. Times in ${timezone}.`}>Audit trail</PageTitle>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Action starts with</span>
          <input type="search" name="action" defaultValue={action} placeholder="auth." className="rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 py-2">
          Filter
        </button>
      </Form>
      {events.length === 0 ? (
        <EmptyState>No events.</EmptyState>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {events.map((event) => (
            <li key={event.id} className="p-3 text-sm">
              <p className="text-slate-600">
                {event.occurredAt} · {event.actorName ?? "system"}
                {event.ip ? ` · ${event.ip}` : ""}
              </p>
              <p className="mt-1">
                <span className="font-semibold">{event.action}</span>{" "}
                {event.subjectHref ? (
                  <Link to={event.subjectHref} className="break-all">
                    {event.subject}
                  </Link>
                ) : (
                  <span className="break-all text-slate-700">{event.subject}</span>
                )}
              </p>
              {event.reason ? <p className="mt-1">Reason: {event.reason}</p> : null}
              {event.changes ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-slate-600">Changes</summary>
                  <pre className="mt-1 overflow-x-auto text-xs break-all whitespace-pre-wrap">{event.changes}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {older ? (
        <p className="mt-4">
          <Link to={`?${new URLSearchParams({ ...(action ? { action } : {}), before: older })}`}>Older events</Link>
        </p>
      ) : null}
    </>
  );
}
