import { DateTime, IANAZone } from "luxon";

const validity = new Map<string, boolean>();

/**
 * True for a real IANA zone name ("Europe/London"); false for offsets, abbreviations and typos.
 * Remembered per name: each check builds an Intl formatter, which costs about 0.1 ms.
 */
export function isValidTimeZone(zone: string): boolean {
  let valid = validity.get(zone);
  if (valid === undefined) {
    valid = zone.includes("/") || zone === "UTC" ? IANAZone.isValidZone(zone) : false;
    if (validity.size < 2000) validity.set(zone, valid);
  }
  return valid;
}

/**
 * "Mon 23 Nov 2026, 09:00 GMT+1 (Europe/Paris)" — the zone is always named, and the offset shown,
 * so an hour that occurs twice on a fall-back day is never ambiguous.
 */
export function formatInstant(instant: Date | DateTime, zone: string, options: { withZone?: boolean } = {}): string {
  const dt = (instant instanceof Date ? DateTime.fromJSDate(instant) : instant).setZone(zone);
  const text = dt.toFormat("ccc d LLL yyyy, HH:mm");
  if (options.withZone === false) return text;
  return `${text} ${offsetLabel(dt)} (${zone})`;
}

/** "GMT+5:45", "GMT-4", "GMT" */
export function offsetLabel(dt: DateTime): string {
  const minutes = dt.offset;
  if (minutes === 0) return "GMT";
  const sign = minutes > 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `GMT${sign}${hours}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

/** A short, stable list for zone pickers: common zones first, then every zone the runtime knows. */
export function timeZoneOptions(supported: readonly string[]): string[] {
  const common = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Singapore",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
  ];
  const rest = supported.filter((zone) => !common.includes(zone) && isValidTimeZone(zone));
  return [...common, ...rest];
}
