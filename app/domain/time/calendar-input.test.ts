import { describe, expect, it } from "vitest";
import { LocalDateField, parseInstant, parseLocalDate, readLocalDate } from "./calendar-input";

describe("readLocalDate", () => {
  it.each([
    ["2026-11-23", "2026-11-23"],
    ["2028-02-29", "2028-02-29"], // a leap day
    ["2000-01-01", "2000-01-01"], // the first date we handle
    ["2100-12-31", "2100-12-31"], // the last
  ])("reads %s", (value, date) => {
    expect(readLocalDate(value)).toEqual({ ok: true, date });
  });

  it.each([
    // What the fuzzer sent, then its neighbours.
    ["2026-02-30", "INVALID_DATE", /^2026-02-30 is not a date in the calendar\. Check the month and the day/],
    ["2027-13-01", "INVALID_DATE", /^2027-13-01 is not a date in the calendar/],
    ["0000-00-00", "INVALID_DATE", /^0000-00-00 is not a date in the calendar/],
    ["2027-02-29", "INVALID_DATE", /not a date in the calendar/], // not a leap year
    ["2100-02-29", "INVALID_DATE", /not a date in the calendar/], // 2100 is not a leap year either
    ["2026-11-31", "INVALID_DATE", /not a date in the calendar/],
    ["9999-12-31", "DATE_OUT_OF_RANGE", /^9999-12-31 is outside the years we handle \(2000 to 2100\)\. Pick a date from the calendar\.$/],
    ["0001-01-01", "DATE_OUT_OF_RANGE", /outside the years we handle/],
    ["1999-12-31", "DATE_OUT_OF_RANGE", /outside the years we handle/],
    ["2101-01-01", "DATE_OUT_OF_RANGE", /outside the years we handle/],
    ["+275760-09-13", "INVALID_DATE", /^"\+275760-09-13" is not a date\. Write it like 2026-11-23/],
    ["+275760-09-13T00:00", "INVALID_DATE", /is not a date/],
    ["2026-11-23T10:00", "INVALID_DATE", /is not a date/],
    ["2026-1-5", "INVALID_DATE", /is not a date/],
    ["23/11/2026", "INVALID_DATE", /is not a date/],
    ["next monday", "INVALID_DATE", /^"next monday" is not a date/],
    ["", "INVALID_DATE", /is not a date/],
    [" 2026-11-23", "INVALID_DATE", /is not a date/],
  ])("refuses %j (%s)", (value, code, message) => {
    const reading = readLocalDate(value);
    expect(reading).toMatchObject({ ok: false, code });
    expect(!reading.ok && reading.message).toMatch(message);
  });

  it("quotes at most 30 characters of what it was given", () => {
    const reading = readLocalDate("x".repeat(5000));
    expect(!reading.ok && reading.message).toBe(`"${"x".repeat(30)}…" is not a date. Write it like 2026-11-23, or pick one from the calendar.`);
  });
});

describe("parseLocalDate (query parameters)", () => {
  it.each([
    ["2026-11-23", "2026-11-23"],
    ["9999-12-31", null],
    ["2026-02-30", null],
    ["+275760-09-13T00:00", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (value, expected) => {
    expect(parseLocalDate(value)).toBe(expected);
  });
});

describe("parseInstant", () => {
  it.each([
    ["2026-11-23T14:00:00.000Z", "2026-11-23T14:00:00.000Z"], // as links carry them (toISOString)
    ["2026-11-23T14:00Z", "2026-11-23T14:00:00.000Z"],
    ["2026-11-23T09:00:00-05:00", "2026-11-23T14:00:00.000Z"],
    ["2026-11-23T19:45:00+05:45", "2026-11-23T14:00:00.000Z"],
    ["2000-01-01T00:00:00.000Z", "2000-01-01T00:00:00.000Z"],
    ["2100-12-31T23:59:59.999Z", "2100-12-31T23:59:59.999Z"],
  ])("reads %s", (value, iso) => {
    expect(parseInstant(value)?.toISOString()).toBe(iso);
  });

  it.each([
    ["9999-12-31"], // the fuzzer's ?start=: a date, not an instant, and far outside the range
    ["+275760-09-13T00:00"], // the fuzzer's other ?start=: the last instant JavaScript can hold
    ["9999-12-31T00:00:00.000Z"],
    ["2101-01-01T00:00:00.000Z"],
    ["1999-12-31T23:59:59.999Z"],
    ["2000-01-01T00:00:00+01:00"], // 1999-12-31T23:00Z
    ["2026-11-23T14:00:00"], // no offset: which zone's 14:00?
    ["2026-11-23"],
    ["2026-02-30T10:00:00Z"],
    ["2026-11-23T24:00:00Z"],
    ["2026-11-23T14:00:00+25:00"],
    ["1764000000000"],
    ["tomorrow"],
    [""],
    [null],
    [undefined],
  ])("refuses %j", (value) => {
    expect(parseInstant(value)).toBeNull();
  });
});

describe("LocalDateField (the date field of a form)", () => {
  it.each([
    [undefined, "Choose a date."],
    ["2026-02-30", "2026-02-30 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    ["2027-13-01", "2027-13-01 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    ["0000-00-00", "0000-00-00 is not a date in the calendar. Check the month and the day, or pick one from the calendar."],
    ["9999-12-31", "9999-12-31 is outside the years we handle (2000 to 2100). Pick a date from the calendar."],
  ])("refuses %j with %j", (value, message) => {
    const result = LocalDateField.safeParse(value);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it("keeps a real date as typed", () => {
    expect(LocalDateField.parse("2026-11-23")).toBe("2026-11-23");
  });
});
