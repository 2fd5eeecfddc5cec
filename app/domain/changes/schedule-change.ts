import type { DateTime } from "luxon";
import { z } from "zod";
import { payoutTreatmentFields, refinePayoutTreatment } from "~/domain/pay/payout-treatment";
import { resolveDatedRange } from "~/domain/scheduling/rules";
import { DomainError, isDomainError } from "~/domain/shared/errors";
import { LocalDateField } from "~/domain/time/calendar-input";
import { clockTimeField } from "~/domain/time/clock-input";
import { CANCELLATION_REASON_CATEGORIES, type CancellationReasonCategory } from "./refunds";

/*
 * Staff's schedule changes (issue 16, docs/decisions/031): one page by type (reschedule, cancel; a move
 * to another tutor is its own page), each with a payout treatment for the original tutor and a note,
 * previewed and then applied with the amounts shown; and an admin's bulk cancel of ticked sessions.
 */

export const CHANGE_TYPES = [
  { value: "reschedule", label: "Reschedule to a new time" },
  { value: "cancel", label: "Cancel the session" },
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number]["value"];

export function changeTypeOf(value: string | null): ChangeType | null {
  return CHANGE_TYPES.find((type) => type.value === value)?.value ?? null;
}

/** What happens to the money of a cancelled session's seats: refunded, credited to the payer (decision 029's ledger), or kept. */
export const FINANCIAL_TREATMENTS = [
  { value: "refund", label: "Refund a percentage of what is left of each payment" },
  { value: "credit", label: "Credit the payer's account instead" },
  { value: "none", label: "No change to the charge" },
] as const;
export type FinancialTreatment = (typeof FINANCIAL_TREATMENTS)[number]["value"];

export const NOTIFY_CHOICES = [
  { value: "yes", label: "Email the learners, bookers and tutor" },
  { value: "no", label: "Do not email anyone (the change is still recorded)" },
] as const;

export const NOTES_MIN = 10;
export const NOTES_MAX = 2000;
/** At most this many sessions in one bulk cancel. */
export const BULK_CANCEL_MAX = 100;

const notes = z
  .string({ error: "Write why, in a sentence or two." })
  .trim()
  .min(NOTES_MIN, `Write at least ${NOTES_MIN} characters, so the trail explains the change.`)
  .max(NOTES_MAX, `Keep the notes to ${NOTES_MAX.toLocaleString("en")} characters or fewer.`);

const step = z.enum(["preview", "apply"], { error: "Reload the page and use its buttons." });
/** What the preview showed, carried by its final form: the change is refused if it no longer holds. */
const shown = z.string().max(20_000).optional().default("");

const percent = z.coerce
  .number({ error: "Enter a percentage from 0 to 100." })
  .int("Enter a whole percentage, e.g. 50.")
  .min(0, "Enter a percentage from 0 to 100.")
  .max(100, "Enter a percentage from 0 to 100.");

const category = z.enum(CANCELLATION_REASON_CATEGORIES.map((entry) => entry.value) as [CancellationReasonCategory, ...CancellationReasonCategory[]], {
  error: "Choose why the session is cancelled.",
});

const time = clockTimeField("Enter a 24-hour time, such as 09:00 or 17:30.");

export const RescheduleChangeSchema = z
  .object({ step, date: LocalDateField, start: time, end: time, ...payoutTreatmentFields, notes, shown })
  .superRefine((form, context) => refinePayoutTreatment(form, context));
export const RESCHEDULE_FIELDS = ["step", "date", "start", "end", "payout", "payoutAmount", "notes", "shown"] as const;
export type RescheduleChangeForm = z.output<typeof RescheduleChangeSchema>;

export const CancelChangeSchema = z
  .object({
    step,
    category,
    financial: z.enum(FINANCIAL_TREATMENTS.map((entry) => entry.value) as [FinancialTreatment, ...FinancialTreatment[]], { error: "Choose what happens to the payments." }),
    refundPercent: percent.optional(),
    notify: z.enum(["yes", "no"], { error: "Choose whether to email the people concerned." }),
    ...payoutTreatmentFields,
    notes,
    shown,
  })
  .superRefine((form, context) => {
    refinePayoutTreatment(form, context);
    if ((form.financial === "refund" || form.financial === "credit") && form.refundPercent === undefined)
      context.addIssue({ code: "custom", path: ["refundPercent"], message: "Enter a percentage from 0 to 100." });
  });
