import { Prisma } from "@prisma/client";
import { mergeTimeline, type AuditInput, type EmailInput, type PaymentInput, type RefundInput, type RescheduleInput, type TimelineEntry } from "~/domain/staff/timeline";
import { mismatchKindLabel } from "~/domain/staff/forms";
import { DomainError } from "~/domain/shared/errors";
import type { RelationshipKind } from "~/domain/sessions/relationship";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import { formatPrice } from "~/domain/tutors/profile";
import { hasRole } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, readRows, type Tx } from "./db.server";
import type { Actor } from "./people.server";
import type { RequestMeta } from "./request-meta.server";
import { relationshipOf } from "./session-core/relationship.server";

/*
 * The staff session page (issue 16, docs/decisions/027): a session's facts, its whole timeline, the
 * staff's own notes and its mismatch flags, for coordinators and admins only. Read in two raw
 * statements through `readRows` (the facts with the seats; everything else as JSON arrays), whatever
 * the number of seats, payments or emails; the merge and the wording are app/domain/staff/timeline.ts.
 */

type Viewer = Actor & { timezone: string };

type SeatRow = {
  id: string;
  student_name: string;
  booked_by_name: string;
  status: string;
  attendance_status: string;
  price_minor: number;
  currency: string;
  /** The card's part and the credit's (decision 029); refunded counts credit given back as credit. */
  paid_minor: number;
  refunded_minor: number;
  credit_paid_minor: number;
  credit_returned_minor: number;
  refund_pending_minor: number;
  dispute_id: string | null;
  student_id: string;
  booked_by_id: string;
};
type FactsRow = {
  id: string;
  title: string;
  subject: string;
  kind: "ONE_TO_ONE" | "GROUP";
  status: SessionStatus;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  price_minor: number;
  currency: string;
  meeting_type: string;
  tutor_id: string;
  tutor_name: string;
  reassignment_status: string | null;
  cancel_cause: string | null;
  seats: SeatRow[] | null;
};
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type HistoryRow = {
  audit: (Omit<Json<AuditInput>, never> & { occurredAt: string })[] | null;
  payments: Json<PaymentInput>[] | null;
  refunds: Json<RefundInput>[] | null;
  reschedules: Json<RescheduleInput>[] | null;
  emails: Json<EmailInput>[] | null;
  notes: { id: string; body: string; authorName: string; createdAt: string }[] | null;
  flags:
    | {
        id: string;
        kind: string;
        note: string;
        flaggedByName: string;
        flaggedAt: string;
        resolvedAt: string | null;
        resolvedByName: string | null;
        resolution: string | null;
      }[]
    | null;
};

async function readFacts(sessionId: string): Promise<FactsRow | null> {
  const [row] = await readRows<FactsRow>(Prisma.sql`
    SELECT s.id, s.title, s.subject, s.kind, s.status, s.starts_at, s.ends_at, s.timezone, s.price_minor, s.currency,
           s.meeting_type, s.tutor_id, tu.name AS tutor_name, s.reassignment_status, s.cancel_cause,
           (SELECT json_agg(json_build_object(
                     'id', p.id, 'student_id', p.student_id, 'booked_by_id', p.booked_by_id,
                     'student_name', st.name, 'booked_by_name', bk.name, 'status', p.status,
                     'attendance_status', p.attendance_status, 'price_minor', p.price_minor, 'currency', p.currency,
                     'paid_minor', COALESCE((SELECT sum(pay.amount_minor + pay.credit_minor) FROM payments pay WHERE pay.participant_id = p.id AND pay.status = 'PAID'), 0),
                     'credit_paid_minor', COALESCE((SELECT sum(pay.credit_minor) FROM payments pay WHERE pay.participant_id = p.id AND pay.status = 'PAID'), 0),
                     'credit_returned_minor', COALESCE((SELECT sum(ce.amount_minor) FROM credit_entries ce WHERE ce.participant_id = p.id AND ce.kind = 'returned'), 0),
                     'refunded_minor', COALESCE((SELECT sum(r.amount_minor) FROM refunds r JOIN payments pay ON pay.id = r.payment_id
                                                  WHERE pay.participant_id = p.id AND r.status = 'PROCESSED'), 0),
                     'refund_pending_minor', COALESCE((SELECT sum(r.amount_minor) FROM refunds r JOIN payments pay ON pay.id = r.payment_id
                                                  WHERE pay.participant_id = p.id AND r.status <> 'PROCESSED'), 0),
                     'dispute_id', (SELECT d.id FROM session_disputes d WHERE d.participant_id = p.id))
                   ORDER BY p.created_at, p.id)
              FROM participants p JOIN users st ON st.id = p.student_id JOIN users bk ON bk.id = p.booked_by_id
             WHERE p.session_id = s.id) AS seats
      FROM tutoring_sessions s JOIN users tu ON tu.id = s.tutor_id
     WHERE s.id = ${sessionId}`);
  return row ?? null;
}

/**
 * Everything else in one statement: the audit events on the session, its seats, their payments and
 * refunds; the payments, refunds, reschedule requests and emails themselves; the staff notes and flags.
 */
