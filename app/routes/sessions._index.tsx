import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { EmptyState, PageTitle } from "~/components/layout";
import { parseWeekId, requestedWeek, shiftWeek, todayIn, weekContaining } from "~/domain/scheduling/weeks";
import { operationsSearchForFlag } from "~/domain/sessions/operations-filters";
import { offsetLabel } from "~/domain/time/zones";
import { hasRole } from "~/domain/users/roles";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { listSessions, type SessionListRow } from "~/services/sessions.server";
import { redirect } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Sessions · Tutordesk" }];

/**
 * Everyone's sessions in one place: a list (upcoming or past, 20 at a time) or a week, in the viewer's
 * zone. Someone who both teaches and books switches between the two with `as`.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const teaches = hasRole(user.roles, "TUTOR");
  const books = hasRole(user.roles, "STUDENT") || hasRole(user.roles, "PARENT");
  const staff = hasRole(user.roles, "COORDINATOR");
  const page = Math.max(0, Math.min(500, Number(url.searchParams.get("page")) || 0));
  const zone = user.timezone;
  // Coordinators and admins work from the operations list (issue 16); one who also teaches or books
  // reaches it with ?as=all, and the old list's ?flag= becomes the matching filter there.
  if (staff && (url.searchParams.get("as") === "all" || (!teaches && !books))) {
    throw redirect(`/coordinator/sessions${operationsSearchForFlag(url.searchParams.get("flag"))}`);
  }
  if (!teaches && !books) throw new Response("Sessions belong to tutors, students and parents.", { status: 403 });
  const perspective: "tutor" | "learner" = teaches && (url.searchParams.get("as") !== "learner" || !books) ? "tutor" : "learner";
  const view = url.searchParams.get("view") === "week" ? "week" : "list";
  const when = url.searchParams.get("when") === "past" ? "past" : "upcoming";

  let week = null as null | { id: string; label: string; previous: string | null; next: string | null; days: string[]; notice: string | null };
  let range: { from: Date; to: Date } | undefined;
  if (view === "week") {
    // An unusable ?week= (malformed, or a year outside 2000–2100) shows the current week with a notice.
    const requested = requestedWeek({ week: url.searchParams.get("week") });
    const chosen = requested.week ?? weekContaining(todayIn(zone, clock.now()));
    const linkable = (id: string) => (parseWeekId(id) ? id : null);
    const from = DateTime.fromISO(chosen.start, { zone });
    range = { from: from.toJSDate(), to: from.plus({ weeks: 1 }).toJSDate() };
    week = {
      id: chosen.id,
      label: `${DateTime.fromISO(chosen.start).toFormat("d LLL")} – ${DateTime.fromISO(chosen.end).toFormat("d LLL yyyy")}`,
      previous: linkable(shiftWeek(chosen, -1).id),
      next: linkable(shiftWeek(chosen, 1).id),
      days: chosen.days,
      notice: requested.notice,
    };
  }
  const { rows, hasMore } = await listSessions(user, { perspective, when, page, range });
  const present = (row: SessionListRow) => {
    const start = DateTime.fromISO(row.startsAt).setZone(zone);
    const end = DateTime.fromISO(row.endsAt).setZone(zone);
    return { ...row, day: start.toISODate()!, date: start.toFormat("ccc d LLL yyyy"), time: `${start.toFormat("HH:mm")}–${end.toFormat("HH:mm")} ${offsetLabel(start)}` };
  };
  return json({ perspective, canSwitch: teaches && books, staff, view, when, page, hasMore, zone, week, rows: rows.map(present) });
}

export default function SessionsPage() {
  const data = useLoaderData<typeof loader>();
  return <Sessions {...data} />;
}

function Sessions({ perspective, canSwitch, staff, view, when, page, hasMore, zone, week, rows }: ReturnType<typeof useLoaderData<typeof loader>>) {
  const base = { as: perspective, view, when };
  const link = (params: Record<string, string>) => `?${new URLSearchParams({ ...base, ...params })}`;
  return (
    <>
      <PageTitle subtitle={`Times in ${zone.replace(/_/g, " ")}`}>{perspective === "tutor" ? "Your teaching sessions" : "Your sessions"}</PageTitle>
      <nav aria-label="Session views" className="mb-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Link
          to={link({ view: "list", when: "upcoming" })}
          aria-current={view === "list" && when === "upcoming" ? "page" : undefined}
          className="aria-[current=page]:font-semibold"
        >
          Upcoming
        </Link>
        <Link to={link({ view: "list", when: "past" })} aria-current={view === "list" && when === "past" ? "page" : undefined} className="aria-[current=page]:font-semibold">
          Past
        </Link>
        <Link to={link({ view: "week" })} aria-current={view === "week" ? "page" : undefined} className="aria-[current=page]:font-semibold">
          Week
        </Link>
        {canSwitch ? (
          <Link to={`?${new URLSearchParams({ ...base, as: perspective === "tutor" ? "learner" : "tutor" })}`}>
            {perspective === "tutor" ? "Sessions I booked" : "Sessions I teach"}
          </Link>
        ) : null}
        {staff ? <Link to="/coordinator/sessions">Operations list</Link> : null}
      </nav>
      {week?.notice ? (
        <p role="note" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {week.notice}
        </p>
      ) : null}
      {week ? (
        <nav aria-label="Weeks" className="mb-3 grid grid-cols-2 items-center gap-x-4 gap-y-1 text-sm sm:flex sm:justify-between">
          {week.previous ? (
            <Link to={link({ week: week.previous })} className="py-2">
              ← Previous week
            </Link>
          ) : (
            <span className="py-2 text-slate-400">← Previous week</span>
          )}
          <span className="order-first col-span-2 font-semibold sm:order-none">Week of {week.label}</span>
          {week.next ? (
            <Link to={link({ week: week.next })} className="justify-self-end py-2">
              Next week →
            </Link>
          ) : (
            <span className="justify-self-end py-2 text-slate-400">Next week →</span>
          )}
        </nav>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState>
          {when === "past" && view === "list" ? "No past sessions yet." : view === "week" ? "No sessions this week." : "No upcoming sessions."}{" "}
          {perspective === "learner" ? <Link to="/tutors">Find a tutor</Link> : null}
        </EmptyState>
      ) : view === "week" && week ? (
        <div className="space-y-3">
          {week.days.map((day) => {
            const onDay = rows.filter((row) => row.day === day);
            if (onDay.length === 0) return null;
            return (
              <section key={day} aria-label={DateTime.fromISO(day).toFormat("cccc d LLLL")} className="rounded-lg border border-slate-200 bg-white p-3">
                <h2 className="mb-2 font-semibold">{DateTime.fromISO(day).toFormat("cccc d LLLL")}</h2>
                <SessionRows rows={onDay} showDate={false} />
              </section>
            );
          })}
        </div>
      ) : (
        <SessionRows rows={rows} showDate />
      )}
      {view === "list" && (page > 0 || hasMore) ? (
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {page > 0 ? <Link to={link({ page: String(page - 1) })}>← Newer</Link> : <span />}
          {hasMore ? <Link to={link({ page: String(page + 1) })}>More →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

function SessionRows({ rows, showDate }: { rows: (SessionListRow & { date: string; time: string })[]; showDate: boolean }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {rows.map((row) => (
        <li key={row.key} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
          <div>
            <p className="font-medium">
              {showDate ? `${row.date}, ` : ""}
              {row.time}
            </p>
            <p>
              {row.title} · {row.with}
            </p>
            <p className="text-slate-600">
              {row.kind === "GROUP" ? "Group" : "1:1"} · <span>{row.status}</span>
            </p>
          </div>
          <Link to={row.action.href} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3">
            {row.action.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
