import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { FieldErrors } from "~/components/forms";
import { CANCEL_SIDES } from "~/domain/analytics/definitions";
import { ATTENTION_FLAGS, ATTENTION_LABELS, MAX_PAGE_SIZE, REFUND_FILTERS, SESSION_STATUSES, SORT_KEYS, type SortKey } from "~/domain/sessions/operations-filters";
import { describeStatus } from "~/domain/sessions/status";

type Input = Record<string, string | string[]>;
type Errors = Record<string, string[]>;

const inputClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600";
const SORT_LABELS: Record<SortKey, string> = { start: "Start", created: "Created", status: "Status" };
const REFUND_LABELS: Record<(typeof REFUND_FILTERS)[number], string> = { none: "No refund", pending: "Pending", processed: "Processed", failed: "Failed" };

const one = (input: Input, name: string) => {
  const value = input[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
};
const many = (input: Input, name: string) => {
  const value = input[name];
  return Array.isArray(value) ? value : value ? [value] : [];
};

/** A labelled control with its errors beside it (described by them, marked invalid). */
function Labelled({
  name,
  label,
  errors,
  wide = false,
  children,
}: {
  name: string;
  label: string;
  errors: Errors;
  /** The whole row on a phone (a name); otherwise half of it. */
  wide?: boolean;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = `filter-${name}`;
  const invalid = Boolean(errors[name]?.length);
  return (
    <div className={`min-w-0 text-sm ${wide ? "col-span-2 sm:col-span-1" : ""}`}>
      <label htmlFor={id} className="mb-1 block font-medium">
        {label}
      </label>
      {children({ id, ...(invalid ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {}) })}
      <FieldErrors id={`${id}-error`} errors={errors[name]} />
    </div>
  );
}

/** A date picker; a text field when what was typed is not a date, so it stays there to correct. */
function DateInput({ props, name, value, invalid }: { props: object; name: string; value: string; invalid: boolean }) {
  return <input {...props} type={invalid ? "text" : "date"} name={name} defaultValue={value} placeholder="YYYY-MM-DD" className={inputClass} />;
}

function Checkboxes({ name, legend, options, input, errors }: { name: string; legend: string; options: { value: string; label: string }[]; input: Input; errors: Errors }) {
  const chosen = new Set(many(input, name));
  return (
    <fieldset className="text-sm" aria-describedby={errors[name]?.length ? `filter-${name}-error` : undefined}>
      <legend className="mb-1 font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <label key={option.value} className="inline-flex min-h-8 items-center gap-2">
            <input type="checkbox" name={name} value={option.value} defaultChecked={chosen.has(option.value)} />
            {option.label}
          </label>
        ))}
      </div>
      <FieldErrors id={`filter-${name}-error`} errors={errors[name]} />
    </fieldset>
  );
}

/**
 * The operations list's filters: a GET form, so the view is in the URL (bookmarkable, shareable) and
 * works without JavaScript. What was typed stays in the fields, with a message beside a wrong one.
 */
