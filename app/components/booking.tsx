import { Link } from "@remix-run/react";
import { DateTime } from "luxon";
import { PageTitle } from "./layout";
import { meetingTypeLabel } from "~/domain/booking/forms";
import { sessionKindLine } from "~/domain/booking/kind-line";
import type { DayOfChoices } from "~/domain/scheduling/weeks";
import { offsetLabel } from "~/domain/time/zones";

const STEPS = [
  { id: "time", label: "Time" },
  { id: "details", label: "Details" },
  { id: "review", label: "Review" },
  { id: "pay", label: "Pay" },
  { id: "done", label: "Done" },
] as const;

/** Where the booker is in the five steps; plain text, so it reads the same without JavaScript. */
export function BookingSteps({ current }: { current: (typeof STEPS)[number]["id"] }) {
  const index = STEPS.findIndex((step) => step.id === current);
  return (
    <ol aria-label="Booking steps" className="mb-4 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-500">
      {STEPS.map((step, position) => (
        <li
          key={step.id}
          aria-current={position === index ? "step" : undefined}
          className={position === index ? "font-semibold text-brand" : position < index ? "text-slate-700" : undefined}
        >
          {position + 1}. {step.label}
        </li>
      ))}
    </ol>
  );
}

/** "Tue 24 Nov 2026, 09:00–10:00 GMT-5 (America/New_York)", in one zone. */
export function formatRange(startsAt: string, endsAt: string, zone: string): string {
  const start = DateTime.fromISO(startsAt).setZone(zone);
  const end = DateTime.fromISO(endsAt).setZone(zone);
  const endText = start.hasSame(end, "day") ? end.toFormat("HH:mm") : end.toFormat("ccc d LLL, HH:mm");
  return `${start.toFormat("ccc d LLL yyyy, HH:mm")}–${endText} ${offsetLabel(start)} (${zone.replace(/_/g, " ")})`;
}

/** The chosen time in the viewer's zone, and in the tutor's when it differs. */
export function TimeSummary(props: {
  startsAt: string;
  endsAt: string;
  viewerZone: string;
  tutorZone: string;
  kind: "ONE_TO_ONE" | "GROUP";
  seatsLeft?: number;
  capacity?: number;
}) {
  const sameZone = DateTime.fromISO(props.startsAt).setZone(props.viewerZone).offset === DateTime.fromISO(props.startsAt).setZone(props.tutorZone).offset;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <p className="font-medium">{formatRange(props.startsAt, props.endsAt, props.viewerZone)}</p>
      {sameZone ? null : <p className="text-slate-600">Tutor's time: {formatRange(props.startsAt, props.endsAt, props.tutorZone)}</p>}
      <p className="text-slate-600">{sessionKindLine(props)}</p>
    </div>
  );
}

/** The time can no longer be booked (taken, past, full…): say why and lead back to the times. */
export function BookingUnavailable({ tutorId, message }: { tutorId: string; message: string }) {
  return (
    <div className="mx-auto max-w-lg">
      <PageTitle>This time cannot be booked</PageTitle>
      <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
        {message}
      </p>
      <Link to={`/tutors/${tutorId}`}>See the tutor's open times</Link>
    </div>
  );
}

/**
 * A week of free times as radio buttons named `startsAt`, with links to the neighbouring weeks; plain
 * HTML, so picking a week and a time works without JavaScript. `weekHref` builds a week link's query.
 */
export function WeekTimeChoices(props: {
  weekLabel: string;
  previous: string | null;
  next: string | null;
  weekHref: (weekId: string) => string;
  legend: string;
  days: DayOfChoices[];
  error?: string;
  defaultValue?: string;
  /** What an empty week says instead of "No free times this week" (e.g. none in the whole horizon). */
  emptyMessage?: string | null;
}) {
  const { days, error } = props;
  return (
    <>
      <nav aria-label="Weeks" className="grid grid-cols-2 items-center gap-x-4 gap-y-1 text-sm sm:flex sm:justify-between">
        {props.previous ? (
          <Link to={props.weekHref(props.previous)} className="py-2">
            ← Previous week
          </Link>
        ) : (
          <span className="py-2 text-slate-400">← Previous week</span>
        )}
        <span className="order-first col-span-2 font-semibold sm:order-none">Week of {props.weekLabel}</span>
        {props.next ? (
          <Link to={props.weekHref(props.next)} className="justify-self-end py-2">
            Next week →
          </Link>
        ) : (
          <span className="justify-self-end py-2 text-slate-400">Next week →</span>
        )}
      </nav>
      <fieldset aria-describedby={error ? "startsAt-error" : undefined}>
        <legend className="mb-1 text-sm font-medium">{props.legend}</legend>
        {days.length === 0 ? <p className="text-sm text-slate-600">{props.emptyMessage ?? "No free times this week. Try the next week."}</p> : null}
        <div className="space-y-3">
          {days.map((day) => (
            <div key={day.date}>
              <p className="text-sm font-semibold">{day.label}</p>
              <div className="mt-1 flex flex-wrap gap-2">
                {day.times.map((time) => (
                  <label key={time.value} className="flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm">
                    <input type="radio" name="startsAt" value={time.value} defaultChecked={props.defaultValue === time.value} aria-label={`${day.label} ${time.label}`} />
                    {time.label}
                  </label>
                ))}
              </div>
            </div>
          ))}
        </div>
        {error ? (
          <p id="startsAt-error" role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

/** A group session's own fields, shown (not asked) to a learner taking a seat in it (issue 13 B3). */
export function GroupSessionFields({ session }: { session: { subject: string; title: string; meetingType: string; location: string | null } }) {
  return (
    <section aria-labelledby="group-session-heading" className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h2 id="group-session-heading" className="font-semibold">
        You are joining this group session
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <SessionFieldRows session={session} />
      </dl>
    </section>
  );
}

/** Subject, title (when there is one) and meeting, as rows of a <dl>. */
export function SessionFieldRows({ session }: { session: { subject: string; title: string; meetingType: string; location: string | null } }) {
  return (
    <>
      <dt className="text-slate-600">Subject</dt>
      <dd>{session.subject}</dd>
      {session.title ? (
        <>
          <dt className="text-slate-600">Title</dt>
          <dd>{session.title}</dd>
        </>
      ) : null}
      <dt className="text-slate-600">Meeting</dt>
      <dd>{meetingTypeLabel(session.meetingType, session.location)}</dd>
    </>
  );
}
