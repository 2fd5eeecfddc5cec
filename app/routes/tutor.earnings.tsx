import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageTitle, Table } from "~/components/layout";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { getTutorEarnings } from "~/services/earnings.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Earnings · Tutordesk" }];

/** The signed-in tutor's own earnings: months in their zone, and one month's entries (`?month=YYYY-MM`). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const month = new URL(args.request.url).searchParams.get("month");
  return json({ earnings: await getTutorEarnings(user, { month }), zone: user.timezone });
}

function totalText(totals: { text: string }[]): string {
  return totals.length === 0 ? "Nothing yet" : totals.map((total) => total.text).join(" + ");
}

export default function TutorEarnings() {
  const { earnings, zone } = useLoaderData<typeof loader>();
  const { selected } = earnings;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/tutor">← Your home</Link>
      </p>
      <PageTitle subtitle={`What you earned for sessions completed, after the platform's fee. Months in ${zone}.`}>Earnings</PageTitle>
      <Card title="By month">
        <Table head={["Month", "Sessions", "Earned"]} caption="Earnings by month">
          {earnings.months.map((month) => (
            <tr key={month.month}>
              <td className="px-2 py-2">
                {month.month === selected.month ? (
                  <span aria-current="true" className="font-semibold">
                    {month.label}
                  </span>
                ) : (
                  <Link to={`?month=${month.month}`}>{month.label}</Link>
                )}
              </td>
              <td className="px-2 py-2">{month.entries}</td>
              <td className="px-2 py-2">{totalText(month.totals)}</td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card title={`${selected.label}: ${totalText(selected.totals)}`}>
        {selected.rows.length === 0 ? (
          <EmptyState>No earnings in {selected.label}.</EmptyState>
        ) : (
          <Table head={["When", "Session", "Why", "Price", "Fee", "You earn"]} caption={`Earnings in ${selected.label}`} stacked>
            {selected.rows.map((row) => (
              <tr key={row.id}>
                <td className="px-2 py-2">{formatInstant(new Date(row.earnedAt), zone)}</td>
                <td className="px-2 py-2">
                  <Link to={`/sessions/${row.sessionId}`}>{row.title}</Link> with {row.studentName}
                </td>
                <td className="px-2 py-2">{row.kindLabel}</td>
                <td className="px-2 py-2">Price {row.gross}</td>
                <td className="px-2 py-2">Fee {row.feePercent}%</td>
                <td className="px-2 py-2 font-semibold">{row.amount}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
