import { lateField, markField, type AttendanceStatus } from "~/domain/sessions/attendance-marks";
import { FieldErrors } from "./forms";

export type MarkOption = { value: AttendanceStatus; label: string };

/**
 * One learner's attendance on a form: a radio group of `options` and the minutes late beside it. Plain
 * inputs (the names are per seat, `mark-<seatId>`), so the posted values and their errors come back
 * from the last submission; the minutes box is always there, since without JavaScript it cannot appear
 * only when "Late" is picked.
 */
export function LearnerMarkFieldset({
  seatId,
  name,
  options,
  fallback,
  values,
  errors,
  durationMinutes,
}: {
  seatId: string;
  name: string;
  options: readonly MarkOption[];
  /** The mark chosen when nothing was posted yet. */
  fallback: AttendanceStatus;
  values: Readonly<Record<string, unknown>>;
  errors: Readonly<Record<string, string[] | null | undefined>>;
  durationMinutes: number;
}) {
  const mark = markField(seatId);
  const late = lateField(seatId);
  const chosen = typeof values[mark] === "string" && values[mark] ? (values[mark] as string) : fallback;
  const lateValue = typeof values[late] === "string" ? (values[late] as string) : "";
  const markErrors = errors[mark] ?? undefined;
  const lateErrors = errors[late] ?? undefined;
  return (
    <fieldset className="rounded-md border border-slate-200 p-3" aria-describedby={markErrors ? `${mark}-error` : undefined}>
      <legend className="px-1 font-medium">{name}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <label key={option.value} className="inline-flex min-h-11 items-center gap-2">
            <input type="radio" name={mark} value={option.value} defaultChecked={chosen === option.value} className="h-5 w-5" />
            {option.label}
          </label>
        ))}
      </div>
      <FieldErrors id={`${mark}-error`} errors={markErrors} />
      <label htmlFor={`${late}-input`} className="mt-2 block text-sm font-medium">
        Minutes late <span className="font-normal text-slate-600">(when late, 1 to {durationMinutes})</span>
      </label>
      <input
        id={`${late}-input`}
        name={late}
        inputMode="numeric"
        pattern="[0-9]*"
        defaultValue={lateValue}
        aria-invalid={lateErrors ? true : undefined}
        aria-describedby={lateErrors ? `${late}-error` : undefined}
        className="mt-1 w-24 rounded-md border border-slate-300 px-3 py-2"
      />
      <FieldErrors id={`${late}-error`} errors={lateErrors} />
    </fieldset>
  );
}
