import { useId } from "react";
import type { BarChartGeometry, ChartGeometry, ChartTable, ChartTone, HeatGridGeometry, LineChartGeometry, Tick } from "~/domain/charts/geometry";

/*
 * Inline SVG charts (issue 17). The shapes come from app/domain/charts/geometry.ts on the server; this
 * file only draws them, so the browser runs no chart code. Each chart is a figure: a title, the SVG
 * (an image to assistive technology, named by the title and summarised), a legend, and the same
 * numbers as a table under "Show the numbers".
 */

const FILL: Record<ChartTone, string> = {
  blue: "fill-blue-600",
  green: "fill-emerald-600",
  red: "fill-red-600",
  amber: "fill-amber-500",
  slate: "fill-slate-400",
  violet: "fill-violet-600",
};
const STROKE: Record<ChartTone, string> = {
  blue: "stroke-blue-600",
  green: "stroke-emerald-600",
  red: "stroke-red-600",
  amber: "stroke-amber-500",
  slate: "stroke-slate-400",
  violet: "stroke-violet-600",
};
const HEAT = ["fill-slate-100", "fill-indigo-200", "fill-indigo-400", "fill-indigo-600", "fill-indigo-800"];

export function Chart({ title, summary, geometry }: { title: string; summary: string; geometry: ChartGeometry }) {
  const id = useId();
  return (
    <figure className="space-y-2" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="font-semibold">
        {title}
      </figcaption>
      {geometry.empty ? (
        <p className="text-sm text-slate-600">Nothing to show for this range.</p>
      ) : (
        <svg
          viewBox={`0 0 ${geometry.width} ${geometry.height}`}
          className="block h-auto w-full max-w-xl text-[11px]"
          role="img"
          aria-labelledby={`${id}-title ${id}-summary`}
          fontFamily="inherit"
        >
          <desc id={`${id}-summary`}>{summary}</desc>
          {geometry.kind === "bars" ? <Bars geometry={geometry} /> : geometry.kind === "lines" ? <Lines geometry={geometry} /> : <Heat geometry={geometry} />}
        </svg>
      )}
      {geometry.kind !== "heat" && !geometry.empty ? <Legend items={geometry.legend} /> : null}
      {geometry.kind === "heat" && !geometry.empty ? <HeatLegend geometry={geometry} /> : null}
      <NumbersTable table={geometry.table} />
    </figure>
  );
}

function ValueAxis({ ticks, left, right }: { ticks: Tick[]; left: number; right: number }) {
  return (
    <g aria-hidden="true">
      {ticks.map((tick) => (
        <g key={tick.position}>
          <line x1={left} x2={right} y1={tick.position} y2={tick.position} className="stroke-slate-200" />
          <text x={left - 4} y={tick.position} dy="0.32em" textAnchor="end" className="fill-slate-600">
            {tick.label}
          </text>
        </g>
      ))}
    </g>
  );
}

function BucketAxis({ labels, y }: { labels: Tick[]; y: number }) {
  return (
    <g aria-hidden="true">
      {labels.map((label) => (
        <text key={label.position} x={label.position} y={y + 14} textAnchor="middle" className="fill-slate-600">
          {label.label}
        </text>
      ))}
    </g>
  );
}

function Bars({ geometry }: { geometry: BarChartGeometry }) {
  const { plot } = geometry;
  return (
    <>
      <ValueAxis ticks={geometry.yTicks} left={plot.left} right={plot.right} />
      {geometry.bars.map((bar) => (
        <rect key={`${bar.x} ${bar.y} ${bar.tone}`} x={bar.x} y={bar.y} width={bar.width} height={bar.height} className={FILL[bar.tone]}>
          <title>{bar.title}</title>
        </rect>
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} className="stroke-slate-400" aria-hidden="true" />
      <BucketAxis labels={geometry.xLabels} y={plot.bottom} />
    </>
  );
}

function Lines({ geometry }: { geometry: LineChartGeometry }) {
  const { plot } = geometry;
  return (
    <>
      <ValueAxis ticks={geometry.yTicks} left={plot.left} right={plot.right} />
      {geometry.lines.map((series) => (
        <g key={series.label}>
          <path d={series.path} fill="none" strokeWidth={2} className={STROKE[series.tone]} />
          {series.dots.map((dot) => (
            <circle key={dot.x} cx={dot.x} cy={dot.y} r={2.5} className={FILL[series.tone]}>
              <title>{dot.title}</title>
            </circle>
          ))}
        </g>
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} className="stroke-slate-400" aria-hidden="true" />
      <BucketAxis labels={geometry.xLabels} y={plot.bottom} />
    </>
  );
}

function Heat({ geometry }: { geometry: HeatGridGeometry }) {
  const { plot } = geometry;
  return (
    <>
      {geometry.cells.map((cell) => (
        <rect key={`${cell.x} ${cell.y}`} x={cell.x} y={cell.y} width={cell.size - 1} height={cell.size - 1} rx={1.5} className={HEAT[cell.level]}>
          <title>{cell.title}</title>
        </rect>
      ))}
      <g aria-hidden="true">
        {geometry.rowLabels.map((label) => (
          <text key={label.position} x={plot.left - 4} y={label.position} dy="0.32em" textAnchor="end" className="fill-slate-600">
            {label.label}
          </text>
        ))}
        {geometry.columnLabels.map((label) => (
          <text key={label.position} x={label.position} y={plot.bottom + 14} textAnchor="middle" className="fill-slate-600">
            {label.label}
          </text>
        ))}
      </g>
    </>
  );
}

function Legend({ items }: { items: { key: string; label: string; tone: ChartTone }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Legend">
      {items.map((item) => (
        <li key={item.key} className="flex items-center gap-1">
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" rx="2" className={FILL[item.tone]} />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function HeatLegend({ geometry }: { geometry: HeatGridGeometry }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-sm" aria-label="Legend">
      {geometry.levels
        .filter((level) => level.label)
        .map((level) => (
          <li key={level.level} className="flex items-center gap-1">
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" rx="2" className={HEAT[level.level]} />
            </svg>
            {level.label}
          </li>
        ))}
    </ul>
  );
}

function NumbersTable({ table }: { table: ChartTable }) {
  return (
    <details className="text-sm">
      <summary className="min-h-11 cursor-pointer py-2 text-brand">Show the numbers</summary>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left">
          <caption className="sr-only">{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((column, index) => (
                <th key={`${index}-${column}`} scope="col" className="px-2 py-1 font-medium">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row[0]} className="border-t border-slate-100">
                {row.map((cell, index) =>
                  index === 0 ? (
                    <th key={index} scope="row" className="px-2 py-1 font-normal">
                      {cell}
                    </th>
                  ) : (
                    <td key={index} className="px-2 py-1 tabular-nums">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
