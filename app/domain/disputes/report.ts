import { z } from "zod";
import { DomainError } from "~/domain/shared/errors";
import { plainTextField } from "~/domain/shared/plain-text";
import { confirmRefusal, type ConfirmableSeat, type ConfirmableSession, type ConfirmationPolicy } from "~/domain/sessions/confirmation";

/*
 * Reporting a problem with a session's hours (issue 15): instead of confirming, a seat's booker says
 * what went wrong (a category and their account) and, when the hours are wrong, the minutes they
 * believe took place. The seat is then answered with a dispute a coordinator resolves. When the
 * claimed minutes differ from the tutor's, the dispute is a discrepancy: both figures are shown side
 * by side. The tutor may add their side once, while it is open.
 */

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 2000;
export const TUTOR_SIDE_MIN = 10;
export const TUTOR_SIDE_MAX = 2000;
/** Minutes anyone may claim or approve: a session never runs longer than a day. */
export const MAX_MINUTES = 1440;

export const DISPUTE_CATEGORIES = [
  { value: "tutor_absent", label: "The tutor did not come", priority: "high" },
  { value: "tutor_late", label: "The tutor was late", priority: "normal" },
  { value: "shorter_than_booked", label: "Shorter than booked", priority: "normal" },
  { value: "quality", label: "Quality of the teaching", priority: "normal" },
  { value: "behaviour", label: "The tutor's behaviour", priority: "urgent" },
  { value: "technical", label: "Technical problems", priority: "normal" },
  { value: "other", label: "Something else", priority: "normal" },
] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number]["value"];

export const DISPUTE_PRIORITIES = [
  { value: "urgent", label: "Urgent" },
  { value: "high", label: "High" },
  { value: "normal", label: "Normal" },
  { value: "low", label: "Low" },
] as const;
export type DisputePriority = (typeof DISPUTE_PRIORITIES)[number]["value"];

export function disputeCategoryLabel(category: string): string {
  return DISPUTE_CATEGORIES.find((candidate) => candidate.value === category)?.label ?? category;
}

export function disputePriorityLabel(priority: string): string {
  return DISPUTE_PRIORITIES.find((candidate) => candidate.value === priority)?.label ?? priority;
}

/** A new dispute's priority: what could harm a learner (behaviour) first, then a tutor who never came. */
export function defaultPriority(category: DisputeCategory): DisputePriority {
  return DISPUTE_CATEGORIES.find((candidate) => candidate.value === category)!.priority;
}

/** A discrepancy: the booker named the minutes, and they are not the tutor's. */
export function isDiscrepancy(dispute: { claimedMinutes: number | null; tutorMinutes: number }): boolean {
  return dispute.claimedMinutes !== null && dispute.claimedMinutes !== dispute.tutorMinutes;
}

/** Whole minutes from 0 to a day, or blank (left out: the booker does not dispute the hours). */
export function minutesField(messages: { invalid: string }) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const text = (value ?? "").trim();
      if (text === "") return null;
      if (/^\d{1,4}$/.test(text) && Number(text) <= MAX_MINUTES) return Number(text);
      context.addIssue({ code: "custom", message: messages.invalid });
      return z.NEVER;
    });
}

const categoryValues = DISPUTE_CATEGORIES.map((category) => category.value) as [DisputeCategory, ...DisputeCategory[]];

export const ReportProblemSchema = z.object({
  category: z.enum(categoryValues, { error: "Choose what went wrong." }),
  description: plainTextField({ min: DESCRIPTION_MIN, max: DESCRIPTION_MAX, tooShort: "Say what happened, so a coordinator can look into it" }),
  claimedMinutes: minutesField({ invalid: `Enter the minutes as a whole number from 0 to ${MAX_MINUTES}, or leave it blank if the hours are right.` }),
});
export type ReportProblemInput = z.output<typeof ReportProblemSchema>;

export const TutorSideSchema = z.object({
  response: plainTextField({ min: TUTOR_SIDE_MIN, max: TUTOR_SIDE_MAX, tooShort: "Say what happened from your side" }),
});

/** What a report writes: the dispute (with the tutor's minutes beside the claim) and whether the session becomes DISPUTED. */
export type ReportEffect = {
  tutorMinutes: number;
  priority: DisputePriority;
  discrepancy: boolean;
  /** The first problem in a session moves it to DISPUTED; a group's second one finds it there. */
  disputesSession: boolean;
};

/**
 * A booker reports a problem on their seat: allowed exactly when they could confirm it instead (from
 * the scheduled end, until it is answered), so the two answers share one set of refusals. The tutor's
 * minutes are the recorded actual times, or the booked length when none were recorded.
 */
export function decideReport(
  session: ConfirmableSession & { startsAt: Date; actualStartedAt: Date | null; actualEndedAt: Date | null },
  seat: ConfirmableSeat,
  input: ReportProblemInput,
  policy: ConfirmationPolicy,
  context: { nowMs: number; zone: string },
): ReportEffect {
  const refusal = confirmRefusal(session, seat, "booker", policy, context);
  if (refusal) throw refusal.code === "ALREADY_CONFIRMED" ? new DomainError("ALREADY_CONFIRMED", `${refusal.message} A problem can no longer be reported on them.`) : refusal;
  const tutorMinutes = recordedMinutes(session);
  return {
    tutorMinutes,
    priority: defaultPriority(input.category),
    discrepancy: isDiscrepancy({ claimedMinutes: input.claimedMinutes, tutorMinutes }),
    disputesSession: session.status === "AWAITING_CONFIRMATION",
  };
}

/** The tutor's minutes: the actual times when recorded, else the booked length. */
export function recordedMinutes(session: { startsAt: Date; endsAt: Date; actualStartedAt: Date | null; actualEndedAt: Date | null }): number {
  const start = session.actualStartedAt ?? session.startsAt;
  const end = session.actualEndedAt ?? session.endsAt;
  return Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
}

/** The tutor adds their side once, while the dispute is open. */
export function tutorSideRefusal(dispute: { status: "open" | "resolved"; tutorRespondedAt: Date | null }): DomainError | null {
  if (dispute.tutorRespondedAt) return new DomainError("ALREADY_RESPONDED", "You have already added your side; a coordinator has it.");
  if (dispute.status !== "open") return new DomainError("DISPUTE_RESOLVED", "A coordinator has already resolved this problem.");
  return null;
}
