import type { DateTime } from "luxon";
import { DomainError, statusForDomainError } from "../../app/domain/shared/errors";
import { describe, expect, it } from "vitest";
import { OverrideFormSchema, type OverrideForm } from "../../app/domain/policies/overrides";
import type { Booker } from "../../app/services/booking.server";
import { cancelSession, getCancelPreview } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { createPolicyOverride, getOverridesView, revokePolicyOverride } from "../../app/services/policy-overrides.server";
import { clock } from "../../app/services/clock.server";
import { createUser, noMeta } from "../factories";
import { at, hoursBefore, paidBooking as paidBookingAt, refusalOf, tutorWithHours, useFakeStripe, weeklyTime } from "./session-fixtures";

const fakeStripe = useFakeStripe();
const cancelForm = { category: "ILLNESS" as const, reason: "I have the flu, sorry about this." };
const liftForm = (change: Partial<OverrideForm> = {}): OverrideForm => ({
  kind: "CANCEL_CUTOFF",
  expiry: "UNTIL_START",
  reason: "Family emergency, confirmed by phone.",
  ...change,
});
const paidBooking = (booker: Booker, tutorId: string, startsAt: DateTime) => paidBookingAt(fakeStripe(), booker, tutorId, weeklyTime(booker.id, startsAt));

async function statusOf(call: Promise<unknown>): Promise<number> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  // Services refuse with a DomainError; routes answer with the status its code maps to.
  expect(error).toBeInstanceOf(DomainError);
  return statusForDomainError(error as DomainError);
}

/** A confirmed 1:1 session three days ahead, with a 48-hour student cancel cutoff in force. */
async function setUp() {
  const tutor = await tutorWithHours("Tina Tutor");
  const student = await createUser({ roles: ["STUDENT"], name: "Sam Student" });
  const admin = await createUser({ roles: ["ADMIN"], name: "Alex Admin" });
  const coordinator = await createUser({ roles: ["COORDINATOR"], name: "Casey Coordinator" });
  const startsAt = at(3);
  const booking = await paidBooking(student, tutor.id, startsAt);
  await prisma.policy.create({ data: { key: "cancellationCutoffHours", value: 48 } });
  return { tutor, student, admin, coordinator, startsAt, booking };
}

const overrideAudits = (sessionId: string) => prisma.auditEvent.findMany({ where: { subjectId: sessionId, action: { startsWith: "policy_override." } }, orderBy: { id: "asc" } });