async function readHistory(sessionId: string): Promise<HistoryRow> {
  const [row] = await readRows<HistoryRow>(Prisma.sql`
    WITH seat AS (SELECT id, student_id FROM participants WHERE session_id = ${sessionId}),
         pay AS (SELECT pay.* FROM payments pay JOIN seat ON seat.id = pay.participant_id),
         ref AS (SELECT r.* FROM refunds r JOIN pay ON pay.id = r.payment_id)
    SELECT
      (SELECT json_agg(json_build_object('id', a.id::text, 'occurredAt', a.occurred_at, 'actorName', u.name, 'action', a.action,
                                         'reason', a.reason, 'before', a.before, 'after', a.after) ORDER BY a.id)
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE (a.subject_type = 'TutoringSession' AND a.subject_id = ${sessionId})
           OR (a.subject_type = 'Participant' AND a.subject_id IN (SELECT id FROM seat))
           OR (a.subject_type = 'Payment' AND a.subject_id IN (SELECT id FROM pay))
           OR (a.subject_type = 'Refund' AND a.subject_id IN (SELECT id FROM ref))) AS audit,
      (SELECT json_agg(json_build_object('id', pay.id, 'createdAt', pay.created_at, 'paidAt', pay.paid_at, 'payerName', payer.name,
                                         'studentName', st.name, 'amountMinor', pay.amount_minor, 'creditMinor', pay.credit_minor, 'currency', pay.currency, 'status', pay.status))
         FROM pay JOIN users payer ON payer.id = pay.payer_id JOIN seat ON seat.id = pay.participant_id JOIN users st ON st.id = seat.student_id) AS payments,
      (SELECT json_agg(json_build_object('id', ref.id, 'createdAt', ref.created_at, 'processedAt', ref.processed_at, 'studentName', st.name,
                                         'amountMinor', ref.amount_minor, 'currency', ref.currency, 'reason', ref.reason, 'status', ref.status,
                                         'attempts', ref.attempts, 'lastError', ref.last_error))
         FROM ref JOIN pay ON pay.id = ref.payment_id JOIN seat ON seat.id = pay.participant_id JOIN users st ON st.id = seat.student_id) AS refunds,
      (SELECT json_agg(json_build_object('id', q.id, 'createdAt', q.created_at, 'initiatorName', u.name, 'initiatorRole', q.initiator_role,
                                         'proposedStartsAt', q.proposed_starts_at, 'proposedEndsAt', q.proposed_ends_at,
                                         'counterCount', q.counter_count, 'status', q.status, 'reason', q.reason))
         FROM reschedule_requests q JOIN users u ON u.id = q.initiator_id WHERE q.session_id = ${sessionId}) AS reschedules,
      (SELECT json_agg(json_build_object('id', e.id, 'createdAt', e.created_at, 'template', e.template, 'toName', e.to_name,
                                         'toAddress', e.to_address, 'subject', e.subject, 'status', e.status, 'attempts', e.attempts,
                                         'sentAt', e.sent_at, 'lastError', e.last_error))
         FROM email_messages e WHERE e.session_id = ${sessionId}) AS emails,
      (SELECT json_agg(json_build_object('id', n.id, 'body', n.body, 'authorName', u.name, 'createdAt', n.created_at) ORDER BY n.created_at, n.id)
         FROM session_admin_notes n JOIN users u ON u.id = n.author_id WHERE n.session_id = ${sessionId}) AS notes,
      (SELECT json_agg(json_build_object('id', f.id, 'kind', f.kind, 'note', f.note, 'flaggedByName', fb.name, 'flaggedAt', f.flagged_at,
                                         'resolvedAt', f.resolved_at, 'resolvedByName', rb.name, 'resolution', f.resolution) ORDER BY f.flagged_at DESC, f.id)
         FROM session_mismatch_flags f JOIN users fb ON fb.id = f.flagged_by_id LEFT JOIN users rb ON rb.id = f.resolved_by_id
        WHERE f.session_id = ${sessionId}) AS flags`);
  return row;
}

/**
 * Staff with no part in the session: a coordinator who teaches it, or who booked or holds a seat in it,
 * is a tutor or a learner here, and staff notes are never shown to them (as decision 025 keeps a
 * session's own tutor from resolving its problems).
 */
function assertOutsideStaff(kind: RelationshipKind): void {
  if (kind === "staff") return;
  if (kind === "other") throw new DomainError("FORBIDDEN", "Only coordinators and admins see a session's staff page.");
  throw new DomainError("FORBIDDEN", "You take part in this session, so another coordinator looks after its staff page.");
}

