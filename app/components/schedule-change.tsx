import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatRange } from "~/components/booking";
import { FieldErrors, FormErrors, PlainTextField, RadioFieldset, SubmitButton } from "~/components/forms";
import { PayoutTreatmentFields } from "~/components/payout-treatment";
import { CANCELLATION_REASON_CATEGORIES } from "~/domain/changes/refunds";
import { FINANCIAL_TREATMENTS, NOTES_MAX, NOTIFY_CHOICES } from "~/domain/changes/schedule-change";
import { payoutTreatmentLabel } from "~/domain/pay/payout-treatment";
import { CLOCK_INPUT_ATTRIBUTES, CLOCK_INPUT_HINT } from "~/domain/time/clock-input";
import { formatPrice } from "~/domain/tutors/profile";

/** A payout as a plan shows it (dates and amounts are plain data after the loader's JSON). */
type PayoutView = { choice: string; amountMinor: number; fullMinor: number; currency: string; alreadyDecided: number };
type Email = { name: string; email: string; role: string; refund?: string | null };

export type ChangeResult = {
  type: "reschedule" | "cancel";
  values: Record<string, string>;
  errors: Record<string, string[]>;
  reschedule: { startsAt: string; endsAt: string; previousStartsAt: string; previousEndsAt: string; payout: PayoutView; emails: Email[]; shown: string } | null;
  cancel: {
    forced: boolean;
    currency: string;
    refundPercent: number | null;
    asCredit: boolean;
    notify: boolean;
    seats: { id: string; studentName: string; bookerName: string; leftMinor: number; refundMinor: number; percent: number }[];
    payout: PayoutView | null;
    emails: Email[];
    shown: string;
  } | null;
};

const ROLE_WORDS: Record<string, string> = { booker: "who booked", student: "learner", tutor: "tutor" };

function PayoutLine({ payout, tutorName }: { payout: PayoutView; tutorName: string }) {
  return (
    <li>
      {tutorName}'s pay: <strong>{formatPrice(payout.amountMinor, payout.currency)}</strong> ({payoutTreatmentLabel(payout.choice).toLowerCase()}; full pay is{" "}
      {formatPrice(payout.fullMinor, payout.currency)}){payout.alreadyDecided > 0 ? `; ${payout.alreadyDecided} place(s) already had a payout decided and are not paid again` : ""}.
    </li>
  );
}

