import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { CLOCK_INPUT_ATTRIBUTES } from "~/domain/time/clock-input";

const inputClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600 focus:border-brand";

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    // The alert is a wrapper: a list may not carry role="alert" itself (axe aria-allowed-role, listitem).
    <div id={id} className="mt-1 text-sm text-red-700" role="alert">
      <ul>
        {errors.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    </div>
  );
}

type InputType = "text" | "email" | "password" | "search" | "tel" | "url" | "number" | "date" | "time";

export function Field({
  label,
  meta,
  type = "text",
  hint,
  autoComplete,
}: {
  label: string;
  meta: FieldMetadata<string | number | undefined>;
  type?: InputType;
  hint?: ReactNode;
  autoComplete?: string;
}) {
  // A time of day is a 24-hour text box, not the browser's AM/PM-prone time control (clock-input.ts).
  const isClock = type === "time";
  const props = getInputProps(meta, { type: isClock ? "text" : type, ariaAttributes: true });
  return (
    <div>
      <label htmlFor={meta.id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        {...props}
        {...(isClock ? CLOCK_INPUT_ATTRIBUTES : {})}
        key={props.key}
        autoComplete={isClock ? CLOCK_INPUT_ATTRIBUTES.autoComplete : autoComplete}
        className={inputClass}
      />
      {hint ? (
        <p id={meta.descriptionId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({ label, meta, options }: { label: string; meta: FieldMetadata<string | undefined>; options: readonly { value: string; label: string }[] }) {
  const props = getSelectProps(meta, { ariaAttributes: true });
  return (
    <div>
      <label htmlFor={meta.id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <select {...props} key={props.key} className={inputClass}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** Errors about the whole form (not one field), for example a wrong password. */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

export function SubmitButton({
  children,
  pending,
  tone = "primary",
  name,
  value,
}: {
  children: ReactNode;
  pending?: boolean;
  tone?: "primary" | "danger" | "plain";
  name?: string;
  value?: string;
}) {
  const tones = {
    primary: "bg-brand text-white hover:bg-indigo-800",
    danger: "bg-red-700 text-white hover:bg-red-800",
    plain: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
  };
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      className={`inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 font-medium disabled:opacity-60 ${tones[tone]}`}
    >
      {pending ? "Working…" : children}
    </button>
  );
}

/**
 * A text box or text area for a form posted without conform's field metadata (a form among several on
 * a page, each with its own result): its label, an optional hint, and its errors, wired for screen
 * readers. `short` is for a number of a few digits.
 */
export function PlainTextField({
  id,
  name,
  label,
  hint,
  errors,
  defaultValue,
  maxLength,
  rows,
  short = false,
}: {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  defaultValue: string;
  maxLength: number;
  /** Rows of a text area; without it, a one-line box. */
  rows?: number;
  short?: boolean;
}) {
  const describedBy = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const shared = { id, name, maxLength, defaultValue, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy };
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-medium">
        {label}
      </label>
      {rows ? (
        <textarea {...shared} rows={rows} className={inputClass} />
      ) : (
        <input {...shared} inputMode={short ? "numeric" : undefined} className={`${inputClass} ${short ? "min-h-11 max-w-32" : "min-h-11"}`} />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/**
 * One choice among a few, as radio buttons in a fieldset with its legend and errors (a form posted
 * without conform's metadata, like PlainTextField). Each option's row is tall enough to tap.
 */
export function RadioFieldset({
  name,
  legend,
  options,
  checked,
  errors,
  hint,
}: {
  name: string;
  legend: ReactNode;
  options: readonly { value: string; label: ReactNode }[];
  checked: string;
  errors?: string[];
  hint?: ReactNode;
}) {
  const describedBy = [errors?.length ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset aria-describedby={describedBy}>
      <legend className="font-medium">{legend}</legend>
      {hint ? (
        <p id={`${name}-hint`} className="text-slate-600">
          {hint}
        </p>
      ) : null}
      {options.map((option) => (
        <label key={option.value} className="flex min-h-11 items-center gap-2">
          <input type="radio" name={name} value={option.value} defaultChecked={checked === option.value} />
          {option.label}
        </label>
      ))}
      <FieldErrors id={`${name}-error`} errors={errors} />
    </fieldset>
  );
}
