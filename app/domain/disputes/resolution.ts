import { z } from "zod";
import { tutorPayFor } from "~/domain/pay/tutor-pay";
import { DomainError } from "~/domain/shared/errors";
import { plainTextField } from "~/domain/shared/plain-text";
import { MAX_MINUTES, minutesField } from "./report";

/*
 * A coordinator's resolution of one disputed seat (issue 15): the approved minutes, what happens to
 * the seat (completed with the tutor's minutes, with adjusted minutes, or cancelled), the refund (a
 * percentage of what was paid, never more than is left after earlier refunds) and the tutor's pay for
 * the seat (full, partial by the approved minutes, or none). The resolve page shows this preview and
 * its final POST recomputes the same one, so what was shown is what is done (or the page says it
 * changed).
 */

export const NOTE_MAX = 2000;

export const DISPUTE_OUTCOMES = [
  { value: "completed_as_is", label: "Completed as recorded" },
  { value: "completed_adjusted", label: "Completed, with adjusted minutes" },
  { value: "cancelled", label: "Cancelled" },
] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number]["value"];

export const TUTOR_PAY_CHOICES = [
  { value: "full", label: "Full pay" },
  { value: "partial", label: "Partial: by the approved minutes" },
  { value: "none", label: "No pay" },
] as const;
export type TutorPayChoice = (typeof TUTOR_PAY_CHOICES)[number]["value"];

export function outcomeLabel(outcome: string): string {
  return DISPUTE_OUTCOMES.find((candidate) => candidate.value === outcome)?.label ?? outcome;
}

export function tutorPayLabel(choice: string): string {
  return TUTOR_PAY_CHOICES.find((candidate) => candidate.value === choice)?.label ?? choice;
}

const outcomeValues = DISPUTE_OUTCOMES.map((outcome) => outcome.value) as [DisputeOutcome, ...DisputeOutcome[]];
const payValues = TUTOR_PAY_CHOICES.map((choice) => choice.value) as [TutorPayChoice, ...TutorPayChoice[]];

/** Whole percent from 0 to 100. */
const percentField = z
  .string({ error: "Enter the refund as a percentage from 0 to 100." })
  .trim()
  .regex(/^\d{1,3}$/, "Enter the refund as a whole percentage from 0 to 100.")
  .transform(Number)
  .refine((percent) => percent <= 100, "A refund is at most 100% of what was paid.");

const minorField = z
  .string()
  .optional()
  .transform((value) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null));

export const ResolutionFormSchema = z
  .object({
    step: z.enum(["preview", "resolve"]).default("preview"),
    outcome: z.enum(outcomeValues, { error: "Choose what happens to the session." }),
    approvedMinutes: minutesField({ invalid: `Enter the approved minutes as a whole number from 0 to ${MAX_MINUTES}.` }),
    refundPercent: percentField,
    tutorPay: z.enum(payValues, { error: "Choose the tutor's pay." }),
    noteToBooker: plainTextField({ min: 1, max: NOTE_MAX, tooShort: "Write a note to the person who reported the problem" }),
    noteToTutor: plainTextField({ min: 1, max: NOTE_MAX, tooShort: "Write a note to the tutor" }),
    // The amounts the preview showed, sent back with the final POST.
    shownRefundMinor: minorField,
    shownTutorPayMinor: minorField,
  })
  .superRefine((form, context) => {
    if (form.outcome === "completed_adjusted" && form.approvedMinutes === null) {
      context.addIssue({ code: "custom", path: ["approvedMinutes"], message: "Enter the minutes you approve." });
    }
    if (form.outcome === "cancelled" && form.tutorPay === "partial") {
      context.addIssue({ code: "custom", path: ["tutorPay"], message: "Partial pay follows the approved minutes, and a cancelled session has none: choose full or no pay." });
    }
  });
export type ResolutionForm = z.output<typeof ResolutionFormSchema>;
export type ResolutionDecision = Pick<ResolutionForm, "outcome" | "approvedMinutes" | "refundPercent" | "tutorPay">;

/** The money and minutes a resolution works on, for one seat. */
export type ResolutionBasis = {
  /** What the seat's payment took, and what earlier refunds (pending or processed) already return. */
  paidMinor: number;
  refundedMinor: number;
  /** The seat's price as booked: the tutor's pay for it is this less the platform's fee. */
  seatPriceMinor: number;
  bookedMinutes: number;
  tutorMinutes: number;
  platformFeePercent: number;
};

export type ResolutionPreview = {
  outcome: DisputeOutcome;
  approvedMinutes: number;
  refundPercent: number;
  refundMinor: number;
  /** The percentage asked for more than is left of the payment: the refund is what is left. */
  refundCapped: boolean;
  leftMinor: number;
  tutorPay: TutorPayChoice;
  tutorPayMinor: number;
  tutorFullPayMinor: number;
};

/**
 * The resolution's amounts, rounded down to whole minor units (neither refund nor pay ever exceeds
 * its base): the refund is `refundPercent` of what was paid, capped at what is left; partial pay is
 * the full pay times approved over booked minutes, never above full.
 */
export function resolutionPreview(decision: ResolutionDecision, basis: ResolutionBasis): ResolutionPreview {
  for (const [name, value] of Object.entries({ paidMinor: basis.paidMinor, refundedMinor: basis.refundedMinor, seatPriceMinor: basis.seatPriceMinor })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole, non-negative number; got ${value}`);
  }
  const approvedMinutes = decision.outcome === "completed_as_is" ? basis.tutorMinutes : decision.outcome === "cancelled" ? 0 : decision.approvedMinutes!;
  const leftMinor = Math.max(0, basis.paidMinor - basis.refundedMinor);
  const asked = Math.floor((basis.paidMinor * decision.refundPercent) / 100);
  const refundMinor = Math.min(asked, leftMinor);
  const tutorFullPayMinor = tutorPayFor({ seatPricesMinor: [basis.seatPriceMinor], policy: { platformFeePercent: basis.platformFeePercent } });
  const share = basis.bookedMinutes > 0 ? Math.min(approvedMinutes, basis.bookedMinutes) / basis.bookedMinutes : 0;
  const tutorPayMinor = decision.tutorPay === "full" ? tutorFullPayMinor : decision.tutorPay === "partial" ? Math.floor(tutorFullPayMinor * share) : 0;
  return {
    outcome: decision.outcome,
    approvedMinutes,
    refundPercent: decision.refundPercent,
    refundMinor,
    refundCapped: asked > leftMinor,
    leftMinor,
    tutorPay: decision.tutorPay,
    tutorPayMinor,
    tutorFullPayMinor,
  };
}

/** The final POST carries the preview's amounts: a change since (another refund, a new fee) is shown again, not done. */
export function assertPreviewStillHolds(form: Pick<ResolutionForm, "shownRefundMinor" | "shownTutorPayMinor">, preview: ResolutionPreview): void {
  if (form.shownRefundMinor !== preview.refundMinor || form.shownTutorPayMinor !== preview.tutorPayMinor) {
    throw new DomainError("PREVIEW_CHANGED", "The amounts changed since they were shown (another refund or a policy change). Check them below and resolve again.");
  }
}
