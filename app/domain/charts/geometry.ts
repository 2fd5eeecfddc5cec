import { scaleBand, scaleLinear } from "d3-scale";
import { line, stack } from "d3-shape";

/*
 * Charts drawn on the server (issue 17): these functions turn numbers into the shapes of an inline SVG
 * (rectangles, paths, tick positions and labels) with d3's scales, so the browser receives markup and
 * no chart code. Every chart also carries its numbers as a table, for screen readers and anyone who
 * wants the figures. The drawing area is sized for a 360 px phone (VIEW_WIDTH user units, scaled up to
 * the page's width), so labels stay legible there.
 */

export const VIEW_WIDTH = 360;
const MARGIN = { top: 8, right: 8, bottom: 28, left: 44 };

/** A series of a chart: its key, its label in the legend and the table, and its colour's name. */
export type Series = { key: string; label: string; tone: ChartTone };
export type ChartTone = "blue" | "green" | "red" | "amber" | "slate" | "violet";

export type Tick = { position: number; label: string };
export type ChartTable = { caption: string; columns: string[]; rows: string[][] };
type Frame = { width: number; height: number; plot: { left: number; top: number; right: number; bottom: number } };

export type BarChartGeometry = Frame & {
  kind: "bars";
  empty: boolean;
  legend: Series[];
  yTicks: Tick[];
  xLabels: Tick[];
  bars: { x: number; y: number; width: number; height: number; tone: ChartTone; title: string }[];
  table: ChartTable;
};

export type LineChartGeometry = Frame & {
  kind: "lines";
  empty: boolean;
  legend: Series[];
  yTicks: Tick[];
  xLabels: Tick[];
  lines: { tone: ChartTone; label: string; path: string; dots: { x: number; y: number; title: string }[] }[];
  table: ChartTable;
};

export type HeatGridGeometry = Frame & {
  kind: "heat";
  empty: boolean;
  rowLabels: Tick[];
  columnLabels: Tick[];
  cells: { x: number; y: number; size: number; level: number; title: string }[];
  /** Levels 0–4 and the counts each stands for, for the legend. */
  levels: { level: number; label: string }[];
  table: ChartTable;
};

export type ChartGeometry = BarChartGeometry | LineChartGeometry | HeatGridGeometry;

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en");

/** Axis labels: 950, 1.2K, 3.4M; never an exponent, however large. */
export function compactNumber(value: number): string {
  return Math.abs(value) < 1000 ? whole.format(value) : compact.format(value);
}

/** A table's cell: every digit, grouped (2,345,678). */
export function fullNumber(value: number): string {
  return whole.format(value);
}

/** One decimal place is enough for a pixel position, and keeps the markup (and the page's bytes) short. */
const round = (value: number) => Math.round(value * 10) / 10;

function frame(height: number, margin = MARGIN): Frame {
  return { width: VIEW_WIDTH, height, plot: { left: margin.left, top: margin.top, right: VIEW_WIDTH - margin.right, bottom: height - margin.bottom } };
}

/** Four or five round ticks from 0 to at least `max` (an empty chart still gets an axis from 0 to 1). */
function valueScale(max: number, plot: Frame["plot"], format: (value: number) => string) {
  const scale = scaleLinear()
    .domain([0, Math.max(max, 1)])
    .range([plot.bottom, plot.top])
    .nice(4);
  const ticks = scale.ticks(4).map((value) => ({ position: round(scale(value)), label: format(value) }));
  return { scale, ticks };
}

/** At most `most` labels along the x axis, evenly spaced, always including the first. */
function sparseLabels<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  const step = Math.ceil(items.length / most);
  return items.filter((_item, index) => index % step === 0);
}

/**
 * Stacked bars: one bar per bucket (a day, a week), one segment per series. A histogram is the same
 * chart with one series.
 */
export function barChart(input: {
  caption: string;
  /** The table's first column: what a bucket is ("Day", "Week", "Minutes before the start"). */
  bucketHeading: string;
  buckets: readonly { label: string; values: Record<string, number> }[];
  series: readonly Series[];
  /** The axis's labels (short); `formatCell` the table's and the tooltips' (in full). */
  format?: (value: number) => string;
  formatCell?: (value: number) => string;
  height?: number;
}): BarChartGeometry {
  const format = input.format ?? compactNumber;
  const formatCell = input.formatCell ?? fullNumber;
  const base = frame(input.height ?? 200);
  const keys = input.series.map((series) => series.key);
  const rows = input.buckets.map((bucket) => Object.fromEntries(keys.map((key) => [key, Math.max(0, bucket.values[key] ?? 0)])));
  const totals = rows.map((row) => keys.reduce((sum, key) => sum + row[key]!, 0));
  const { scale: y, ticks } = valueScale(Math.max(0, ...totals), base.plot, format);
  const x = scaleBand<number>()
    .domain(input.buckets.map((_bucket, index) => index))
    .range([base.plot.left, base.plot.right])
    .paddingInner(input.buckets.length > 40 ? 0.1 : 0.2);
  const layers = stack<Record<string, number>>().keys(keys)(rows);
  const bars = layers.flatMap((layer, layerIndex) =>
    layer.flatMap(([from, to], index) =>
      to > from
        ? [
            {
              x: round(x(index)!),
              y: round(y(to)),
              width: round(Math.max(x.bandwidth(), 0.5)),
              height: round(Math.max(y(from) - y(to), 0.5)),
              tone: input.series[layerIndex]!.tone,
              title: `${input.buckets[index]!.label}: ${input.series[layerIndex]!.label} ${formatCell(to - from)}`,
            },
          ]
        : [],
    ),
  );
  const labelled = sparseLabels(
    input.buckets.map((bucket, index) => ({ index, label: bucket.label })),
    6,
  );
  return {
    ...base,
    kind: "bars",
    empty: totals.every((total) => total === 0),
    legend: [...input.series],
    yTicks: ticks,
    xLabels: labelled.map(({ index, label }) => ({ position: round(x(index)! + x.bandwidth() / 2), label })),
    bars,
    table: {
      caption: input.caption,
      columns: [input.bucketHeading, ...input.series.map((series) => series.label), ...(keys.length > 1 ? ["Total"] : [])],
      rows: input.buckets.map((bucket, index) => [bucket.label, ...keys.map((key) => formatCell(rows[index]![key]!)), ...(keys.length > 1 ? [formatCell(totals[index]!)] : [])]),
    },
  };
}

