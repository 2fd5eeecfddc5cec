import { z } from "zod";
import { CANCELLATION_POLICY_DEFAULTS, TUTOR_PAY_POLICY_DEFAULTS, type CancellationPolicy, type TutorPayPolicy } from "./defaults";

/** The two sides of a session when it comes to changes. A parent acts on the student's side. */
export type SideRole = "STUDENT" | "TUTOR";

export const EXPIRY_ACTIONS = [
  { value: "expire", label: "Expire (the session stays at its time)" },
  { value: "auto_accept", label: "Accept automatically (the session moves)" },
] as const;
export type ExpiryAction = (typeof EXPIRY_ACTIONS)[number]["value"];

/**
 * Everything an admin can change about cancelling and rescheduling a booked session (DESIGN §7).
 * Flat on purpose: one key per form field and per value in a decision's snapshot.
 */
export type SessionPolicy = CancellationPolicy &
  TutorPayPolicy & {
    /**
     * A student or parent cannot cancel closer than this to the start (an admin override lifts it).
     * 0 means "until the start": the tiers already make a late cancel cost the whole price.
     */
    cancellationCutoffHours: number;
    cancellationReasonMinLength: number;
    cancellationReasonMaxLength: number;
    /** A side may ask to move a session until this many hours before its start. */
    studentRescheduleCutoffHours: number;
    tutorRescheduleCutoffHours: number;
    /** How many times each side may have a session moved at its request. */
    studentMaxReschedules: number;
    tutorMaxReschedules: number;
    /** How long the other side has to answer a proposal; every counter-proposal starts the wait again. */
    rescheduleRequestExpiryHours: number;
    /** What happens to an unanswered proposal. */
    rescheduleExpiryAction: ExpiryAction;
    /** Counter-proposals allowed in one request, both sides together. */
    maxCounterProposals: number;
    /**
     * After a tutor cancels, the student answers (keep the offered tutor, choose another, or cancel) until
     * this many hours before the start; unanswered, the session is cancelled and refunded then, so an
     * offered tutor knows in time whether to teach it. 0 means "until the start".
     */
    replacementReplyHours: number;
    /**
     * A session whose tutor has not checked in this many minutes after the start is a no-show (party: tutor);
     * late check-in is allowed until then. The reference's 30-minute rule is this key set to 30.
     */
    noShowAfterMinutes: number;
    /** The share of the price refunded to a learner the tutor marks as a no-show. */
    studentNoShowRefundPercent: number;
    /**
     * After a session ends (and its attendance is in), the booker of each seat has this long to confirm
     * the hours or report a problem; then they get one reminder and coordinators follow up.
     */
    confirmationWindowHours: number;
    /**
     * When above 0, a seat nobody confirmed or disputed this many hours after the confirmation opened is
     * confirmed by the system. 0 (the default) leaves silent sessions to the coordinators' follow-up.
     */
    autoConfirmAfterHours: number;
  };

export const SESSION_POLICY_DEFAULTS: SessionPolicy = {
  ...CANCELLATION_POLICY_DEFAULTS,
  ...TUTOR_PAY_POLICY_DEFAULTS,
  cancellationCutoffHours: 0,
  cancellationReasonMinLength: 10,
  cancellationReasonMaxLength: 500,
  studentRescheduleCutoffHours: 4,
  tutorRescheduleCutoffHours: 2,
  studentMaxReschedules: 2,
  tutorMaxReschedules: 2,
  rescheduleRequestExpiryHours: 48,
  rescheduleExpiryAction: "expire",
  maxCounterProposals: 3,
  replacementReplyHours: 2,
  noShowAfterMinutes: 15,
  studentNoShowRefundPercent: 0,
  confirmationWindowHours: 48,
  autoConfirmAfterHours: 0,
};

export function rescheduleCutoffHoursFor(policy: SessionPolicy, role: SideRole): number {
  return role === "STUDENT" ? policy.studentRescheduleCutoffHours : policy.tutorRescheduleCutoffHours;
}

export function maxReschedulesFor(policy: SessionPolicy, role: SideRole): number {
  return role === "STUDENT" ? policy.studentMaxReschedules : policy.tutorMaxReschedules;
}