/** For the page's writes, inside their transaction: the session exists and `actor` is staff outside it. */
export async function assertStaffOfSession(tx: Tx, actor: Actor, sessionId: string): Promise<void> {
  if (!hasRole(actor.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins do this.");
  const session = await tx.tutoringSession.findUnique({
    where: { id: sessionId },
    select: { tutorId: true, participants: { select: { id: true, studentId: true, bookedById: true } } },
  });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  assertOutsideStaff((await relationshipOf(tx, actor, { tutorId: session.tutorId, seats: session.participants })).kind);
}

const date = (text: string) => new Date(text);
const dateOrNull = (text: string | null) => (text ? new Date(text) : null);

export type StaffSessionPage = Awaited<ReturnType<typeof getStaffSessionPage>>;

/** The page's data, for staff only: a 404 for an unknown session, a 403 for anyone else. */
export async function getStaffSessionPage(viewer: Viewer, sessionId: string) {
  if (!hasRole(viewer.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins see a session's staff page.");
  const facts = await readFacts(sessionId);
  if (!facts) throw new DomainError("NOT_FOUND", "That session does not exist.");
  const seats = facts.seats ?? [];
  const relationship = await relationshipOf(prisma, viewer, {
    tutorId: facts.tutor_id,
    seats: seats.map((seat) => ({ id: seat.id, studentId: seat.student_id, bookedById: seat.booked_by_id })),
  });
  assertOutsideStaff(relationship.kind);
  const history = await readHistory(sessionId);
  const timeline: TimelineEntry[] = mergeTimeline({
    zone: viewer.timezone,
    audit: (history.audit ?? []).map((row) => ({ ...row, occurredAt: date(row.occurredAt) })),
    payments: (history.payments ?? []).map((row) => ({ ...row, createdAt: date(row.createdAt), paidAt: dateOrNull(row.paidAt) })),
    refunds: (history.refunds ?? []).map((row) => ({ ...row, createdAt: date(row.createdAt), processedAt: dateOrNull(row.processedAt) })),
    reschedules: (history.reschedules ?? []).map((row) => ({
      ...row,
      createdAt: date(row.createdAt),
      proposedStartsAt: date(row.proposedStartsAt),
      proposedEndsAt: date(row.proposedEndsAt),
    })),
    emails: (history.emails ?? []).map((row) => ({ ...row, createdAt: date(row.createdAt), sentAt: dateOrNull(row.sentAt) })),
  });
  const money = (minor: number) => formatPrice(minor, facts.currency);
  const flags = (history.flags ?? []).map((flag) => ({
    ...flag,
    kindLabel: mismatchKindLabel(flag.kind),
    flaggedAt: date(flag.flaggedAt).toISOString(),
    resolvedAt: flag.resolvedAt ? date(flag.resolvedAt).toISOString() : null,
  }));
  return {
    session: {
      id: facts.id,
      title: facts.title || facts.subject || "Tutoring session",
      subject: facts.subject,
      kind: facts.kind,
      status: describeStatus(facts.status),
      startsAt: facts.starts_at.toISOString(),
      endsAt: facts.ends_at.toISOString(),
      tutorName: facts.tutor_name,
      priceText: money(facts.price_minor),
      meetingType: facts.meeting_type,
      cancelCause: facts.cancel_cause,
      reassignmentStatus: facts.reassignment_status,
    },
    seats: seats.map((seat) => ({
      id: seat.id,
      studentName: seat.student_name,
      bookedByName: seat.booked_by_name === seat.student_name ? null : seat.booked_by_name,
      status: seat.status,
      attendance: seat.attendance_status,
      priceText: formatPrice(seat.price_minor, seat.currency),
      paidText: formatPrice(seat.paid_minor, seat.currency) + (seat.credit_paid_minor > 0 ? ` (${formatPrice(seat.credit_paid_minor, seat.currency)} with credit)` : ""),
      refundedText:
        formatPrice(seat.refunded_minor + seat.credit_returned_minor, seat.currency) +
        (seat.credit_returned_minor > 0 ? ` (${formatPrice(seat.credit_returned_minor, seat.currency)} as credit)` : ""),
      refundPendingText: seat.refund_pending_minor > 0 ? formatPrice(seat.refund_pending_minor, seat.currency) : null,
      disputeHref: seat.dispute_id ? `/coordinator/discrepancies/${seat.dispute_id}` : null,
    })),
    timeline,
    notes: (history.notes ?? []).map((note) => ({ ...note, createdAt: date(note.createdAt).toISOString() })),
    openFlag: flags.find((flag) => flag.resolvedAt === null) ?? null,
    resolvedFlags: flags.filter((flag) => flag.resolvedAt !== null),
  };
}

/** Appends a staff note (never shown to tutors or learners); audited without its text, which the page keeps. */
export async function addAdminNote(actor: Actor, sessionId: string, body: string, meta: RequestMeta): Promise<{ noteId: string }> {
  return prisma.$transaction(async (tx) => {
    await assertStaffOfSession(tx, actor, sessionId);
    const note = await tx.sessionAdminNote.create({ data: { sessionId, authorId: actor.id, body, createdAt: clock.nowDate() }, select: { id: true } });
    await recordAudit(tx, { actor, action: "session.admin_note_added", subject: { type: "TutoringSession", id: sessionId }, after: { noteId: note.id }, meta });
    return { noteId: note.id };
  });
}
