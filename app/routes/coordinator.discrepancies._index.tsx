import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Card, EmptyState, PageTitle, Table } from "~/components/layout";
import { disputePriorityLabel } from "~/domain/disputes/report";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { DISPUTE_LIST_LIMIT, listDisputes } from "~/services/disputes.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Reported problems · Tutordesk" }];

/** The list's view, from the URL (a GET form): unknown values fall back to the defaults. */
const ViewSchema = z.object({
  show: z.enum(["open", "resolved"]).catch("open"),
  assignee: z.enum(["anyone", "me", "nobody"]).catch("anyone"),
});

/** Coordinators and admins (requireUser's COORDINATOR admits admins too). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const url = new URL(args.request.url);
  const view = ViewSchema.parse({ show: url.searchParams.get("show") ?? undefined, assignee: url.searchParams.get("assignee") ?? undefined });
  const rows = await listDisputes(user, { show: view.show, assignee: view.assignee === "anyone" ? null : view.assignee });
  return json({ rows, view, zone: user.timezone, limit: rows.length === DISPUTE_LIST_LIMIT ? DISPUTE_LIST_LIMIT : null });
}

const PRIORITY_TONE: Record<string, string> = { urgent: "text-red-800 font-semibold", high: "text-amber-900 font-semibold", normal: "", low: "text-slate-600" };

export default function Discrepancies() {
  const { rows, view, zone, limit } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Problems reported with sessions' hours. Open ones first, the longest waiting at the top. Times in ${zone}.`}>Reported problems</PageTitle>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Show</span>
          <select name="show" defaultValue={view.show} className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base">
            <option value="open">Open</option>
            <option value="resolved">Resolved (latest first)</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Assigned to</span>
          <select name="assignee" defaultValue={view.assignee} className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base">
            <option value="anyone">Anyone</option>
            <option value="me">Me</option>
            <option value="nobody">Nobody yet</option>
          </select>
        </label>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
          Show
        </button>
      </Form>
      <Card>
        {rows.length === 0 ? (
          <EmptyState>{view.show === "open" ? "No open problems. Nothing is waiting for a decision." : "No resolved problems yet."}</EmptyState>
        ) : (
          <Table
            head={["Reported", "Session", "Problem", "Minutes", "Priority", "Assigned", view.show === "open" ? "Tutor's side" : "Outcome"]}
            caption="Reported problems"
            stacked
          >
            {rows.map((row) => (
              <tr key={row.disputeId}>
                <td className="px-2 py-2">Reported {formatInstant(new Date(row.reportedAt), zone)}</td>
                <td className="px-2 py-2">
                  <Link to={`/coordinator/discrepancies/${row.disputeId}`} className="font-medium">
                    {row.title}
                  </Link>
                  <span className="block text-slate-600">
                    {formatInstant(new Date(row.startsAt), zone)} · {row.tutorName} with {row.studentName}
                  </span>
                </td>
                <td className="px-2 py-2">
                  {row.category}
                  <span className="block text-slate-600">by {row.reportedByName}</span>
                </td>
                <td className="px-2 py-2">
                  {row.claimedMinutes === null ? (
                    `${row.tutorMinutes} recorded`
                  ) : (
                    <>
                      {row.tutorMinutes} recorded, {row.claimedMinutes} reported
                      {row.discrepancy ? <strong className="block text-amber-900">Minutes differ</strong> : null}
                    </>
                  )}
                </td>
                <td className={`px-2 py-2 ${PRIORITY_TONE[row.priority]}`}>{disputePriorityLabel(row.priority)} priority</td>
                <td className="px-2 py-2">{row.assigneeName ? `Assigned to ${row.assigneeName}` : "Not assigned"}</td>
                <td className="px-2 py-2">{view.show === "open" ? (row.tutorAnswered ? "Tutor's side added" : "No tutor's side yet") : row.outcome}</td>
              </tr>
            ))}
          </Table>
        )}
        {limit ? (
          <p className="mt-3 text-sm text-slate-700">
            The first {limit} are shown{view.show === "open" ? ", the longest waiting first" : ", the latest first"}. Narrow the list by assignee to see others.
          </p>
        ) : null}
      </Card>
    </>
  );
}
