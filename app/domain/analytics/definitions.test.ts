import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { bucketStarts, bucketUnit, cancelSideOf, dashboardRange, DashboardRangeSchema, leadTimeBin, percentText, rate } from "./definitions";

const NOW = DateTime.fromISO("2031-03-10T03:30:00Z", { zone: "utc" });

describe("the dashboard's range", () => {
  it("defaults to the last 30 days to today in the viewer's zone", () => {
    // 03:30 UTC on the 10th is still the 9th in New York.
    const range = dashboardRange({}, "America/New_York", NOW);
    expect([range.from, range.to, range.days]).toEqual(["2031-02-08", "2031-03-09", 30]);
    expect(range.startsFrom.toISOString()).toBe("2031-02-08T05:00:00.000Z");
    expect(range.startsBefore.toISOString()).toBe("2031-03-10T04:00:00.000Z");
  });

  it("takes whole days, a 23-hour day across the clock change included", () => {
    const range = dashboardRange({ from: "2031-03-09", to: "2031-03-09" }, "America/New_York", NOW);
    expect((range.startsBefore.getTime() - range.startsFrom.getTime()) / 3_600_000).toBe(23);
    expect(range.days).toBe(1);
  });

  it("fills a missing end or start", () => {
    expect(dashboardRange({ from: "2031-04-01" }, "UTC", NOW)).toMatchObject({ from: "2031-04-01", to: "2031-04-01" });
    expect(dashboardRange({ from: "2031-01-01" }, "UTC", NOW)).toMatchObject({ from: "2031-01-01", to: "2031-03-10" });
    expect(dashboardRange({ to: "2031-01-30" }, "UTC", NOW)).toMatchObject({ from: "2031-01-01", to: "2031-01-30" });
  });

  it.each([
    [{ from: "2031-13-01" }, "from"],
    [{ from: "2031-03-02", to: "2031-03-01" }, "to"],
    [{ from: "2028-01-01", to: "2031-01-01" }, "from"],
  ])("refuses %j beside its field", (fields, path) => {
    const parsed = DashboardRangeSchema.safeParse(fields);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual([path]);
  });
});

describe("buckets", () => {
  it("are days up to two months, weeks from Monday beyond", () => {
    expect([bucketUnit(62), bucketUnit(63)]).toEqual(["day", "week"]);
    expect(bucketStarts({ from: "2031-03-08", to: "2031-03-10" }, "day")).toEqual(["2031-03-08", "2031-03-09", "2031-03-10"]);
    expect(bucketStarts({ from: "2031-03-08", to: "2031-03-20" }, "week")).toEqual(["2031-03-03", "2031-03-10", "2031-03-17"]);
  });
});

describe("definitions", () => {
  it.each([
    ["STUDENT", "student"],
    ["PARENT", "student"],
    ["TUTOR", "tutor"],
    ["ADMIN", "staff"],
    ["DISPUTE_RESOLVED", "staff"],
    ["HOLD_EXPIRED", "unpaid"],
    ["REPLACEMENT_UNANSWERED", "unanswered"],
    ["SOMETHING_OLD", null],
    [null, null],
  ])("a session cancelled for %s was ended by %s", (cause, side) => {
    expect(cancelSideOf(cause)).toBe(side);
  });

  it.each([
    [200, "7+ days"],
    [168, "7+ days"],
    [167.9, "3–7 days"],
    [24, "1–3 days"],
    [2, "2–24 hours"],
    [1.99, "Under 2 hours"],
    [0, "Under 2 hours"],
    [-0.5, "After the start"],
  ])("cancelling %d hours before is in the %s bin", (hours, bin) => {
    expect(leadTimeBin(hours)).toBe(bin);
  });

  it("rates with two decimals, and none of nothing", () => {
    expect([rate(1, 3), rate(0, 5), rate(2, 0)]).toEqual([33.33, 0, null]);
    expect([percentText(33.33), percentText(0), percentText(null)]).toEqual(["33.33%", "0.00%", "–"]);
  });
});