export const CANCEL_FIELDS = ["step", "category", "financial", "refundPercent", "notify", "payout", "payoutAmount", "notes", "shown"] as const;
export type CancelChangeForm = z.output<typeof CancelChangeSchema>;

/**
 * The money a cancel form gives back: a percentage of what is left of each payment (null for no change
 * to the charge), refunded to the card and credit it came from, or all of it credited to the payer.
 */
export function moneyTreatmentOf(form: Pick<CancelChangeForm, "financial" | "refundPercent">): { refundPercent: number | null; asCredit: boolean } {
  if (form.financial === "none") return { refundPercent: null, asCredit: false };
  return { refundPercent: form.refundPercent ?? 100, asCredit: form.financial === "credit" };
}

/** The bulk cancel's confirmation and final POST: the ticked sessions travel as repeated `sessionId` fields. */
export const BulkCancelSchema = z.object({
  step,
  sessionId: z
    .array(z.string().trim().min(1).max(100), { error: "Tick at least one session on the operations list." })
    .min(1, "Tick at least one session on the operations list.")
    .max(BULK_CANCEL_MAX, `Cancel at most ${BULK_CANCEL_MAX} sessions at once: untick some and try again.`)
    .transform((ids) => [...new Set(ids)]),
  refundPercent: percent,
  category,
  notify: z.enum(["yes", "no"], { error: "Choose whether to email the people concerned." }),
  notes,
  shown,
});
export const BULK_CANCEL_FIELDS = ["step", "sessionId", "refundPercent", "category", "notify", "notes", "shown"] as const;
export type BulkCancelForm = z.output<typeof BulkCancelSchema>;

/**
 * The new time typed in the coordinator's zone, as instants: a start or end the clocks skip is refused
 * on its field, an end at or before the start too, and a time in the past. "00:00" as the end is
 * midnight at the end of the day (as dated slots read it).
 */
export function rescheduleInstants(form: Pick<RescheduleChangeForm, "date" | "start" | "end">, zone: string, now: DateTime): { startsAt: Date; endsAt: Date } {
  let range: { startsAt: DateTime; endsAt: DateTime };
  try {
    range = resolveDatedRange(form.date, { start: form.start, end: form.end }, zone);
  } catch (error) {
    if (isDomainError(error)) throw new DomainError("INVALID_TIME", error.message, error.field);
    throw error;
  }
  if (range.endsAt <= range.startsAt) throw new DomainError("INVALID_TIME", "The end comes after the start.", "end");
  if (range.startsAt <= now) throw new DomainError("INVALID_TIME", "Choose a start that is still ahead.", "date");
  return { startsAt: range.startsAt.toJSDate(), endsAt: range.endsAt.toJSDate() };
}

/**
 * The amounts a preview showed, as one line its final form carries back: each seat's refund, the
 * payout, and (for a move) the new time. Equal lines mean the same change.
 */
export function changeFingerprint(input: { seats?: { id: string; refundMinor: number }[]; payoutMinor?: number | null; startsAt?: Date; endsAt?: Date }): string {
  const parts = [
    ...(input.seats ?? []).map((seat) => `${seat.id}=${seat.refundMinor}`),
    ...(input.payoutMinor === undefined || input.payoutMinor === null ? [] : [`payout=${input.payoutMinor}`]),
    ...(input.startsAt ? [`from=${input.startsAt.toISOString()}`] : []),
    ...(input.endsAt ? [`to=${input.endsAt.toISOString()}`] : []),
  ];
  return parts.join(";");
}

/** The final POST's check: what is about to happen is what the preview showed, else a 409 with a fresh preview. */
export function assertShownStillHolds(shownLine: string, now: string): void {
  if (shownLine !== now) {
    throw new DomainError("PREVIEW_CHANGED", "The amounts changed since the preview (a payment, a refund or a seat changed meanwhile). Look at the new preview and confirm again.");
  }
}
