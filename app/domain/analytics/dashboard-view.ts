import { DateTime } from "luxon";
import { barChart, heatGrid, lineChart, type ChartGeometry, type Series } from "~/domain/charts/geometry";
import type { SessionStatus } from "~/domain/sessions/status";
import { formatPrice } from "~/domain/tutors/profile";
import { CANCEL_SIDES, HELD_STATUSES, LEAD_TIME_BINS, bucketStarts, bucketUnit, percentText, rate, type CancelSide, type DashboardRange } from "./definitions";

/*
 * The admin dashboard as the page shows it (issue 17): each figure with its meaning and the
 * operations-list link that lists exactly the sessions it counts, and each chart's shapes. Pure: the
 * numbers come from app/services/dashboard.server.ts.
 */

export type DashboardNumbers = {
  sessions: { total: number; completed: number; cancelled: number; noShows: number; held: number };
  cancelledBy: Record<CancelSide, number> & { other: number };
  revenueMinor: Record<string, number>;
  refundsMinor: Record<string, number>;
  rating: { average: number | null; count: number };
  now: { today: number; pendingReschedules: number; openDisputes: number };
  byBucket: { bucket: string; status: SessionStatus; count: number }[];
  moneyByWeek: { week: string; currency: string; revenue: number; refunds: number }[];
  leadTimes: { bin: string; count: number }[];
  busyHours: { day: number; hour: number; count: number }[];
};

export type Figure = { key: string; label: string; value: string; meaning: string; href: string | null };
export type FigureGroup = { title: string; figures: Figure[] };
export type DashboardChart = { key: string; title: string; summary: string; geometry: ChartGeometry };
export type DashboardView = { groups: FigureGroup[]; charts: DashboardChart[] };

const LIST = "/coordinator/sessions";

/** The operations list filtered by `params` (repeated keys for several statuses). */
export function listHref(params: [string, string][]): string {
  return `${LIST}?${new URLSearchParams(params).toString()}`;
}

function money(byCurrency: Record<string, number>): string {
  const entries = Object.entries(byCurrency).filter(([, amount]) => amount !== 0);
  if (entries.length === 0) return formatPrice(0, "USD");
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => formatPrice(amount, currency))
    .join(" · ");
}

function net(revenue: Record<string, number>, refunds: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = { ...revenue };
  for (const [currency, amount] of Object.entries(refunds)) result[currency] = (result[currency] ?? 0) - amount;
  return result;
}

const count = (value: number) => new Intl.NumberFormat("en").format(value);

