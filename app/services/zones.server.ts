import { COMMON_TIME_ZONES } from "~/domain/time/zone-choices";
import { isValidTimeZone, timeZoneOptions } from "~/domain/time/zones";

let all: string[] | undefined;

/**
 * Every zone, for the /time-zones page (the forms show a short list: domain/time/zone-choices.ts). Checking ~400 zones builds an Intl formatter
 * for each, which costs milliseconds, so it is done once per process.
 */
export function allTimeZones(): string[] {
  all ??= timeZoneOptions(Intl.supportedValuesOf("timeZone"));
  return all;
}

/**
 * A short list for the "show times in" chooser on public pages, which must stay small on the wire:
 * the common zones (one or two for each offset people live in), plus the viewer's current zone.
 */
const CHOOSER_ZONES: readonly string[] = COMMON_TIME_ZONES;

let chooser: string[] | undefined;

export function chooserTimeZones(current: string): string[] {
  chooser ??= CHOOSER_ZONES.filter(isValidTimeZone);
  return chooser.includes(current) ? chooser : [current, ...chooser];
}
