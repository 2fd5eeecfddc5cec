import type { Prisma } from "@prisma/client";
import { auditSubjectHref } from "~/domain/audit/subject-link";
import type { Role } from "~/domain/users/roles";
import { prisma, type Db, type Tx } from "./db.server";
import type { RequestMeta } from "./request-meta.server";

export type AuditActor = { id: string; roles: readonly Role[] } | "system";

export type AuditInput = {
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string };
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  reason?: string;
  policySnapshot?: Prisma.InputJsonValue;
  meta?: RequestMeta;
};

/**
 * Appends one event to the audit trail. Call it inside the transaction that makes the change, so
 * the trail and the data can never disagree. The table refuses updates and deletes.
 */
export async function recordAudit(db: Tx | Db, input: AuditInput): Promise<void> {
  const actor = input.actor === "system" ? null : input.actor;
  // Raw SQL: every change writes one of these, and Prisma compiles a create anew on each call (about
  // half a millisecond of CPU, more than the insert itself). `now()` is the database's clock, as
  // Prisma's default was the process's wall clock: neither is the app's (testable) clock.
  await db.$executeRaw`
    INSERT INTO audit_events (occurred_at, actor_id, actor_roles, action, subject_type, subject_id, before, after, reason, policy_snapshot, ip, user_agent)
    VALUES (now(), ${actor?.id ?? null}, ${actor ? [...actor.roles] : []}::text[]::"Role"[], ${input.action}, ${input.subject.type}, ${input.subject.id},
            ${jsonOrNull(input.before)}::jsonb, ${jsonOrNull(input.after)}::jsonb, ${input.reason ?? null}, ${jsonOrNull(input.policySnapshot)}::jsonb,
            ${input.meta?.ip ?? null}, ${input.meta?.userAgent ?? null})`;
}

/** A JSON column's text, or SQL NULL when the value is absent (as Prisma stores an omitted Json? field). */
function jsonOrNull(value: Prisma.InputJsonValue | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export type AuditRow = {
  id: string;
  occurredAt: string;
  actorName: string | null;
  action: string;
  subject: string;
  /** The subject's page (a session, a person), when it has one. */
  subjectHref: string | null;
  reason: string | null;
  ip: string | null;
  changes: string | null;
};

/** The newest events first, optionally for one subject; shaped for the audit page. */
export async function listAuditEvents(filter: { subjectType?: string; subjectId?: string; action?: string; before?: bigint; take?: number }): Promise<AuditRow[]> {
  const rows = await prisma.auditEvent.findMany({
    where: {
      subjectType: filter.subjectType,
      subjectId: filter.subjectId,
      action: filter.action ? { startsWith: filter.action } : undefined,
      id: filter.before ? { lt: filter.before } : undefined,
    },
    orderBy: { id: "desc" },
    take: filter.take ?? 50,
    select: {
      id: true,
      occurredAt: true,
      action: true,
      subjectType: true,
      subjectId: true,
      reason: true,
      ip: true,
      before: true,
      after: true,
      actor: { select: { name: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    actorName: row.actor?.name ?? null,
    action: row.action,
    subject: `${row.subjectType} ${row.subjectId}`,
    subjectHref: auditSubjectHref({ type: row.subjectType, id: row.subjectId }),
    reason: row.reason,
    ip: row.ip,
    changes: row.before || row.after ? JSON.stringify({ before: row.before ?? undefined, after: row.after ?? undefined }) : null,
  }));
}
