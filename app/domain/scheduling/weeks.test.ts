import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  bookingWeeks,
  bookingWeeksRange,
  chosenBookingWeek,
  lastBookableDate,
  inShownWeek,
  openingBookingWeek,
  parseWeekId,
  requestedWeek,
  shiftWeek,
  shownBookingWeek,
  todayIn,
  weekContaining,
} from "./weeks";

describe("weekContaining", () => {
  it.each([
    ["2026-11-23", "2026-W48", "2026-11-23", "2026-11-29"], // a Monday
    ["2026-11-29", "2026-W48", "2026-11-23", "2026-11-29"], // a Sunday belongs to the week before it
    ["2026-12-31", "2026-W53", "2026-12-28", "2027-01-03"], // 2026 has 53 ISO weeks
    ["2027-01-03", "2026-W53", "2026-12-28", "2027-01-03"],
    ["2027-01-04", "2027-W01", "2027-01-04", "2027-01-10"],
    ["2024-12-30", "2025-W01", "2024-12-30", "2025-01-05"], // week 1 may start in December
    ["2021-01-01", "2020-W53", "2020-12-28", "2021-01-03"],
    ["2028-02-29", "2028-W09", "2028-02-28", "2028-03-05"],
  ])("%s is in %s (%s … %s)", (date, id, start, end) => {
    const week = weekContaining(date);
    expect(week).toMatchObject({ id, start, end });
    expect(week.days).toHaveLength(7);
    expect(week.days[0]).toBe(start);
    expect(week.days[6]).toBe(end);
    expect(week.days).toContain(date);
  });

  it("rejects a date that does not exist", () => {
    expect(() => weekContaining("2026-02-30")).toThrow(/not a date/);
  });
});

describe("parseWeekId", () => {
  it.each([
    ["2026-W48", "2026-11-23"],
    ["2026-W53", "2026-12-28"], // exists: 2026 starts on a Thursday
    ["2027-W01", "2027-01-04"],
    ["2020-W53", "2020-12-28"],
    ["2026-W01", "2025-12-29"],
    ["2027-W53", null], // 2027 has 52 weeks
    ["2026-W54", null],
    ["2026-W00", null],
    ["2026-W1", null],
    ["2026-w48", null],
    ["2026-48", null],
    ["", null],
    ["2026-W48 ", null],
    // Issue 12: only years 2000–2100 (calendar-input.ts); 9999-W52 ran past year 9999 and broke a query.
    ["9999-W52", null],
    ["0000-W01", null],
    ["1999-W52", null],
    ["2101-W01", null],
    ["2000-W01", "2000-01-03"],
    ["2100-W52", "2100-12-27"],
  ])("%s → week starting %s", (id, start) => {
    const week = parseWeekId(id);
    if (start === null) {
      expect(week).toBeNull();
      return;
    }
    expect(week?.id).toBe(id);
    expect(week?.start).toBe(start);
  });

  it("agrees with luxon on which years have a week 53", () => {
    for (let year = 2020; year <= 2040; year++) {
      const has53 = DateTime.fromObject({ year: year, month: 12, day: 28 }).weeksInWeekYear === 53;
      expect(parseWeekId(`${year}-W53`) !== null).toBe(has53);
    }
  });
});

describe("shiftWeek", () => {
  it.each([
    ["2026-W53", 1, "2027-W01"],
    ["2027-W01", -1, "2026-W53"],
    ["2026-W48", 0, "2026-W48"],
    ["2026-W48", 5, "2026-W53"],
    ["2026-W48", 6, "2027-W01"],
    ["2026-W01", -1, "2025-W52"],
  ])("%s shifted by %i is %s", (id, by, expected) => {
    expect(shiftWeek(parseWeekId(id)!, by).id).toBe(expected);
  });
});

