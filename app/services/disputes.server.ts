import { Prisma } from "@prisma/client";
import { formatPrice } from "~/domain/tutors/profile";
import { decideReport, disputeCategoryLabel, isDiscrepancy, tutorSideRefusal, type DisputePriority, type ReportProblemInput } from "~/domain/disputes/report";
import {
  assertPreviewStillHolds,
  outcomeLabel,
  resolutionPreview,
  tutorPayLabel,
  type ResolutionBasis,
  type ResolutionDecision,
  type ResolutionForm,
  type ResolutionPreview,
} from "~/domain/disputes/resolution";
import { sessionStatusAfterAnswers } from "~/domain/sessions/confirmation";
import type { SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { splitRefund, type PaidPart } from "~/domain/pay/credits";
import { grantCreditInTx } from "./credits.server";
import { hasRole } from "~/domain/users/roles";
import { problemReceivedEmail, problemReportedTutorEmail, problemResolvedEmail, type ReportedProblem } from "~/emails/disputes";
import { listAuditEvents, recordAudit, type AuditRow } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, readRows, type Tx } from "./db.server";
import { env } from "./env.server";
import {
  answerThroughHoursLink,
  confirmable,
  lockBookersSeat,
  loadAnsweringSession,
  titleOf,
  type HoursLinkResult,
  type LoadedSeat,
  type LoadedSession,
} from "./hours-confirmations.server";
import { lockTutorOfSession } from "./locks.server";
import { recordCompletionEarnings, recordResolutionEarning } from "./earnings.server";
import { enqueueEmail } from "./outbox.server";
import { processRefund } from "./payments.server";
import type { Actor, Person } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";
import { sessionTransaction, type SessionTx } from "./session-core/after-commit.server";
import { relationshipOf } from "./session-core/relationship.server";
import { transitionSeat, transitionSession } from "./session-core/transition.server";

/*
 * Problems reported with a session's hours, and their resolution (issue 15). A seat's booker reports a
 * problem instead of confirming (the same window, app/domain/disputes/report.ts); the first one in a
 * session makes it DISPUTED. The tutor adds their side once. A coordinator assigns it, sees both
 * accounts beside the attendance record and the audit trail, previews and then resolves it: the
 * approved minutes, the seat completed or cancelled, a refund through Stripe (its own Refund row, keyed
 * `refund-dispute-<id>`, sent after the commit and retried by the refunds job) and the tutor's pay for
 * the seat. The session then completes, cancels, or waits for a group's other seats
 * (`sessionStatusAfterAnswers`). Lock order (locks.server.ts): the tutor's row first, then the rows.
 */

type Viewer = Actor & { timezone: string };

function sessionLink(sessionId: string): string {
  return `${env.appUrl}/sessions/${sessionId}`;
}

function reportedProblem(
  session: LoadedSession,
  seat: LoadedSeat,
  dispute: { category: string; description: string; tutorMinutes: number; claimedMinutes: number | null },
): ReportedProblem {
  return {
    title: titleOf(session),
    tutorName: session.tutor.user.name,
    studentName: seat.student.name,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    category: disputeCategoryLabel(dispute.category),
    description: dispute.description,
    tutorMinutes: dispute.tutorMinutes,
    claimedMinutes: dispute.claimedMinutes,
  };
}

/**
 * The booker reports a problem with their seat's hours instead of confirming them. Under the tutor's
 * lock, like a confirmation, so the two answers for one seat apply one after the other and the second
 * is refused; the database refuses a seat answered both ways whatever the code path (migration
 * 20261207100000_session_disputes).
 */
