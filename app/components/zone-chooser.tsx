import { Form } from "@remix-run/react";

/** A GET form: choosing a zone reloads the page with ?tz=, keeping the other parameters. */
export function ZoneChooser({ zone, zones, keep }: { zone: string; zones: string[]; keep: Record<string, string> }) {
  return (
    <Form method="get" className="flex flex-wrap items-end gap-2 text-sm">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label>
        <span className="mb-1 block font-medium">Show times in</span>
        <select name="tz" defaultValue={zone} className="rounded-md border border-slate-300 bg-white px-2 py-2">
          {zones.map((option) => (
            <option key={option} value={option}>
              {option.replace(/_/g, " ")}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2">
        Change
      </button>
    </Form>
  );
}
