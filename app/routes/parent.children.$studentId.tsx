import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { requireUser } from "~/services/auth.server";
import { findChildOfParent } from "~/services/users.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.child.name ?? "Child"} · Tutordesk` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "PARENT" });
  // The link is part of the query: another parent's child is simply not found.
  const child = await findChildOfParent(user.id, args.params.studentId ?? "");
  if (!child) throw new Response("That student is not linked to your account.", { status: 404 });
  return json({ child });
}

export default function ChildPage() {
  const { child } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/parent">← Your children</Link>
      </p>
      <PageTitle subtitle={`${child.email} · ${child.timezone}`}>{child.name}</PageTitle>
      <Card title="Sessions">
        <EmptyState>No sessions are booked for {child.name} yet.</EmptyState>
      </Card>
    </>
  );
}
