import type { DateTime } from "luxon";
import { expireRequest, newRequest, respond, type RescheduleAction, type RescheduleOutcome, type RescheduleRequest } from "~/domain/changes/reschedule";
import type { SideRole } from "~/domain/policies/session-policies";
import { DomainError } from "~/domain/shared/errors";
import { choicePending } from "~/domain/changes/replacement";
import type { IcsAttachment } from "~/domain/email/ics";
import { rescheduleClosedEmail, rescheduleProposedEmail } from "~/emails/reschedule";
import { issueActionToken, retireActionTokens } from "./action-tokens.server";
import { recordAudit } from "./audit.server";
import { bookableTimesFor } from "./tutor-availability.server";
import { placeSession } from "./session-core/placement.server";
import { sessionTransaction, type SessionTx } from "./session-core/after-commit.server";
import { calendarRequest, nextCalendarVersion } from "./session-core/calendar.server";
import { relationshipOf } from "./session-core/relationship.server";
import { cancelInTx } from "./cancellations.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { lockTutorOfSession } from "./locks.server";
import { enqueueEmail, kickOutbox } from "./outbox.server";
import { getSessionPolicy } from "./policies.server";
import { PERSON_SELECT, type Actor, type Person } from "./people.server";
import type { RequestMeta } from "./request-meta.server";

const SESSION_SELECT = {
  id: true,
  tutorId: true,
  kind: true,
  status: true,
  startsAt: true,
  endsAt: true,
  title: true,
  subject: true,
  studentReschedules: true,
  tutorReschedules: true,
  reassignmentStatus: true,
  tutor: { select: { user: { select: PERSON_SELECT } } },
  participants: {
    where: { status: "CONFIRMED" as const },
    select: {
      id: true,
      studentId: true,
      bookedById: true,
      student: { select: { id: true, name: true, email: true, timezone: true } },
      bookedBy: { select: { id: true, name: true, email: true, timezone: true } },
    },
  },
  rescheduleRequests: { where: { status: "PENDING" as const }, take: 1 },
} as const;

async function loadSession(db: Tx | typeof prisma, sessionId: string) {
  return db.tutoringSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT });
}
type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadSession>>>;
type StoredRequest = LoadedSession["rescheduleRequests"][number];

/** Which side the actor is on: the tutor, or the student's side (the student, whoever booked, a linked parent). */
async function sideOf(db: Tx | typeof prisma, actor: { id: string; roles: Actor["roles"] }, session: LoadedSession): Promise<SideRole | null> {
  return (await relationshipOf(db, actor, { tutorId: session.tutorId, seats: session.participants })).side;
}

function toDomain(stored: StoredRequest, session: LoadedSession): RescheduleRequest {
  return {
    status: stored.status,
    initiatorRole: stored.initiatorRole,
    sessionStartsAt: session.startsAt,
    proposedStartsAt: stored.proposedStartsAt,
    proposedEndsAt: stored.proposedEndsAt,
    counterCount: stored.counterCount,
    awaitingRole: stored.awaitingRole,
    expiresAt: stored.expiresAt,
    onExpiry: stored.onExpiry as RescheduleRequest["onExpiry"],
  };
}

function assertMovable(session: LoadedSession): void {
  if (session.kind !== "ONE_TO_ONE") throw new DomainError("GROUP_NOT_MOVABLE", "Group sessions cannot be moved by request. The tutor can cancel and offer a new slot instead.");
  if (session.status !== "SCHEDULED" || !session.participants[0]) throw new DomainError("NOT_MOVABLE", "Only a booked, upcoming session can be moved.");
  if (choicePending(session.reassignmentStatus))
    throw new DomainError("CHOICE_PENDING", "The tutor cancelled this session and the student is choosing a replacement, so it cannot be moved until they have.");
}

/**
 * The proposed time must be one the tutor could take right now (the session's own time aside), and
 * every learner of the session must be free then: the one placement check (session-core).
 */
async function assertTimeFree(tx: Tx, session: LoadedSession, startsAt: Date, now: DateTime, viewer: { id: string } | null): Promise<void> {
  const endsAt = new Date(startsAt.getTime() + (session.endsAt.getTime() - session.startsAt.getTime()));
  await placeSession(tx, {
    tutorId: session.tutorId,
    startsAt,
    endsAt,
    sessionId: session.id,
    learners: session.participants.map((seat) => seat.student),
    tutor: { rule: "bookable-start" },
    now,
    viewer,
  });
}

export type RescheduleView = Awaited<ReturnType<typeof getRescheduleView>>;

