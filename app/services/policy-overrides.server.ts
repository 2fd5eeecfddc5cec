import {
  OVERRIDE_KINDS,
  overrideExpiresAt,
  overrideExpiryOptions,
  overrideKind,
  overrideKindLabel,
  overrideState,
  whyNoNewOverride,
  type OverrideForm,
  type OverrideState,
  type RevokeOverrideForm,
} from "~/domain/policies/overrides";
import { snapshotOf, type PolicyKey } from "~/domain/policies/session-policies";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { hasRole, type Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { lockTutorOfSession } from "./locks.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";

type Actor = { id: string; roles: readonly Role[] };

/** Staff see a session's overrides; only admins lift or revoke one (DESIGN §1: policies are the admin's). */
export function mayManageOverrides(actor: Actor): boolean {
  return actor.roles.includes("ADMIN");
}

function requireAdmin(actor: Actor) {
  if (!mayManageOverrides(actor)) throw new DomainError("FORBIDDEN", "Only an admin can lift or revoke a policy for a session.");
}

export type OverrideRow = {
  id: string;
  kind: string;
  kindLabel: string;
  reason: string;
  state: OverrideState;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
};

/**
 * The staff page for one session's overrides: the session, the policy values an override would lift,
 * and every override it has had (active first, then the history, newest first). Null for a session
 * that does not exist or a viewer who is not staff.
 */
export async function getOverridesView(viewer: Actor, sessionId: string) {
  if (!hasRole(viewer.roles, "COORDINATOR")) return null;
  const session = await prisma.tutoringSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      kind: true,
      title: true,
      subject: true,
      status: true,
      startsAt: true,
      endsAt: true,
      tutor: { select: { user: { select: { name: true, timezone: true } } } },
      participants: { where: { status: { in: ["HELD", "CONFIRMED"] } }, orderBy: { student: { name: "asc" } }, select: { student: { select: { name: true } } } },
      policyOverrides: {
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        select: {
          id: true,
          kind: true,
          reason: true,
          createdAt: true,
          expiresAt: true,
          revokedAt: true,
          createdBy: { select: { name: true } },
          revokedBy: { select: { name: true } },
        },
      },
    },
  });
  if (!session) return null;
  const now = clock.now();
  const policy = await getSessionPolicy();
  const rows: OverrideRow[] = session.policyOverrides.map((row) => ({
    id: row.id,
    kind: row.kind,
    kindLabel: overrideKindLabel(row.kind),
    reason: row.reason,
    state: overrideState(row, now),
    createdBy: row.createdBy.name,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedBy: row.revokedBy?.name ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
  const closedReason = whyNoNewOverride(session, now);
  const msToStart = session.startsAt.getTime() - now.toMillis();
  return {
    session: {
      id: session.id,
      kind: session.kind,
      title: session.title || session.subject || "Tutoring session",
      status: describeStatus(session.status as SessionStatus),
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      tutorName: session.tutor.user.name,
      tutorZone: session.tutor.user.timezone,
      students: session.participants.map((seat) => seat.student.name),
    },
    cutoff: {
      hours: policy.cancellationCutoffHours,
      // Is a student's cancel refused right now, before any override?
      studentsRefused: msToStart > 0 && msToStart < policy.cancellationCutoffHours * 3_600_000,
    },
    canManage: mayManageOverrides(viewer),
    closedReason,
    kinds: OVERRIDE_KINDS.map((kind) => ({ value: kind.value, label: kind.label, description: kind.description })),
    // The one kind there is decides the choices' end times; with more kinds the form would list them per kind.
    expiryOptions: closedReason
      ? []
      : overrideExpiryOptions({ kind: OVERRIDE_KINDS[0].value, session, now }).map((option) => ({ ...option, expiresAt: option.expiresAt.toISOString() })),
    active: rows.filter((row) => row.state === "ACTIVE"),
    past: rows.filter((row) => row.state !== "ACTIVE"),
  };
}

/** The session a change starts from, read under the tutor's lock (the lock every cancel takes too). */
async function lockedSession(tx: Tx, sessionId: string) {
  await lockTutorOfSession(tx, sessionId);
  return tx.tutoringSession.findUniqueOrThrow({ where: { id: sessionId }, select: { id: true, status: true, startsAt: true, endsAt: true } });
}

/** The policy values a kind bypasses, as they stand now, for the audit event. */
function policySnapshotFor(kind: string, policy: Awaited<ReturnType<typeof getSessionPolicy>>) {
  const keys: readonly PolicyKey[] = overrideKind(kind)?.policyKeys ?? [];
  return snapshotOf(policy, keys);
}

/**
 * An admin lifts a policy for one upcoming session until the chosen end. Under the tutor's lock, so a
 * student's cancel running at the same moment sees the override either wholly or not at all. One
 * active override per kind: to change its end, revoke it and create another (both stay in the history).
 */
export async function createPolicyOverride(actor: Actor, sessionId: string, form: OverrideForm, meta: RequestMeta): Promise<{ id: string; expiresAt: Date }> {
  requireAdmin(actor);
  return prisma.$transaction(async (tx) => {
    const session = await lockedSession(tx, sessionId);
    const now = clock.now();
    const closed = whyNoNewOverride(session, now);
    if (closed) throw new DomainError("SESSION_CLOSED", closed);
    const expiresAt = overrideExpiresAt({ kind: form.kind, choice: form.expiry, session, now });
    const active = await tx.policyOverride.findFirst({ where: { sessionId, kind: form.kind, revokedAt: null, expiresAt: { gt: now.toJSDate() } }, select: { id: true } });
    if (active) throw new DomainError("ALREADY_ACTIVE", "This policy is already lifted for this session. To choose a different end, revoke that override first.", "kind");
    const override = await tx.policyOverride.create({
      data: { sessionId, kind: form.kind, reason: form.reason, createdById: actor.id, expiresAt },
      select: { id: true },
    });
    const policy = await getSessionPolicy(tx);
    await recordAudit(tx, {
      actor,
      action: "policy_override.created",
      subject: { type: "TutoringSession", id: sessionId },
      before: { override: null },
      after: { override: { id: override.id, kind: form.kind, expiresAt: expiresAt.toISOString(), expiryChoice: form.expiry } },
      reason: form.reason,
      policySnapshot: policySnapshotFor(form.kind, policy),
      meta,
    });
    return { id: override.id, expiresAt };
  });
}

/**
 * An admin ends an active override early: its expiry becomes now and the revoker is recorded; the row
 * stays for the history. A compare-and-swap, so two revokes (or a revoke racing the expiry) act once.
 */
export async function revokePolicyOverride(actor: Actor, sessionId: string, form: RevokeOverrideForm, meta: RequestMeta): Promise<{ kind: string }> {
  requireAdmin(actor);
  return prisma.$transaction(async (tx) => {
    await lockedSession(tx, sessionId);
    const override = await tx.policyOverride.findFirst({
      where: { id: form.overrideId, sessionId },
      select: { id: true, kind: true, reason: true, expiresAt: true, revokedAt: true },
    });
    if (!override) throw new DomainError("NOT_FOUND", "That override does not exist for this session.");
    const now = clock.now();
    if (overrideState(override, now) !== "ACTIVE") throw new DomainError("NOT_ACTIVE", "That override has already ended, so there is nothing to revoke.");
    const changed = await tx.policyOverride.updateMany({
      where: { id: override.id, revokedAt: null, expiresAt: { gt: now.toJSDate() } },
      data: { expiresAt: now.toJSDate(), revokedAt: now.toJSDate(), revokedById: actor.id },
    });
    if (changed.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "That override changed while you were revoking it. Look at the list again.");
    const policy = await getSessionPolicy(tx);
    await recordAudit(tx, {
      actor,
      action: "policy_override.revoked",
      subject: { type: "TutoringSession", id: sessionId },
      before: { override: { id: override.id, kind: override.kind, expiresAt: override.expiresAt.toISOString(), revokedAt: null, reason: override.reason } },
      after: { override: { id: override.id, kind: override.kind, expiresAt: now.toJSDate().toISOString(), revokedAt: now.toJSDate().toISOString() } },
      reason: form.note || "Revoked before it expired.",
      policySnapshot: policySnapshotFor(override.kind, policy),
      meta,
    });
    return { kind: override.kind };
  });
}
