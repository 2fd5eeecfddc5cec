import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/layout";
import { zoneLabel } from "~/domain/time/zone-choices";
import { offsetLabel } from "~/domain/time/zones";
import { clock } from "~/services/clock.server";
import { allTimeZones } from "~/services/zones.server";

export const meta: MetaFunction = () => [{ title: "Every time zone · Tutordesk" }];

/**
 * Issue 13 (B15): the full list behind the forms' "Other time zone…", as a page of its own (the forms
 * link here, in a new tab, so what was typed stays). Names grouped by region, with today's offset.
 */
export async function loader() {
  const now = clock.now();
  const regions = new Map<string, { zone: string; label: string; offset: string }[]>();
  for (const zone of [...allTimeZones()].sort()) {
    const region = zone.includes("/") ? zone.slice(0, zone.indexOf("/")) : "Other";
    const rows = regions.get(region) ?? [];
    rows.push({ zone, label: zoneLabel(zone.slice(zone.indexOf("/") + 1)), offset: offsetLabel(now.setZone(zone)) });
    regions.set(region, rows);
  }
  return json({ regions: [...regions].map(([region, zones]) => ({ region, zones })) }, { headers: { "Cache-Control": "public, max-age=3600" } });
}

export default function TimeZones() {
  const { regions } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle subtitle="Type a name from this list, or just its city, in a form's “Zone not in the list” box (choose “Other time zone…” first). Offsets are today's.">
        Every time zone
      </PageTitle>
      <nav aria-label="Regions" className="mb-4 flex flex-wrap gap-x-3 gap-y-1 text-sm">
        {regions.map(({ region }) => (
          <a key={region} href={`#${region}`}>
            {region}
          </a>
        ))}
      </nav>
      {regions.map(({ region, zones }) => (
        <section key={region} aria-labelledby={region} className="mb-6">
          <h2 id={region} className="mb-2 text-lg font-semibold">
            {region}
          </h2>
          <ul className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2 md:grid-cols-3">
            {zones.map((row) => (
              <li key={row.zone}>
                <code>{row.zone}</code>{" "}
                <span className="text-slate-600">
                  · {row.label} · {row.offset}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
