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
  await db.auditEvent.create({
    data: {
      actorId: actor?.id ?? null,
      actorRoles: actor ? [...actor.roles] : [],
      action: input.action,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      before: input.before,
      after: input.after,
      reason: input.reason,
      policySnapshot: input.policySnapshot,
      ip: input.meta?.ip ?? null,
      userAgent: input.meta?.userAgent ?? null,
    },
  });
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
