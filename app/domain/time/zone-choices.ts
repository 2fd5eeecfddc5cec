/**
 * Issue 13 (B15): the time-zone pickers show a short list instead of all ~420 zones, which cost the
 * sign-up, account and tutor profile pages 5–7 KB of their critical path. Any other zone is still one
 * step away: "Other time zone…" and its name typed (a city is enough), checked on the server.
 */

/** One or two zones for each offset people live in, west to east: the zones most people choose. */
export const COMMON_TIME_ZONES = [
  "Pacific/Honolulu",
  "America/Anchorage",
  "America/Los_Angeles",
  "America/Denver",
  "America/Phoenix",
  "America/Chicago",
  "America/Mexico_City",
  "America/New_York",
  "America/Toronto",
  "America/Bogota",
  "America/Lima",
  "America/Halifax",
  "America/Caracas",
  "America/Santiago",
  "America/St_Johns",
  "America/Sao_Paulo",
  "America/Argentina/Buenos_Aires",
  "Atlantic/Azores",
  "UTC",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Lisbon",
  "Africa/Lagos",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Madrid",
  "Europe/Rome",
  "Africa/Johannesburg",
  "Africa/Cairo",
  "Europe/Athens",
  "Europe/Kyiv",
  "Europe/Istanbul",
  "Europe/Moscow",
  "Africa/Nairobi",
  "Asia/Riyadh",
  "Asia/Tehran",
  "Asia/Dubai",
  "Asia/Kabul",
  "Asia/Karachi",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Dhaka",
  "Asia/Yangon",
  "Asia/Bangkok",
  "Asia/Jakarta",
  "Asia/Singapore",
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Manila",
  "Australia/Perth",
  "Australia/Eucla",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Australia/Darwin",
  "Australia/Adelaide",
  "Australia/Brisbane",
  "Australia/Sydney",
  "Australia/Melbourne",
  "Australia/Lord_Howe",
  "Pacific/Noumea",
  "Pacific/Auckland",
  "Pacific/Fiji",
  "Pacific/Chatham",
  "Pacific/Tongatapu",
  "Pacific/Kiritimati",
] as const;

/** The select's value for "Other time zone…"; never a zone name (those all have a "/" or are "UTC"). */
export const OTHER_ZONE = "other";

/** The short list for a picker: the zones already in play (saved, detected) first, then the common ones. */
export function zoneChoices(...first: (string | null | undefined)[]): string[] {
  const leading = first.filter((zone): zone is string => Boolean(zone) && zone !== OTHER_ZONE);
  return [...new Set([...leading, ...COMMON_TIME_ZONES])];
}

/** "America/Argentina/Buenos_Aires" → "America/Argentina/Buenos Aires": how pickers show a zone. */
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, " ");
}

const comparable = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "_");

/**
 * The zone a person typed, found among `known`: the exact name in any case, with spaces for
 * underscores ("america/new york"), or the end of exactly one name ("Cordoba", "argentina/cordoba").
 * Undefined when nothing or more than one zone matches: the form then asks for the full name.
 */
export function resolveTypedZone(text: string, known: readonly string[]): string | undefined {
  const wanted = comparable(text);
  if (!wanted) return undefined;
  const exact = known.find((zone) => comparable(zone) === wanted);
  if (exact) return exact;
  const endings = known.filter((zone) => comparable(zone).endsWith(`/${wanted}`));
  return endings.length === 1 ? endings[0] : undefined;
}