describe("todayIn", () => {
  it.each([
    ["2026-11-23T03:00:00Z", "America/New_York", "2026-11-22"],
    ["2026-11-23T03:00:00Z", "Europe/London", "2026-11-23"],
    ["2026-11-23T18:14:00Z", "Asia/Kathmandu", "2026-11-23"],
    ["2026-11-23T18:15:00Z", "Asia/Kathmandu", "2026-11-24"], // +05:45
    ["2026-11-22T10:14:00Z", "Pacific/Chatham", "2026-11-22"],
    ["2026-11-22T10:15:00Z", "Pacific/Chatham", "2026-11-23"], // +13:45 in summer
  ])("at %s in %s it is %s", (now, zone, expected) => {
    expect(todayIn(zone, DateTime.fromISO(now))).toBe(expected);
  });

  it("rejects an unknown zone", () => {
    expect(() => todayIn("Mars/Olympus_Mons", DateTime.fromISO("2026-11-23T03:00:00Z"))).toThrow(/not a time zone we know/);
  });
});

describe("bookingWeeks", () => {
  it.each([
    // Monday 00:00 in New York: 28 days are exactly four weeks.
    ["Monday 00:00", "2026-11-23T05:00:00Z", "America/New_York", 28, ["2026-W48", "2026-W49", "2026-W50", "2026-W51"]],
    // Later on Monday the horizon reaches the Monday four weeks on, so that week is included.
    ["Monday 09:00", "2026-11-23T14:00:00Z", "America/New_York", 28, ["2026-W48", "2026-W49", "2026-W50", "2026-W51", "2026-W52"]],
    ["Sunday 23:00", "2026-11-23T04:00:00Z", "America/New_York", 28, ["2026-W47", "2026-W48", "2026-W49", "2026-W50", "2026-W51"]],
    // The same instant is already Monday in London.
    ["Monday 04:00 London", "2026-11-23T04:00:00Z", "Europe/London", 28, ["2026-W48", "2026-W49", "2026-W50", "2026-W51", "2026-W52"]],
    ["across the year end", "2026-12-14T05:00:00Z", "America/New_York", 28, ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]],
    ["one week", "2026-11-23T05:00:00Z", "America/New_York", 7, ["2026-W48"]],
  ])("%s → %j", (_name, now, zone, horizonDays, ids) => {
    const weeks = bookingWeeks(zone, DateTime.fromISO(now), horizonDays as number);
    expect(weeks.map((week) => week.id)).toEqual(ids);
  });

  it("covers the last bookable date", () => {
    const now = DateTime.fromISO("2026-11-25T15:30:00Z");
    const weeks = bookingWeeks("America/New_York", now, 28);
    const last = lastBookableDate("America/New_York", now, { bookingHorizonDays: 28 });
    expect(last).toBe("2026-12-23");
    expect(weeks[weeks.length - 1].days).toContain(last);
    expect(weeks[0].days).toContain("2026-11-25");
  });
});

describe("requestedWeek (a page's ?week= and ?day=)", () => {
  it.each<[string, { week?: string | null; day?: string | null }, string | null, RegExp | null]>([
    ["nothing asked", {}, null, null],
    ["empty parameters", { week: "", day: "" }, null, null],
    ["a week", { week: "2026-W48" }, "2026-W48", null],
    ["a day", { day: "2026-11-25" }, "2026-W48", null],
    ["a day wins over a week", { day: "2026-11-25", week: "2027-W01" }, "2026-W48", null],
    ["the fuzzer's 9999-W52", { week: "9999-W52" }, null, /^There is no week "9999-W52" to show, so this is the current week\./],
    ["a week 53 that does not exist", { week: "2027-W53" }, null, /no week "2027-W53"/],
    ["a malformed week", { week: "next" }, null, /no week "next"/],
    ["the fuzzer's 9999-12-31", { day: "9999-12-31" }, null, /^There is no day "9999-12-31" to show/],
    ["30 February", { day: "2026-02-30" }, null, /no day "2026-02-30"/],
    ["the zero date", { day: "0000-00-00" }, null, /no day "0000-00-00"/],
    ["a huge parameter, quoted short", { week: "W".repeat(1000) }, null, /no week "W{30}…" to show/],
  ])("%s", (_name, params, weekId, notice) => {
    const result = requestedWeek(params);
    expect(result.week?.id ?? null).toBe(weekId);
    if (notice) expect(result.notice).toMatch(notice);
    else expect(result.notice).toBeNull();
  });
});