export async function reportProblem(
  actor: Viewer,
  seatId: string,
  input: ReportProblemInput,
  meta: RequestMeta,
  options: { within?: SessionTx } = {},
): Promise<{ sessionId: string; disputeId: string }> {
  return sessionTransaction(
    async ({ tx, after }) => {
      const { session, seat } = await lockBookersSeat(tx, actor, seatId, { missing: "That booking has no hours to report on.", act: "reports a problem with its hours" });
      const sessionId = session.id;
      const policy = await getSessionPolicy(tx);
      const now = clock.now();
      const effect = decideReport(
        { ...confirmable(session), startsAt: session.startsAt, actualStartedAt: session.actualStartedAt, actualEndedAt: session.actualEndedAt },
        seat,
        input,
        policy,
        { nowMs: now.toMillis(), zone: actor.timezone },
      );
      const dispute = await tx.sessionDispute.create({
        data: {
          sessionId,
          participantId: seat.id,
          reportedById: actor.id,
          category: input.category,
          description: input.description,
          claimedMinutes: input.claimedMinutes,
          tutorMinutes: effect.tutorMinutes,
          priority: effect.priority,
          createdAt: now.toJSDate(),
        },
        select: { id: true },
      });
      const audit = {
        actor,
        action: "session.problem_reported",
        after: {
          disputeId: dispute.id,
          seatId: seat.id,
          studentName: seat.student.name,
          category: input.category,
          claimedMinutes: input.claimedMinutes,
          tutorMinutes: effect.tutorMinutes,
          discrepancy: effect.discrepancy,
        },
        reason: input.description,
        meta,
      };
      if (effect.disputesSession) {
        await transitionSession(tx, { sessionId, from: "AWAITING_CONFIRMATION", to: "DISPUTED", event: "dispute", audit });
      } else {
        await recordAudit(tx, { ...audit, subject: { type: "TutoringSession", id: sessionId } });
      }
      const problem = reportedProblem(session, seat, { ...input, tutorMinutes: effect.tutorMinutes });
      const booker = seat.bookedBy as Person;
      const tutor = session.tutor.user as Person;
      await enqueueEmail(tx, {
        sessionId,
        ...problemReceivedEmail({ recipientName: booker.name, recipientZone: booker.timezone, problem, link: sessionLink(sessionId) }),
        template: "problem-received",
        to: { address: booker.email, name: booker.name },
      });
      await enqueueEmail(tx, {
        sessionId,
        ...problemReportedTutorEmail({ recipientName: tutor.name, recipientZone: tutor.timezone, problem, reporterName: booker.name, link: sessionLink(sessionId) }),
        template: "problem-reported-tutor",
        to: { address: tutor.email, name: tutor.name },
      });
      after.wakeOutbox();
      return { sessionId, disputeId: dispute.id };
    },
    { within: options.within },
  );
}

/** Reports through the emailed hours link, which answers once either way (`answerThroughHoursLink`). */
export function reportProblemByLink(token: string, input: ReportProblemInput, meta: RequestMeta): Promise<HoursLinkResult> {
  return answerThroughHoursLink(token, (person, seatId, within) => reportProblem(person, seatId, input, meta, { within }));
}

/** The tutor adds their side, once, while the problem is open (a compare-and-swap on "no side yet"). */
export async function addTutorSide(actor: Viewer, disputeId: string, response: string, meta: RequestMeta): Promise<{ sessionId: string }> {
  return sessionTransaction(async ({ tx }) => {
    const dispute = await tx.sessionDispute.findUnique({ where: { id: disputeId }, select: { sessionId: true } });
    if (!dispute) throw new DomainError("NOT_FOUND", "That problem report does not exist.");
    const tutorId = await lockTutorOfSession(tx, dispute.sessionId);
    const current = await tx.sessionDispute.findUniqueOrThrow({ where: { id: disputeId }, select: { status: true, tutorRespondedAt: true } });
    if (tutorId !== actor.id) {
      const session = await loadAnsweringSession(tx, dispute.sessionId);
      const relationship = await relationshipOf(tx, actor, { tutorId, seats: session?.participants ?? [] });
      if (!relationship.maySee) throw new DomainError("NOT_FOUND", "That problem report does not exist.");
      throw new DomainError("FORBIDDEN", "Only the session's tutor adds the tutor's side.");
    }
    const refusal = tutorSideRefusal(current);
    if (refusal) throw refusal;
    const now = clock.nowDate();
    const written = await tx.sessionDispute.updateMany({
      where: { id: disputeId, status: "open", tutorRespondedAt: null },
      data: { tutorResponse: response, tutorRespondedAt: now, updatedAt: now },
    });
    if (written.count !== 1) throw new DomainError("ALREADY_RESPONDED", "Your side was added meanwhile.");
    await recordAudit(tx, {
      actor,
      action: "session.problem_tutor_side",
      subject: { type: "TutoringSession", id: dispute.sessionId },
      after: { disputeId, response },
      meta,
    });
    return { sessionId: dispute.sessionId };
  });
}

