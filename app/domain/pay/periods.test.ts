import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dayRange, monthPeriod, PayrollPeriodSchema, previousMonthDays, recentMonths } from "./periods";

describe("months in the viewer's zone", () => {
  it("a month is whole in its zone, across a DST change (London, March 2031: 743 hours)", () => {
    const march = monthPeriod("2031-03", "Europe/London")!;
    expect(march).toMatchObject({ label: "March 2031", from: new Date("2031-03-01T00:00:00Z"), to: new Date("2031-03-31T23:00:00Z") });
    expect((march.to.getTime() - march.from.getTime()) / 3_600_000).toBe(743);
  });

  it("starts at local midnight far from UTC", () => {
    expect(monthPeriod("2026-12", "Pacific/Chatham")!.from).toEqual(new Date("2026-11-30T10:15:00Z"));
  });

  it.each(["2026-13", "2026-1", "december", "", "2026-00"])("refuses %j", (text) => {
    expect(monthPeriod(text, "UTC")).toBeNull();
  });

  it("lists the recent months, latest first, the current one included", () => {
    const now = DateTime.fromISO("2026-12-31T23:30:00Z");
    expect(recentMonths(now, "Europe/London", 3).map((month) => month.month)).toEqual(["2026-12", "2026-11", "2026-10"]);
    // Already January in Sydney.
    expect(recentMonths(now, "Australia/Sydney", 1)[0].month).toBe("2027-01");
  });
});

describe("the payroll's period", () => {
  it("is whole days in the zone, both ends included", () => {
    expect(dayRange({ from: "2026-11-01", to: "2026-11-30" }, "America/New_York")).toEqual({
      from: new Date("2026-11-01T04:00:00Z"),
      to: new Date("2026-12-01T05:00:00Z"),
    });
  });

  it("defaults to the previous month", () => {
    expect(previousMonthDays(DateTime.fromISO("2026-12-07T10:00:00Z"), "UTC")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(previousMonthDays(DateTime.fromISO("2026-01-15T10:00:00Z"), "UTC")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });

  it.each([
    [{ from: "2026-11-31", to: "2026-12-01" }, "from"],
    [{ from: "2026-12-02", to: "2026-12-01" }, "to"],
    [{ from: "2025-01-01", to: "2026-01-02" }, "to"],
    [{ from: "yesterday", to: "2026-12-01" }, "from"],
  ])("refuses %j beside %s", (input, field) => {
    const result = PayrollPeriodSchema.safeParse(input);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
  });

  it("takes a whole year", () => {
    expect(PayrollPeriodSchema.safeParse({ from: "2026-01-01", to: "2026-12-31" }).success).toBe(true);
  });
});