describe("chosenBookingWeek", () => {
  // Wednesday 25 Nov 2026, 12:00 UTC: bookable weeks are 2026-W48 to 2026-W52.
  const now = DateTime.fromISO("2026-11-25T12:00:00Z");
  const choose = (params: { week?: string | null; day?: string | null }) => chosenBookingWeek("Europe/London", now, 28, params);

  it.each<[string, { week?: string | null; day?: string | null }, string, RegExp | null]>([
    ["nothing asked: the current week", {}, "2026-W48", null],
    ["a bookable week", { week: "2026-W50" }, "2026-W50", null],
    ["a bookable day", { day: "2026-12-10" }, "2026-W50", null],
    [
      "a week past the horizon",
      { week: "2027-W10" },
      "2026-W48",
      /^Times can be booked up to 28 days ahead and not in the past, so the week of 8 Mar – 14 Mar 2027 has none\. This is the current week\.$/,
    ],
    ["a past week", { week: "2026-W40" }, "2026-W48", /so the week of 28 Sep – 4 Oct 2026 has none/],
    ["the fuzzer's 9999-W52", { week: "9999-W52" }, "2026-W48", /no week "9999-W52"/],
    ["the fuzzer's day 9999-12-31", { day: "9999-12-31" }, "2026-W48", /no day "9999-12-31"/],
  ])("%s", (_name, params, weekId, notice) => {
    const chosen = choose(params);
    expect(chosen.week.id).toBe(weekId);
    if (notice) expect(chosen.notice).toMatch(notice);
    else expect(chosen.notice).toBeNull();
  });

  it("links only to neighbouring bookable weeks", () => {
    expect(choose({}).previous).toBeNull();
    expect(choose({}).next).toBe("2026-W49");
    expect(choose({ week: "2026-W52" }).next).toBeNull();
  });
});

describe("openingBookingWeek (a page asked for no week opens on its first week with times)", () => {
  // Wednesday 25 Nov 2026, 12:00 UTC: bookable weeks are 2026-W48 to 2026-W52 in both zones below.
  const now = DateTime.fromISO("2026-11-25T12:00:00Z");
  const open = (zone: string, starts: string[]) =>
    openingBookingWeek(
      zone,
      now,
      28,
      starts.map((iso) => new Date(iso)),
    );

  it.each<[string, string, string[], string, string | null, string | null]>([
    ["the current week has times: the current week", "Europe/London", ["2026-12-10T10:00:00Z", "2026-11-27T10:00:00Z"], "2026-W48", null, "2026-W49"],
    ["the current week is empty, week 3 has times: week 3", "Europe/London", ["2026-12-17T10:00:00Z", "2026-12-09T10:00:00Z"], "2026-W50", "2026-W49", "2026-W51"],
    ["only the last, fifth week has a time", "Europe/London", ["2026-12-23T10:00:00Z"], "2026-W52", "2026-W51", null],
    // Sunday 6 Dec 23:30 in London is Monday 7 Dec 00:30 in Berlin: a week later there.
    ["Sunday night in London", "Europe/London", ["2026-12-06T23:30:00Z"], "2026-W49", "2026-W48", "2026-W50"],
    ["the same instant is Monday in Berlin", "Europe/Berlin", ["2026-12-06T23:30:00Z"], "2026-W50", "2026-W49", "2026-W51"],
    // Monday 30 Nov 03:00 UTC is still Sunday 29 Nov 22:00 in New York: the current week there.
    ["Sunday evening in New York", "America/New_York", ["2026-11-30T03:00:00Z"], "2026-W48", null, "2026-W49"],
    ["Monday early morning in London", "Europe/London", ["2026-11-30T03:00:00Z"], "2026-W49", "2026-W48", "2026-W50"],
  ])("%s", (_name, zone, starts, weekId, previous, next) => {
    const opening = open(zone, starts);
    expect(opening.week.id).toBe(weekId);
    expect(opening.noneInHorizon).toBe(false);
    expect(opening.notice).toBeNull();
    expect(opening.previous).toBe(previous);
    expect(opening.next).toBe(next);
    expect(opening.range.from.toISOString()).toBe(DateTime.fromISO(opening.week.start, { zone }).toUTC().toISO());
  });

  it.each<[string, string[]]>([
    ["no times at all", []],
    ["times only outside the bookable weeks", ["2026-11-20T10:00:00Z", "2026-12-28T10:00:00Z"]],
  ])("%s: the current week, saying there are none in the next 4 weeks", (_name, starts) => {
    const opening = open("Europe/London", starts);
    expect(opening.week.id).toBe("2026-W48");
    expect(opening.noneInHorizon).toBe(true);
    expect(opening.notice).toBe("No open times in the next 4 weeks. New times can be booked up to 28 days ahead, so check again later.");
    expect(opening.previous).toBeNull();
    expect(opening.next).toBe("2026-W49");
  });

  it("says the horizon in days when it is not whole weeks", () => {
    expect(openingBookingWeek("Europe/London", now, 10, []).notice).toBe("No open times in the next 10 days. New times can be booked up to 10 days ahead, so check again later.");
  });

  it("chosenBookingWeek says whether anything was asked, so only pages asked for nothing open on a later week", () => {
    expect(chosenBookingWeek("Europe/London", now, 28, {}).asked).toBe(false);
    expect(chosenBookingWeek("Europe/London", now, 28, { week: "", day: null }).asked).toBe(false);
    expect(chosenBookingWeek("Europe/London", now, 28, { week: "2026-W48" }).asked).toBe(true);
    expect(chosenBookingWeek("Europe/London", now, 28, { week: "nonsense" }).asked).toBe(true);
    expect(chosenBookingWeek("Europe/London", now, 28, { day: "2026-12-01" }).asked).toBe(true);
  });

  it("bookingWeeksRange runs from the current week's Monday to the Monday after the last bookable week, in the zone", () => {
    const range = bookingWeeksRange("America/New_York", now, 28);
    expect(range.from.toISOString()).toBe("2026-11-23T05:00:00.000Z");
    expect(range.to.toISOString()).toBe("2026-12-28T05:00:00.000Z");
  });
});

