import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Chart } from "~/components/charts";
import { FieldErrors } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { OperationsOverview } from "~/components/operations-overview";
import { DashboardRangeSchema, dashboardRange } from "~/domain/analytics/definitions";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { getDashboard } from "~/services/dashboard.server";
import { operationsOverview } from "~/services/operations.server";
import { parseForm } from "~/utils/forms";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Admin · Tutordesk" }];

const RANGE_FIELDS = ["from", "to"] as const;

/**
 * The admin's dashboard (issue 17): a range of days in the admin's zone in the URL (default: the last
 * 30 days), the figures with what each counts and a link to the matching sessions, and the charts.
 * A wrong range keeps what was typed, says why beside the field, and answers 400 with the default
 * range's numbers below.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const url = new URL(args.request.url);
  const formData = new FormData();
  const input: Record<string, string> = {};
  for (const field of RANGE_FIELDS) {
    const value = url.searchParams.get(field)?.slice(0, 40);
    if (value) {
      formData.set(field, value);
      input[field] = value;
    }
  }
  const parsed = parseForm(formData, DashboardRangeSchema, RANGE_FIELDS);
  const errors = parsed.ok ? {} : (parsed.result.error ?? {});
  const range = dashboardRange(parsed.ok ? parsed.value : {}, user.timezone, clock.now());
  const [dashboard, overview] = await Promise.all([getDashboard(user, range), operationsOverview(user.timezone)]);
  return json(
    {
      name: user.name,
      timezone: user.timezone,
      input: parsed.ok ? { from: range.from, to: range.to } : input,
      errors,
      range: { from: range.from, to: range.to },
      dashboard,
      overview,
    },
    { status: parsed.ok ? 200 : 400 },
  );
}

const inputClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600";

export default function AdminHome() {
  const { name, timezone, input, errors, range, dashboard, overview } = useLoaderData<typeof loader>();
  const fieldErrors = errors as Record<string, string[] | undefined>;
  return (
    <>
      <PageTitle subtitle={`Signed in as ${name}.`}>Admin</PageTitle>
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-4">
        <Link to="/admin/users">Users</Link>
        <Link to="/admin/audit">Audit trail</Link>
        <Link to="/admin/policies">Policies</Link>
        <Link to="/admin/payroll">Payroll</Link>
        <Link to="/coordinator/sessions">Sessions</Link>
      </nav>
      <section aria-labelledby="range-heading" className="mb-6">
        <h2 id="range-heading" className="mb-2 text-lg font-semibold">
          {range.from} to {range.to}
        </h2>
        <p className="mb-3 text-sm text-slate-600">Sessions count by their start, in your zone ({timezone}). Each number links to the sessions it counts.</p>
        <Form method="get" className="flex flex-wrap items-end gap-3 text-sm">
          {RANGE_FIELDS.map((field) => (
            <div key={field} className="w-40">
              <label htmlFor={`range-${field}`} className="mb-1 block font-medium">
                {field === "from" ? "First day" : "Last day"}
              </label>
              <input
                id={`range-${field}`}
                type={fieldErrors[field]?.length ? "text" : "date"}
                name={field}
                defaultValue={(input as Record<string, string>)[field] ?? ""}
                placeholder="YYYY-MM-DD"
                aria-invalid={fieldErrors[field]?.length ? true : undefined}
                aria-describedby={fieldErrors[field]?.length ? `range-${field}-error` : undefined}
                className={inputClass}
              />
              <FieldErrors id={`range-${field}-error`} errors={fieldErrors[field]} />
            </div>
          ))}
          <button type="submit" className="min-h-11 rounded-md bg-brand px-4 py-2 font-medium text-white">
            Show
          </button>
          <Link to="/admin" className="min-h-11 py-2">
            Last 30 days
          </Link>
        </Form>
      </section>
      {dashboard.groups.map((group) => (
        <section key={group.title} aria-labelledby={`figures-${group.title}`} className="mb-6">
          <h2 id={`figures-${group.title}`} className="mb-2 text-lg font-semibold">
            {group.title}
          </h2>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            {group.figures.map((figure) => (
              <div key={figure.key} className="rounded-md border border-slate-200 bg-white p-3">
                <dt className="text-sm text-slate-600">{figure.label}</dt>
                <dd className="text-xl font-semibold tabular-nums">
                  {figure.href ? (
                    <Link to={figure.href} aria-label={`${figure.label}: ${figure.value}, list the sessions`}>
                      {figure.value}
                    </Link>
                  ) : (
                    figure.value
                  )}
                </dd>
                <dd className="mt-1 text-xs text-slate-600">{figure.meaning}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <section aria-labelledby="charts-heading" className="mb-6 space-y-8">
        <h2 id="charts-heading" className="text-lg font-semibold">
          Charts
        </h2>
        {dashboard.charts.map((chart) => (
          <Chart key={chart.key} title={chart.title} summary={chart.summary} geometry={chart.geometry} />
        ))}
      </section>
      <OperationsOverview overview={overview} timezone={timezone} />
    </>
  );
}
