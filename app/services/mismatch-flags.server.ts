import { Prisma } from "@prisma/client";
import type { FlagMismatchInput } from "~/domain/staff/forms";
import { DomainError } from "~/domain/shared/errors";
import { hasRole } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { isUniqueViolation, prisma } from "./db.server";
import type { Actor } from "./people.server";
import type { RequestMeta } from "./request-meta.server";
import { assertStaffOfSession } from "./staff-session-page.server";

/*
 * Mismatch flags (issue 16, docs/decisions/027): a coordinator says the wrong tutor came or the wrong
 * student was assigned; the flag stays open until a coordinator resolves it with a note. At most one
 * open flag per session: checked here for a clear message, and held by the partial unique index
 * session_mismatch_flags_one_open when two coordinators flag at once.
 */

/**
 * Sessions (aliased `s`) with an open mismatch flag, for a WHERE clause: the operations list's
 * "mismatch flagged" attention filter is `AND ${OPEN_MISMATCH_SQL}`. The partial unique index on
 * (session_id) WHERE resolved_at IS NULL answers it.
 */
export const OPEN_MISMATCH_SQL = Prisma.sql`EXISTS (SELECT 1 FROM session_mismatch_flags mf WHERE mf.session_id = s.id AND mf.resolved_at IS NULL)`;

const ALREADY_OPEN = "This session already has an open mismatch flag: resolve it first, or add a note to it.";

function assertStaff(actor: Actor): void {
  if (!hasRole(actor.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins flag a mismatch.");
}

export async function flagMismatch(actor: Actor, sessionId: string, input: Omit<FlagMismatchInput, "intent">, meta: RequestMeta): Promise<{ flagId: string }> {
  assertStaff(actor);
  try {
    return await prisma.$transaction(async (tx) => {
      await assertStaffOfSession(tx, actor, sessionId);
      const open = await tx.sessionMismatchFlag.findFirst({ where: { sessionId, resolvedAt: null }, select: { id: true } });
      if (open) throw new DomainError("MISMATCH_ALREADY_OPEN", ALREADY_OPEN);
      const flag = await tx.sessionMismatchFlag.create({
        data: { sessionId, kind: input.kind, note: input.note, flaggedById: actor.id, flaggedAt: clock.nowDate() },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor,
        action: "session.mismatch_flagged",
        subject: { type: "TutoringSession", id: sessionId },
        after: { flagId: flag.id, kind: input.kind },
        reason: input.note,
        meta,
      });
      return { flagId: flag.id };
    });
  } catch (error) {
    // Two coordinators at once: the index lets one in.
    if (isUniqueViolation(error)) throw new DomainError("MISMATCH_ALREADY_OPEN", ALREADY_OPEN);
    throw error;
  }
}

export async function resolveMismatch(actor: Actor, sessionId: string, flagId: string, resolution: string, meta: RequestMeta): Promise<void> {
  assertStaff(actor);
  await prisma.$transaction(async (tx) => {
    await assertStaffOfSession(tx, actor, sessionId);
    const now = clock.nowDate();
    const done = await tx.sessionMismatchFlag.updateMany({
      where: { id: flagId, sessionId, resolvedAt: null },
      data: { resolvedAt: now, resolvedById: actor.id, resolution },
    });
    if (done.count === 0) {
      const flag = await tx.sessionMismatchFlag.findFirst({ where: { id: flagId, sessionId }, select: { id: true } });
      if (!flag) throw new DomainError("NOT_FOUND", "That mismatch flag does not exist.");
      throw new DomainError("MISMATCH_ALREADY_RESOLVED", "Someone resolved this mismatch meanwhile; the page now shows how.");
    }
    await recordAudit(tx, {
      actor,
      action: "session.mismatch_resolved",
      subject: { type: "TutoringSession", id: sessionId },
      before: { flagId, open: true },
      after: { flagId, open: false },
      reason: resolution,
      meta,
    });
  });
}