/**
 * The reschedule page: the pending request (whose turn, what can be done), and the times that could be
 * proposed in `week` (the tutor's free times of the same length, the session's own time aside).
 */
export async function getRescheduleView(actor: Actor, sessionId: string, range: { from: Date; to: Date }) {
  const session = await loadSession(prisma, sessionId);
  if (!session) return null;
  const side = await sideOf(prisma, actor, session);
  if (!side) return null;
  const stored = session.rescheduleRequests[0] ?? null;
  const minutes = Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
  const times = (await bookableTimesFor(session.tutorId, range, { ignoreSessionId: session.id }))
    .filter((time) => time.source === "weekly" && time.durationMinutes === minutes && time.startsAt.getTime() !== session.startsAt.getTime())
    .map((time) => time.startsAt.toISOString());
  const policy = await getSessionPolicy();
  return {
    side,
    session: {
      id: session.id,
      title: session.title || session.subject || "Tutoring session",
      kind: session.kind,
      status: session.status,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      tutorName: session.tutor.user.name,
      tutorZone: session.tutor.user.timezone,
      studentName: session.participants[0]?.student.name ?? "",
    },
    request: stored
      ? {
          id: stored.id,
          initiatorRole: stored.initiatorRole,
          awaitingRole: stored.awaitingRole,
          yourTurn: stored.awaitingRole === side,
          proposedStartsAt: stored.proposedStartsAt.toISOString(),
          proposedEndsAt: stored.proposedEndsAt.toISOString(),
          reason: stored.reason,
          expiresAt: stored.expiresAt.toISOString(),
          countersLeft: Math.max(0, policy.maxCounterProposals - stored.counterCount),
          mayCancelFree: side === "STUDENT" && stored.initiatorRole === "TUTOR",
        }
      : null,
    times,
    policy: {
      maxCounterProposals: policy.maxCounterProposals,
      expiryHours: policy.rescheduleRequestExpiryHours,
      reasonMin: policy.cancellationReasonMinLength,
      reasonMax: policy.cancellationReasonMaxLength,
    },
  };
}

async function lockTutorAndSession(tx: Tx, sessionId: string): Promise<LoadedSession> {
  // A proposal, an accept and a booking of the same time queue on the tutor's lock.
  await lockTutorOfSession(tx, sessionId);
  await tx.$queryRaw`SELECT id FROM reschedule_requests WHERE session_id = ${sessionId} AND status = 'PENDING' FOR UPDATE`;
  return (await loadSession(tx, sessionId))!;
}

/** The people on a side who hear about a proposal: the tutor; or the booker and the student. */
function peopleOn(side: SideRole, session: LoadedSession): Person[] {
  if (side === "TUTOR") return [session.tutor.user as Person];
  const seat = session.participants[0];
  const people = [seat.bookedBy as Person];
  if (seat.student.id !== seat.bookedBy.id) people.push(seat.student as Person);
  return people;
}

async function emailProposal(tx: Tx, session: LoadedSession, requestId: string, proposer: Actor, outcome: RescheduleOutcome, reason: string, counter: boolean) {
  const title = session.title || session.subject || "Tutoring session";
  for (const person of peopleOn(outcome.request.awaitingRole, session)) {
    const accept = await issueActionToken(tx, { purpose: "reschedule.accept", subjectId: requestId, userId: person.id, expiresAt: outcome.request.expiresAt });
    const reject = await issueActionToken(tx, { purpose: "reschedule.reject", subjectId: requestId, userId: person.id, expiresAt: outcome.request.expiresAt });
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...rescheduleProposedEmail({
        recipientName: person.name,
        recipientZone: person.timezone,
        proposerName: proposer.name,
        sessionTitle: title,
        currentStartsAt: session.startsAt,
        currentEndsAt: session.endsAt,
        proposedStartsAt: outcome.request.proposedStartsAt,
        proposedEndsAt: outcome.request.proposedEndsAt,
        reason,
        answerBy: outcome.request.expiresAt,
        counter,
        links: { accept: `${env.appUrl}/a/${accept}`, reject: `${env.appUrl}/a/${reject}`, counter: `${env.appUrl}/sessions/${session.id}/reschedule` },
      }),
      template: counter ? "reschedule-countered" : "reschedule-proposed",
      to: { address: person.email, name: person.name },
    });
  }
}

/**
 * The reschedule policies an admin has lifted for this session right now (policy overrides
 * RESCHEDULE_CUTOFF and RESCHEDULE_LIMIT, decision 030): read under the tutor's lock the override's
 * creation also takes, so a proposal sees an override wholly or not at all.
 */