function assertStaff(viewer: Actor): void {
  if (!hasRole(viewer.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins handle reported problems.");
}

/** One row of the coordinators' list. */
export type DisputeRow = {
  disputeId: string;
  sessionId: string;
  title: string;
  startsAt: string;
  tutorName: string;
  studentName: string;
  reportedByName: string;
  category: string;
  priority: DisputePriority;
  status: "open" | "resolved";
  tutorMinutes: number;
  claimedMinutes: number | null;
  discrepancy: boolean;
  tutorAnswered: boolean;
  assigneeName: string | null;
  reportedAt: string;
  resolvedAt: string | null;
  outcome: string | null;
};

type DisputeListRow = {
  id: string;
  session_id: string;
  title: string;
  subject: string;
  starts_at: Date;
  tutor_name: string;
  student_name: string;
  reported_by_name: string;
  category: string;
  priority: DisputePriority;
  status: "open" | "resolved";
  tutor_minutes: number;
  claimed_minutes: number | null;
  tutor_responded_at: Date | null;
  assignee_name: string | null;
  created_at: Date;
  resolved_at: Date | null;
  outcome: string | null;
};

/**
 * The coordinators' list: open problems first, oldest first (the longest wait is looked at first),
 * then the latest resolved ones. `assignee` narrows to one coordinator's ("me") or nobody's.
 */
/** How many rows the list shows: a queue longer than this is worked from its oldest end. */
export const DISPUTE_LIST_LIMIT = 100;

export async function listDisputes(viewer: Actor, query: { show: "open" | "resolved"; assignee?: "me" | "nobody" | null; take?: number }): Promise<DisputeRow[]> {
  assertStaff(viewer);
  const assignee =
    query.assignee === "me" ? Prisma.sql`AND d.assigned_to_id = ${viewer.id}` : query.assignee === "nobody" ? Prisma.sql`AND d.assigned_to_id IS NULL` : Prisma.empty;
  const order = query.show === "open" ? Prisma.sql`d.created_at ASC, d.id ASC` : Prisma.sql`d.resolved_at DESC, d.id DESC`;
  const rows = await readRows<DisputeListRow>(Prisma.sql`
    SELECT d.id, d.session_id, s.title, s.subject, s.starts_at, tutor.name AS tutor_name, student.name AS student_name, reporter.name AS reported_by_name,
           d.category, d.priority, d.status, d.tutor_minutes, d.claimed_minutes, d.tutor_responded_at, assignee.name AS assignee_name,
           d.created_at, d.resolved_at, d.outcome
      FROM session_disputes d
      JOIN tutoring_sessions s ON s.id = d.session_id
      JOIN users tutor ON tutor.id = s.tutor_id
      JOIN participants p ON p.id = d.participant_id
      JOIN users student ON student.id = p.student_id
      JOIN users reporter ON reporter.id = d.reported_by_id
      LEFT JOIN users assignee ON assignee.id = d.assigned_to_id
     WHERE d.status = ${query.show}::"DisputeStatus" ${assignee}
     ORDER BY ${order}
     LIMIT ${query.take ?? DISPUTE_LIST_LIMIT}`);
  return rows.map((row) => ({
    disputeId: row.id,
    sessionId: row.session_id,
    title: row.title || row.subject || "Tutoring session",
    startsAt: row.starts_at.toISOString(),
    tutorName: row.tutor_name,
    studentName: row.student_name,
    reportedByName: row.reported_by_name,
    category: disputeCategoryLabel(row.category),
    priority: row.priority,
    status: row.status,
    tutorMinutes: row.tutor_minutes,
    claimedMinutes: row.claimed_minutes,
    discrepancy: isDiscrepancy({ claimedMinutes: row.claimed_minutes, tutorMinutes: row.tutor_minutes }),
    tutorAnswered: row.tutor_responded_at !== null,
    assigneeName: row.assignee_name,
    reportedAt: row.created_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    outcome: row.outcome ? outcomeLabel(row.outcome) : null,
  }));
}

const CASE_SELECT = {
  id: true,
  sessionId: true,
  participantId: true,
  status: true,
  priority: true,
  assignedToId: true,
  assignedAt: true,
  resolvedById: true,
  refundId: true,
  refundPercent: true,
  outcome: true,
  tutorPay: true,
  reportedBy: { select: { name: true } },
  assignedTo: { select: { name: true } },
  resolvedBy: { select: { name: true } },
  refund: { select: { status: true, lastError: true } },
} satisfies Prisma.SessionDisputeSelect;

/** The money a resolution works on, read for one seat: its latest payment, what earlier refunds return, and the fee. */
async function resolutionBasis(
  tx: Tx | typeof prisma,
  seatId: string,
  session: LoadedSession,
  tutorMinutes: number,
): Promise<ResolutionBasis & { paymentId: string | null; payerId: string | null; currency: string; card: PaidPart; credit: PaidPart }> {
  const seat = await tx.participant.findUniqueOrThrow({
    where: { id: seatId },
    select: {
      priceMinor: true,
      currency: true,
      payments: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: {
          id: true,
          status: true,
          amountMinor: true,
          creditMinor: true,
          payerId: true,
          refunds: { select: { amountMinor: true } },
          creditEntries: { where: { kind: "returned" }, select: { amountMinor: true } },
        },
      },
    },
  });
  const payment = seat.payments[0];
  // A free (re)booking has no payment of its own (as cancellations.server.ts reads it).
  const paid = payment && payment.status === "PAID" && seat.priceMinor > 0 ? payment : null;
  // Pending and failed refunds count: the job keeps retrying them, so that money is already on its way.
  const refunded = paid?.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0) ?? 0;
  const returned = paid?.creditEntries.reduce((sum, entry) => sum + entry.amountMinor, 0) ?? 0;
  const card = { paidMinor: paid?.amountMinor ?? 0, leftMinor: Math.max(0, (paid?.amountMinor ?? 0) - refunded) };
  const credit = { paidMinor: paid?.creditMinor ?? 0, leftMinor: Math.max(0, (paid?.creditMinor ?? 0) - returned) };
  return {
    paymentId: paid?.id ?? null,
    payerId: paid?.payerId ?? null,
    currency: seat.currency,
    card,
    credit,
    // What was paid is the card's part and the credit's (decision 029); the refund splits between them.
    paidMinor: card.paidMinor + credit.paidMinor,
    refundedMinor: refunded + returned,
    seatPriceMinor: seat.priceMinor,
    bookedMinutes: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
    tutorMinutes,
    platformFeePercent: (await getSessionPolicy(tx)).platformFeePercent,
  };
}

