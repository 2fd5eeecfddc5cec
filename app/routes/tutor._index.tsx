import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { requireUser } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Your teaching · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  return json({ name: user.name, timezone: user.timezone });
}

export default function TutorHome() {
  const { name, timezone } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Your schedule is kept in ${timezone}.`}>Hello, {name}</PageTitle>
      <Card title="Upcoming sessions">
        <EmptyState>No sessions are booked with you yet.</EmptyState>
      </Card>
    </>
  );
}
