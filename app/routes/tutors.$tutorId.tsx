import { RatingSummary } from "~/components/rating-summary";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { ZoneChooser } from "~/components/zone-chooser";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { bookingWeeksRange, chosenBookingWeek, shownBookingWeek, inShownWeek } from "~/domain/scheduling/weeks";
import { offsetLabel } from "~/domain/time/zones";
import { gradeLevelLabel } from "~/domain/tutors/profile";
import { getTutorPage } from "~/services/tutor-search.server";
import { clock } from "~/services/clock.server";
import { resolveViewerZone } from "~/services/viewer-zone.server";
import { chooserTimeZones } from "~/services/zones.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.tutor.name} · Tutordesk` : "Tutor · Tutordesk" }];

const KINDS = ["all", "ONE_TO_ONE", "GROUP"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await resolveViewerZone(args);
  const url = new URL(args.request.url);
  const now = clock.now();
  const horizonDays = SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays;
  // A week (or day) that is unusable or outside the booking horizon shows the current week with a notice.
  const asked = chosenBookingWeek(viewer.zone, now, horizonDays, { week: url.searchParams.get("week"), day: url.searchParams.get("day") });
  const kindParam = url.searchParams.get("kind") ?? "all";
  const kind = (KINDS as readonly string[]).includes(kindParam) ? (kindParam as (typeof KINDS)[number]) : "all";

  // Asked for no week, the page opens on the first week with open times: one read and one generation
  // over every bookable week (a cached schedule; about 0.1 ms of generation, see docs/benchmarks.md).
  const page = await getTutorPage(args.params.tutorId ?? "", asked.asked ? asked.range : bookingWeeksRange(viewer.zone, now, horizonDays));
  if (!page) throw new Response("No tutor here: they may have stopped taking bookings.", { status: 404 });
  const { tutor } = page;
  const times = page.times.filter((time) => kind === "all" || time.kind === kind);
  const shown = shownBookingWeek(
    asked,
    viewer.zone,
    now,
    horizonDays,
    times.map((time) => time.startsAt),
  );
  const { week } = shown;

  // One entry per start time: weekly times list their lengths; group and dated slots stand alone.
  const days = week.days.map((date) => ({
    date,
    label: DateTime.fromISO(date).toFormat("cccc d LLLL"),
    entries: [] as { key: string; time: string; detail: string; href: string }[],
  }));
  const byStart = new Map<string, { time: string; lengths: number[] }>();
  for (const time of times) {
    // Read over the whole horizon, the times of other weeks are skipped before any date arithmetic.
    if (!inShownWeek(shown, time.startsAt)) continue;
    const start = DateTime.fromJSDate(time.startsAt).setZone(viewer.zone);
    const target = days.find((candidate) => candidate.date === start.toISODate());
    if (!target) continue;
    const clockTime = `${start.toFormat("HH:mm")} ${offsetLabel(start)}`;
    if (time.source === "slot") {
      const end = DateTime.fromJSDate(time.endsAt).setZone(viewer.zone).toFormat("HH:mm");
      target.entries.push({
        key: time.slotId!,
        time: clockTime,
        href: `/book/${tutor.id}?slot=${time.slotId}`,
        detail: time.kind === "GROUP" ? `Group until ${end} · ${time.seatsLeft} of ${time.capacity} seats left` : `1:1 until ${end}`,
      });
      continue;
    }
    const key = `${target.date}-${time.startsAt.toISOString()}`;
    const entry = byStart.get(key);
    if (entry) entry.lengths.push(time.durationMinutes);
    else {
      const created = { time: clockTime, lengths: [time.durationMinutes] };
      byStart.set(key, created);
      target.entries.push({ key, time: clockTime, detail: "", href: `/book/${tutor.id}?${new URLSearchParams({ start: time.startsAt.toISOString() })}` });
    }
  }
  for (const day of days) {
    for (const entry of day.entries) {
      const weekly = byStart.get(entry.key);
      if (weekly) entry.detail = `1:1 · ${weekly.lengths.join(", ")} min`;
    }
  }

  return json(
    {
      tutor: { ...tutor, gradeLevels: tutor.gradeLevels.map(gradeLevelLabel) },
      zone: viewer.zone,
      zones: chooserTimeZones(viewer.zone),
      week: { id: week.id, label: `${DateTime.fromISO(week.start).toFormat("d LLL")} – ${DateTime.fromISO(week.end).toFormat("d LLL yyyy")}` },
      weekNotice: shown.weekNotice,
      openedLater: shown.openedLater,
      noneInHorizon: shown.noneInHorizon,
      previous: shown.previous,
      next: shown.next,
      kind,
      days: days.filter((day) => day.entries.length > 0),
    },
    viewer.setCookie ? { headers: { "Set-Cookie": viewer.setCookie } } : undefined,
  );
}