describe("shownBookingWeek (what a page of bookable times shows and says about its week)", () => {
  // Wednesday 25 Nov 2026, 12:00 UTC: bookable weeks are 2026-W48 to 2026-W52 in London.
  const now = DateTime.fromISO("2026-11-25T12:00:00Z");
  const zone = "Europe/London";
  const shown = (params: { week?: string }, starts: string[] | null) =>
    shownBookingWeek(chosenBookingWeek(zone, now, 28, params), zone, now, 28, starts && starts.map((iso) => new Date(iso)));

  it.each<[string, { week?: string }, string[] | null, string, string | null, boolean, string | null]>([
    ["no week asked, times in week 4: opens there, later", {}, ["2026-12-17T10:00:00Z"], "2026-W51", null, true, null],
    ["no week asked, times this week: this week, not later", {}, ["2026-11-27T10:00:00Z"], "2026-W48", null, false, null],
    [
      "no week asked, nothing in the horizon",
      {},
      [],
      "2026-W48",
      null,
      false,
      "No open times in the next 4 weeks. New times can be booked up to 28 days ahead, so check again later.",
    ],
    ["no week asked and nothing to open on (no tutor picked)", {}, null, "2026-W48", null, false, null],
    ["an asked week is kept, even an empty one", { week: "2026-W49" }, ["2026-12-17T10:00:00Z"], "2026-W49", null, false, null],
    [
      "an asked week past the horizon: the current week with its notice",
      { week: "2027-W10" },
      ["2026-12-17T10:00:00Z"],
      "2026-W48",
      "Times can be booked up to 28 days ahead and not in the past, so the week of 8 Mar – 14 Mar 2027 has none. This is the current week.",
      false,
      null,
    ],
  ])("%s", (_name, params, starts, weekId, weekNotice, openedLater, noneInHorizon) => {
    const result = shown(params, starts);
    expect([result.week.id, result.weekNotice, result.openedLater, result.noneInHorizon]).toEqual([weekId, weekNotice, openedLater, noneInHorizon]);
  });

  it("counts a time in the shown week from its Monday 00:00 up to, not including, the next Monday's", () => {
    const week = shown({ week: "2026-W49" }, null);
    expect([
      inShownWeek(week, "2026-11-30T00:00:00Z"),
      inShownWeek(week, new Date("2026-12-06T23:59:59Z")),
      inShownWeek(week, "2026-12-07T00:00:00Z"),
      inShownWeek(week, "2026-11-29T23:59:59Z"),
    ]).toEqual([true, true, false, false]);
  });
});
