import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/shared/errors";
import {
  OVERRIDE_EXPIRY_CHOICES,
  OVERRIDE_KINDS,
  OverrideFormSchema,
  overrideExpiresAt,
  overrideExpiryOptions,
  overrideKindLabel,
  overrideState,
  RevokeOverrideFormSchema,
  whyNoNewOverride,
} from "./overrides";
import { SESSION_POLICY_DEFAULTS } from "./session-policies";

const now = DateTime.fromISO("2026-03-10T12:00:00Z", { zone: "utc" });
const session = (hoursAhead: number, lengthHours = 1) => ({
  startsAt: now.plus({ hours: hoursAhead }).toJSDate(),
  endsAt: now.plus({ hours: hoursAhead + lengthHours }).toJSDate(),
});
const iso = (date: Date) => date.toISOString();

function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError");
}

describe("override kinds", () => {
  it("each has a label, a description and the policy values it lifts", () => {
    for (const kind of OVERRIDE_KINDS) {
      expect(kind.label).not.toBe("");
      expect(kind.description).not.toBe("");
      for (const key of kind.policyKeys) expect(SESSION_POLICY_DEFAULTS).toHaveProperty(key);
    }
    expect(overrideKindLabel("CANCEL_CUTOFF")).toBe("Lift the student cancellation cutoff");
    expect(overrideKindLabel("SOMETHING_OLD")).toBe("SOMETHING_OLD");
  });
});

describe("the create form", () => {
  const valid = { kind: "CANCEL_CUTOFF", expiry: "UNTIL_START", reason: "  Family emergency, confirmed by phone.  " };

  it("accepts a kind, an expiry choice and a trimmed reason", () => {
    expect(OverrideFormSchema.parse(valid)).toEqual({ kind: "CANCEL_CUTOFF", expiry: "UNTIL_START", reason: "Family emergency, confirmed by phone." });
  });

  it.each([
    [{ kind: "ALLOW_ANYTHING" }, "kind", "Choose which policy to lift."],
    [{ kind: undefined }, "kind", "Choose which policy to lift."],
    [{ expiry: "FOREVER" }, "expiry", "Choose how long the override lasts."],
    [{ reason: "Too short" }, "reason", "Write at least 10 characters: the reason stays in the audit trail."],
    [{ reason: "         x         " }, "reason", "Write at least 10 characters: the reason stays in the audit trail."],
    [{ reason: "x".repeat(501) }, "reason", "Keep the reason to 500 characters or fewer."],
    [{ reason: undefined }, "reason", "Say why the policy is lifted for this session."],
  ])("refuses %j on %s", (change, field, message) => {
    const result = OverrideFormSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });

  it("takes exactly 10 and 500 characters", () => {
    expect(OverrideFormSchema.safeParse({ ...valid, reason: "x".repeat(10) }).success).toBe(true);
    expect(OverrideFormSchema.safeParse({ ...valid, reason: "x".repeat(500) }).success).toBe(true);
  });

  it("revokes by id with an optional note", () => {
    expect(RevokeOverrideFormSchema.parse({ overrideId: "abc" })).toEqual({ overrideId: "abc" });
    expect(RevokeOverrideFormSchema.parse({ overrideId: "abc", note: " Student came after all " })).toEqual({ overrideId: "abc", note: "Student came after all" });
    expect(RevokeOverrideFormSchema.safeParse({ overrideId: "" }).success).toBe(false);
    expect(RevokeOverrideFormSchema.safeParse({ overrideId: "abc", note: "x".repeat(501) }).success).toBe(false);
  });
});

describe("when an override ends", () => {
  const kind = "CANCEL_CUTOFF" as const;

  it.each([
    ["until the start, 3 h ahead", 3, "UNTIL_START", now.plus({ hours: 3 })],
    ["2 h, 3 h ahead", 3, "HOURS_2", now.plus({ hours: 2 })],
    ["24 h, cut at the start 3 h ahead", 3, "HOURS_24", now.plus({ hours: 3 })],
    ["24 h, 30 h ahead", 30, "HOURS_24", now.plus({ hours: 24 })],
    ["72 h, cut at the start 30 h ahead", 30, "HOURS_72", now.plus({ hours: 30 })],
    ["2 h, exactly 2 h ahead", 2, "HOURS_2", now.plus({ hours: 2 })],
    ["until the start, one second ahead", 1 / 3600, "UNTIL_START", now.plus({ seconds: 1 })],
  ] as const)("%s", (_label, hoursAhead, choice, expected) => {
    const expiresAt = overrideExpiresAt({ kind, choice, session: session(hoursAhead), now });
    expect(iso(expiresAt)).toBe(expected.toUTC().toISO());
    expect(expiresAt.getTime()).toBeGreaterThan(now.toMillis());
    expect(expiresAt.getTime()).toBeLessThanOrEqual(session(hoursAhead).endsAt.getTime());
  });

  it.each([
    ["at the start", 0],
    ["after the start", -0.5],
    ["after the end", -2],
  ])("refuses a session %s", (_label, hoursAhead) => {
    expect(domainErrorOf(() => overrideExpiresAt({ kind, choice: "UNTIL_START", session: session(hoursAhead), now }))).toMatchObject({ code: "SESSION_STARTED" });
    expect(overrideExpiryOptions({ kind, session: session(hoursAhead), now })).toEqual([]);
  });

  it("refuses an expiry after the session's end, whatever the data says", () => {
    const odd = { startsAt: now.plus({ hours: 5 }).toJSDate(), endsAt: now.plus({ hours: 1 }).toJSDate() };
    expect(domainErrorOf(() => overrideExpiresAt({ kind, choice: "UNTIL_START", session: odd, now }))).toMatchObject({ code: "EXPIRY_AFTER_END", field: "expiry" });
  });

  it("lists every choice with the moment it would end", () => {
    const options = overrideExpiryOptions({ kind, session: session(30), now });
    expect(options.map((option) => option.value)).toEqual(OVERRIDE_EXPIRY_CHOICES.map((choice) => choice.value));
    expect(options.map((option) => iso(option.expiresAt))).toEqual([30, 2, 24, 30].map((hours) => now.plus({ hours }).toUTC().toISO()));
  });
});

describe("an override's state", () => {
  const expiresAt = now.plus({ hours: 1 }).toJSDate();
  it.each([
    ["active before its expiry", { expiresAt, revokedAt: null }, now, "ACTIVE"],
    ["expired at its expiry", { expiresAt, revokedAt: null }, now.plus({ hours: 1 }), "EXPIRED"],
    ["expired after", { expiresAt, revokedAt: null }, now.plus({ hours: 2 }), "EXPIRED"],
    ["revoked, whatever the time", { expiresAt: now.toJSDate(), revokedAt: now.toJSDate() }, now.minus({ hours: 1 }), "REVOKED"],
  ] as const)("%s", (_label, override, at, state) => {
    expect(overrideState(override, at)).toBe(state);
  });
});

describe("which sessions may get a new override", () => {
  it.each([
    ["SCHEDULED", 3, null],
    ["PENDING_PAYMENT", 3, null],
    ["CANCELLED", 3, "no longer scheduled"],
    ["IN_PROGRESS", -0.5, "no longer scheduled"],
    ["COMPLETED", -5, "no longer scheduled"],
    ["SCHEDULED", 0, "already started"],
    ["SCHEDULED", -0.1, "already started"],
  ] as const)("%s, %d h ahead", (status, hoursAhead, why) => {
    const result = whyNoNewOverride({ ...session(hoursAhead), status }, now);
    if (why === null) expect(result).toBeNull();
    else expect(result).toContain(why);
  });
});