export default function TutorPage() {
  const { tutor, zone, zones, week, weekNotice, openedLater, noneInHorizon, previous, next, kind, days } = useLoaderData<typeof loader>();
  const link = (params: Record<string, string>) => `?${new URLSearchParams({ tz: zone, week: week.id, kind, ...params })}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/tutors">← Find a tutor</Link>
      </p>
      <PageTitle subtitle={tutor.headline || undefined}>{tutor.name}</PageTitle>
      <Card>
        <p>{tutor.subjects.join(", ")}</p>
        <p className="text-sm text-slate-600">{tutor.gradeLevels.join(" · ")}</p>
        <p className="mt-1 font-medium">{tutor.rate}</p>
        <RatingSummary rating={tutor.rating} />
        {tutor.bio ? <p className="mt-3 whitespace-pre-line text-slate-700">{tutor.bio}</p> : null}
        <p className="mt-3 text-sm text-slate-600">Teaches from {tutor.timezone.replace(/_/g, " ")}.</p>
      </Card>
      <section aria-labelledby="times-heading">
        <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
          <h2 id="times-heading" className="text-xl font-semibold">
            Open times <span className="text-base font-normal text-slate-600">in {zone}</span>
          </h2>
          <ZoneChooser zone={zone} zones={zones} keep={{ week: week.id, kind }} />
        </div>
        {weekNotice ? (
          <p role="note" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {weekNotice}
          </p>
        ) : null}
        {/* On a phone the week gets its own line, with the two arrows side by side under it. */}
        <nav aria-label="Weeks" className="mb-3 grid grid-cols-2 items-center gap-x-4 gap-y-1 text-sm sm:flex sm:justify-between">
          {previous ? (
            <Link to={link({ week: previous })} className="py-2">
              ← Previous week
            </Link>
          ) : (
            <span className="py-2 text-slate-400">← Previous week</span>
          )}
          <span className="order-first col-span-2 font-semibold sm:order-none">Week of {week.label}</span>
          {next ? (
            <Link to={link({ week: next })} className="justify-self-end py-2">
              Next week →
            </Link>
          ) : (
            <span className="justify-self-end py-2 text-slate-400">Next week →</span>
          )}
        </nav>
        <p className="mb-4 flex flex-wrap gap-4 text-sm">
          {[
            ["all", "All times"],
            ["ONE_TO_ONE", "1:1 only"],
            ["GROUP", "Groups only"],
          ].map(([value, label]) => (
            <Link key={value} to={link({ kind: value })} aria-current={kind === value ? "page" : undefined} className="aria-[current=page]:font-semibold">
              {label}
            </Link>
          ))}
        </p>
        {openedLater ? <p className="mb-3 text-sm">No open times before this week, so the page starts here.</p> : null}
        {days.length === 0 ? (
          <EmptyState>{noneInHorizon ?? "No open times this week. Try the next week."}</EmptyState>
        ) : (
          <div className="space-y-4">
            {days.map((day) => (
              <section key={day.date} aria-label={day.label} className="rounded-lg border border-slate-200 bg-white p-3">
                <h3 className="mb-2 font-semibold">{day.label}</h3>
                <ul className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
                  {day.entries.map((entry) => (
                    <li key={entry.key}>
                      <Link to={entry.href} className="inline-block py-1 font-medium" aria-label={`Book ${day.label} at ${entry.time}, ${entry.detail}`}>
                        {entry.time}
                      </Link>{" "}
                      · {entry.detail}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </section>
    </>
  );
}
