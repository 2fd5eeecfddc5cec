import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatInstant, isValidTimeZone, offsetLabel, timeZoneOptions } from "./zones";

describe("isValidTimeZone", () => {
  it.each([
    ["Europe/London", true],
    ["America/New_York", true],
    ["Asia/Kathmandu", true],
    ["Pacific/Chatham", true],
    ["UTC", true],
    ["Mars/Olympus_Mons", false],
    ["EST", false],
    ["+05:00", false],
    ["", false],
    ["europe/london", true],
  ])("%s → %s", (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});

describe("formatInstant", () => {
  const instant = DateTime.fromISO("2026-11-23T09:00:00Z");

  it("names the zone and its offset", () => {
    expect(formatInstant(instant, "Asia/Kathmandu")).toBe("Mon 23 Nov 2026, 14:45 GMT+5:45 (Asia/Kathmandu)");
    expect(formatInstant(instant, "America/New_York")).toBe("Mon 23 Nov 2026, 04:00 GMT-5 (America/New_York)");
    expect(formatInstant(instant, "Europe/London")).toBe("Mon 23 Nov 2026, 09:00 GMT (Europe/London)");
  });

  it("tells the two 01:30s of a fall-back night apart by their offsets", () => {
    const first = DateTime.fromISO("2026-11-01T05:30:00Z");
    const second = DateTime.fromISO("2026-11-01T06:30:00Z");
    expect(formatInstant(first, "America/New_York")).toContain("01:30 GMT-4");
    expect(formatInstant(second, "America/New_York")).toContain("01:30 GMT-5");
  });

  it("shows Chatham's +13:45 summer offset", () => {
    expect(offsetLabel(DateTime.fromISO("2027-01-10T00:00:00Z").setZone("Pacific/Chatham"))).toBe("GMT+13:45");
  });

  it("can leave the zone out", () => {
    expect(formatInstant(instant, "Europe/London", { withZone: false })).toBe("Mon 23 Nov 2026, 09:00");
  });
});

describe("timeZoneOptions", () => {
  it("puts common zones first and drops invalid names", () => {
    const options = timeZoneOptions(["Africa/Cairo", "Europe/London", "Bogus/Zone"]);
    expect(options[0]).toBe("America/New_York");
    expect(options).toContain("Africa/Cairo");
    expect(options).not.toContain("Bogus/Zone");
    expect(options.filter((zone) => zone === "Europe/London")).toHaveLength(1);
  });
});
