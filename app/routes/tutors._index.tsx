import { RatingSummary } from "~/components/rating-summary";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyState, PageTitle } from "~/components/layout";
import { ZoneSelect } from "~/components/zone-chooser";
import { readLocalDate } from "~/domain/time/calendar-input";
import { CURRENCIES, GRADE_LEVELS, formatPrice, gradeLevelLabel, parsePrice, type Currency, type GradeLevel } from "~/domain/tutors/profile";
import { searchTutors } from "~/services/tutor-search.server";
import { resolveViewerZone } from "~/services/viewer-zone.server";
import { chooserTimeZones } from "~/services/zones.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Find a tutor · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  const viewer = await resolveViewerZone(args);
  const subject = url.searchParams.get("subject")?.slice(0, 60) ?? "";
  const gradeParam = url.searchParams.get("grade") ?? "";
  const gradeLevel = GRADE_LEVELS.some((level) => level.value === gradeParam) ? (gradeParam as GradeLevel) : undefined;
  const maxPriceText = url.searchParams.get("maxPrice") ?? "";
  const maxRateMinor = maxPriceText ? (parsePrice(maxPriceText) ?? undefined) : undefined;
  // Prices are compared only within one currency (no exchange rates): the highest price is in this one.
  const currencyParam = url.searchParams.get("currency") ?? "";
  const currency: Currency = CURRENCIES.find((code) => code === currencyParam) ?? "USD";
  const freeOnParam = url.searchParams.get("freeOn") ?? "";
  // An unusable day (malformed, not in the calendar, outside 2000–2100) is left out of the search and named above the results.
  const freeOnReading = freeOnParam ? readLocalDate(freeOnParam) : null;
  const freeOn = freeOnReading?.ok ? freeOnReading.date : undefined;
  const page = Math.min(Math.max(0, Number(url.searchParams.get("page") ?? 0) || 0), 1000);
  const result = await searchTutors({
    subject,
    gradeLevel,
    maxRate: maxRateMinor === undefined ? undefined : { minor: maxRateMinor, currency },
    freeOn,
    viewerZone: viewer.zone,
    page,
  });
  return json(
    {
      filters: { subject, grade: gradeLevel ?? "", maxPrice: maxRateMinor === undefined ? "" : maxPriceText, currency, freeOn: freeOn ?? "" },
      priceNote:
        maxRateMinor === undefined
          ? null
          : `Showing tutors who charge in ${currency}, up to ${formatPrice(maxRateMinor, currency)} an hour. Tutors who charge in another currency are left out; choose theirs to compare.`,
      problems: [
        maxPriceText && maxRateMinor === undefined ? "The highest price should be a number like 40 or 39.50." : null,
        freeOnReading && !freeOnReading.ok ? `Free on: ${freeOnReading.message}` : null,
      ].filter(Boolean) as string[],
      zone: viewer.zone,
      zones: chooserTimeZones(viewer.zone),
      page,
      ...result,
      tutors: result.tutors.map((tutor) => ({ ...tutor, gradeLevels: tutor.gradeLevels.map(gradeLevelLabel) })),
    },
    viewer.setCookie ? { headers: { "Set-Cookie": viewer.setCookie } } : undefined,
  );
}

export default function FindTutor() {
  const { filters, priceNote, problems, zone, zones, page, tutors, hasMore } = useLoaderData<typeof loader>();
  const pageLink = (to: number) => `?${new URLSearchParams({ ...filters, tz: zone, page: String(to) })}`;
  return (
    <>
      <PageTitle subtitle={`Times are shown in ${zone}.`}>Find a tutor</PageTitle>
      <Form method="get" className="mb-6 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-6 sm:items-end">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Subject</span>
          <input type="search" name="subject" defaultValue={filters.subject} className="w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Grade level</span>
          <select name="grade" defaultValue={filters.grade} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2">
            <option value="">Any</option>
            {GRADE_LEVELS.map((level) => (
              <option key={level.value} value={level.value}>
                {level.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Highest price an hour</span>
          <input name="maxPrice" inputMode="decimal" defaultValue={filters.maxPrice} className="w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Currency of the price</span>
          <select name="currency" defaultValue={filters.currency} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2">
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Free on</span>
          <input type="date" name="freeOn" defaultValue={filters.freeOn} className="w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <ZoneSelect zone={zone} zones={zones} label="Time zone" className="w-full" />
        <button type="submit" className="min-h-11 rounded-md bg-brand px-4 py-2 font-medium text-white sm:col-span-6 sm:justify-self-start">
          Search
        </button>
      </Form>
      {priceNote ? <p className="mb-3 text-sm text-slate-700">{priceNote}</p> : null}
      {problems.map((problem) => (
        <p key={problem} role="alert" className="mb-3 text-sm text-red-700">
          {problem}
        </p>
      ))}
      {tutors.length === 0 ? (
        <EmptyState>No tutor matches these filters. Try fewer filters or another day.</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {tutors.map((tutor) => (
            <li key={tutor.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="text-lg font-semibold">
                <Link to={`/tutors/${tutor.id}${filters.freeOn ? `?tz=${encodeURIComponent(zone)}&day=${filters.freeOn}` : ""}`}>{tutor.name}</Link>
              </h2>
              {tutor.headline ? <p className="text-slate-700">{tutor.headline}</p> : null}
              <p className="mt-1 text-sm">{tutor.subjects.join(", ")}</p>
              <p className="text-sm text-slate-600">{tutor.gradeLevels.join(" · ")}</p>
              <p className="mt-1 font-medium">{tutor.rate}</p>
              <RatingSummary rating={tutor.rating} />
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
        {page > 0 ? <Link to={pageLink(page - 1)}>← Previous</Link> : <span />}
        {hasMore ? <Link to={pageLink(page + 1)}>More tutors →</Link> : <span />}
      </nav>
    </>
  );
}
