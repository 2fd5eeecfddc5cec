import { parseWithZod } from "@conform-to/zod/v4";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { containsPattern, localDayRange, OperationsFilterSchema, operationsQuery, operationsSearchForFlag } from "./operations-filters";

/** Parses a query string the way the route does (conform: empty fields absent, repeated ones an array). */
function parse(search: string) {
  const submission = parseWithZod(new URLSearchParams(search), { schema: OperationsFilterSchema });
  return submission.status === "success" ? { ok: true as const, value: submission.value } : { ok: false as const, errors: submission.error ?? {} };
}

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).toJSDate();

describe("operations list filters", () => {
  it("defaults to every session, the latest start first, 20 a page", () => {
    const parsed = parse("");
    expect(parsed.ok).toBe(true);
    expect(operationsQuery(parsed.ok ? parsed.value : {}, "UTC")).toEqual({
      statuses: [],
      tutor: null,
      student: null,
      text: null,
      startsFrom: null,
      startsBefore: null,
      kind: null,
      refund: null,
      reassigned: false,
      cancelledBy: null,
      rated: false,
      pendingReschedule: false,
      attention: [],
      sort: "start",
      direction: "desc",
      page: 1,
      size: 20,
    });
  });

  it("reads every filter together, one status or several, names trimmed, empty fields ignored", () => {
    const parsed = parse(
      "status=SCHEDULED&status=NO_SHOW&tutor=+Tess+&student=&q=ann&from=2026-03-01&to=2026-03-02&kind=GROUP&refund=failed&reassigned=yes&cancelled=tutor&rated=yes&reschedule=pending&attention=check-out-missing&attention=failed-refund&sort=status&dir=asc&page=3&size=100",
    );
    expect(parsed.ok).toBe(true);
    expect(operationsQuery(parsed.ok ? parsed.value : {}, "Europe/London")).toEqual({
      statuses: ["SCHEDULED", "NO_SHOW"],
      tutor: "Tess",
      student: null,
      text: "ann",
      startsFrom: utc("2026-03-01T00:00:00Z"),
      startsBefore: utc("2026-03-03T00:00:00Z"),
      kind: "GROUP",
      refund: "failed",
      reassigned: true,
      cancelledBy: "tutor",
      rated: true,
      pendingReschedule: true,
      attention: ["check-out-missing", "failed-refund"],
      sort: "status",
      direction: "asc",
      page: 3,
      size: 100,
    });
    const single = parse("status=CANCELLED");
    expect(single.ok && single.value.status).toEqual(["CANCELLED"]);
  });

  it.each([
    ["status=FINISHED", "status", "Tick statuses from the list."],
    ["kind=1to1", "kind", "Choose 1:1 or group."],
    ["refund=maybe", "refund", "Choose a refund status from the list."],
    ["reassigned=no", "reassigned", "Tick the box or leave it empty."],
    ["cancelled=robot", "cancelled", "Choose who cancelled from the list."],
    ["rated=maybe", "rated", "Tick the box or leave it empty."],
    ["attention=everything", "attention", "Tick reasons from the list."],
    ["sort=price", "sort", "Sort by start, created or status."],
    ["dir=up", "dir", "Choose ascending or descending."],
    ["page=0", "page", "Pages go from 1 to 500; export the CSV for everything."],
    ["page=501", "page", "Pages go from 1 to 500; export the CSV for everything."],
    ["page=two", "page", "Pages go from 1 to 500; export the CSV for everything."],
    ["size=101", "size", "Show between 1 and 100 sessions a page."],
    ["size=2.5", "size", "Show between 1 and 100 sessions a page."],
    ["from=2026-02-30", "from", "2026-02-30 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    ["to=tomorrow", "to", '"tomorrow" is not a date. Write it like 2026-11-23, or pick one from the calendar.'],
    ["from=9999-01-01", "from", "9999-01-01 is outside the years we handle (2000 to 2100). Pick a date from the calendar."],
    ["from=2026-03-05&to=2026-03-04", "to", "The last day comes before the first: swap them."],
    [`tutor=${"x".repeat(101)}`, "tutor", "Type at most 100 characters of the tutor's name."],
  ])("%s is refused beside %s", (search, field, message) => {
    const parsed = parse(search);
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? {} : parsed.errors;
    const messages = Object.entries(errors)
      .filter(([key]) => key === field || key.startsWith(`${field}[`))
      .flatMap(([, list]) => list ?? []);
    expect(messages).toContain(message);
  });

  it("escapes LIKE wildcards in names", () => {
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });

  it("maps the old staff list's flags to the operations list's filters", () => {
    expect(operationsSearchForFlag("check-out-missing")).toBe("?attention=check-out-missing");
    expect(operationsSearchForFlag("confirmation-overdue")).toBe("?attention=confirmation-overdue");
    expect(operationsSearchForFlag("no-show")).toBe("?status=NO_SHOW");
    expect(operationsSearchForFlag("anything")).toBe("");
    expect(operationsSearchForFlag(null)).toBe("");
  });
});

describe("a date range in the viewer's zone", () => {
  it.each([
    // An ordinary day in New York (UTC−5): 24 hours from its local midnight.
    ["America/New_York", "2026-01-15", "2026-01-15", "2026-01-15T05:00:00Z", "2026-01-16T05:00:00Z", 24],
    // Spring forward (8 March 2026): the day has 23 hours; the next starts at 04:00 UTC (EDT).
    ["America/New_York", "2026-03-08", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23],
    // Fall back (1 November 2026): 25 hours.
    ["America/New_York", "2026-11-01", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25],
    // London's spring forward (29 March 2026) across a two-day range.
    ["Europe/London", "2026-03-28", "2026-03-29", "2026-03-28T00:00:00Z", "2026-03-29T23:00:00Z", 47],
    // Lord Howe moves by 30 minutes (5 April 2026, +11 → +10:30).
    ["Australia/Lord_Howe", "2026-04-05", "2026-04-05", "2026-04-04T13:00:00Z", "2026-04-05T13:30:00Z", 24.5],
    // Kathmandu (+05:45), no DST.
    ["Asia/Kathmandu", "2026-06-01", "2026-06-01", "2026-05-31T18:15:00Z", "2026-06-01T18:15:00Z", 24],
  ])("%s, %s to %s: from %s to %s (%d hours)", (zone, from, to, startsFrom, startsBefore, hours) => {
    const range = localDayRange(from, to, zone);
    expect(range).toEqual({ startsFrom: utc(startsFrom), startsBefore: utc(startsBefore) });
    expect((range.startsBefore!.getTime() - range.startsFrom!.getTime()) / 3_600_000).toBe(hours);
  });

  it("leaves an open end open", () => {
    expect(localDayRange("2026-01-15", undefined, "UTC")).toEqual({ startsFrom: utc("2026-01-15T00:00:00Z"), startsBefore: null });
    expect(localDayRange(null, "2026-01-15", "UTC")).toEqual({ startsFrom: null, startsBefore: utc("2026-01-16T00:00:00Z") });
  });

  it("starts a day whose midnight the clocks skip at its first real instant (Santiago, 6 September 2026)", () => {
    // Chile moves from −04:00 to −03:00 at 00:00 local time: the day begins at 01:00 local, 04:00 UTC.
    expect(localDayRange("2026-09-06", "2026-09-06", "America/Santiago")).toEqual({ startsFrom: utc("2026-09-06T04:00:00Z"), startsBefore: utc("2026-09-07T03:00:00Z") });
  });
});
