import { COMMON_TIME_ZONES, OTHER_ZONE, resolveTypedZone } from "~/domain/time/zone-choices";

/** The text box beside a time-zone select, used when the select says "Other time zone…". */
export const OTHER_ZONE_FIELD = "timezoneOther";

let known: string[] | undefined;
/** Every zone name the runtime knows, and the common names (some runtimes list Asia/Calcutta, not Asia/Kolkata). */
function knownZones(): string[] {
  known ??= [...new Set([...COMMON_TIME_ZONES, ...Intl.supportedValuesOf("timeZone")])];
  return known;
}

/**
 * The form as its schema expects it: one `timezone` field. With "Other time zone…" chosen, the typed
 * name becomes the field's value (resolved to a real zone when it names one, else kept as typed, so the
 * schema refuses it beside the field and the page shows it again). Used by the action and by the
 * form's own validation in the browser, so both read the same value.
 */
export function withChosenZone(formData: FormData, field = "timezone"): FormData {
  const result = new FormData();
  for (const [name, value] of formData) if (name !== OTHER_ZONE_FIELD) result.append(name, value);
  if (formData.get(field) === OTHER_ZONE) {
    const typed = String(formData.get(OTHER_ZONE_FIELD) ?? "").slice(0, 100);
    result.set(field, resolveTypedZone(typed, knownZones()) ?? typed.trim());
  }
  return result;
}
