import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/layout";
import { OperationsOverview } from "~/components/operations-overview";
import { requireUser } from "~/services/auth.server";
import { operationsOverview } from "~/services/operations.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Operations · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  return json({ name: user.name, timezone: user.timezone, overview: await operationsOverview(user.timezone) });
}

export default function CoordinatorHome() {
  const { name, timezone, overview } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Signed in as ${name}.`}>Operations</PageTitle>
      <OperationsOverview overview={overview} timezone={timezone} />
    </>
  );
}
