import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/layout";
import { OperationsOverview } from "~/components/operations-overview";
import { requireUser } from "~/services/auth.server";
import { operationsOverview } from "~/services/operations.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Admin · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  return json({ name: user.name, timezone: user.timezone, overview: await operationsOverview(user.timezone) });
}

export default function AdminHome() {
  const { name, timezone, overview } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Signed in as ${name}.`}>Admin</PageTitle>
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-4">
        <Link to="/admin/users">Users</Link>
        <Link to="/admin/audit">Audit trail</Link>
        <Link to="/admin/policies">Policies</Link>
        <Link to="/admin/payroll">Payroll</Link>
      </nav>
      <OperationsOverview overview={overview} timezone={timezone} />
    </>
  );
}