/** Lines over buckets (weeks): one per series, with a dot on each value so a single point still shows. */
export function lineChart(input: {
  caption: string;
  bucketHeading: string;
  buckets: readonly { label: string; values: Record<string, number> }[];
  series: readonly Series[];
  format?: (value: number) => string;
  /** The table's cells, when they need more than the axis's short form (money: "$1,234.50"). */
  formatCell?: (value: number) => string;
  height?: number;
}): LineChartGeometry {
  const format = input.format ?? compactNumber;
  const formatCell = input.formatCell ?? fullNumber;
  const base = frame(input.height ?? 200);
  const value = (bucket: { values: Record<string, number> }, key: string) => Math.max(0, bucket.values[key] ?? 0);
  const max = Math.max(0, ...input.buckets.flatMap((bucket) => input.series.map((series) => value(bucket, series.key))));
  const { scale: y, ticks } = valueScale(max, base.plot, format);
  const x = scaleBand<number>()
    .domain(input.buckets.map((_bucket, index) => index))
    .range([base.plot.left, base.plot.right])
    .padding(0.5);
  const at = (index: number) => round(x(index)! + x.bandwidth() / 2);
  const lines = input.series.map((series) => {
    const points = input.buckets.map((bucket, index) => ({
      x: at(index),
      y: round(y(value(bucket, series.key))),
      title: `${bucket.label}: ${series.label} ${formatCell(value(bucket, series.key))}`,
    }));
    const path =
      line<{ x: number; y: number }>()
        .x((point) => point.x)
        .y((point) => point.y)(points) ?? "";
    return { tone: series.tone, label: series.label, path, dots: points };
  });
  return {
    ...base,
    kind: "lines",
    empty: max === 0,
    legend: [...input.series],
    yTicks: ticks,
    xLabels: sparseLabels(
      input.buckets.map((bucket, index) => ({ position: at(index), label: bucket.label })),
      6,
    ),
    lines,
    table: {
      caption: input.caption,
      columns: [input.bucketHeading, ...input.series.map((series) => series.label)],
      rows: input.buckets.map((bucket) => [bucket.label, ...input.series.map((series) => formatCell(value(bucket, series.key)))]),
    },
  };
}

/**
 * A grid of counts (days of the week by hours of the day), each cell shaded by one of five levels:
 * 0 for none, then quartiles of the largest count, so one busy hour does not wash out the rest.
 */
export function heatGrid(input: {
  caption: string;
  cornerHeading: string;
  rows: readonly string[];
  columns: readonly string[];
  counts: readonly (readonly number[])[];
  columnLabelEvery?: number;
}): HeatGridGeometry {
  const margin = { top: 4, right: 4, bottom: 20, left: 36 };
  const size = Math.floor(((VIEW_WIDTH - margin.left - margin.right) / Math.max(input.columns.length, 1)) * 10) / 10;
  const height = margin.top + size * input.rows.length + margin.bottom;
  const base = frame(height, margin);
  const max = Math.max(0, ...input.counts.flat());
  const levelOf = (count: number) => (count <= 0 ? 0 : Math.min(4, Math.ceil((count / max) * 4)));
  const every = input.columnLabelEvery ?? 3;
  return {
    ...base,
    kind: "heat",
    empty: max === 0,
    rowLabels: input.rows.map((label, row) => ({ position: round(margin.top + row * size + size / 2), label })),
    columnLabels: input.columns.flatMap((label, column) => (column % every === 0 ? [{ position: round(margin.left + column * size + size / 2), label }] : [])),
    cells: input.rows.flatMap((rowLabel, row) =>
      input.columns.map((columnLabel, column) => {
        const count = input.counts[row]?.[column] ?? 0;
        return {
          x: round(margin.left + column * size),
          y: round(margin.top + row * size),
          size,
          level: levelOf(count),
          title: `${rowLabel} ${columnLabel}: ${whole.format(count)}`,
        };
      }),
    ),
    levels: [0, 1, 2, 3, 4].map((level) => ({
      level,
      label: level === 0 ? "none" : max === 0 ? "" : `up to ${whole.format(Math.max(1, Math.floor((max * level) / 4)))}`,
    })),
    table: {
      caption: input.caption,
      columns: [input.cornerHeading, ...input.columns],
      rows: input.rows.map((label, row) => [label, ...input.columns.map((_column, column) => whole.format(input.counts[row]?.[column] ?? 0))]),
    },
  };
}