/** The chart's series of statuses (a bar's segments, bottom up). */
const STATUS_SERIES: (Series & { statuses: SessionStatus[] })[] = [
  { key: "completed", label: "Completed", tone: "green", statuses: ["COMPLETED"] },
  { key: "answering", label: "Awaiting confirmation or disputed", tone: "violet", statuses: ["AWAITING_CONFIRMATION", "DISPUTED"] },
  { key: "booked", label: "Booked or in progress", tone: "blue", statuses: ["PENDING_PAYMENT", "SCHEDULED", "IN_PROGRESS"] },
  { key: "noShow", label: "No-show", tone: "amber", statuses: ["NO_SHOW"] },
  { key: "cancelled", label: "Cancelled", tone: "red", statuses: ["CANCELLED"] },
];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function dashboardView(numbers: DashboardNumbers, range: DashboardRange, today: string): DashboardView {
  const inRange: [string, string][] = [
    ["from", range.from],
    ["to", range.to],
  ];
  const withStatuses = (statuses: readonly string[]) => listHref([...inRange, ...statuses.map((status): [string, string] => ["status", status])]);
  const { sessions, cancelledBy, rating } = numbers;
  const noShowRate = rate(sessions.noShows, sessions.held);
  const groups: FigureGroup[] = [
    {
      title: "Sessions",
      figures: [
        {
          key: "total",
          label: "Sessions",
          value: count(sessions.total),
          meaning: "Every session starting in the range, whatever happened to it (unpaid holds included).",
          href: listHref(inRange),
        },
        {
          key: "completed",
          label: "Completed",
          value: count(sessions.completed),
          meaning: "Held, and the hours confirmed (or decided by staff).",
          href: withStatuses(["COMPLETED"]),
        },
        {
          key: "cancelled",
          label: "Cancelled",
          value: count(sessions.cancelled),
          meaning: "Cancelled by anyone, unpaid holds that ended included; by side below.",
          href: withStatuses(["CANCELLED"]),
        },
        { key: "noShows", label: "No-shows", value: count(sessions.noShows), meaning: "The tutor, or every learner, did not come.", href: withStatuses(["NO_SHOW"]) },
        {
          key: "noShowRate",
          label: "No-show rate",
          value: percentText(noShowRate),
          meaning: `No-shows out of the ${count(sessions.held)} sessions whose time came and that were not cancelled.`,
          href: withStatuses(HELD_STATUSES),
        },
        {
          key: "rating",
          label: "Average rating",
          value: rating.average === null ? "–" : `${rating.average.toFixed(2)} of 5`,
          meaning: `From ${count(rating.count)} rating${rating.count === 1 ? "" : "s"} of sessions in the range.`,
          href: listHref([...inRange, ["rated", "yes"]]),
        },
      ],
    },
    {
      title: "Money",
      figures: [
        {
          key: "revenue",
          label: "Revenue",
          value: money(numbers.revenueMinor),
          meaning: "The prices of the booked places of completed sessions.",
          href: withStatuses(["COMPLETED"]),
        },
        {
          key: "refunds",
          label: "Refunds",
          value: money(numbers.refundsMinor),
          meaning: "Refunds Stripe has processed, for sessions in the range.",
          href: listHref([...inRange, ["refund", "processed"]]),
        },
        { key: "net", label: "Net", value: money(net(numbers.revenueMinor, numbers.refundsMinor)), meaning: "Revenue less refunds, per currency.", href: null },
      ],
    },
    {
      title: "Cancellations by side",
      figures: [
        ...CANCEL_SIDES.map((side) => ({
          key: `cancelled-${side.value}`,
          label: side.label,
          value: count(cancelledBy[side.value]),
          meaning: `Cancelled sessions ended by: ${side.label.toLowerCase()}.`,
          href: listHref([...inRange, ["cancelled", side.value]]),
        })),
        ...(cancelledBy.other > 0
          ? [
              {
                key: "cancelled-other",
                label: "Other",
                value: count(cancelledBy.other),
                meaning: "Cancelled for a reason recorded before sides were.",
                href: withStatuses(["CANCELLED"]),
              },
            ]
          : []),
      ],
    },
    {
      title: "Right now",
      figures: [
        {
          key: "today",
          label: "Sessions today",
          value: count(numbers.now.today),
          meaning: "Booked sessions starting today in your zone (not cancelled, not waiting for payment), whatever the range.",
          href: listHref([
            ["from", today],
            ["to", today],
            ...(["SCHEDULED", "IN_PROGRESS", "AWAITING_CONFIRMATION", "COMPLETED", "DISPUTED", "NO_SHOW"] as const).map((status): [string, string] => ["status", status]),
          ]),
        },
        {
          key: "pendingReschedules",
          label: "Pending reschedules",
          value: count(numbers.now.pendingReschedules),
          meaning: "Sessions with a proposed new time nobody has answered yet.",
          href: listHref([["reschedule", "pending"]]),
        },
        {
          key: "openDisputes",
          label: "Open problems",
          value: count(numbers.now.openDisputes),
          meaning: "Sessions with a reported problem not yet resolved.",
          href: listHref([["attention", "open-dispute"]]),
        },
      ],
    },
  ];
  return { groups, charts: charts(numbers, range) };
}

function bucketLabel(iso: string, unit: "day" | "week"): string {
  const day = DateTime.fromISO(iso, { zone: "utc" }).toFormat("d LLL");
  return unit === "week" ? `w/c ${day}` : day;
}