export type DisputeCase = {
  disputeId: string;
  status: "open" | "resolved";
  priority: DisputePriority;
  assignee: { id: string; name: string; at: string } | null;
  reportedByName: string;
  resolvedByName: string | null;
  refundState: { status: string; lastError: string | null } | null;
  session: {
    id: string;
    title: string;
    status: SessionStatus;
    startsAt: string;
    endsAt: string;
    tutorName: string;
    checkedInAt: string | null;
    checkedOutAt: string | null;
    lateMinutes: number | null;
    actualStartedAt: string | null;
    actualEndedAt: string | null;
    attendanceNotes: string;
  };
  seat: { studentName: string; attendance: string; priceText: string };
  paid: { paidText: string; refundedText: string; leftText: string; currency: string; paidMinor: number; leftMinor: number };
  bookedMinutes: number;
  tutorMinutes: number;
  coordinators: { id: string; name: string }[];
  history: AuditRow[];
};

/** Everything a coordinator needs to decide: both accounts (in the seat's problem view), the record, the money, the trail. */
export async function getDisputeCase(viewer: Viewer, disputeId: string): Promise<DisputeCase> {
  assertStaff(viewer);
  const dispute = await prisma.sessionDispute.findUnique({ where: { id: disputeId }, select: { ...CASE_SELECT, tutorMinutes: true } });
  if (!dispute) throw new DomainError("NOT_FOUND", "That problem report does not exist.");
  const session = await loadAnsweringSession(prisma, dispute.sessionId);
  const seat = session?.participants.find((candidate) => candidate.id === dispute.participantId);
  if (!session || !seat) throw new DomainError("NOT_FOUND", "That problem report does not exist.");
  const [record, basis, coordinators, history] = await Promise.all([
    prisma.tutoringSession.findUniqueOrThrow({
      where: { id: session.id },
      select: { checkedInAt: true, checkedOutAt: true, lateMinutes: true, attendanceNotes: true },
    }),
    resolutionBasis(prisma, seat.id, session, dispute.tutorMinutes),
    prisma.user.findMany({ where: { roles: { hasSome: ["COORDINATOR", "ADMIN"] } }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 200 }),
    listAuditEvents({ subjectType: "TutoringSession", subjectId: session.id, take: 50 }),
  ]);
  const money = (minor: number) => formatPrice(minor, basis.currency);
  return {
    disputeId: dispute.id,
    status: dispute.status,
    priority: dispute.priority,
    assignee:
      dispute.assignedToId && dispute.assignedTo && dispute.assignedAt ? { id: dispute.assignedToId, name: dispute.assignedTo.name, at: dispute.assignedAt.toISOString() } : null,
    reportedByName: dispute.reportedBy.name,
    resolvedByName: dispute.resolvedBy?.name ?? null,
    refundState: dispute.refund,
    session: {
      id: session.id,
      title: titleOf(session),
      status: session.status as SessionStatus,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      tutorName: session.tutor.user.name,
      checkedInAt: record.checkedInAt?.toISOString() ?? null,
      checkedOutAt: record.checkedOutAt?.toISOString() ?? null,
      lateMinutes: record.lateMinutes,
      actualStartedAt: session.actualStartedAt?.toISOString() ?? null,
      actualEndedAt: session.actualEndedAt?.toISOString() ?? null,
      attendanceNotes: record.attendanceNotes,
    },
    seat: { studentName: seat.student.name, attendance: seat.attendanceStatus, priceText: money(basis.seatPriceMinor) },
    paid: {
      paidText: money(basis.paidMinor),
      refundedText: money(basis.refundedMinor),
      leftText: money(Math.max(0, basis.paidMinor - basis.refundedMinor)),
      currency: basis.currency,
      paidMinor: basis.paidMinor,
      leftMinor: Math.max(0, basis.paidMinor - basis.refundedMinor),
    },
    bookedMinutes: basis.bookedMinutes,
    tutorMinutes: dispute.tutorMinutes,
    coordinators,
    history,
  };
}

