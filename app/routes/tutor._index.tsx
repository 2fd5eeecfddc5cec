import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, PageTitle } from "~/components/layout";
import { formatPrice, gradeLevelLabel } from "~/domain/tutors/profile";
import { requireUser } from "~/services/auth.server";
import { upcomingForHome } from "~/services/sessions.server";
import { getTutorProfile } from "~/services/tutors.server";
import { UpcomingSessions } from "~/components/upcoming-sessions";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Your teaching · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const [profile, upcoming] = await Promise.all([getTutorProfile(user.id), upcomingForHome(user, "tutor")]);
  return json({
    id: user.id,
    name: user.name,
    timezone: user.timezone,
    upcoming,
    profile: profile && {
      subjects: profile.subjects.join(", "),
      gradeLevels: profile.gradeLevels.map(gradeLevelLabel).join(" · "),
      rate: `${formatPrice(profile.hourlyRateMinor, profile.currency)} an hour`,
      durations: profile.durations.join(", "),
    },
  });
}

export default function TutorHome() {
  const { id, name, timezone, profile, upcoming } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Your schedule is kept in ${timezone}.`}>Hello, {name}</PageTitle>
      {profile ? (
        <Card title="Your teaching" actions={<Link to="/tutor/profile">Edit profile</Link>}>
          <p>{profile.subjects}</p>
          <p className="text-sm text-slate-600">{profile.gradeLevels}</p>
          <p className="mt-1">
            {profile.rate} · sessions of {profile.durations} minutes
          </p>
          <nav aria-label="Teaching" className="mt-3 flex flex-wrap gap-4">
            <Link to="/tutor/schedule">Weekly schedule</Link>
            <Link to="/tutor/slots">Dated slots</Link>
            <Link to={`/tutors/${id}`}>Your public page</Link>
          </nav>
        </Card>
      ) : (
        <Card title="Set up your tutor profile">
          <p className="mb-3">Add what you teach, your rate and the session lengths you offer; then your hours.</p>
          <Link to="/tutor/profile" className="inline-block rounded-md bg-brand px-4 py-2 font-medium text-white no-underline">
            Set up your profile
          </Link>
        </Card>
      )}
      <UpcomingSessions rows={upcoming.rows} hasMore={upcoming.hasMore} zone={timezone} empty="No sessions are booked with you yet." />
    </>
  );
}