describe("lifting the cancel cutoff for one session", () => {
  it("refuses the student inside the cutoff, lets them cancel once an admin lifts it, and refuses again after a revoke", async () => {
    const { student, admin, startsAt, booking } = await setUp();

    await hoursBefore(startsAt, 30, async () => {
      expect(await getCancelPreview(student, booking.sessionId)).toMatchObject({ blocked: expect.stringMatching(/48 hours/), cutoffLiftedUntil: null });
      expect(await refusalOf(cancelSession(student, booking.sessionId, cancelForm, noMeta))).toMatchObject({ code: "CANCEL_CUTOFF" });

      const first = await createPolicyOverride(admin, booking.sessionId, liftForm(), { ip: "10.0.0.1", userAgent: "admin-browser" });
      expect(first.expiresAt.toISOString()).toBe(startsAt.toUTC().toISO());
      expect(await getCancelPreview(student, booking.sessionId)).toMatchObject({ blocked: null, cutoffLiftedUntil: startsAt.toUTC().toISO() });

      // Revoked: the student is refused again, and the row stays with its new end and who ended it.
      await revokePolicyOverride(admin, booking.sessionId, { overrideId: first.id, note: "The student found a sitter." }, noMeta);
      expect(await getCancelPreview(student, booking.sessionId)).toMatchObject({ blocked: expect.stringMatching(/48 hours/), cutoffLiftedUntil: null });
      expect(await refusalOf(cancelSession(student, booking.sessionId, cancelForm, noMeta))).toMatchObject({ code: "CANCEL_CUTOFF" });
      const revoked = await prisma.policyOverride.findUniqueOrThrow({ where: { id: first.id } });
      expect(revoked).toMatchObject({ revokedById: admin.id, reason: "Family emergency, confirmed by phone." });
      expect(revoked.revokedAt).toEqual(revoked.expiresAt);
      expect(revoked.expiresAt.getTime()).toBeLessThan(startsAt.toMillis());

      // Lifted again (for two hours), the cancel goes through.
      const lifting = clock.now();
      const second = await createPolicyOverride(admin, booking.sessionId, liftForm({ expiry: "HOURS_2", reason: "Sitter fell through after all." }), noMeta);
      // Two hours from the moment it was lifted (the app's clock runs on while the call does).
      expect(second.expiresAt.getTime()).toBeGreaterThanOrEqual(lifting.plus({ hours: 2 }).toMillis());
      expect(second.expiresAt.getTime()).toBeLessThanOrEqual(clock.now().plus({ hours: 2 }).toMillis());
      expect(await cancelSession(student, booking.sessionId, cancelForm, noMeta)).toMatchObject({ wholeSession: true });
    });

    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ status: "CANCELLED", cancelCause: "STUDENT" });
    const audits = await overrideAudits(booking.sessionId);
    expect(audits.map((event) => event.action)).toEqual(["policy_override.created", "policy_override.revoked", "policy_override.created"]);
    expect(audits[0]).toMatchObject({
      actorId: admin.id,
      actorRoles: ["ADMIN"],
      subjectType: "TutoringSession",
      reason: "Family emergency, confirmed by phone.",
      before: { override: null },
      after: { override: { kind: "CANCEL_CUTOFF", expiresAt: startsAt.toUTC().toISO(), expiryChoice: "UNTIL_START" } },
      policySnapshot: { cancellationCutoffHours: 48 },
      ip: "10.0.0.1",
      userAgent: "admin-browser",
    });
    expect(audits[1]).toMatchObject({
      reason: "The student found a sitter.",
      before: { override: { revokedAt: null, expiresAt: startsAt.toUTC().toISO(), reason: "Family emergency, confirmed by phone." } },
      after: { override: { revokedAt: expect.any(String) } },
      policySnapshot: { cancellationCutoffHours: 48 },
    });
  });

  it("shows staff the session, the cutoff and every override; the history keeps revoked and expired ones", async () => {
    const { student, admin, coordinator, tutor, startsAt, booking } = await setUp();
    await prisma.policyOverride.create({
      data: { sessionId: booking.sessionId, kind: "CANCEL_CUTOFF", reason: "An earlier exception", createdById: admin.id, expiresAt: startsAt.minus({ hours: 40 }).toJSDate() },
    });

    await hoursBefore(startsAt, 30, async () => {
      const created = await createPolicyOverride(admin, booking.sessionId, liftForm({ expiry: "HOURS_24" }), noMeta);
      const view = await getOverridesView(coordinator, booking.sessionId);
      expect(view).toMatchObject({
        session: { id: booking.sessionId, tutorName: "Tina Tutor", students: ["Sam Student"], status: expect.any(String) },
        cutoff: { hours: 48, studentsRefused: true },
        canManage: false,
        closedReason: null,
        active: [{ id: created.id, state: "ACTIVE", createdBy: "Alex Admin", kindLabel: "Lift the student cancellation cutoff", revokedBy: null }],
        past: [{ state: "EXPIRED", reason: "An earlier exception" }],
      });
      expect(view!.expiryOptions.map((option) => option.value)).toEqual(["UNTIL_START", "HOURS_2", "HOURS_24", "HOURS_72"]);
      expect((await getOverridesView(admin, booking.sessionId))!.canManage).toBe(true);

      await revokePolicyOverride(admin, booking.sessionId, { overrideId: created.id }, noMeta);
      const after = await getOverridesView(admin, booking.sessionId);
      expect(after!.active).toEqual([]);
      expect(after!.past.map((row) => [row.state, row.revokedBy])).toEqual([
        ["REVOKED", "Alex Admin"],
        ["EXPIRED", null],
      ]);
      const audit = (await overrideAudits(booking.sessionId)).at(-1)!;
      expect(audit).toMatchObject({ action: "policy_override.revoked", reason: "Revoked before it expired." });

      // Neither the student nor the tutor sees this page.
      expect(await getOverridesView(student, booking.sessionId)).toBeNull();
      expect(await getOverridesView(tutor, booking.sessionId)).toBeNull();
      expect(await getOverridesView(admin, "no-such-session")).toBeNull();
    });
  });
});