/** Assigns (or unassigns) a problem and sets its priority; audited when either changes. */
export async function assignDispute(actor: Viewer, disputeId: string, input: { assigneeId: string | null; priority: DisputePriority }, meta: RequestMeta): Promise<void> {
  assertStaff(actor);
  await prisma.$transaction(async (tx) => {
    const current = await tx.sessionDispute.findUnique({ where: { id: disputeId }, select: { sessionId: true, status: true, assignedToId: true, priority: true } });
    if (!current) throw new DomainError("NOT_FOUND", "That problem report does not exist.");
    if (current.status !== "open") throw new DomainError("DISPUTE_RESOLVED", "This problem is resolved: its assignment no longer changes.");
    if (input.assigneeId) {
      const assignee = await tx.user.findUnique({ where: { id: input.assigneeId }, select: { roles: true } });
      if (!assignee || !hasRole(assignee.roles, "COORDINATOR")) throw new DomainError("INVALID_ASSIGNEE", "Choose a coordinator or an admin.", "assigneeId");
    }
    if (current.assignedToId === input.assigneeId && current.priority === input.priority) return;
    const now = clock.nowDate();
    const written = await tx.sessionDispute.updateMany({
      where: { id: disputeId, status: "open", assignedToId: current.assignedToId, priority: current.priority },
      data: { assignedToId: input.assigneeId, assignedAt: input.assigneeId ? now : null, priority: input.priority, updatedAt: now },
    });
    if (written.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "Someone changed this problem's assignment meanwhile. Look at it again.");
    await recordAudit(tx, {
      actor,
      action: "dispute.assigned",
      subject: { type: "TutoringSession", id: current.sessionId },
      before: { disputeId, assignedToId: current.assignedToId, priority: current.priority },
      after: { disputeId, assignedToId: input.assigneeId, priority: input.priority },
      meta,
    });
  });
}

