import { Link } from "@remix-run/react";
import { DateTime } from "luxon";
import { Card, EmptyState } from "./layout";
import { offsetLabel } from "~/domain/time/zones";

export type UpcomingRow = { key: string; startsAt: string; endsAt: string; title: string; with: string; status: string; action: { label: string; href: string } };

/** The next few sessions on a home page (or another short list: `title`, `moreLabel`), in the viewer's zone, each with what to do next. */
export function UpcomingSessions({
  rows,
  zone,
  hasMore,
  empty,
  title = "Upcoming sessions",
  moreLabel = "See all upcoming sessions",
  moreHref = "/sessions",
}: {
  rows: UpcomingRow[];
  zone: string;
  hasMore: boolean;
  empty: React.ReactNode;
  title?: string;
  moreLabel?: string;
  moreHref?: string;
}) {
  return (
    <Card title={title} actions={<Link to="/sessions">All sessions</Link>}>
      {rows.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {rows.map((row) => {
            const start = DateTime.fromISO(row.startsAt).setZone(zone);
            return (
              <li key={row.key} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <div>
                  <p className="font-medium">
                    {start.toFormat("ccc d LLL, HH:mm")} {offsetLabel(start)}
                  </p>
                  <p className="text-slate-700">
                    {row.title} · {row.with} · {row.status}
                  </p>
                </div>
                <Link to={row.action.href}>{row.action.label}</Link>
              </li>
            );
          })}
        </ul>
      )}
      {hasMore ? (
        <p className="mt-2 text-sm">
          <Link to={moreHref}>{moreLabel}</Link>
        </p>
      ) : null}
    </Card>
  );
}
