import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { requireUser } from "~/services/auth.server";
import { listParentsOfStudent } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Your sessions · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "STUDENT" });
  const parents = await listParentsOfStudent(user.id);
  return json({ name: user.name, timezone: user.timezone, parents });
}

export default function StudentHome() {
  const { name, timezone, parents } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Times are shown in ${timezone}.`}>Hello, {name}</PageTitle>
      <Card title="Upcoming sessions">
        <EmptyState>You have no sessions booked yet.</EmptyState>
      </Card>
      <Card title="Parents who book for you">
        {parents.length === 0 ? (
          <p className="text-slate-700">No parent is linked to your account.</p>
        ) : (
          <ul className="list-disc pl-5">
            {parents.map((parent) => (
              <li key={parent.id}>
                {parent.name} ({parent.email})
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
