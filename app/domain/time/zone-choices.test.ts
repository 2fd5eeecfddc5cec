import { describe, expect, it } from "vitest";
import { COMMON_TIME_ZONES, resolveTypedZone, zoneChoices } from "./zone-choices";
import { isValidTimeZone } from "./zones";

const KNOWN = ["America/Argentina/Cordoba", "America/Cordoba", "America/New_York", "Europe/London", "Asia/Kolkata", "Pacific/Chatham"];

describe("time-zone choices", () => {
  it("lists only real zones, each once", () => {
    expect(COMMON_TIME_ZONES.filter((zone) => !isValidTimeZone(zone))).toEqual([]);
    expect(new Set(COMMON_TIME_ZONES).size).toBe(COMMON_TIME_ZONES.length);
  });

  it("puts the saved and detected zones first, without repeating one", () => {
    const choices = zoneChoices("America/Argentina/Cordoba", "Europe/London", undefined);
    expect(choices.slice(0, 2)).toEqual(["America/Argentina/Cordoba", "Europe/London"]);
    expect(choices.filter((zone) => zone === "Europe/London")).toHaveLength(1);
    expect(choices).toHaveLength(COMMON_TIME_ZONES.length + 1);
  });

  it.each([
    ["America/New_York", "America/New_York"],
    ["  america/new york ", "America/New_York"],
    ["new york", "America/New_York"],
    ["KOLKATA", "Asia/Kolkata"],
    ["argentina/cordoba", "America/Argentina/Cordoba"],
    ["Chatham", "Pacific/Chatham"],
  ])("finds %j as %s", (typed, zone) => {
    expect(resolveTypedZone(typed, KNOWN)).toBe(zone);
  });

  it.each([[""], ["   "], ["Cordoba"], ["Atlantis"], ["York"]])("finds nothing for %j (no zone, or more than one)", (typed) => {
    expect(resolveTypedZone(typed, KNOWN)).toBeUndefined();
  });
});
