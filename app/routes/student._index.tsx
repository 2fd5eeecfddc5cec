import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, PageTitle } from "~/components/layout";
import { requireUser } from "~/services/auth.server";
import { upcomingForHome } from "~/services/sessions.server";
import { listParentsOfStudent } from "~/services/users.server";
import { UpcomingSessions } from "~/components/upcoming-sessions";
import { StatsList } from "~/components/person-stats";
import { clock } from "~/services/clock.server";
import { learnerStats } from "~/services/person-stats.server";
import { Link } from "@remix-run/react";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Your sessions · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "STUDENT" });
  const [parents, upcoming, stats] = await Promise.all([listParentsOfStudent(user.id), upcomingForHome(user, "learner"), learnerStats(user.id, clock.now())]);
  return json({ name: user.name, timezone: user.timezone, parents, upcoming, stats });
}

export default function StudentHome() {
  const { name, timezone, parents, upcoming, stats } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Times are shown in ${timezone}.`}>Hello, {name}</PageTitle>
      <UpcomingSessions
        rows={upcoming.rows}
        hasMore={upcoming.hasMore}
        zone={timezone}
        empty={
          <>
            You have no sessions booked yet. <Link to="/tutors">Find a tutor</Link>
          </>
        }
      />
      <Card title="Your numbers">
        <StatsList stats={stats} label="Your numbers" />
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
