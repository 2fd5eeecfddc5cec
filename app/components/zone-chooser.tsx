import type { FieldMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useMemo, useState, useSyncExternalStore } from "react";
import { OTHER_ZONE, zoneChoices, zoneLabel } from "~/domain/time/zone-choices";
import { isValidTimeZone } from "~/domain/time/zones";
import { OTHER_ZONE_FIELD } from "~/utils/zone-field";
import { FieldErrors } from "./forms";

/** A labelled `tz` select, for GET forms that show times in a chosen zone. */
export function ZoneSelect({ zone, zones, label, className = "" }: { zone: string; zones: string[]; label: string; className?: string }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <select name="tz" defaultValue={zone} className={`rounded-md border border-slate-300 bg-white px-2 py-2 ${className}`}>
        {zones.map((option) => (
          <option key={option} value={option}>
            {zoneLabel(option)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A GET form: choosing a zone reloads the page with ?tz=, keeping the other parameters. */
export function ZoneChooser({ zone, zones, keep }: { zone: string; zones: string[]; keep: Record<string, string> }) {
  return (
    <Form method="get" className="flex flex-wrap items-end gap-2 text-sm">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ZoneSelect zone={zone} zones={zones} label="Show times in" />
      <button type="submit" className="min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2">
        Change
      </button>
    </Form>
  );
}

const noSubscription = () => () => {};
/** False in the server's HTML and while hydrating, true once React runs in the browser. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

function browserZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isValidTimeZone(zone) ? zone : undefined;
}

const inputClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600 focus:border-brand";

/**
 * A form's time-zone field (sign-up, account, tutor profile, a child): a short select of likely zones
 * (the saved one, the browser's, the common ones) and "Other time zone…", which takes any zone's name
 * typed in the box below (routes read both through withChosenZone). Without JavaScript the box is always
 * there; with it, the box shows only for "Other…" and suggests every zone the browser knows, at no cost
 * on the wire. With `preferBrowserZone`, a fresh form starts at the browser's own zone.
 */
export function TimeZoneField({ label, meta, preferBrowserZone = false }: { label: string; meta: FieldMetadata<string | undefined>; preferBrowserZone?: boolean }) {
  const initial = typeof meta.initialValue === "string" ? meta.initialValue : "";
  // A value that is not a zone is a typed name the server refused: show it again in the box.
  const typedBefore = initial !== "" && !isValidTimeZone(initial);
  const hydrated = useHydrated();
  const detected = hydrated ? browserZone() : undefined;
  // Until the person picks, a fresh sign-up starts at the browser's zone (known only once hydrated).
  const [picked, setPicked] = useState<string | null>(null);
  const choice = picked ?? (typedBefore ? OTHER_ZONE : preferBrowserZone && detected ? detected : initial);
  const allZones = useMemo(() => (hydrated ? Intl.supportedValuesOf("timeZone") : null), [hydrated]);
  const options = zoneChoices(typedBefore ? undefined : initial, detected);
  const otherId = `${meta.id}-other`;
  const describedBy = [meta.errors?.length ? meta.errorId : null, `${meta.id}-how`].filter(Boolean).join(" ");
  const enhanced = allZones !== null;
  return (
    <div>
      <label htmlFor={meta.id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <select
        id={meta.id}
        name={meta.name}
        form={meta.formId}
        value={choice}
        onChange={(event) => setPicked(event.target.value)}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={inputClass}
      >
        {choice === "" ? <option value="">Choose a time zone</option> : null}
        {options.map((zone) => (
          <option key={zone} value={zone}>
            {zoneLabel(zone)}
          </option>
        ))}
        <option value={OTHER_ZONE}>Other time zone…</option>
      </select>
      <div className={enhanced && choice !== OTHER_ZONE ? "hidden" : "mt-2"}>
        <label htmlFor={otherId} className="mb-1 block text-sm font-medium">
          Zone not in the list (name or city)
        </label>
        <input
          id={otherId}
          name={OTHER_ZONE_FIELD}
          form={meta.formId}
          defaultValue={typedBefore ? initial : ""}
          list={enhanced ? `${otherId}-list` : undefined}
          autoComplete="off"
          aria-describedby={`${meta.id}-how`}
          className={inputClass}
        />
        {allZones ? (
          <datalist id={`${otherId}-list`}>
            {allZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        ) : null}
      </div>
      <p id={`${meta.id}-how`} className={enhanced && choice !== OTHER_ZONE ? "hidden" : "mt-1 text-sm text-slate-600"}>
        Not in the list? Choose “Other time zone…” and type its name or a city in it, for example America/Argentina/Cordoba or Cordoba.{" "}
        <a href="/time-zones" target="_blank" rel="noopener">
          Every time zone
        </a>
      </p>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