/** What resolving with `decision` would do now: the page's preview, computed as the final POST computes it. */
export async function previewResolution(viewer: Viewer, disputeId: string, decision: ResolutionDecision): Promise<ResolutionPreview & { currency: string }> {
  assertStaff(viewer);
  const dispute = await prisma.sessionDispute.findUnique({ where: { id: disputeId }, select: { sessionId: true, participantId: true, tutorMinutes: true, status: true } });
  if (!dispute) throw new DomainError("NOT_FOUND", "That problem report does not exist.");
  if (dispute.status !== "open") throw new DomainError("DISPUTE_RESOLVED", "This problem is already resolved.");
  const session = (await loadAnsweringSession(prisma, dispute.sessionId))!;
  const basis = await resolutionBasis(prisma, dispute.participantId, session, dispute.tutorMinutes);
  return { ...resolutionPreview(decision, basis), currency: basis.currency };
}

/**
 * Resolves a problem as previewed. Under the tutor's lock: the dispute's compare-and-swap (open →
 * resolved) makes a second resolve, or a double submit, a refusal; the refund row's idempotency key
 * (`refund-dispute-<id>`) makes Stripe refund it once however often the job retries. The seat is
 * cancelled when the outcome says so; the session moves through the state machine as its seats now
 * stand; each side is emailed the decision and the note written to them.
 */
export async function resolveDispute(actor: Viewer, disputeId: string, form: ResolutionForm, meta: RequestMeta): Promise<{ sessionId: string; sessionStatus: SessionStatus }> {
  assertStaff(actor);
  return sessionTransaction(async ({ tx, after }) => {
    const found = await tx.sessionDispute.findUnique({ where: { id: disputeId }, select: { sessionId: true } });
    if (!found) throw new DomainError("NOT_FOUND", "That problem report does not exist.");
    await lockTutorOfSession(tx, found.sessionId);
    const dispute = await tx.sessionDispute.findUniqueOrThrow({
      where: { id: disputeId },
      select: { id: true, participantId: true, status: true, tutorMinutes: true, category: true, description: true, claimedMinutes: true },
    });
    if (dispute.status !== "open") throw new DomainError("DISPUTE_RESOLVED", "This problem was resolved meanwhile. Look at it again.");
    const session = (await loadAnsweringSession(tx, found.sessionId))!;
    const seat = session.participants.find((candidate) => candidate.id === dispute.participantId)!;
    if (session.tutor.user.id === actor.id) throw new DomainError("FORBIDDEN", "You are this session's tutor: another coordinator resolves it.");
    const basis = await resolutionBasis(tx, seat.id, session, dispute.tutorMinutes);
    const preview = resolutionPreview(form, basis);
    assertPreviewStillHolds(form, preview);
    const now = clock.now();
    const split = splitRefund({ refundMinor: preview.refundMinor, percent: preview.refundPercent, card: basis.card, credit: basis.credit });
    const refund =
      split.cardMinor > 0 && basis.paymentId
        ? await tx.refund.create({
            data: {
              paymentId: basis.paymentId,
              amountMinor: split.cardMinor,
              currency: basis.currency,
              reason: "DISPUTE_RESOLVED",
              idempotencyKey: `refund-dispute-${disputeId}`,
            },
            select: { id: true },
          })
        : null;
    const written = await tx.sessionDispute.updateMany({
      where: { id: disputeId, status: "open" },
      data: {
        status: "resolved",
        resolvedAt: now.toJSDate(),
        resolvedById: actor.id,
        outcome: preview.outcome,
        approvedMinutes: preview.approvedMinutes,
        refundPercent: preview.refundPercent,
        refundMinor: basis.paymentId ? split.cardMinor + split.creditMinor : 0,
        refundId: refund?.id ?? null,
        tutorPay: preview.tutorPay,
        tutorPayMinor: preview.tutorPayMinor,
        noteToBooker: form.noteToBooker,
        noteToTutor: form.noteToTutor,
        updatedAt: now.toJSDate(),
      },
    });
    if (written.count !== 1) throw new DomainError("DISPUTE_RESOLVED", "This problem was resolved meanwhile. Look at it again.");
    // The credit's part of the refund comes back as credit (decision 029), once per dispute.
    if (split.creditMinor > 0 && basis.paymentId && basis.payerId) {
      await grantCreditInTx(tx, {
        payerId: basis.payerId,
        amountMinor: split.creditMinor,
        currency: basis.currency,
        kind: "returned",
        reason: `${preview.refundPercent}% of the credit paid, returned by a problem report's resolution`,
        actorId: actor.id,
        idempotencyKey: `credit-return-dispute-${disputeId}`,
        sessionId: session.id,
        participantId: seat.id,
        paymentId: basis.paymentId,
        meta,
      });
    }
    await recordResolutionEarning(tx, {
      tutorId: session.tutorId,
      sessionId: session.id,
      seat: { id: seat.id, priceMinor: basis.seatPriceMinor, currency: basis.currency },
      tutorPayMinor: preview.tutorPayMinor,
      feePercent: basis.platformFeePercent,
      earnedAt: now.toJSDate(),
    });
    if (preview.outcome === "cancelled") {
      await transitionSeat(tx, { participantId: seat.id, from: "CONFIRMED", to: "CANCELLED", event: "cancel" });
    }
    const seatsNow = session.participants.map((candidate) =>
      candidate.id === seat.id
        ? { ...candidate, status: preview.outcome === "cancelled" ? "CANCELLED" : candidate.status, dispute: { status: "resolved" as const, outcome: preview.outcome } }
        : candidate,
    );
    const next = sessionStatusAfterAnswers(seatsNow);
    const audit = {
      actor,
      action: "dispute.resolved",
      after: {
        disputeId,
        seatId: seat.id,
        outcome: preview.outcome,
        approvedMinutes: preview.approvedMinutes,
        refundPercent: preview.refundPercent,
        refundMinor: preview.refundMinor,
        cardRefundMinor: split.cardMinor,
        creditReturnedMinor: split.creditMinor,
        refundCapped: preview.refundCapped,
        tutorPay: preview.tutorPay,
        tutorPayMinor: preview.tutorPayMinor,
      },
      reason: `To ${seat.bookedBy.name}: ${form.noteToBooker}\nTo the tutor: ${form.noteToTutor}`,
      meta,
    };
    if (next === "DISPUTED") {
      // Another seat's problem is still open: the session stays DISPUTED until that one is resolved too.
      await recordAudit(tx, { ...audit, subject: { type: "TutoringSession", id: session.id } });
    } else {
      await transitionSession(tx, {
        sessionId: session.id,
        from: "DISPUTED",
        to: next,
        event: "resolve",
        data: next === "COMPLETED" ? { completedAt: now.toJSDate() } : next === "CANCELLED" ? { cancelledAt: now.toJSDate(), cancelCause: "DISPUTE_RESOLVED" } : {},
        audit,
      });
      // The seats confirmed earlier earn now, with the session.
      if (next === "COMPLETED") await recordCompletionEarnings(tx, session.id, now.toJSDate());
    }
    await emailResolution(tx, { session, seat, preview, form, currency: basis.currency });
    after.wakeOutbox();
    if (refund) after.add(`refund ${refund.id}`, () => processRefund(refund.id));
    return { sessionId: session.id, sessionStatus: next };
  });
}

