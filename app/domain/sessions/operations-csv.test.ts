import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { decimalAmount, neutraliseCell } from "~/domain/shared/csv-cells";
import { isoInZone, OPERATIONS_CSV_COLUMNS, operationsCsvRecord } from "./operations-csv";

describe("cells a spreadsheet would run as a formula", () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["+44 20 7946 0000", "'+44 20 7946 0000"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTabbed", "'\tTabbed"],
    ["\rReturn", "'\rReturn"],
    ["Ada Lovelace", "Ada Lovelace"],
    ["Zoë = tutor", "Zoë = tutor"],
    ["", ""],
  ])("%j becomes %j", (value, expected) => {
    expect(neutraliseCell(value)).toBe(expected);
  });
});

describe("one session as a CSV record", () => {
  it("writes instants in ISO 8601 with the viewer's offset, amounts as decimals, and guards typed text", () => {
    const record = operationsCsvRecord(
      {
        id: "s1",
        startsAt: new Date("2026-03-29T00:30:00Z"),
        endsAt: new Date("2026-03-29T01:30:00Z"),
        title: "=cmd",
        kind: "GROUP",
        tutorName: "@Tess",
        learners: ["-Ann", "Bo"],
        status: "Completed",
        actualStartedAt: new Date("2026-03-29T00:35:00Z"),
        actualEndedAt: null,
        currency: "GBP",
        priceMinor: 4005,
        paidMinor: 8010,
        refundedMinor: 0,
        reschedules: 2,
        reassigned: true,
        pendingReschedule: false,
        createdAt: new Date("2026-03-01T12:00:00.250Z"),
      },
      "Europe/London",
    );
    expect(record).toHaveLength(OPERATIONS_CSV_COLUMNS.length);
    expect(Object.fromEntries(OPERATIONS_CSV_COLUMNS.map((column, index) => [column, record[index]]))).toEqual({
      session_id: "s1",
      starts_at: "2026-03-29T00:30:00Z".replace("Z", "+00:00"),
      ends_at: "2026-03-29T02:30:00+01:00",
      zone: "Europe/London",
      title: "'=cmd",
      meeting_type: "group",
      tutor: "'@Tess",
      learners: "'-Ann; Bo",
      status: "Completed",
      actual_start: "2026-03-29T00:35:00+00:00",
      actual_end: "",
      currency: "GBP",
      price: "40.05",
      paid: "80.10",
      refunded: "0.00",
      reschedules: "2",
      replacement_tutor: "yes",
      pending_reschedule: "no",
      created_at: "2026-03-01T12:00:00.250+00:00",
    });
  });

  it("formats amounts and instants", () => {
    expect([decimalAmount(0), decimalAmount(5), decimalAmount(123456), decimalAmount(-250)]).toEqual(["0.00", "0.05", "1234.56", "-2.50"]);
    expect(isoInZone(new Date("2026-06-01T00:00:00Z"), "Asia/Kathmandu")).toBe("2026-06-01T05:45:00+05:45");
    expect(isoInZone(null, "UTC")).toBe("");
  });

  it.each([
    ["Europe/London", "2026-03-29T00:59:59.999Z"],
    ["Europe/London", "2026-03-29T01:00:00Z"],
    ["America/New_York", "2026-11-01T05:59:00Z"],
    ["America/New_York", "2026-11-01T06:00:00.5Z"],
    ["Australia/Lord_Howe", "2026-04-04T14:59:00Z"],
    ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
    ["Pacific/Chatham", "2026-04-04T13:45:00Z"],
    ["Asia/Kathmandu", "1985-12-31T18:29:00Z"],
    ["Asia/Kathmandu", "1985-12-31T18:30:00Z"],
    ["America/Sao_Paulo", "2031-07-01T12:00:00.123Z"],
  ])("writes %s at %s as luxon does, across offset changes", (zone, iso) => {
    const instant = new Date(iso);
    expect(isoInZone(instant, zone)).toBe(DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }));
  });
});