export type PolicyKey = keyof SessionPolicy;
export type PolicySnapshot = Partial<Record<PolicyKey, number | string>>;

/** The values a decision used, to store beside it (AuditEvent.policySnapshot). */
export function snapshotOf<K extends PolicyKey>(policy: SessionPolicy, keys: readonly K[]): Pick<SessionPolicy, K> {
  const snapshot = {} as Pick<SessionPolicy, K>;
  for (const key of keys) snapshot[key] = policy[key];
  return snapshot;
}

/** The admin page's sections, in order. */
export const POLICY_GROUPS = ["Cancellation", "Rescheduling", "Attendance", "Confirmation", "Tutor pay"] as const;
export type PolicyGroup = (typeof POLICY_GROUPS)[number];

type NumberField = {
  kind: "number";
  key: Exclude<PolicyKey, "rescheduleExpiryAction">;
  group: PolicyGroup;
  label: string;
  unit: "hours" | "minutes" | "percent" | "characters" | "times" | "proposals";
  /** What a value of 0 means, when it means something other than zero of the unit. */
  zeroMeans?: string;
  min: number;
  max: number;
  /** Set when the value applies to one side only. */
  role?: SideRole;
};
type ChoiceField = {
  kind: "choice";
  key: "rescheduleExpiryAction";
  group: "Rescheduling";
  label: string;
  options: typeof EXPIRY_ACTIONS;
};
export type PolicyField = NumberField | ChoiceField;

/** Every session policy as the admin page shows it, in order. Bounds keep an edit from breaking the flows. */
export const POLICY_FIELDS: readonly PolicyField[] = [
  { kind: "number", key: "fullRefundHours", group: "Cancellation", label: "Full refund when cancelled at least", unit: "hours", min: 0, max: 336 },
  { kind: "number", key: "lateRefundHours", group: "Cancellation", label: "Partial refund when cancelled at least", unit: "hours", min: 0, max: 336 },
  { kind: "number", key: "lateRefundPercent", group: "Cancellation", label: "Partial refund", unit: "percent", min: 0, max: 100 },
  { kind: "number", key: "cancellationCutoffHours", group: "Cancellation", label: "Students cannot cancel within", unit: "hours", min: 0, max: 168, role: "STUDENT" },
  { kind: "number", key: "cancellationReasonMinLength", group: "Cancellation", label: "Reason at least", unit: "characters", min: 1, max: 200 },
  { kind: "number", key: "cancellationReasonMaxLength", group: "Cancellation", label: "Reason at most", unit: "characters", min: 10, max: 2000 },
  { kind: "number", key: "replacementReplyHours", group: "Cancellation", label: "Answer a tutor's cancellation until", unit: "hours", min: 0, max: 72, role: "STUDENT" },
  { kind: "number", key: "studentRescheduleCutoffHours", group: "Rescheduling", label: "Student may ask to move until", unit: "hours", min: 0, max: 168, role: "STUDENT" },
  { kind: "number", key: "tutorRescheduleCutoffHours", group: "Rescheduling", label: "Tutor may ask to move until", unit: "hours", min: 0, max: 168, role: "TUTOR" },
  { kind: "number", key: "studentMaxReschedules", group: "Rescheduling", label: "Moves at the student's request, at most", unit: "times", min: 0, max: 10, role: "STUDENT" },
  { kind: "number", key: "tutorMaxReschedules", group: "Rescheduling", label: "Moves at the tutor's request, at most", unit: "times", min: 0, max: 10, role: "TUTOR" },
  { kind: "number", key: "rescheduleRequestExpiryHours", group: "Rescheduling", label: "A proposal waits for an answer for", unit: "hours", min: 1, max: 336 },
  { kind: "choice", key: "rescheduleExpiryAction", group: "Rescheduling", label: "When a proposal is not answered in time", options: EXPIRY_ACTIONS },
  { kind: "number", key: "maxCounterProposals", group: "Rescheduling", label: "Counter-proposals per request, at most", unit: "proposals", min: 0, max: 10 },
  // At least 1: a tutor a minute late is late, not absent. At most 120: the mark must come while the session could still happen.
  {
    kind: "number",
    key: "noShowAfterMinutes",
    group: "Attendance",
    label: "No-show when not checked in this long after the start",
    unit: "minutes",
    min: 1,
    max: 120,
    role: "TUTOR",
  },
  { kind: "number", key: "studentNoShowRefundPercent", group: "Attendance", label: "Refund to a learner marked as a no-show", unit: "percent", min: 0, max: 100, role: "STUDENT" },
  { kind: "number", key: "confirmationWindowHours", group: "Confirmation", label: "Parents confirm the hours within", unit: "hours", min: 1, max: 336, role: "STUDENT" },
  {
    kind: "number",
    key: "autoConfirmAfterHours",
    group: "Confirmation",
    label: "Confirm unanswered sessions automatically after",
    unit: "hours",
    min: 0,
    max: 720,
    zeroMeans: "never: coordinators follow up",
  },
  { kind: "number", key: "platformFeePercent", group: "Tutor pay", label: "Platform fee kept from each session's price", unit: "percent", min: 0, max: 100, role: "TUTOR" },
  {
    kind: "number",
    key: "studentNoShowTutorPayPercent",
    group: "Tutor pay",
    label: "Tutor's pay for a learner's no-show, as a share of the session's pay",
    unit: "percent",
    min: 0,
    max: 100,
    role: "TUTOR",
  },
];

