import { z } from "zod";
import { payoutTreatmentFields, refinePayoutTreatment } from "~/domain/pay/payout-treatment";
import { DomainError } from "~/domain/shared/errors";

/*
 * Staff move a booked session to another tutor (issue 16): the coordinator's "replacement" schedule
 * change and the admin's "reassign" are one action (docs/decisions/032-reassign.md). The session keeps
 * its time, price and learners; the tutor changes; the tutor it is taken from gets a payout treatment.
 */

export const REASSIGN_REASON_MIN = 10;
export const REASSIGN_REASON_MAX = 500;

/**
 * The form, posted twice: `step=preview` shows what would happen (nothing changes); `step=confirm`
 * carries the same choices and the amounts shown, and the move refuses when they no longer hold.
 */
export const ReassignFormSchema = z
  .object({
    step: z.enum(["preview", "confirm"]).default("preview"),
    tutorId: z.string({ error: "Choose the tutor who takes the session." }).trim().min(1, "Choose the tutor who takes the session.").max(100),
    ...payoutTreatmentFields,
    reason: z
      .string({ error: "Say why the session moves, in a sentence or two." })
      .trim()
      .min(REASSIGN_REASON_MIN, `Write at least ${REASSIGN_REASON_MIN} characters: the reason stays in the session's history.`)
      .max(REASSIGN_REASON_MAX, `Keep the reason to ${REASSIGN_REASON_MAX} characters or fewer.`),
    notify: z
      .string()
      .optional()
      .transform((value) => value === "yes"),
    // The final POST's copy of what the preview showed.
    shownFromTutorId: z.string().max(100).optional(),
    shownTakeoverMinor: z.coerce.number().int().min(0).optional(),
    shownPayoutMinor: z.coerce.number().int().min(0).optional(),
  })
  .superRefine(refinePayoutTreatment);
export type ReassignForm = z.output<typeof ReassignFormSchema>;
export const REASSIGN_FIELDS = ["step", "tutorId", "payout", "payoutAmount", "reason", "notify", "shownFromTutorId", "shownTakeoverMinor", "shownPayoutMinor"] as const;

export type ReassignableSession = { status: string; kind: string; startsAt: Date; confirmedSeats: number };

/**
 * Why this session cannot be moved to another tutor now, or null. Only a booked 1:1 session before its
 * start: a held, unpaid one has nothing to keep (cancel it instead); a group's learners each chose this
 * tutor's slot (decision 009); a session under way or over is no longer the schedule's business.
 */
export function reassignRefusal(session: ReassignableSession, now: Date): DomainError | null {
  if (session.status === "PENDING_PAYMENT") return new DomainError("NOT_REASSIGNABLE", "This session is not paid for yet: cancel it rather than move it.");
  if (session.status !== "SCHEDULED") return new DomainError("NOT_REASSIGNABLE", "Only a booked session that has not started can move to another tutor; this one no longer can.");
  if (session.kind !== "ONE_TO_ONE") return new DomainError("NOT_REASSIGNABLE", "A group session cannot move to another tutor: its learners each chose this tutor.");
  if (session.confirmedSeats === 0) return new DomainError("NOT_REASSIGNABLE", "Nobody has a paid place in this session, so there is nothing to move.");
  if (session.startsAt.getTime() <= now.getTime()) return new DomainError("NOT_REASSIGNABLE", "This session has already started, so it can no longer move to another tutor.");
  return null;
}

export type ReassignAmounts = { fromTutorId: string; takeoverMinor: number; payoutMinor: number };

/**
 * The final POST does what the preview showed, or nothing: the session is still with the tutor it was
 * with, and the new tutor's pay and the payout are the amounts shown (a fee or a seat may have changed).
 */
export function assertReassignPreviewHolds(shown: Partial<ReassignAmounts>, now: ReassignAmounts, names: { fromTutorName: string }): void {
  if (shown.fromTutorId !== now.fromTutorId) {
    throw new DomainError("PREVIEW_CHANGED", `This session is now with ${names.fromTutorName}: look at the new preview below before moving it.`);
  }
  if (shown.takeoverMinor !== now.takeoverMinor || shown.payoutMinor !== now.payoutMinor) {
    throw new DomainError("PREVIEW_CHANGED", "The amounts changed since the preview (a fee or a place changed): look at the new preview below before moving it.");
  }
}
