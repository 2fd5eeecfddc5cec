import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FieldErrors } from "~/components/forms";
import { Card, EmptyState, PageTitle, Table } from "~/components/layout";
import { PayrollPeriodSchema, previousMonthDays } from "~/domain/pay/periods";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { getPayroll } from "~/services/earnings.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Payroll · Tutordesk" }];

/**
 * Admins only: every tutor's earnings for a period (whole days in the admin's zone), from the ledger.
 * The period is in the URL (a GET form); a bad one is explained beside its field, the typed text kept.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const url = new URL(args.request.url);
  const fallback = previousMonthDays(clock.now(), user.timezone);
  const typed = { from: url.searchParams.get("from") ?? fallback.from, to: url.searchParams.get("to") ?? fallback.to };
  const parsed = PayrollPeriodSchema.safeParse(typed);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), [issue.message]]));
    return json({ typed, errors, rows: null, zone: user.timezone }, { status: 400 });
  }
  return json({ typed, errors: {} as Record<string, string[]>, rows: await getPayroll(user, parsed.data, user.timezone), zone: user.timezone });
}

export default function Payroll() {
  const { typed, errors, rows, zone } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin">← Admin</Link>
      </p>
      <PageTitle subtitle={`What each tutor earned in the period, after the platform's fee, from the earnings ledger. Days in ${zone}, both ends included.`}>Payroll</PageTitle>
      <Form method="get" className="mb-4 flex flex-wrap items-start gap-3 text-sm">
        {(["from", "to"] as const).map((field) => (
          <div key={field} className="flex flex-col gap-1">
            <label htmlFor={`payroll-${field}`} className="font-medium">
              {field === "from" ? "First day" : "Last day"}
            </label>
            <input
              id={`payroll-${field}`}
              name={field}
              type="date"
              defaultValue={typed[field]}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `payroll-${field}-error` : undefined}
              className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600"
            />
            <FieldErrors id={`payroll-${field}-error`} errors={errors[field]} />
          </div>
        ))}
        <button type="submit" className="mt-6 min-h-11 rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
          Show
        </button>
      </Form>
      <Card
        actions={
          rows && rows.length > 0 ? (
            <a href={`/admin/payroll.csv?${new URLSearchParams(typed)}`} download>
              Export CSV
            </a>
          ) : undefined
        }
      >
        {rows === null ? null : rows.length === 0 ? (
          <EmptyState>No tutor earned anything in this period.</EmptyState>
        ) : (
          <Table head={["Tutor", "Seats", "Price paid", "Earned"]} caption="Earnings per tutor" stacked>
            {rows.map((row) => (
              <tr key={`${row.tutorId}-${row.currency}`}>
                <td className="px-2 py-2">
                  <Link to={`/admin/users/${row.tutorId}`}>{row.name}</Link>
                  <span className="block text-slate-600">{row.email}</span>
                </td>
                <td className="px-2 py-2">
                  {row.entries} seat{row.entries === 1 ? "" : "s"}
                </td>
                <td className="px-2 py-2">Price paid {row.gross}</td>
                <td className="px-2 py-2">
                  <span className="font-semibold">Earned {row.amount}</span>
                  {row.noShowsMinor !== 0 ? <span className="block text-slate-600">of which for learners' no-shows {row.noShows}</span> : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
