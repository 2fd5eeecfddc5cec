import type { Prisma } from "@prisma/client";
import { SESSION_POLICY_DEFAULTS, SessionPolicySchema, parsePolicyForm, type PolicyKey, type SessionPolicy } from "~/domain/policies/session-policies";
import { DomainError } from "~/domain/shared/errors";
import type { Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { prisma, type Tx } from "./db.server";
import type { RequestMeta } from "./request-meta.server";

/**
 * The session policy in force: each stored value over its default. A stored value that no longer
 * passes the rules (an older version's bounds) is ignored rather than trusted.
 */
export async function getSessionPolicy(db: Tx | typeof prisma = prisma): Promise<SessionPolicy> {
  // Raw SQL: read by every booking and session page; Prisma would compile the same findMany each time.
  const rows = await db.$queryRaw<{ key: string; value: unknown }[]>`SELECT key, value FROM policies`;
  const merged: Record<string, unknown> = { ...SESSION_POLICY_DEFAULTS };
  for (const row of rows) if (row.key in merged) merged[row.key] = row.value;
  const asForm: Record<string, string> = Object.fromEntries(Object.entries(merged).map(([key, value]) => [key, String(value)]));
  const parsed = SessionPolicySchema.safeParse(asForm);
  if (parsed.success) return parsed.data;
  // Put back the defaults of just the values that fail, and keep the rest of the admin's choices.
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as PolicyKey | undefined;
    if (key && key in SESSION_POLICY_DEFAULTS) asForm[key] = String(SESSION_POLICY_DEFAULTS[key]);
  }
  const repaired = SessionPolicySchema.safeParse(asForm);
  return repaired.success ? repaired.data : SESSION_POLICY_DEFAULTS;
}

/** An admin saves the policy page: only changed values are written, all in one audited transaction. */
export async function updateSessionPolicy(
  admin: { id: string; roles: readonly Role[] },
  form: Record<string, string | undefined>,
  meta: RequestMeta,
): Promise<{ ok: false; errors: Partial<Record<PolicyKey, string>> } | { ok: true; changed: PolicyKey[] }> {
  if (!admin.roles.includes("ADMIN")) throw new DomainError("FORBIDDEN", "Only admins change policies.");
  const parsed = parsePolicyForm(form);
  if (!parsed.ok) return parsed;
  return prisma.$transaction(async (tx) => {
    // One admin at a time: two saves racing would each write a half-old policy otherwise.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('policies'))`;
    const current = await getSessionPolicy(tx);
    const changed = (Object.keys(parsed.value) as PolicyKey[]).filter((key) => parsed.value[key] !== current[key]);
    if (changed.length === 0) return { ok: true as const, changed };
    for (const key of changed) {
      const value = parsed.value[key] as Prisma.InputJsonValue;
      await tx.policy.upsert({ where: { key }, create: { key, value, updatedById: admin.id }, update: { value, updatedById: admin.id } });
    }
    await recordAudit(tx, {
      actor: admin,
      action: "policy.updated",
      subject: { type: "Policy", id: "session" },
      before: Object.fromEntries(changed.map((key) => [key, current[key]])),
      after: Object.fromEntries(changed.map((key) => [key, parsed.value[key]])),
      meta,
    });
    return { ok: true as const, changed };
  });
}
