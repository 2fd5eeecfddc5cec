import { z } from "zod";
import { plainTextField } from "~/domain/shared/plain-text";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { parsePrice } from "~/domain/tutors/profile";

/*
 * An admin's interventions on one session (issue 16, decision 030): force complete, clear a no-show,
 * a manual refund. Each has a reason, a confirmation page showing what will happen, and a final POST
 * that carries the figures shown; the service recomputes them under the tutor's lock and refuses
 * (PREVIEW_CHANGED, 409) when they no longer hold.
 */

export const INTERVENTION_REASON_MIN = 10;
export const INTERVENTION_REASON_MAX = 1000;

const reasonField = plainTextField({ min: INTERVENTION_REASON_MIN, max: INTERVENTION_REASON_MAX, tooShort: "Say why: the reason stays in the audit trail" });

/** The actual minutes of a force-completed session: at least 1, at most twice the booked length. */
export const FORCE_COMPLETE_MAX_FACTOR = 2;

export function actualMinutesBounds(bookedMinutes: number): { min: number; max: number } {
  return { min: 1, max: Math.max(1, bookedMinutes * FORCE_COMPLETE_MAX_FACTOR) };
}

const wholeNumber = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number);

const shownNumber = wholeNumber("Reload the page and try again.");
const shownText = z.string({ error: "Reload the page and try again." }).trim().min(1, "Reload the page and try again.").max(200);

export const ForceCompleteFormSchema = z.object({
  actualMinutes: wholeNumber("Enter the minutes that took place, as a whole number."),
  reason: reasonField,
  shownStatus: shownText,
  shownSeats: shownNumber,
  shownEarningsMinor: shownNumber,
});
export type ForceCompleteForm = z.output<typeof ForceCompleteFormSchema>;

export const ClearNoShowFormSchema = z.object({
  reason: reasonField,
  shownParty: shownText,
  shownSeats: shownNumber,
  shownCorrectionMinor: shownNumber,
});
export type ClearNoShowForm = z.output<typeof ClearNoShowFormSchema>;

export const ManualRefundFormSchema = z.object({
  seatId: shownText,
  amount: z
    .string({ error: "Enter the amount to refund, for example 12.50." })
    .trim()
    .transform((text, context) => {
      const minor = parsePrice(text);
      if (minor === null || minor <= 0) {
        context.addIssue({ code: "custom", message: "Enter the amount to refund, for example 12.50." });
        return z.NEVER;
      }
      return minor;
    }),
  reason: reasonField,
  key: z
    .string({ error: "Reload the page and try again." })
    .trim()
    .regex(/^[A-Za-z0-9-]{16,64}$/, "Reload the page and try again."),
  shownLeftMinor: shownNumber,
});
export type ManualRefundForm = z.output<typeof ManualRefundFormSchema>;

/** The statuses a session can be force-completed from, and when. */
export type ForceCompletable = { status: SessionStatus; endsAt: Date };

/**
 * Why this session cannot be force-completed now, or null. A session that is running or waiting for
 * its hours can be; a SCHEDULED one only once its booked end has passed (it took place unrecorded). A
 * DISPUTED one is decided by its dispute's resolution (the refund and the pay are decided there); a
 * NO_SHOW is cleared first (its refunds were issued); finished and cancelled ones are final.
 */
export function forceCompleteRefusal(session: ForceCompletable, nowMs: number): DomainError | null {
  switch (session.status) {
    case "IN_PROGRESS":
    case "AWAITING_CONFIRMATION":
      return null;
    case "SCHEDULED":
      return session.endsAt.getTime() <= nowMs ? null : new DomainError("NOT_ENDED", "This session has not reached its booked end yet: it can be completed once its time is over.");
    case "DISPUTED":
      return new DomainError("OPEN_DISPUTE", "A problem reported with this session's hours is open: resolve it on its page, which decides the refund and the tutor's pay.");
    case "NO_SHOW":
      return new DomainError("IS_NO_SHOW", "This session is recorded as a no-show. Clear the no-show first if it did take place.");
    default:
      return new DomainError("NOT_COMPLETABLE", `This session is ${describeStatus(session.status).toLowerCase()}, so it cannot be completed.`);
  }
}

/** Why a no-show cannot be cleared, or null: only a NO_SHOW session has one. */
export function clearNoShowRefusal(status: SessionStatus): DomainError | null {
  return status === "NO_SHOW" ? null : new DomainError("NOT_A_NO_SHOW", `This session is ${describeStatus(status).toLowerCase()}, not a no-show: there is nothing to clear.`);
}

/** The preview's figures against the ones the page showed: the final POST does what was shown or nothing. */
export function assertShownStillHolds(shown: Record<string, string | number>, now: Record<string, string | number>): void {
  for (const key of Object.keys(now)) {
    if (String(shown[key]) !== String(now[key])) {
      throw new DomainError("PREVIEW_CHANGED", "This session changed since the page was shown. Check what will happen now, then confirm again.");
    }
  }
}