async function liftedReschedulePolicies(tx: Tx, sessionId: string, now: DateTime): Promise<{ cutoff: boolean; limit: boolean }> {
  const active = await tx.policyOverride.findMany({
    where: { sessionId, kind: { in: ["RESCHEDULE_CUTOFF", "RESCHEDULE_LIMIT"] }, revokedAt: null, expiresAt: { gt: now.toJSDate() } },
    select: { kind: true },
  });
  return { cutoff: active.some((row) => row.kind === "RESCHEDULE_CUTOFF"), limit: active.some((row) => row.kind === "RESCHEDULE_LIMIT") };
}

/** Either side proposes a new time, with a reason. The time is held for the session while the other side decides. */
export async function proposeReschedule(actor: Actor, sessionId: string, input: { startsAt: Date; reason: string }, meta: RequestMeta): Promise<void> {
  await sessionTransaction(async ({ tx, after }) => {
    after.wakeOutbox();
    const session = await lockTutorAndSession(tx, sessionId);
    const side = await sideOf(tx, actor, session);
    if (!side) throw new DomainError("NOT_YOURS", "Only the tutor and the student's side can move this session.");
    assertMovable(session);
    const now = clock.now();
    const policy = await getSessionPolicy(tx);
    const outcome = newRequest({
      role: side,
      sessionStartsAt: session.startsAt,
      sessionEndsAt: session.endsAt,
      proposedStartsAt: input.startsAt,
      now,
      policy,
      reschedulesUsedByRole: side === "STUDENT" ? session.studentReschedules : session.tutorReschedules,
      hasPendingRequest: session.rescheduleRequests.length > 0,
      lifted: await liftedReschedulePolicies(tx, sessionId, now),
    });
    await assertTimeFree(tx, session, input.startsAt, now, actor);
    const created = await tx.rescheduleRequest.create({
      data: {
        sessionId,
        initiatorRole: side,
        initiatorId: actor.id,
        proposerId: actor.id,
        awaitingRole: outcome.request.awaitingRole,
        proposedStartsAt: outcome.request.proposedStartsAt,
        proposedEndsAt: outcome.request.proposedEndsAt,
        reason: input.reason,
        expiresAt: outcome.request.expiresAt,
        onExpiry: outcome.request.onExpiry,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "reschedule.proposed",
      subject: { type: "TutoringSession", id: sessionId },
      before: { startsAt: session.startsAt.toISOString() },
      after: { requestId: created.id, proposedStartsAt: input.startsAt.toISOString(), expiresAt: outcome.request.expiresAt.toISOString() },
      reason: input.reason,
      policySnapshot: outcome.policySnapshot,
      meta,
    });
    await emailProposal(tx, session, created.id, actor, outcome, input.reason, false);
  });
}

export type RespondInput = { action: RescheduleAction; counterStartsAt?: Date; reason?: string };

/**
 * An answer to the pending request, by someone signed in or through an emailed link (`actor` is then the
 * link's person). The request row is locked, so two answers at once apply one after the other and the
 * second meets a closed request. Accepting re-checks that the proposed time is still free.
 */
export async function respondToReschedule(
  actor: Actor,
  sessionId: string,
  input: RespondInput,
  meta: RequestMeta,
  options: { requestId?: string; within?: SessionTx } = {},
): Promise<{ outcome: RescheduleOutcome["request"]["status"] }> {
  const run = async ({ tx, after }: SessionTx) => {
    after.wakeOutbox();
    const session = await lockTutorAndSession(tx, sessionId);
    const stored = session.rescheduleRequests[0];
    if (!stored || (options.requestId && stored.id !== options.requestId)) throw new DomainError("REQUEST_CLOSED", "This request has already been answered, withdrawn or expired.");
    const side = await sideOf(tx, actor, session);
    if (!side) throw new DomainError("NOT_YOURS", "Only the tutor and the student's side can answer this request.");
    const now = clock.now();
    const policy = await getSessionPolicy(tx);
    const outcome = respond(toDomain(stored, session), { action: input.action, byRole: side, now, policy, counterTime: input.counterStartsAt });

    if (input.action === "counter") {
      await assertTimeFree(tx, session, outcome.request.proposedStartsAt, now, actor);
      await tx.rescheduleRequest.update({
        where: { id: stored.id },
        data: {
          proposedStartsAt: outcome.request.proposedStartsAt,
          proposedEndsAt: outcome.request.proposedEndsAt,
          counterCount: outcome.request.counterCount,
          awaitingRole: outcome.request.awaitingRole,
          expiresAt: outcome.request.expiresAt,
          onExpiry: outcome.request.onExpiry,
          proposerId: actor.id,
          reason: input.reason ?? stored.reason,
        },
      });
      await retireActionTokens(tx, stored.id, now);
      await recordAudit(tx, {
        actor,
        action: "reschedule.countered",
        subject: { type: "TutoringSession", id: sessionId },
        after: { requestId: stored.id, proposedStartsAt: outcome.request.proposedStartsAt.toISOString(), counterCount: outcome.request.counterCount },
        reason: input.reason,
        policySnapshot: outcome.policySnapshot,
        meta,
      });
      await emailProposal(tx, session, stored.id, actor, outcome, input.reason ?? stored.reason, true);
      return outcome.request.status;
    }

    await closeRequest(tx, session, stored, outcome, actor, now, meta);
    if (outcome.effect === "CANCEL_WITH_FULL_REFUND") {
      await cancelInTx({ tx, after }, actor, sessionId, `Cancelled in answer to the tutor's request to move the session: ${stored.reason}`, meta, { fullRefund: true });
    }
    return outcome.request.status;
  };
  const status = await sessionTransaction(run, { within: options.within });
  return { outcome: status };
}

/** Writes a closed request: moves the session when accepted (the time re-checked), and tells the other side. */
async function closeRequest(tx: Tx, session: LoadedSession, stored: StoredRequest, outcome: RescheduleOutcome, actor: Actor | "system", now: DateTime, meta?: RequestMeta) {
  if (outcome.effect === "MOVE_SESSION") {
    await assertTimeFree(tx, session, stored.proposedStartsAt, now, actor === "system" ? null : actor);
    const counts = outcome.countsAgainst === "STUDENT" ? { studentReschedules: { increment: 1 } } : { tutorReschedules: { increment: 1 } };
    const moved = await tx.tutoringSession.updateMany({
      where: { id: session.id, status: "SCHEDULED" },
      data: { startsAt: stored.proposedStartsAt, endsAt: stored.proposedEndsAt, ...counts },
    });
    if (moved.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "This session changed in the meantime. Look at it again.");
  }
  await tx.rescheduleRequest.update({ where: { id: stored.id }, data: { status: outcome.request.status } });
  await retireActionTokens(tx, stored.id, now);
  await recordAudit(tx, {
    actor,
    action: `reschedule.${outcome.request.status.toLowerCase()}`,
    subject: { type: "TutoringSession", id: session.id },
    before: { startsAt: session.startsAt.toISOString(), requestId: stored.id },
    after: { startsAt: (outcome.effect === "MOVE_SESSION" ? stored.proposedStartsAt : session.startsAt).toISOString(), status: outcome.request.status },
    policySnapshot: outcome.policySnapshot,
    meta,
  });
  if (outcome.request.status === "CANCELLED_BY_STUDENT") return; // the cancellation emails say it all
  const byName = actor === "system" ? "Tutordesk" : actor.name;
  const title = session.title || session.subject || "Tutoring session";
  const startsAt = outcome.effect === "MOVE_SESSION" ? stored.proposedStartsAt : session.startsAt;
  const endsAt = outcome.effect === "MOVE_SESSION" ? stored.proposedEndsAt : session.endsAt;
  const tutor = session.tutor.user as Person;
  const learners = peopleOn("STUDENT", session);
  const seat = session.participants[0];
  // A move changes everyone's calendar, so everyone hears, the one who accepted included; otherwise the others do.
  const everyone = [tutor, ...learners].filter((person) => outcome.effect === "MOVE_SESSION" || actor === "system" || person.id !== actor.id);
  // A move replaces the learners' and the tutor's events (same UIDs, the next SEQUENCE) in the emails they get.
  let files: { learner: IcsAttachment; tutor: IcsAttachment } | null = null;
  if (outcome.effect === "MOVE_SESSION" && seat) {
    const sequence = await nextCalendarVersion(tx, session.id);
    const event = { sessionId: session.id, title, kind: session.kind, tutorName: tutor.name, studentName: seat.student.name, startsAt, endsAt, stampedAt: now.toJSDate() };
    files = { learner: calendarRequest({ seatId: seat.id }, sequence, event), tutor: calendarRequest({ tutorOf: session.id }, sequence, event) };
  }
  for (const person of everyone) {
    await enqueueEmail(tx, {
      sessionId: session.id,
      attachments: files ? [person.id === tutor.id ? files.tutor : files.learner] : undefined,
      ...rescheduleClosedEmail({
        recipientName: person.name,
        recipientZone: person.timezone,
        sessionTitle: title,
        outcome: outcome.request.status as "ACCEPTED" | "REJECTED" | "WITHDRAWN" | "EXPIRED",
        byName: actor !== "system" && person.id === actor.id ? "You" : byName,
        startsAt,
        endsAt,
        sessionUrl: `${env.appUrl}/sessions/${session.id}`,
      }),
      template: `reschedule-${outcome.request.status.toLowerCase()}`,
      to: { address: person.email, name: person.name },
    });
  }
}

/** The job: requests whose wait ran out expire, or move the session when the policy said auto-accept (and the time is still free). */
export async function expireDueRescheduleRequests(): Promise<number> {
  const now = clock.now();
  const due = await prisma.rescheduleRequest.findMany({ where: { status: "PENDING", expiresAt: { lte: now.toJSDate() } }, select: { id: true, sessionId: true }, take: 100 });
  let closed = 0;
  for (const { id, sessionId } of due) {
    // One request that cannot be closed (a race, a broken row) must not keep the others open.
    await prisma
      .$transaction(
        async (tx) => {
          const session = await lockTutorAndSession(tx, sessionId);
          const stored = session.rescheduleRequests[0];
          if (!stored || stored.id !== id) return;
          let outcome = expireRequest(toDomain(stored, session), now);
          if (outcome.effect === "MOVE_SESSION") {
            try {
              await assertTimeFree(tx, session, stored.proposedStartsAt, now, null);
            } catch {
              // Auto-accept only moves into a time that is still free; otherwise the request simply expires.
              outcome = { ...outcome, request: { ...outcome.request, status: "EXPIRED" }, effect: "NONE", countsAgainst: null };
            }
          }
          await closeRequest(tx, session, stored, outcome, "system", now);
          closed += 1;
        },
        { timeout: 15_000 },
      )
      .catch((error: unknown) => console.error(`could not close reschedule request ${id}; the next run retries`, error));
  }
  kickOutbox();
  return closed;
}

/** Who a link's person is, as an actor for respondToReschedule. */
export async function actorForUser(userId: string): Promise<Actor | null> {
  return prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, roles: true } });
}