async function emailResolution(tx: Tx, input: { session: LoadedSession; seat: LoadedSeat; preview: ResolutionPreview; form: ResolutionForm; currency: string }): Promise<void> {
  const { session, seat, preview, form } = input;
  const resolved = {
    title: titleOf(session),
    tutorName: session.tutor.user.name,
    studentName: seat.student.name,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    outcome: outcomeLabel(preview.outcome),
    approvedMinutes: preview.approvedMinutes,
    refund: preview.refundMinor > 0 ? formatPrice(preview.refundMinor, input.currency) : null,
    tutorPay: `${formatPrice(preview.tutorPayMinor, input.currency)} (${tutorPayLabel(preview.tutorPay).toLowerCase()})`,
  };
  const booker = seat.bookedBy as Person;
  const tutor = session.tutor.user as Person;
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...problemResolvedEmail({ recipientName: booker.name, recipientZone: booker.timezone, side: "booker", resolved, note: form.noteToBooker, link: sessionLink(session.id) }),
    template: "problem-resolved",
    to: { address: booker.email, name: booker.name },
  });
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...problemResolvedEmail({ recipientName: tutor.name, recipientZone: tutor.timezone, side: "tutor", resolved, note: form.noteToTutor, link: sessionLink(session.id) }),
    template: "problem-resolved",
    to: { address: tutor.email, name: tutor.name },
  });
}
