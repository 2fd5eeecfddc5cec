import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { formatPrice, gradeLevelLabel } from "~/domain/tutors/profile";
import { requireUser } from "~/services/auth.server";
import { getTutorProfile } from "~/services/tutors.server";

export const meta: MetaFunction = () => [{ title: "Your teaching · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const profile = await getTutorProfile(user.id);
  return json({
    id: user.id,
    name: user.name,
    timezone: user.timezone,
    profile: profile && {
      subjects: profile.subjects.join(", "),
      gradeLevels: profile.gradeLevels.map(gradeLevelLabel).join(" · "),
      rate: `${formatPrice(profile.hourlyRateMinor, profile.currency)} an hour`,
      durations: profile.durations.join(", "),
    },
  });
}

export default function TutorHome() {
  const { id, name, timezone, profile } = useLoaderData<typeof loader>();
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
      <Card title="Upcoming sessions">
        <EmptyState>No sessions are booked with you yet.</EmptyState>
      </Card>
    </>
  );
}
