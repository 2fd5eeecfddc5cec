import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/layout";
import { UpcomingSessions } from "~/components/upcoming-sessions";
import { requireUser } from "~/services/auth.server";
import { listSessions } from "~/services/sessions.server";
import { findChildOfParent } from "~/services/users.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.child.name ?? "Child"} · Tutordesk` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "PARENT" });
  // The link is part of the query: another parent's child is simply not found.
  const child = await findChildOfParent(user.id, args.params.studentId ?? "");
  if (!child) throw new Response("That student is not linked to your account.", { status: 404 });
  // The child's seats among those this parent may see (their linked children's and the ones they booked).
  const [upcoming, past] = await Promise.all([
    listSessions(user, { perspective: "learner", when: "upcoming", page: 0, studentId: child.id }),
    listSessions(user, { perspective: "learner", when: "past", page: 0, studentId: child.id }),
  ]);
  return json({ child, zone: user.timezone, upcoming, past });
}

export default function ChildPage() {
  const { child, zone, upcoming, past } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/parent">← Your children</Link>
      </p>
      <PageTitle subtitle={`${child.email} · ${child.timezone}`}>{child.name}</PageTitle>
      <UpcomingSessions
        rows={upcoming.rows}
        hasMore={upcoming.hasMore}
        zone={zone}
        empty={
          <>
            No upcoming sessions for {child.name}. <Link to="/tutors">Find a tutor</Link>
          </>
        }
      />
      {past.rows.length > 0 ? (
        <UpcomingSessions title="Past sessions" moreLabel="See all past sessions" moreHref="/sessions?when=past" rows={past.rows} hasMore={past.hasMore} zone={zone} empty={null} />
      ) : null}
    </>
  );
}