function charts(numbers: DashboardNumbers, range: DashboardRange): DashboardChart[] {
  const unit = bucketUnit(range.days);
  const perBucket = bucketStarts(range, unit).map((start) => {
    const values: Record<string, number> = {};
    for (const entry of numbers.byBucket.filter((candidate) => candidate.bucket === start)) {
      const series = STATUS_SERIES.find((candidate) => candidate.statuses.includes(entry.status))!;
      values[series.key] = (values[series.key] ?? 0) + entry.count;
    }
    return { label: bucketLabel(start, unit), values };
  });

  // Money in the currency with the most revenue (a chart has one scale); the table under "Money" has every currency.
  const currencies = [...new Set(numbers.moneyByWeek.map((entry) => entry.currency))];
  const revenueOf = (currency: string) => numbers.moneyByWeek.filter((entry) => entry.currency === currency).reduce((sum, entry) => sum + entry.revenue, 0);
  const currency = currencies.sort((a, b) => revenueOf(b) - revenueOf(a) || a.localeCompare(b))[0] ?? "USD";
  const weeks = bucketStarts(range, "week").map((week) => {
    const entry = numbers.moneyByWeek.find((candidate) => candidate.week === week && candidate.currency === currency);
    return { label: bucketLabel(week, "week"), values: { revenue: entry?.revenue ?? 0, refunds: entry?.refunds ?? 0 } };
  });

  const leadTimes = LEAD_TIME_BINS.map((bin) => ({ label: bin.label, values: { cancelled: numbers.leadTimes.find((entry) => entry.bin === bin.label)?.count ?? 0 } }));
  const hours = Array.from({ length: 24 }, (_hour, hour) => String(hour).padStart(2, "0"));
  const grid = WEEKDAYS.map((_day, index) => hours.map((_hour, hour) => numbers.busyHours.find((entry) => entry.day === index + 1 && entry.hour === hour)?.count ?? 0));
  const busiest = numbers.busyHours.reduce<{ day: number; hour: number; count: number } | null>((best, entry) => (!best || entry.count > best.count ? entry : best), null);

  return [
    {
      key: "sessions",
      title: `Sessions per ${unit} by status`,
      summary: `${numbers.sessions.total} sessions from ${range.from} to ${range.to}, ${numbers.sessions.completed} completed and ${numbers.sessions.cancelled} cancelled.`,
      geometry: barChart({ caption: `Sessions per ${unit} by status`, bucketHeading: unit === "day" ? "Day" : "Week", buckets: perBucket, series: STATUS_SERIES }),
    },
    {
      key: "money",
      title: `Revenue and refunds per week (${currency})`,
      summary: `Revenue ${money({ [currency]: revenueOf(currency) })} over ${weeks.length} week${weeks.length === 1 ? "" : "s"}.`,
      geometry: lineChart({
        caption: `Revenue and refunds per week, ${currency}`,
        bucketHeading: "Week",
        buckets: weeks,
        series: [
          { key: "revenue", label: "Revenue", tone: "blue" },
          { key: "refunds", label: "Refunds", tone: "red" },
        ],
        format: (minor) => new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(minor / 100),
        formatCell: (minor) => formatPrice(minor, currency),
      }),
    },
    {
      key: "leadTimes",
      title: "How long before the start sessions were cancelled",
      summary: `${leadTimes.reduce((sum, bin) => sum + bin.values.cancelled, 0)} cancellations (unpaid holds not counted), by time before the start.`,
      geometry: barChart({
        caption: "Cancellations by time before the start",
        bucketHeading: "Before the start",
        buckets: leadTimes,
        series: [{ key: "cancelled", label: "Cancellations", tone: "red" }],
      }),
    },
    {
      key: "busyHours",
      title: `Busiest hours of the week (${range.zone})`,
      summary: busiest
        ? `The busiest hour is ${WEEKDAYS[busiest.day - 1]} ${String(busiest.hour).padStart(2, "0")}:00 with ${busiest.count} sessions.`
        : "No sessions in this range.",
      geometry: heatGrid({ caption: "Sessions starting in each hour of the week", cornerHeading: "Day", rows: WEEKDAYS, columns: hours, counts: grid }),
    },
  ];
}
