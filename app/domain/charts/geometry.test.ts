import { describe, expect, it } from "vitest";
import { barChart, compactNumber, heatGrid, lineChart, VIEW_WIDTH, type Series } from "./geometry";

const STATUS: Series[] = [
  { key: "completed", label: "Completed", tone: "green" },
  { key: "cancelled", label: "Cancelled", tone: "red" },
];
const days = (values: Record<string, number>[]) => values.map((value, index) => ({ label: `D${index + 1}`, values: value }));
const finite = (numbers: number[]) => numbers.every(Number.isFinite);

describe("stacked bars", () => {
  it("stack each bucket's series from the axis up, with round ticks that cover the tallest bar", () => {
    const chart = barChart({
      caption: "Sessions per day",
      bucketHeading: "Day",
      buckets: days([
        { completed: 3, cancelled: 1 },
        { completed: 0, cancelled: 2 },
      ]),
      series: STATUS,
    });
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(["0", "1", "2", "3", "4"]);
    expect(chart.yTicks[0]!.position).toBe(chart.plot.bottom);
    expect(chart.yTicks.at(-1)!.position).toBe(chart.plot.top);
    const [first, second] = [chart.bars.filter((bar) => bar.title.startsWith("D1")), chart.bars.filter((bar) => bar.title.startsWith("D2"))];
    expect(first.map((bar) => bar.tone)).toEqual(["green", "red"]);
    // The completed segment sits on the axis, the cancelled one on top of it, and together they reach 4 (the top).
    expect(first[0]!.y + first[0]!.height).toBeCloseTo(chart.plot.bottom, 0);
    expect(first[1]!.y).toBeCloseTo(chart.plot.top, 0);
    expect(first[1]!.y + first[1]!.height).toBeCloseTo(first[0]!.y, 0);
    // A zero segment draws nothing.
    expect(second.map((bar) => bar.title)).toEqual(["D2: Cancelled 2"]);
    expect(chart.empty).toBe(false);
  });

  it("lists the numbers as a table, with a total when there is more than one series", () => {
    const chart = barChart({ caption: "Sessions per day", bucketHeading: "Day", buckets: days([{ completed: 3, cancelled: 1 }]), series: STATUS });
    expect(chart.table).toEqual({ caption: "Sessions per day", columns: ["Day", "Completed", "Cancelled", "Total"], rows: [["D1", "3", "1", "4"]] });
  });

  it("draws an empty range as an axis from 0 to 1 and says it is empty, without NaN", () => {
    for (const buckets of [[], days([{}, {}])]) {
      const chart = barChart({ caption: "c", bucketHeading: "Day", buckets, series: STATUS });
      expect(chart.empty).toBe(true);
      expect(chart.bars).toEqual([]);
      expect(chart.yTicks.map((tick) => tick.label)).toEqual(["0", "0.2", "0.4", "0.6", "0.8", "1"]);
      expect(finite(chart.yTicks.map((tick) => tick.position))).toBe(true);
    }
  });

  it("draws one bucket as one bar within the drawing area", () => {
    const chart = barChart({ caption: "c", bucketHeading: "Day", buckets: days([{ completed: 7 }]), series: STATUS });
    expect(chart.bars).toHaveLength(1);
    const [bar] = chart.bars;
    expect(bar!.x).toBeGreaterThanOrEqual(chart.plot.left);
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(chart.plot.right + 0.1);
  });

  it("labels very large values in a compact form that fits the axis", () => {
    const chart = barChart({ caption: "c", bucketHeading: "Day", buckets: days([{ completed: 2_345_678_901 }]), series: STATUS });
    expect(chart.yTicks.at(-1)!.label).toBe("2.5B");
    expect(chart.yTicks.every((tick) => tick.label.length <= 5)).toBe(true);
    expect(chart.table.rows[0]).toEqual(["D1", "2,345,678,901", "0", "2,345,678,901"]);
    expect(chart.bars[0]!.title).toBe("D1: Completed 2,345,678,901");
  });

  it("keeps at most six labels on a long x axis, the first included, and bars at least half a unit wide", () => {
    const chart = barChart({ caption: "c", bucketHeading: "Day", buckets: days(Array.from({ length: 365 }, () => ({ completed: 1 }))), series: STATUS });
    expect(chart.xLabels.length).toBeLessThanOrEqual(6);
    expect(chart.xLabels[0]!.label).toBe("D1");
    expect(Math.min(...chart.bars.map((bar) => bar.width))).toBeGreaterThanOrEqual(0.5);
    expect(chart.width).toBe(VIEW_WIDTH);
  });

  it("treats a negative value as none (counts and amounts are never negative)", () => {
    const chart = barChart({ caption: "c", bucketHeading: "Day", buckets: days([{ completed: -3 }]), series: STATUS });
    expect([chart.empty, chart.bars.length]).toEqual([true, 0]);
  });
});

