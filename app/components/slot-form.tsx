import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { SlotFormSchema } from "~/domain/scheduling/slot-form";
import { Field, FormErrors, SelectField, SubmitButton } from "./forms";

/** Adding or editing a dated slot; times are the tutor's wall clock, in `zone`. */
export function SlotForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  pending,
  intent,
  minDate,
  maxDate,
  zone,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]>;
  defaultValue: Record<string, string>;
  submitLabel: string;
  pending: boolean;
  intent?: string;
  minDate: string;
  maxDate: string;
  zone: string;
}) {
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    // A fixed error clears while typing, not on leaving the field, where the vanishing message would
    // move the submit button out from under the pointer and swallow the click.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SlotFormSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-3 sm:grid-cols-2">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <div className="sm:col-span-2">
        <FormErrors id={form.errorId} errors={form.errors} />
      </div>
      <div className="sm:col-span-2">
        <Field label="Date" meta={fields.date} type="date" hint={`From ${minDate} to ${maxDate}. Times are in ${zone}.`} />
      </div>
      <Field label="Starts" meta={fields.start} type="time" />
      <Field label="Ends" meta={fields.end} type="time" />
      <SelectField
        label="Kind"
        meta={fields.kind}
        options={[
          { value: "ONE_TO_ONE", label: "1:1 (one student)" },
          { value: "GROUP", label: "Group" },
        ]}
      />
      <Field label="Seats (groups: 2 to 20)" meta={fields.capacity} type="number" />
      <div className="sm:col-span-2">
        <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
