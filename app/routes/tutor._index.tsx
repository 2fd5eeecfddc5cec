import { RatingSummary } from "~/components/rating-summary";
import { averageRating } from "~/domain/sessions/confirmation";
import { recentTutorRatings } from "~/services/hours-confirmations.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatRange } from "~/components/booking";
import { SubmitButton } from "~/components/forms";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { formatInstant } from "~/domain/time/zones";
import { checkIn } from "~/services/attendance.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm } from "~/utils/forms";
import { readFormData } from "~/utils/http";
import { formatPrice, gradeLevelLabel } from "~/domain/tutors/profile";
import { requireUser } from "~/services/auth.server";
import { todayForTutor, upcomingForHome } from "~/services/sessions.server";
import { getTutorProfile } from "~/services/tutors.server";
import { UpcomingSessions } from "~/components/upcoming-sessions";
import { StatsList } from "~/components/person-stats";
import { clock } from "~/services/clock.server";
import { tutorStats } from "~/services/person-stats.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Your teaching · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const [profile, upcoming, today, ratings, stats] = await Promise.all([
    getTutorProfile(user.id),
    upcomingForHome(user, "tutor"),
    todayForTutor(user),
    recentTutorRatings(user.id),
    tutorStats(user, clock.now()),
  ]);
  return json({
    id: user.id,
    name: user.name,
    timezone: user.timezone,
    upcoming,
    today,
    stats,
    ratings: { summary: profile ? averageRating(profile) : null, recent: ratings },
    profile: profile && {
      subjects: profile.subjects.join(", "),
      gradeLevels: profile.gradeLevels.map(gradeLevelLabel).join(" · "),
      rate: `${formatPrice(profile.hourlyRateMinor, profile.currency)} an hour`,
      durations: profile.durations.join(", "),
    },
  });
}

const CheckInSchema = z.object({ intent: z.literal("check-in"), sessionId: z.string().min(1).max(64) });
type CheckInRefusal = { sessionId: string; error: string };

/** Check in from the "today" list: the same service as the session page, back here with the outcome. */
export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const parsed = parseForm(await readFormData(args.request), CheckInSchema);
  if (!parsed.ok) return json<CheckInRefusal>({ sessionId: "", error: "Reload the page and use a Check in button." }, { status: 400 });
  try {
    const { checkedInAt, lateMinutes } = await checkIn(user, parsed.value.sessionId, requestMeta(args.request));
    const late = lateMinutes > 0 ? `, ${lateMinutes} minute${lateMinutes === 1 ? "" : "s"} late` : "";
    return redirectWithFlash(args.request, "/tutor", `You checked in at ${formatInstant(checkedInAt, user.timezone)}${late}.`);
  } catch (error) {
    const refusal = formRefusal(error, { to: "/tutor", label: "Back to your home page" });
    return json<CheckInRefusal>({ sessionId: parsed.value.sessionId, error: refusal.message }, { status: refusal.status });
  }
}

export default function TutorHome() {
  const { id, name, timezone, profile, upcoming, today, ratings, stats } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle={`Your schedule is kept in ${timezone}.`}>Hello, {name}</PageTitle>
      <TodayList rows={today} zone={timezone} />
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
            <Link to="/tutor/earnings">Earnings</Link>
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
      {profile ? (
        <Card title="Your numbers">
          <StatsList stats={stats} label="Your numbers" />
          <p className="mt-2 text-xs text-slate-600">Booked sessions only (a hold that was never paid does not count). Hours are the times you recorded, or the booked length.</p>
        </Card>
      ) : null}
      {profile ? (
        <Card title="Your ratings">
          <RatingSummary rating={ratings.summary} />
          {ratings.recent.length > 0 ? (
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {ratings.recent.map((rating) => (
                <li key={rating.id} className="py-2">
                  <p>
                    <span className="font-medium">{rating.stars} of 5</span> · <Link to={`/sessions/${rating.sessionId}`}>{rating.studentName}</Link> ·{" "}
                    {formatInstant(new Date(rating.ratedAt), timezone, { withZone: false })}
                  </p>
                  {rating.comment ? <p className="whitespace-pre-line text-slate-700">{rating.comment}</p> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}

type TodayRow = ReturnType<typeof useLoaderData<typeof loader>>["today"][number];

/** Today's sessions with their check-in (a button right here) or check-out (on the session page, which asks for each learner's mark). */
function TodayList({ rows, zone }: { rows: TodayRow[]; zone: string }) {
  const refusal = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <Card title="Today">
      {rows.length === 0 ? (
        <EmptyState>No sessions today.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {rows.map((row) => (
            <li key={row.id} className="space-y-1 py-2 text-sm">
              <p className="font-medium">{formatRange(row.startsAt, row.endsAt, zone)}</p>
              <p className="text-slate-700">
                {row.title} · {row.learners} · {row.status}
              </p>
              {refusal?.sessionId === row.id ? (
                <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-2 text-red-800">
                  {refusal.error}
                </p>
              ) : row.action.note ? (
                <p className="text-slate-600">{row.action.note}.</p>
              ) : null}
              <div className="flex flex-wrap items-center gap-4">
                {row.action.kind === "check_in" ? (
                  <Form method="post" aria-label={`Check in: ${row.title}`}>
                    <input type="hidden" name="intent" value="check-in" />
                    <input type="hidden" name="sessionId" value={row.id} />
                    <SubmitButton pending={navigation.state === "submitting" && navigation.formData?.get("sessionId") === row.id}>Check in</SubmitButton>
                  </Form>
                ) : null}
                {row.action.kind === "check_out" && row.action.open ? (
                  <Link to={`/sessions/${row.id}`} className="inline-flex min-h-11 items-center rounded-md bg-brand px-3 font-medium text-white no-underline">
                    Check out…
                  </Link>
                ) : null}
                <Link to={`/sessions/${row.id}`}>View session</Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
