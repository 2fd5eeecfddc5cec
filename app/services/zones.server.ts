import { isValidTimeZone, timeZoneOptions } from "~/domain/time/zones";

let all: string[] | undefined;

/**
 * Every zone for pickers (signing up, the account page). Checking ~400 zones builds an Intl formatter
 * for each, which costs milliseconds, so it is done once per process.
 */
export function allTimeZones(): string[] {
  all ??= timeZoneOptions(Intl.supportedValuesOf("timeZone"));
  return all;
}

/**
 * A short list for the "show times in" chooser on public pages, which must stay small on the wire:
 * one or two zones for each offset people live in, plus the viewer's current zone.
 */
const CHOOSER_ZONES = [
  "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver", "America/Phoenix", "America/Chicago",
  "America/Mexico_City", "America/New_York", "America/Toronto", "America/Bogota", "America/Lima", "America/Halifax",
  "America/Caracas", "America/Santiago", "America/St_Johns", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
  "Atlantic/Azores", "UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Africa/Lagos", "Europe/Paris",
  "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Africa/Johannesburg", "Africa/Cairo", "Europe/Athens",
  "Europe/Kyiv", "Europe/Istanbul", "Europe/Moscow", "Africa/Nairobi", "Asia/Riyadh", "Asia/Tehran", "Asia/Dubai",
  "Asia/Kabul", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Yangon", "Asia/Bangkok",
  "Asia/Jakarta", "Asia/Singapore", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Manila", "Australia/Perth",
  "Australia/Eucla", "Asia/Tokyo", "Asia/Seoul", "Australia/Darwin", "Australia/Adelaide", "Australia/Brisbane",
  "Australia/Sydney", "Australia/Melbourne", "Australia/Lord_Howe", "Pacific/Noumea", "Pacific/Auckland",
  "Pacific/Fiji", "Pacific/Chatham", "Pacific/Tongatapu", "Pacific/Kiritimati",
];

let chooser: string[] | undefined;

export function chooserTimeZones(current: string): string[] {
  chooser ??= CHOOSER_ZONES.filter(isValidTimeZone);
  return chooser.includes(current) ? chooser : [current, ...chooser];
}