export function OperationsFilters({ input, errors }: { input: Input; errors: Errors }) {
  return (
    <Form method="get" action="/coordinator/sessions" className="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white p-3" aria-label="Filters">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Labelled name="tutor" label="Tutor's name" errors={errors} wide>
          {(props) => <input {...props} type="search" name="tutor" defaultValue={one(input, "tutor")} className={inputClass} />}
        </Labelled>
        <Labelled name="student" label="Learner's name" errors={errors} wide>
          {(props) => <input {...props} type="search" name="student" defaultValue={one(input, "student")} className={inputClass} />}
        </Labelled>
        <Labelled name="q" label="Any name (tutor or learner)" errors={errors} wide>
          {(props) => <input {...props} type="search" name="q" defaultValue={one(input, "q")} className={inputClass} />}
        </Labelled>
        <Labelled name="from" label="From (first day)" errors={errors}>
          {(props) => <DateInput props={props} name="from" value={one(input, "from")} invalid={Boolean(errors.from?.length)} />}
        </Labelled>
        <Labelled name="to" label="To (last day)" errors={errors}>
          {(props) => <DateInput props={props} name="to" value={one(input, "to")} invalid={Boolean(errors.to?.length)} />}
        </Labelled>
        <Labelled name="kind" label="Meeting type" errors={errors}>
          {(props) => (
            <select {...props} name="kind" defaultValue={one(input, "kind")} className={inputClass}>
              <option value="">Any</option>
              <option value="ONE_TO_ONE">1:1</option>
              <option value="GROUP">Group</option>
            </select>
          )}
        </Labelled>
        <Labelled name="refund" label="Refund" errors={errors}>
          {(props) => (
            <select {...props} name="refund" defaultValue={one(input, "refund")} className={inputClass}>
              <option value="">Any</option>
              {REFUND_FILTERS.map((value) => (
                <option key={value} value={value}>
                  {REFUND_LABELS[value]}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        <Labelled name="cancelled" label="Cancelled by" errors={errors}>
          {(props) => (
            <select {...props} name="cancelled" defaultValue={one(input, "cancelled")} className={inputClass}>
              <option value="">Anyone</option>
              {CANCEL_SIDES.map((side) => (
                <option key={side.value} value={side.value}>
                  {side.label}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        <Labelled name="sort" label="Sort by" errors={errors}>
          {(props) => (
            <select {...props} name="sort" defaultValue={one(input, "sort")} className={inputClass}>
              {SORT_KEYS.map((value) => (
                <option key={value} value={value}>
                  {SORT_LABELS[value]}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        <Labelled name="dir" label="Order" errors={errors}>
          {(props) => (
            <select {...props} name="dir" defaultValue={one(input, "dir") || "desc"} className={inputClass}>
              <option value="desc">Latest first</option>
              <option value="asc">Earliest first</option>
            </select>
          )}
        </Labelled>
      </div>
      <Checkboxes name="status" legend="Status" options={SESSION_STATUSES.map((value) => ({ value, label: describeStatus(value) }))} input={input} errors={errors} />
      <Checkboxes name="attention" legend="Attention needed" options={ATTENTION_FLAGS.map((value) => ({ value, label: ATTENTION_LABELS[value] }))} input={input} errors={errors} />
      <fieldset className="text-sm">
        <legend className="mb-1 font-medium">Changes</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          <label className="inline-flex min-h-8 items-center gap-2">
            <input type="checkbox" name="reassigned" value="yes" defaultChecked={one(input, "reassigned") === "yes"} />
            Had a replacement tutor
          </label>
          <label className="inline-flex min-h-8 items-center gap-2">
            <input type="checkbox" name="reschedule" value="pending" defaultChecked={one(input, "reschedule") === "pending"} />
            Reschedule pending
          </label>
          <label className="inline-flex min-h-8 items-center gap-2">
            <input type="checkbox" name="rated" value="yes" defaultChecked={one(input, "rated") === "yes"} />
            Rated
          </label>
        </div>
        <FieldErrors id="filter-reassigned-error" errors={[...(errors.reassigned ?? []), ...(errors.reschedule ?? []), ...(errors.rated ?? [])]} />
      </fieldset>
      <div className="flex flex-wrap items-end gap-3">
        <Labelled name="size" label="Per page" errors={errors}>
          {(props) => <input {...props} type="number" name="size" min={1} max={MAX_PAGE_SIZE} defaultValue={one(input, "size") || "20"} className={`${inputClass} w-24`} />}
        </Labelled>
        <button type="submit" className="min-h-11 rounded-md bg-brand px-4 py-2 font-medium text-white">
          Filter
        </button>
        <Link to="/coordinator/sessions" className="inline-flex min-h-11 items-center text-sm">
          Clear filters
        </Link>
      </div>
      {errors.page?.length ? <FieldErrors id="filter-page-error" errors={errors.page} /> : null}
    </Form>
  );
}
