import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { requireUser } from "~/services/auth.server";
import { upcomingForHome } from "~/services/sessions.server";
import { listChildren } from "~/services/users.server";
import { UpcomingSessions } from "~/components/upcoming-sessions";
import { StatsList } from "~/components/person-stats";
import { clock } from "~/services/clock.server";
import { learnerStats } from "~/services/person-stats.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Your children · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "PARENT" });
  const [children, upcoming] = await Promise.all([listChildren(user.id), upcomingForHome(user, "learner")]);
  const now = clock.now();
  // A family has a few children: one statement each.
  const stats = await Promise.all(children.map((child) => learnerStats(child.id, now)));
  return json({ name: user.name, timezone: user.timezone, children: children.map((child, index) => ({ ...child, stats: stats[index]! })), upcoming });
}

export default function ParentHome() {
  const { name, timezone, children, upcoming } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Times are shown in ${timezone}.`}>Hello, {name}</PageTitle>
      <Card title="Your children" actions={<Link to="/parent/children/new">Add a child</Link>}>
        {children.length === 0 ? (
          <EmptyState>
            Add a child to book sessions for them. <Link to="/parent/children/new">Add a child</Link>
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {children.map((child) => (
              <li key={child.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <Link to={`/parent/children/${child.id}`} className="font-medium">
                  {child.name}
                </Link>
                <span className="text-sm text-slate-600">{child.email}</span>
                <div className="w-full">
                  <StatsList stats={child.stats} label={`${child.name}'s numbers`} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <UpcomingSessions
        rows={upcoming.rows}
        hasMore={upcoming.hasMore}
        zone={timezone}
        empty={
          <>
            No sessions booked yet. <Link to="/tutors">Find a tutor</Link>
          </>
        }
      />
    </>
  );
}