describe("lines", () => {
  const MONEY: Series[] = [
    { key: "revenue", label: "Revenue", tone: "blue" },
    { key: "refunds", label: "Refunds", tone: "red" },
  ];

  it("draw one path per series through a dot per bucket; the table shows the full amounts", () => {
    const chart = lineChart({
      caption: "Money per week",
      bucketHeading: "Week",
      buckets: [
        { label: "W1", values: { revenue: 12_000, refunds: 500 } },
        { label: "W2", values: { revenue: 8_000, refunds: 0 } },
      ],
      series: MONEY,
      formatCell: (value) => `$${(value / 100).toFixed(2)}`,
    });
    expect(chart.lines.map((series) => series.path.startsWith("M") && series.path.includes("L"))).toEqual([true, true]);
    expect(chart.lines[0]!.dots.map((dot) => dot.title)).toEqual(["W1: Revenue $120.00", "W2: Revenue $80.00"]);
    expect(chart.table.rows).toEqual([
      ["W1", "$120.00", "$5.00"],
      ["W2", "$80.00", "$0.00"],
    ]);
    expect(chart.lines[0]!.dots[0]!.y).toBeLessThan(chart.lines[0]!.dots[1]!.y);
  });

  it("draws a single point as a dot on a path of one move", () => {
    const chart = lineChart({ caption: "c", bucketHeading: "Week", buckets: [{ label: "W1", values: { revenue: 1 } }], series: MONEY });
    expect(chart.lines[0]!.dots).toHaveLength(1);
    expect(chart.lines[0]!.path).toMatch(/^M[\d.]+,[\d.]+Z?$/);
    expect(chart.empty).toBe(false);
  });

  it("says an all-zero range is empty", () => {
    expect(lineChart({ caption: "c", bucketHeading: "Week", buckets: [{ label: "W1", values: {} }], series: MONEY }).empty).toBe(true);
    expect(lineChart({ caption: "c", bucketHeading: "Week", buckets: [], series: MONEY }).lines.map((series) => series.path)).toEqual(["", ""]);
  });
});

describe("the heat grid", () => {
  const rows = ["Mon", "Tue"];
  const columns = ["00", "01", "02", "03"];

  it("shades each cell by quarter of the busiest, 0 only for none", () => {
    const grid = heatGrid({
      caption: "Busiest hours",
      cornerHeading: "Day",
      rows,
      columns,
      counts: [
        [0, 1, 2, 8],
        [3, 4, 5, 6],
      ],
    });
    expect(grid.cells.map((cell) => cell.level)).toEqual([0, 1, 1, 4, 2, 2, 3, 3]);
    expect(grid.cells[3]!.title).toBe("Mon 03: 8");
    expect(grid.levels.map((level) => level.label)).toEqual(["none", "up to 2", "up to 4", "up to 6", "up to 8"]);
    expect(grid.table.columns).toEqual(["Day", ...columns]);
    expect(grid.table.rows[1]).toEqual(["Tue", "3", "4", "5", "6"]);
  });

  it("fits 24 columns in the phone-sized drawing area and labels every third hour", () => {
    const hours = Array.from({ length: 24 }, (_hour, index) => String(index).padStart(2, "0"));
    const grid = heatGrid({ caption: "c", cornerHeading: "Day", rows, columns: hours, counts: [Array(24).fill(1), Array(24).fill(0)] });
    const last = grid.cells.at(-1)!;
    expect(last.x + last.size).toBeLessThanOrEqual(VIEW_WIDTH);
    expect(grid.columnLabels.map((label) => label.label)).toEqual(["00", "03", "06", "09", "12", "15", "18", "21"]);
  });

  it("is empty with no counts, and never divides by zero", () => {
    const grid = heatGrid({ caption: "c", cornerHeading: "Day", rows, columns, counts: [] });
    expect(grid.empty).toBe(true);
    expect(grid.cells.every((cell) => cell.level === 0)).toBe(true);
  });
});

it("writes compact numbers without exponents", () => {
  expect([0, 950, 1_200, 3_400_000, 1e15].map(compactNumber)).toEqual(["0", "950", "1.2K", "3.4M", "1000T"]);
});
