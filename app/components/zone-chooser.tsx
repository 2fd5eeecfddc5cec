import { Form } from "@remix-run/react";

/** A labelled `tz` select, for GET forms that show times in a chosen zone. */
export function ZoneSelect({ zone, zones, label, className = "" }: { zone: string; zones: string[]; label: string; className?: string }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <select name="tz" defaultValue={zone} className={`rounded-md border border-slate-300 bg-white px-2 py-2 ${className}`}>
        {zones.map((option) => (
          <option key={option} value={option}>
            {option.replace(/_/g, " ")}
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
