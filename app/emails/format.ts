import { DateTime } from "luxon";
import { isValidTimeZone, offsetLabel } from "~/domain/time/zones";

/**
 * "Tuesday 1 December 2026, 09:00–10:00 (America New York, UTC−5)": the date once when the session
 * stays on one day; each time gets its own offset when a clock change falls inside the session.
 */
export function formatSessionTime(startsAt: Date, endsAt: Date, zone: string): string {
  const start = inZone(startsAt, zone);
  const end = inZone(endsAt, zone);
  const sameDay = start.hasSame(end, "day");
  const endText = end.toFormat(sameDay ? "HH:mm" : "cccc d LLLL yyyy, HH:mm");
  const startText = start.toFormat("cccc d LLLL yyyy, HH:mm");
  if (start.offset !== end.offset) {
    return `${startText} ${utcOffset(start)} – ${endText} ${utcOffset(end)} (${zoneName(start)})`;
  }
  return `${startText}${sameDay ? "–" : " – "}${endText} (${zoneLabel(start)})`;
}

/** "Tuesday 1 December 2026, 09:00 (America New York, UTC−5)" */
export function formatInstantLong(instant: Date, zone: string): string {
  const dt = inZone(instant, zone);
  return `${dt.toFormat("cccc d LLLL yyyy, HH:mm")} (${zoneLabel(dt)})`;
}

/** "Tue 1 Dec", for subject lines. */
export function shortDate(instant: Date, zone: string): string {
  return inZone(instant, zone).toFormat("ccc d LLL");
}

/** Subjects are a header: names typed with line breaks or tabs must not reach it. */
export function oneLine(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** An unknown zone must not stop an email going out: fall back to UTC, which names itself. */
function inZone(instant: Date, zone: string): DateTime {
  return DateTime.fromJSDate(instant)
    .setZone(isValidTimeZone(zone) ? zone : "UTC")
    .setLocale("en-GB");
}

function zoneName(dt: DateTime): string {
  return (dt.zoneName ?? "UTC").replace(/[/_]/g, " ");
}

/** offsetLabel's "GMT-5" read as "UTC−5", with a real minus sign. */
function utcOffset(dt: DateTime): string {
  return offsetLabel(dt).replace(/^GMT/, "UTC").replace("-", "−");
}

function zoneLabel(dt: DateTime): string {
  const name = zoneName(dt);
  const offset = utcOffset(dt);
  return name === offset ? name : `${name}, ${offset}`;
}