function numberField(field: NumberField) {
  const range = `Enter a whole number from ${field.min} to ${field.max}.`;
  return z
    .string({ error: range })
    .trim()
    .regex(/^\d+$/, range)
    .transform(Number)
    .refine((value) => value >= field.min && value <= field.max, range);
}

const shape: Record<string, z.ZodType> = {};
for (const field of POLICY_FIELDS) {
  shape[field.key] =
    field.kind === "number"
      ? numberField(field)
      : z.enum(field.options.map((option) => option.value) as [ExpiryAction, ...ExpiryAction[]], { error: "Choose what happens to an unanswered proposal." });
}

/** The admin form. Values relate to each other too: the partial-refund tier must sit inside the full-refund one. */
export const SessionPolicySchema = z
  .object(shape)
  .superRefine(
    (values, context) => {
      const policy = values as Partial<Record<PolicyKey, unknown>>;
      // Compared only when both sides parsed, so these show together with any other field's error.
      const both = (a: PolicyKey, b: PolicyKey) => typeof policy[a] === "number" && typeof policy[b] === "number";
      if (both("lateRefundHours", "fullRefundHours") && (policy.lateRefundHours as number) > (policy.fullRefundHours as number)) {
        context.addIssue({ code: "custom", path: ["lateRefundHours"], message: `Make this at most the full-refund hours (${policy.fullRefundHours}).` });
      }
      // A parent always gets their whole window before the system answers for them.
      const autoConfirm = policy.autoConfirmAfterHours as number;
      if (both("autoConfirmAfterHours", "confirmationWindowHours") && autoConfirm > 0 && autoConfirm < (policy.confirmationWindowHours as number)) {
        context.addIssue({
          code: "custom",
          path: ["autoConfirmAfterHours"],
          message: `Make this 0 (never) or at least the confirmation window (${policy.confirmationWindowHours} hours).`,
        });
      }
      if (both("cancellationReasonMinLength", "cancellationReasonMaxLength") && (policy.cancellationReasonMinLength as number) > (policy.cancellationReasonMaxLength as number)) {
        context.addIssue({ code: "custom", path: ["cancellationReasonMaxLength"], message: `Make this at least the minimum (${policy.cancellationReasonMinLength}).` });
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((values) => values as SessionPolicy);

export type PolicyFormResult = { ok: true; value: SessionPolicy } | { ok: false; errors: Partial<Record<PolicyKey, string>> };

/** Reads the admin form (every field a string). Errors name the field, one message each, for display beside it. */
export function parsePolicyForm(form: Record<string, string | undefined>): PolicyFormResult {
  const parsed = SessionPolicySchema.safeParse(form);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<PolicyKey, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as PolicyKey;
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The form's starting values from a stored policy. */
export function policyFormValues(policy: SessionPolicy): Record<PolicyKey, string> {
  const values = {} as Record<PolicyKey, string>;
  for (const field of POLICY_FIELDS) values[field.key] = String(policy[field.key]);
  return values;
}
