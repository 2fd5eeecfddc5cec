import { describe, expect, it } from "vitest";
import { SESSION_POLICY_DEFAULTS, policyFormValues } from "../../app/domain/policies/session-policies";
import { prisma } from "../../app/services/db.server";
import { getSessionPolicy, updateSessionPolicy } from "../../app/services/policies.server";
import { createUser, noMeta } from "../factories";

describe("session policies", () => {
  it("uses the defaults until an admin changes a value, then only that value, audited with before and after", async () => {
    expect(await getSessionPolicy()).toEqual(SESSION_POLICY_DEFAULTS);
    const admin = await createUser({ roles: ["ADMIN"] });
    const form = { ...policyFormValues(SESSION_POLICY_DEFAULTS), lateRefundPercent: "50" };
    expect(await updateSessionPolicy(admin, form, noMeta)).toEqual({ ok: true, changed: ["lateRefundPercent"] });
    expect(await getSessionPolicy()).toEqual({ ...SESSION_POLICY_DEFAULTS, lateRefundPercent: 50 });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "policy.updated" } });
    expect(event).toMatchObject({ actorId: admin.id, before: { lateRefundPercent: 70 }, after: { lateRefundPercent: 50 } });

    // Saving the same values again writes nothing and audits nothing.
    expect(await updateSessionPolicy(admin, form, noMeta)).toEqual({ ok: true, changed: [] });
    expect(await prisma.auditEvent.count({ where: { action: "policy.updated" } })).toBe(1);
  });

  it("refuses inconsistent or out-of-range values with a message per field, and saves nothing", async () => {
    const admin = await createUser({ roles: ["ADMIN"] });
    const before = await getSessionPolicy();
    const result = await updateSessionPolicy(admin, { ...policyFormValues(before), lateRefundHours: "30", maxCounterProposals: "eleven" }, noMeta);
    expect(result).toEqual({
      ok: false,
      errors: { lateRefundHours: expect.stringContaining("at most the full-refund hours"), maxCounterProposals: "Enter a whole number from 0 to 10." },
    });
    expect(await getSessionPolicy()).toEqual(before);
  });

  it("lets only admins change policies", async () => {
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    await expect(updateSessionPolicy(coordinator, policyFormValues(SESSION_POLICY_DEFAULTS), noMeta)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("ignores a stored value that breaks the rules instead of trusting it", async () => {
    await prisma.policy.createMany({
      data: [
        { key: "lateRefundPercent", value: 250 },
        { key: "maxCounterProposals", value: 1 },
      ],
    });
    expect(await getSessionPolicy()).toEqual({ ...SESSION_POLICY_DEFAULTS, maxCounterProposals: 1 });
  });
});