function EmailList({ emails }: { emails: Email[] }) {
  if (emails.length === 0) return <li>Nobody is emailed.</li>;
  return (
    <li>
      Emailed:
      <ul className="list-disc pl-5">
        {emails.map((email) => (
          <li key={`${email.role}-${email.email}`} className="break-words">
            {email.name} ({ROLE_WORDS[email.role] ?? email.role}, {email.email}){email.refund ? `, told of the refund of ${email.refund}` : ""}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The preview box and its final form: the same choices as hidden fields, plus the amounts shown. */
function Confirm({
  heading,
  values,
  fields,
  shown,
  button,
  children,
  errors,
}: {
  heading: string;
  values: Record<string, string>;
  fields: readonly string[];
  shown: string;
  button: string;
  children: ReactNode;
  errors?: string[];
}) {
  const navigation = useNavigation();
  return (
    <section aria-labelledby="change-preview-heading" className="mb-4 space-y-2 rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm">
      <h3 id="change-preview-heading" className="font-semibold">
        {heading}
      </h3>
      <FormErrors id="change-confirm-errors" errors={errors} />
      <ul className="list-disc space-y-1 pl-5">{children}</ul>
      <Form method="post">
        <input type="hidden" name="step" value="apply" />
        {fields.map((field) => (
          <input key={field} type="hidden" name={field} value={values[field] ?? ""} />
        ))}
        <input type="hidden" name="shown" value={shown} />
        <SubmitButton pending={navigation.state === "submitting" && navigation.formData?.get("step") === "apply"}>{button}</SubmitButton>
      </Form>
      <p className="text-slate-700">Or change the choices below and preview again.</p>
    </section>
  );
}

function usePreviewing(): boolean {
  const navigation = useNavigation();
  return navigation.state === "submitting" && navigation.formData?.get("step") === "preview";
}

function NotesField({ value, errors, label }: { value: string; errors?: string[]; label: string }) {
  return (
    <PlainTextField
      id="notes"
      name="notes"
      label={label}
      rows={3}
      maxLength={NOTES_MAX}
      defaultValue={value}
      errors={errors}
      hint="At least 10 characters. Kept in the session's trail."
    />
  );
}

function ClockInput({ id, label, value, errors }: { id: string; label: string; value: string; errors?: string[] }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-medium">
        {label}
      </label>
      <input
        id={id}
        name={id}
        {...CLOCK_INPUT_ATTRIBUTES}
        defaultValue={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`}
        className="block min-h-11 w-28 rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
      />
      <p id={`${id}-hint`} className="mt-1 text-slate-600">
        {CLOCK_INPUT_HINT}
      </p>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

const RESCHEDULE_HIDDEN = ["type", "date", "start", "end", "payout", "payoutAmount", "notes"] as const;

export function RescheduleChangeForm({
  zone,
  current,
  tutorName,
  fullPay,
  result,
}: {
  zone: string;
  current: { date: string; start: string; end: string };
  tutorName: string;
  fullPay: string;
  result: ChangeResult | null;
}) {
  const values = { ...result?.values, type: "reschedule" };
  const errors = result?.errors ?? {};
  const value = (field: string, fallback: string) => result?.values[field] ?? fallback;
  const plan = result?.reschedule ?? null;
  const fieldErrorsOnly = Object.keys(errors).every((field) => field === "");
  const previewing = usePreviewing();
  return (
    <>
      {plan && fieldErrorsOnly ? (
        <Confirm heading="What rescheduling does" values={values} fields={RESCHEDULE_HIDDEN} shown={plan.shown} button="Reschedule the session" errors={errors[""]}>
          <li>
            New time: <strong>{formatRange(plan.startsAt, plan.endsAt, zone)}</strong> (was {formatRange(plan.previousStartsAt, plan.previousEndsAt, zone)}). The status stays; a
            pending request to move it is closed.
          </li>
          <PayoutLine payout={plan.payout} tutorName={tutorName} />
          <EmailList emails={plan.emails} />
          <li>Each email gives the new time in the recipient's own zone, with a calendar event that replaces the old one.</li>
        </Confirm>
      ) : null}
      <Form method="post" className="space-y-4 text-sm">
        <input type="hidden" name="type" value="reschedule" />
        <input type="hidden" name="step" value="preview" />
        {plan && fieldErrorsOnly ? null : <FormErrors id="change-errors" errors={errors[""]} />}
        <p className="text-slate-700">
          The new time in your zone ({zone.replace(/_/g, " ")}). No request is sent: the session moves once you confirm, if {tutorName} and every learner are free then.
        </p>
        <div>
          <label htmlFor="date" className="mb-1 block font-medium">
            Date
          </label>
          <input
            id="date"
            name="date"
            type="date"
            defaultValue={value("date", current.date)}
            aria-invalid={errors.date?.length ? true : undefined}
            aria-describedby={errors.date?.length ? "date-error" : undefined}
            className="block min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
          />
          <FieldErrors id="date-error" errors={errors.date} />
        </div>
        <div className="flex flex-wrap gap-4">
          <ClockInput id="start" label="Start" value={value("start", current.start)} errors={errors.start} />
          <ClockInput id="end" label="End" value={value("end", current.end)} errors={errors.end} />
        </div>
        <PayoutTreatmentFields tutorName={tutorName} fullPay={fullPay} value={value} errors={errors} defaultChoice="none" />
        <NotesField label="Why it moves" value={value("notes", "")} errors={errors.notes} />
        <SubmitButton tone="plain" pending={previewing}>
          Preview the new time
        </SubmitButton>
      </Form>
    </>
  );
}

const CANCEL_HIDDEN = ["type", "category", "financial", "refundPercent", "notify", "payout", "payoutAmount", "notes"] as const;

export function CancelChangeForm({ zone, tutorName, fullPay, result }: { zone: string; tutorName: string; fullPay: string; result: ChangeResult | null }) {
  const values = { ...result?.values, type: "cancel" };
  const errors = result?.errors ?? {};
  const value = (field: string, fallback: string) => result?.values[field] ?? fallback;
  const plan = result?.cancel ?? null;
  const fieldErrorsOnly = Object.keys(errors).every((field) => field === "");
  const previewing = usePreviewing();
  const money = (minor: number) => formatPrice(minor, plan?.currency ?? "USD");
  const total = plan ? plan.seats.reduce((sum, seat) => sum + seat.refundMinor, 0) : 0;
  return (
    <>
      {plan && fieldErrorsOnly ? (
        <Confirm
          heading={plan.forced ? "What force cancelling does" : "What cancelling does"}
          values={values}
          fields={CANCEL_HIDDEN}
          shown={plan.shown}
          button={`${plan.forced ? "Force cancel" : "Cancel the session"}${total > 0 ? ` and ${plan.asCredit ? "credit" : "refund"} ${money(total)}` : ""}`}
          errors={errors[""]}
        >
          {plan.forced ? <li>The session has started: this is an admin's force cancel. Any open problem report on it is closed with it.</li> : null}
          {plan.seats.length === 0 ? <li>Nobody holds a place: nothing is refunded.</li> : null}
          {plan.seats.map((seat) =>
            plan.asCredit ? (
              <li key={seat.id}>
                {seat.studentName} (paid by {seat.bookerName}): {money(seat.leftMinor)} left of the payment; credit {seat.percent}%:{" "}
                <strong>
                  {money(seat.refundMinor)} as credit to {seat.bookerName}
                </strong>
                , nothing through Stripe.
              </li>
            ) : (
              <li key={seat.id}>
                {seat.studentName} (paid by {seat.bookerName}): {money(seat.leftMinor)} left of the payment;{" "}
                {plan.refundPercent === null ? "no change to the charge" : `refund ${seat.percent}%`}: <strong>{money(seat.refundMinor)}</strong>
                {seat.refundMinor > 0 ? ", through Stripe." : "."}
              </li>
            ),
          )}
          {plan.payout ? <PayoutLine payout={plan.payout} tutorName={tutorName} /> : null}
          <EmailList emails={plan.emails} />
        </Confirm>
      ) : null}
      <Form method="post" className="space-y-4 text-sm">
        <input type="hidden" name="type" value="cancel" />
        <input type="hidden" name="step" value="preview" />
        {plan && fieldErrorsOnly ? null : <FormErrors id="change-errors" errors={errors[""]} />}
        <RadioFieldset name="category" legend="Why it is cancelled" options={CANCELLATION_REASON_CATEGORIES} checked={value("category", "")} errors={errors.category} />
        <RadioFieldset name="financial" legend="The payments" options={FINANCIAL_TREATMENTS} checked={value("financial", "refund")} errors={errors.financial} />
        <PlainTextField
          id="refundPercent"
          name="refundPercent"
          label="Refund or credit, % of what is left of each payment"
          short
          maxLength={3}
          defaultValue={value("refundPercent", "100")}
          errors={errors.refundPercent}
          hint="0 to 100, for a refund or a credit. Rounded down to the penny."
        />
        <PayoutTreatmentFields tutorName={tutorName} fullPay={fullPay} value={value} errors={errors} defaultChoice="none" />
        <RadioFieldset name="notify" legend="Tell the people concerned" options={NOTIFY_CHOICES} checked={value("notify", "yes")} errors={errors.notify} />
        <NotesField label="Notes (the reason they are told)" value={value("notes", "")} errors={errors.notes} />
        <p className="text-slate-600">Times are shown in {zone.replace(/_/g, " ")}.</p>
        <SubmitButton tone="plain" pending={previewing}>
          Preview the cancellation
        </SubmitButton>
      </Form>
    </>
  );
}
