import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { barChart, heatGrid, lineChart } from "~/domain/charts/geometry";
import { Chart } from "./charts";

const series = [{ key: "a", label: 'Cancelled by <script>alert("x")</script>', tone: "red" as const }];

describe("a chart as markup", () => {
  it("is an image named by its title and summary, with its numbers as a table", () => {
    const html = renderToStaticMarkup(
      <Chart
        title="Sessions per day"
        summary="12 sessions over 2 days"
        geometry={barChart({ caption: "Sessions per day", bucketHeading: "Day", buckets: [{ label: "1 Mar", values: { a: 12 } }], series })}
      />,
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-summary"/);
    expect(html).toContain("<desc");
    expect(html).toContain("12 sessions over 2 days");
    expect(html).toContain("<summary");
    expect(html).toContain('<th scope="col" class="px-2 py-1 font-medium">Day</th>');
    expect(html).toContain('<th scope="row" class="px-2 py-1 font-normal">1 Mar</th>');
    expect(html).not.toContain("NaN");
  });

  it("escapes every label: series, buckets, rows and columns", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const pages = [
      <Chart key="bars" title={evil} summary={evil} geometry={barChart({ caption: evil, bucketHeading: evil, buckets: [{ label: evil, values: { a: 1 } }], series })} />,
      <Chart key="lines" title="t" summary="s" geometry={lineChart({ caption: "c", bucketHeading: "Week", buckets: [{ label: evil, values: { a: 1 } }], series })} />,
      <Chart key="heat" title="t" summary="s" geometry={heatGrid({ caption: "c", cornerHeading: evil, rows: [evil], columns: [evil], counts: [[1]] })} />,
    ];
    for (const page of pages) {
      const html = renderToStaticMarkup(page);
      expect(html).not.toContain("<script>");
      expect(html).not.toContain("<img");
      expect(html).toContain("&lt;");
    }
  });

  it("says the range is empty instead of drawing nothing", () => {
    const html = renderToStaticMarkup(<Chart title="t" summary="s" geometry={barChart({ caption: "c", bucketHeading: "Day", buckets: [], series })} />);
    expect(html).toContain("Nothing to show for this range.");
    expect(html).not.toContain("<svg viewBox");
  });
});
