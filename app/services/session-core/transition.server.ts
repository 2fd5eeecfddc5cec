import type { Prisma } from "@prisma/client";
import { assertSeatTransition, type SeatEvent, type SeatStatus } from "~/domain/sessions/seat-status";
import { assertTransition, type SessionEvent, type SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { recordAudit, type AuditInput } from "../audit.server";
import type { Tx } from "../db.server";

type Json = Record<string, Prisma.InputJsonValue | null>;

/** What the caller's audit event says beyond the status change (its action, reason, policy snapshot, …). */
export type TransitionAudit = Omit<AuditInput, "subject" | "before" | "after"> & { before?: Json; after?: Json };

/**
 * THE way a session's status changes: read it, ask app/domain/sessions/status.ts, write it with a
 * compare-and-swap (`WHERE status = from`), and append the audit event, all in the caller's
 * transaction. Zero rows means someone else changed it first: CHANGED_MEANWHILE. `data` carries the
 * fields that go with the change (cancelledAt, cancelCause, …). Without `audit`, the event is
 * `session.status_changed` by the system.
 */
export async function transitionSession(
  tx: Tx,
  input: {
    sessionId: string;
    to: SessionStatus;
    event: SessionEvent;
    from?: SessionStatus | readonly SessionStatus[];
    data?: Prisma.TutoringSessionUpdateManyMutationInput;
    audit?: TransitionAudit;
  },
): Promise<{ from: SessionStatus }> {
  const current = await tx.tutoringSession.findUnique({ where: { id: input.sessionId }, select: { status: true, cancelCause: true } });
  if (!current) throw new DomainError("NOT_FOUND", "That session does not exist.");
  const from = current.status as SessionStatus;
  // The caller's expectation (what it read earlier and decided on) is part of the swap.
  if (input.from !== undefined && !([] as SessionStatus[]).concat(input.from).includes(from)) throw changedMeanwhile();
  assertTransition(from, input.to, input.event, { cancelCause: current.cancelCause });
  const changed = await tx.tutoringSession.updateMany({ where: { id: input.sessionId, status: from }, data: { ...input.data, status: input.to } });
  if (changed.count !== 1) throw changedMeanwhile();
  const audit = input.audit ?? { actor: "system" as const, action: "session.status_changed" };
  await recordAudit(tx, {
    ...audit,
    subject: { type: "TutoringSession", id: input.sessionId },
    before: { ...audit.before, status: from },
    after: { ...audit.after, status: input.to, event: input.event },
  });
  return { from };
}

/**
 * A seat's status, the same way through its own table (app/domain/sessions/seat-status.ts). The seat's
 * audit stays with the caller (booking, payment, cancel events name the seat and the money); this
 * writes the row and nothing else.
 */
export async function transitionSeat(
  tx: Tx,
  input: { participantId: string; to: SeatStatus; event: SeatEvent; from?: SeatStatus | readonly SeatStatus[]; data?: Prisma.ParticipantUpdateManyMutationInput },
): Promise<{ from: SeatStatus }> {
  const current = await tx.participant.findUnique({ where: { id: input.participantId }, select: { status: true } });
  if (!current) throw new DomainError("NOT_FOUND", "That booking does not exist.");
  const from = current.status as SeatStatus;
  if (input.from !== undefined && !([] as SeatStatus[]).concat(input.from).includes(from)) throw changedMeanwhile();
  assertSeatTransition(from, input.to, input.event);
  const changed = await tx.participant.updateMany({ where: { id: input.participantId, status: from }, data: { ...input.data, status: input.to } });
  if (changed.count !== 1) throw changedMeanwhile();
  return { from };
}

function changedMeanwhile(): DomainError {
  return new DomainError("CHANGED_MEANWHILE", "This session changed while you were working on it. Look at it again.");
}