describe("who may lift a policy, and when", () => {
  it("lets only admins create or revoke, and changes nothing when refused", async () => {
    const { student, admin, coordinator, tutor, startsAt, booking } = await setUp();
    await hoursBefore(startsAt, 30, async () => {
      for (const outsider of [coordinator, tutor, student]) {
        expect(await statusOf(createPolicyOverride(outsider, booking.sessionId, liftForm(), noMeta))).toBe(403);
      }
      const created = await createPolicyOverride(admin, booking.sessionId, liftForm(), noMeta);
      for (const outsider of [coordinator, tutor, student]) {
        expect(await statusOf(revokePolicyOverride(outsider, booking.sessionId, { overrideId: created.id }, noMeta))).toBe(403);
      }
      expect(await prisma.policyOverride.count()).toBe(1);
      expect(await prisma.policyOverride.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ revokedAt: null });
      expect(await overrideAudits(booking.sessionId)).toHaveLength(1);
    });
  });

  it("refuses a second active override, an unknown session or override, and a second revoke", async () => {
    const { admin, tutor, startsAt, booking } = await setUp();
    await hoursBefore(startsAt, 30, async () => {
      const created = await createPolicyOverride(admin, booking.sessionId, liftForm(), noMeta);
      expect(await refusalOf(createPolicyOverride(admin, booking.sessionId, liftForm({ expiry: "HOURS_2" }), noMeta))).toMatchObject({ code: "ALREADY_ACTIVE", field: "kind" });
      expect(await refusalOf(createPolicyOverride(admin, "no-such-session", liftForm(), noMeta))).toMatchObject({ code: "NOT_FOUND" });
      expect(await refusalOf(revokePolicyOverride(admin, booking.sessionId, { overrideId: "no-such-override" }, noMeta))).toMatchObject({ code: "NOT_FOUND" });

      // Revoking twice at once acts once.
      const results = await Promise.allSettled([1, 2].map(() => revokePolicyOverride(admin, booking.sessionId, { overrideId: created.id }, noMeta)));
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "NOT_ACTIVE" });
      expect(await prisma.auditEvent.count({ where: { action: "policy_override.revoked" } })).toBe(1);
    });

    // An override on another session cannot be revoked through this one.
    const other = await paidBooking(await createUser({ roles: ["STUDENT"] }), tutor.id, at(4));
    const elsewhere = await createPolicyOverride(admin, other.sessionId, liftForm(), noMeta);
    expect(await refusalOf(revokePolicyOverride(admin, booking.sessionId, { overrideId: elsewhere.id }, noMeta))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses sessions that have started or are no longer scheduled", async () => {
    const { admin, student, startsAt, booking } = await setUp();
    await hoursBefore(startsAt, -0.01, async () => {
      expect(await refusalOf(createPolicyOverride(admin, booking.sessionId, liftForm(), noMeta))).toMatchObject({
        code: "SESSION_CLOSED",
        message: expect.stringMatching(/already started/),
      });
      expect(await getOverridesView(admin, booking.sessionId)).toMatchObject({ closedReason: expect.stringMatching(/already started/), expiryOptions: [] });
    });
    await hoursBefore(startsAt, 72, () => cancelSession(student, booking.sessionId, cancelForm, noMeta));
    expect(await refusalOf(createPolicyOverride(admin, booking.sessionId, liftForm(), noMeta))).toMatchObject({
      code: "SESSION_CLOSED",
      message: expect.stringMatching(/no longer scheduled/),
    });
    expect(await prisma.policyOverride.count()).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: { startsWith: "policy_override." } } })).toBe(0);
  });

  it("keeps the database's own rules: a reason of 10–500 characters, and a revoke that names who", async () => {
    const { admin, booking } = await setUp();
    expect(OverrideFormSchema.safeParse(liftForm({ reason: "short" })).success).toBe(false);
    await expect(
      prisma.policyOverride.create({ data: { sessionId: booking.sessionId, kind: "CANCEL_CUTOFF", reason: "short", createdById: admin.id, expiresAt: new Date() } }),
    ).rejects.toThrow();
    await expect(
      prisma.policyOverride.create({
        data: { sessionId: booking.sessionId, kind: "CANCEL_CUTOFF", reason: "A long enough reason", createdById: admin.id, expiresAt: new Date(), revokedAt: new Date() },
      }),
    ).rejects.toThrow();
    await expect(
      prisma.policyOverride.create({
        data: { sessionId: booking.sessionId, kind: "CANCEL_CUTOFF", reason: "A long enough reason", createdById: "no-such-user", expiresAt: new Date() },
      }),
    ).rejects.toThrow();
  });
});
