import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { DateTime } from "luxon";
import { EmptyState, PageTitle, Table } from "~/components/layout";
import { OperationsFilters } from "~/components/operations-filters";
import { BULK_CANCEL_MAX } from "~/domain/changes/schedule-change";
import { CANCELLABLE_STATUSES } from "~/domain/sessions/status";
import { offsetLabel } from "~/domain/time/zones";
import { hasRole } from "~/domain/users/roles";
import { formatPrice } from "~/domain/tutors/profile";
import { requireUser } from "~/services/auth.server";
import { listOperations, type OperationsRow } from "~/services/operations-list.server";
import { operationsCsvHref, operationsPageHref, readOperationsRequest } from "~/utils/operations-query";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Operations list · Tutordesk" }];

/**
 * The coordinators' operations list (issue 16): every session, filtered by a GET form whose fields are
 * the URL, a page at a time, times in the viewer's zone. Invalid filters come back beside their field
 * with a 400 and no rows; nothing a URL says can fail deeper.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const url = new URL(args.request.url);
  const zone = user.timezone;
  const { input, errors, query } = readOperationsRequest(url, zone);
  // Admins tick sessions for a bulk cancel (docs/decisions/031).
  const base = { zone, input, errors, csvHref: operationsCsvHref(url), mayBulkCancel: hasRole(user.roles, "ADMIN") };
  if (!query) return json({ ...base, rows: [], page: 1, previous: null, next: null }, { status: 400 });
  const { rows, hasMore } = await listOperations(user, query);
  return json({
    ...base,
    rows: rows.map((row) => present(row, zone)),
    page: query.page,
    previous: query.page > 1 ? operationsPageHref(url, query.page - 1) : null,
    next: hasMore ? operationsPageHref(url, query.page + 1) : null,
  });
}

/** A row as the page shows it: times in the viewer's zone with their offset, amounts in the session's currency. */
function present(row: OperationsRow, zone: string) {
  const local = (instant: Date) => DateTime.fromJSDate(instant).setZone(zone);
  const start = local(row.startsAt);
  const changes = [
    row.reschedules > 0 ? `Rescheduled ${row.reschedules}×` : null,
    row.reassigned ? "Replacement tutor" : null,
    row.pendingReschedule ? "Reschedule pending" : null,
  ].filter((change): change is string => change !== null);
  return {
    id: row.id,
    when: `${start.toFormat("ccc d LLL yyyy, HH:mm")}–${local(row.endsAt).toFormat("HH:mm")} ${offsetLabel(start)}`,
    title: row.title,
    kind: row.kind === "GROUP" ? "Group" : "1:1",
    tutorName: row.tutorName,
    learners: row.learners,
    status: row.status,
    attendance:
      row.actualStartedAt || row.actualEndedAt
        ? `${row.actualStartedAt ? local(row.actualStartedAt).toFormat("HH:mm") : "?"}–${row.actualEndedAt ? local(row.actualEndedAt).toFormat("HH:mm") : "?"}`
        : "—",
    price: formatPrice(row.priceMinor, row.currency),
    paid: formatPrice(row.paidMinor, row.currency),
    refunded: row.refundedMinor > 0 ? formatPrice(row.refundedMinor, row.currency) : "—",
    changes: changes.length > 0 ? changes.join(", ") : "—",
    href: `/sessions/${row.id}`,
    cancellable: (CANCELLABLE_STATUSES as readonly string[]).includes(row.statusCode),
  };
}

export default function OperationsList() {
  const { zone, input, errors, csvHref, rows, page, previous, next, mayBulkCancel } = useLoaderData<typeof loader>();
  const invalid = Object.keys(errors).length > 0;
  return (
    <>
      <PageTitle subtitle={`Every session, ${rows.length > 0 ? `page ${page}` : "filtered below"}. Times in ${zone.replace(/_/g, " ")}.`}>Operations list</PageTitle>
      <OperationsFilters input={input} errors={errors} />
      {invalid ? (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          Some filters need a correction (marked above); nothing is listed until they are fixed.
        </p>
      ) : (
        <p className="mb-3 text-sm">
          <a href={csvHref} download className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3">
            Export CSV (every page)
          </a>
        </p>
      )}
      {!invalid && rows.length === 0 ? <EmptyState>{page > 1 ? "No more sessions." : "No session matches these filters."}</EmptyState> : null}
      {rows.length > 0 ? (
        <BulkCancelForm enabled={mayBulkCancel}>
          <Table
            head={[...(mayBulkCancel ? ["Select"] : []), "Start", "Session", "Tutor", "Learners", "Status", "Attended", "Price", "Paid", "Refunded", "Changes", "Open"]}
            caption="Sessions"
            stacked
          >
            {rows.map((row) => (
              <tr key={row.id} className="align-top">
                {mayBulkCancel ? (
                  <td className="px-2 py-2">
                    {row.cancellable ? (
                      <label className="inline-flex min-h-11 min-w-11 items-center gap-2">
                        <input type="checkbox" name="sessionId" value={row.id} className="h-5 w-5" />
                        <span className="sr-only">{`Select for cancelling: ${row.when}, ${row.tutorName}`}</span>
                      </label>
                    ) : null}
                  </td>
                ) : null}
                <td className="px-2 py-2 font-medium">{row.when}</td>
                <td className="px-2 py-2">
                  {row.title} · {row.kind}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Tutor: </span>
                  {row.tutorName}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Learners: </span>
                  {row.learners.length > 0 ? row.learners.join(", ") : "None"}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Status: </span>
                  {row.status}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Attended: </span>
                  {row.attendance}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Price: </span>
                  {row.price}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Paid: </span>
                  {row.paid}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Refunded: </span>
                  {row.refunded}
                </td>
                <td className="px-2 py-2">
                  <span className="sm:sr-only">Changes: </span>
                  {row.changes}
                </td>
                <td className="px-2 py-2">
                  <Link to={row.href} className="inline-flex min-h-11 items-center" aria-label={`Open the session of ${row.when} with ${row.tutorName}`}>
                    Open
                  </Link>
                </td>
              </tr>
            ))}
          </Table>
        </BulkCancelForm>
      ) : null}
      {previous || next ? (
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {previous ? <Link to={previous}>← Previous page</Link> : <span />}
          {next ? <Link to={next}>Next page →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

/**
 * For admins, the list's rows sit in a GET form to the bulk cancel's confirmation page (nothing
 * changes before that page's own POST); for coordinators, the table alone.
 */
function BulkCancelForm({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  if (!enabled) return <>{children}</>;
  return (
    <Form method="get" action="/coordinator/sessions/bulk-cancel">
      {children}
      <p className="mt-3 text-sm">
        <button type="submit" className="min-h-11 rounded-md border border-red-700 bg-white px-4 py-2 font-medium text-red-800">
          Cancel the ticked sessions…
        </button>
        <span className="ml-2 text-slate-600">Up to {BULK_CANCEL_MAX}; a confirmation page lists each session and refund first.</span>
      </p>
    </Form>
  );
}
