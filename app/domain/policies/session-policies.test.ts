import { describe, expect, it } from "vitest";
import { CANCELLATION_POLICY_DEFAULTS } from "./defaults";
import {
  maxReschedulesFor,
  parsePolicyForm,
  POLICY_FIELDS,
  POLICY_GROUPS,
  policyFormValues,
  rescheduleCutoffHoursFor,
  SESSION_POLICY_DEFAULTS,
  snapshotOf,
} from "./session-policies";

const defaultsForm = policyFormValues(SESSION_POLICY_DEFAULTS);

describe("session policy defaults", () => {
  it("match DESIGN §7 and reuse the cancellation tiers", () => {
    expect(SESSION_POLICY_DEFAULTS).toMatchObject({
      ...CANCELLATION_POLICY_DEFAULTS,
      cancellationCutoffHours: 0,
      cancellationReasonMinLength: 10,
      cancellationReasonMaxLength: 500,
      rescheduleRequestExpiryHours: 48,
      rescheduleExpiryAction: "expire",
      maxCounterProposals: 3,
      replacementReplyHours: 2,
      noShowAfterMinutes: 15,
      studentNoShowRefundPercent: 0,
    });
    expect([rescheduleCutoffHoursFor(SESSION_POLICY_DEFAULTS, "STUDENT"), rescheduleCutoffHoursFor(SESSION_POLICY_DEFAULTS, "TUTOR")]).toEqual([4, 2]);
    expect([maxReschedulesFor(SESSION_POLICY_DEFAULTS, "STUDENT"), maxReschedulesFor(SESSION_POLICY_DEFAULTS, "TUTOR")]).toEqual([2, 2]);
  });

  it("describe every policy exactly once on the admin form", () => {
    const keys = POLICY_FIELDS.map((field) => field.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(SESSION_POLICY_DEFAULTS).sort());
    for (const field of POLICY_FIELDS) {
      if (field.kind === "number") expect(SESSION_POLICY_DEFAULTS[field.key]).toBeGreaterThanOrEqual(field.min);
      if (field.kind === "number") expect(SESSION_POLICY_DEFAULTS[field.key]).toBeLessThanOrEqual(field.max);
    }
  });

  it("puts every field in one of the admin page's sections", () => {
    expect(POLICY_FIELDS.filter((field) => !POLICY_GROUPS.includes(field.group))).toEqual([]);
    expect(POLICY_FIELDS.filter((field) => field.group === "Attendance").map((field) => field.key)).toEqual(["noShowAfterMinutes", "studentNoShowRefundPercent"]);
  });

  it("snapshots only the values asked for", () => {
    expect(snapshotOf(SESSION_POLICY_DEFAULTS, ["fullRefundHours", "rescheduleExpiryAction"])).toEqual({ fullRefundHours: 24, rescheduleExpiryAction: "expire" });
  });
});

describe("policy form", () => {
  it("round-trips the defaults", () => {
    expect(parsePolicyForm(defaultsForm)).toEqual({ ok: true, value: SESSION_POLICY_DEFAULTS });
  });

  it("accepts a changed value, trimmed, and the other expiry action", () => {
    const result = parsePolicyForm({ ...defaultsForm, lateRefundPercent: " 50 ", rescheduleExpiryAction: "auto_accept" });
    expect(result).toEqual({ ok: true, value: { ...SESSION_POLICY_DEFAULTS, lateRefundPercent: 50, rescheduleExpiryAction: "auto_accept" } });
  });

  it.each([
    ["lateRefundPercent", "101", "Enter a whole number from 0 to 100."],
    ["lateRefundPercent", "-1", "Enter a whole number from 0 to 100."],
    ["lateRefundPercent", "70.5", "Enter a whole number from 0 to 100."],
    ["fullRefundHours", "", "Enter a whole number from 0 to 336."],
    ["fullRefundHours", "abc", "Enter a whole number from 0 to 336."],
    ["rescheduleRequestExpiryHours", "0", "Enter a whole number from 1 to 336."],
    ["maxCounterProposals", "11", "Enter a whole number from 0 to 10."],
    ["cancellationReasonMinLength", "0", "Enter a whole number from 1 to 200."],
    ["noShowAfterMinutes", "0", "Enter a whole number from 1 to 120."],
    ["noShowAfterMinutes", "121", "Enter a whole number from 1 to 120."],
    ["studentNoShowRefundPercent", "101", "Enter a whole number from 0 to 100."],
    ["studentNoShowRefundPercent", "-5", "Enter a whole number from 0 to 100."],
    ["rescheduleExpiryAction", "approve", "Choose what happens to an unanswered proposal."],
  ])("refuses %s = %j", (key, value, message) => {
    expect(parsePolicyForm({ ...defaultsForm, [key]: value })).toEqual({ ok: false, errors: { [key]: message } });
  });

  it("names every missing field", () => {
    const result = parsePolicyForm({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(POLICY_FIELDS.map((field) => field.key).sort());
  });

  it("keeps the partial tier inside the full one, and the reason minimum under the maximum", () => {
    expect(parsePolicyForm({ ...defaultsForm, lateRefundHours: "25" })).toEqual({
      ok: false,
      errors: { lateRefundHours: "Make this at most the full-refund hours (24)." },
    });
    expect(parsePolicyForm({ ...defaultsForm, cancellationReasonMinLength: "100", cancellationReasonMaxLength: "50" })).toEqual({
      ok: false,
      errors: { cancellationReasonMaxLength: "Make this at least the minimum (100)." },
    });
    expect(parsePolicyForm({ ...defaultsForm, lateRefundHours: "24" }).ok).toBe(true); // an empty partial tier is allowed
  });

  it("accepts the reference's 30-minute no-show rule and a full refund for a learner's no-show", () => {
    expect(parsePolicyForm({ ...defaultsForm, noShowAfterMinutes: "30", studentNoShowRefundPercent: "100" })).toEqual({
      ok: true,
      value: { ...SESSION_POLICY_DEFAULTS, noShowAfterMinutes: 30, studentNoShowRefundPercent: 100 },
    });
  });
});
