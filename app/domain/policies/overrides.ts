import type { DateTime } from "luxon";
import { z } from "zod";
import { DomainError } from "~/domain/shared/errors";
import type { PolicyKey } from "./session-policies";

const HOUR_MS = 3_600_000;

/**
 * What an admin can lift for one session (DESIGN §7: "a PolicyOverride lets an admin bypass one for a
 * single session until it expires"). Each kind names the policy values it bypasses, for the audit
 * snapshot, and the latest moment it can still matter.
 */
export const OVERRIDE_KINDS = [
  {
    value: "CANCEL_CUTOFF",
    label: "Lift the student cancellation cutoff",
    description: "The student (or their parent) may cancel inside the cutoff. The refund tiers still apply, and nobody can cancel once the session has started.",
    policyKeys: ["cancellationCutoffHours"],
    /** Nothing lifts "already started", so the override has no use after the start. */
    lastsUntil: "start",
  },
  {
    value: "RESCHEDULE_CUTOFF",
    label: "Lift the reschedule cutoff",
    description: "Either side may ask to move the session inside the reschedule cutoff. Nobody can ask once the session has started, and the reschedule count still applies.",
    policyKeys: ["studentRescheduleCutoffHours", "tutorRescheduleCutoffHours"],
    lastsUntil: "start",
  },
  {
    value: "RESCHEDULE_LIMIT",
    label: "Allow a reschedule beyond the count limit",
    description: "Either side may ask to move the session even after using all the reschedules the policy allows. The cutoff still applies.",
    policyKeys: ["studentMaxReschedules", "tutorMaxReschedules"],
    lastsUntil: "start",
  },
] as const satisfies readonly { value: string; label: string; description: string; policyKeys: readonly PolicyKey[]; lastsUntil: "start" | "end" }[];
export type OverrideKind = (typeof OVERRIDE_KINDS)[number]["value"];

export function overrideKind(value: string) {
  return OVERRIDE_KINDS.find((kind) => kind.value === value) ?? null;
}

/** A label for a stored kind, including one a later version no longer offers. */
export function overrideKindLabel(value: string): string {
  return overrideKind(value)?.label ?? value;
}

/**
 * How long the override lasts. A coordinator thinks "until the session" or "for a day", not in
 * timestamps; a duration that would run past the point where the kind stops mattering is cut there.
 */
export const OVERRIDE_EXPIRY_CHOICES = [
  { value: "UNTIL_START", label: "Until the session starts", hours: null },
  { value: "HOURS_2", label: "For the next 2 hours", hours: 2 },
  { value: "HOURS_24", label: "For the next 24 hours", hours: 24 },
  { value: "HOURS_72", label: "For the next 72 hours", hours: 72 },
] as const;
export type OverrideExpiryChoice = (typeof OVERRIDE_EXPIRY_CHOICES)[number]["value"];

export const OVERRIDE_REASON_MIN = 10;
export const OVERRIDE_REASON_MAX = 500;

/** The create form. The reason's bounds match the table's check constraint. */
export const OverrideFormSchema = z.object({
  kind: z.enum(OVERRIDE_KINDS.map((kind) => kind.value) as [OverrideKind, ...OverrideKind[]], { error: "Choose which policy to lift." }),
  expiry: z.enum(OVERRIDE_EXPIRY_CHOICES.map((choice) => choice.value) as [OverrideExpiryChoice, ...OverrideExpiryChoice[]], { error: "Choose how long the override lasts." }),
  reason: z
    .string({ error: "Say why the policy is lifted for this session." })
    .trim()
    .min(OVERRIDE_REASON_MIN, `Write at least ${OVERRIDE_REASON_MIN} characters: the reason stays in the audit trail.`)
    .max(OVERRIDE_REASON_MAX, `Keep the reason to ${OVERRIDE_REASON_MAX} characters or fewer.`),
});
export type OverrideForm = z.output<typeof OverrideFormSchema>;

/** The revoke button's form: which override, and an optional note for the audit trail. */
export const RevokeOverrideFormSchema = z.object({
  overrideId: z.string({ error: "Choose the override to revoke." }).trim().min(1, "Choose the override to revoke."),
  note: z.string().trim().max(OVERRIDE_REASON_MAX, `Keep the note to ${OVERRIDE_REASON_MAX} characters or fewer.`).optional(),
});
export type RevokeOverrideForm = z.output<typeof RevokeOverrideFormSchema>;

type SessionTimes = { startsAt: Date; endsAt: Date };

/**
 * When an override chosen now ends. Refuses a session that has started (nothing is left to lift) and
 * any expiry that is not in the future or falls after the session ends.
 */
export function overrideExpiresAt(input: { kind: OverrideKind; choice: OverrideExpiryChoice; session: SessionTimes; now: DateTime }): Date {
  const { kind, choice, session, now } = input;
  const nowMs = now.toMillis();
  if (session.startsAt.getTime() <= nowMs) {
    throw new DomainError("SESSION_STARTED", "This session has already started, so there is no policy left to lift for it.");
  }
  const definition = overrideKind(kind);
  const picked = OVERRIDE_EXPIRY_CHOICES.find((candidate) => candidate.value === choice);
  if (!definition || !picked) throw new DomainError("INVALID_OVERRIDE", "Choose a policy and how long the override lasts.");
  const limit = definition.lastsUntil === "start" ? session.startsAt.getTime() : session.endsAt.getTime();
  const expiresMs = picked.hours === null ? limit : Math.min(nowMs + picked.hours * HOUR_MS, limit);
  if (expiresMs <= nowMs) throw new DomainError("EXPIRY_IN_PAST", "That would end the override before it starts. Choose a later end.", "expiry");
  if (expiresMs > session.endsAt.getTime()) throw new DomainError("EXPIRY_AFTER_END", "An override cannot last beyond the end of the session.", "expiry");
  return new Date(expiresMs);
}

/** The expiry choices with the moment each would end now, for the form to show. */
export function overrideExpiryOptions(input: { kind: OverrideKind; session: SessionTimes; now: DateTime }): { value: OverrideExpiryChoice; label: string; expiresAt: Date }[] {
  if (input.session.startsAt.getTime() <= input.now.toMillis()) return [];
  return OVERRIDE_EXPIRY_CHOICES.map((choice) => ({ value: choice.value, label: choice.label, expiresAt: overrideExpiresAt({ ...input, choice: choice.value }) }));
}

export type OverrideState = "ACTIVE" | "EXPIRED" | "REVOKED";

/** An override is active until its expiry; a revoked one ended when it was revoked. */
export function overrideState(override: { expiresAt: Date; revokedAt: Date | null }, now: DateTime): OverrideState {
  if (override.revokedAt) return "REVOKED";
  return override.expiresAt.getTime() > now.toMillis() ? "ACTIVE" : "EXPIRED";
}

/**
 * New overrides are for sessions still ahead and still bookable-state: there is nothing to lift for a
 * session that is running, finished or cancelled. Returns why not, or null.
 */
export function whyNoNewOverride(session: SessionTimes & { status: string }, now: DateTime): string | null {
  if (session.status !== "SCHEDULED" && session.status !== "PENDING_PAYMENT") return "This session is no longer scheduled, so its policies cannot be lifted.";
  if (session.startsAt.getTime() <= now.toMillis()) return "This session has already started, so there is no policy left to lift for it.";
  return null;
}