const STATUS_LABELS: Record<string, string> = {
  PENDING: "waiting for an answer",
  ACCEPTED: "accepted",
  REJECTED: "rejected",
  WITHDRAWN: "withdrawn",
  EXPIRED: "expired",
  CANCELLED_BY_STUDENT: "closed: the session was cancelled",
};

/**
 * What an emailed link's page shows: the request and the session as they are now, in the link person's
 * zone. A request past its deadline can no longer be answered even before the expiry job closes it, so
 * it is shown as what that job will make of it (`open` is false).
 */
export async function describeRequestForLink(requestId: string, userId: string) {
  const request = await prisma.rescheduleRequest.findUnique({
    where: { id: requestId },
    select: {
      status: true,
      reason: true,
      proposedStartsAt: true,
      proposedEndsAt: true,
      expiresAt: true,
      onExpiry: true,
      initiatorRole: true,
      awaitingRole: true,
      counterCount: true,
      session: { select: { id: true, title: true, subject: true, startsAt: true, endsAt: true, tutor: { select: { user: { select: { name: true } } } } } },
    },
  });
  const person = await prisma.user.findUnique({ where: { id: userId }, select: { name: true, timezone: true } });
  if (!request || !person) return null;
  const now = clock.now();
  const pastDeadline = request.status === "PENDING" && request.expiresAt.getTime() <= now.toMillis();
  const due = pastDeadline
    ? expireRequest({ ...request, onExpiry: request.onExpiry as RescheduleRequest["onExpiry"], sessionStartsAt: request.session.startsAt }, now).request.status
    : null;
  return {
    sessionId: request.session.id,
    title: request.session.title || request.session.subject || "Tutoring session",
    tutorName: request.session.tutor.user.name,
    status: request.status,
    /** Whether the request can still be answered (on the session's page). */
    open: request.status === "PENDING" && !pastDeadline,
    statusLabel: due === "ACCEPTED" ? "past its deadline: the proposed time is accepted automatically if it is still free" : STATUS_LABELS[due ?? request.status],
    reason: request.reason,
    proposedStartsAt: request.proposedStartsAt.toISOString(),
    proposedEndsAt: request.proposedEndsAt.toISOString(),
    sessionStartsAt: request.session.startsAt.toISOString(),
    sessionEndsAt: request.session.endsAt.toISOString(),
    recipientName: person.name,
    zone: person.timezone,
  };
}
