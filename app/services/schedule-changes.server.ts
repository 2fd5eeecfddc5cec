import type { DateTime } from "luxon";
import { choicePending } from "~/domain/changes/replacement";
import { cancellationCategoryLabel } from "~/domain/changes/refunds";
import {
  assertShownStillHolds,
  changeFingerprint,
  moneyTreatmentOf,
  rescheduleInstants,
  type BulkCancelForm,
  type CancelChangeForm,
  type RescheduleChangeForm,
} from "~/domain/changes/schedule-change";
import { payoutTreatmentLabel, payoutTreatmentOf, type PayoutPreview } from "~/domain/pay/payout-treatment";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import { DomainError, isDomainError, statusForDomainError } from "~/domain/shared/errors";
import { formatPrice } from "~/domain/tutors/profile";
import { hasRole } from "~/domain/users/roles";
import { sessionMovedEmail } from "~/emails/session-moved";
import { recordAudit } from "./audit.server";
import { getStaffCancelPlan, staffCancelRefusal, staffCancelSession, type StaffCancelPlan } from "./cancellations.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { previewPayoutTreatment, recordPayoutTreatment } from "./earnings.server";
import { env } from "./env.server";
import { lockTutorOfSession } from "./locks.server";
import { enqueueEmail } from "./outbox.server";
import { PERSON_SELECT, type Actor, type Person } from "./people.server";
import type { RequestMeta } from "./request-meta.server";
import { closePendingReschedules } from "./session-changes.server";
import { sessionTransaction } from "./session-core/after-commit.server";
import { calendarRequest, nextCalendarVersion } from "./session-core/calendar.server";
import { placeSession, placementViolation } from "./session-core/placement.server";

/*
 * Staff's schedule changes (issue 16, docs/decisions/031): a coordinator's reschedule without
 * negotiation and cancel with a financial treatment, an admin's force cancel (the same cancel from a
 * later status) and bulk cancel. Each is previewed, then applied as previewed; the cancels go through
 * the one cancel core in cancellations.server.ts.
 */

function assertStaff(actor: Actor): void {
  if (!hasRole(actor.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins change sessions here.");
}

const SESSION_SELECT = {
  id: true,
  tutorId: true,
  kind: true,
  slotId: true,
  status: true,
  startsAt: true,
  endsAt: true,
  title: true,
  subject: true,
  reassignmentStatus: true,
  tutor: { select: { user: { select: PERSON_SELECT } } },
  participants: {
    where: { status: { in: ["HELD", "CONFIRMED"] as ("HELD" | "CONFIRMED")[] } },
    orderBy: { createdAt: "asc" as const },
    select: { id: true, status: true, studentId: true, bookedById: true, student: { select: PERSON_SELECT }, bookedBy: { select: PERSON_SELECT } },
  },
} as const;

async function loadSession(db: Tx | typeof prisma, sessionId: string) {
  const session = await db.tutoringSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  return session;
}
type LoadedSession = Awaited<ReturnType<typeof loadSession>>;

const titleOf = (session: { title: string; subject: string }) => session.title || session.subject || "Tutoring session";

/** Why staff cannot move this session now, or null. */
function moveRefusal(actor: Actor, session: LoadedSession, now: DateTime): DomainError | null {
  if (actor.id === session.tutorId) return new DomainError("FORBIDDEN", "You are this session's tutor: another coordinator changes it.");
  if (session.status !== "SCHEDULED" || session.startsAt.getTime() <= now.toMillis()) {
    return new DomainError(
      "NOT_MOVABLE",
      `This session is ${describeStatus(session.status as SessionStatus).toLowerCase()}: only a scheduled session that has not started can be moved.`,
    );
  }
  if (session.slotId) {
    return new DomainError(
      "SLOT_NOT_MOVABLE",
      "This session was booked into one of the tutor's dated slots, which keeps its time: cancel it (or ask the tutor to move the slot) instead.",
    );
  }
  if (choicePending(session.reassignmentStatus)) {
    return new DomainError("CHOICE_PENDING", "The tutor cancelled this session and the student is choosing a replacement: it cannot be moved until they have.");
  }
  return null;
}

export type ChangePage = {
  session: { id: string; title: string; kind: "ONE_TO_ONE" | "GROUP"; status: SessionStatus; startsAt: string; endsAt: string; tutorName: string };
  learners: { name: string; bookedByName: string | null }[];
  isAdmin: boolean;
  fullPay: string;
  /** Why each type cannot be done now, or null. */
  refusals: { reschedule: string | null; cancel: string | null };
};

/** The change page's facts: the session, its learners, the tutor's full pay, and which types apply now. */
export async function getChangePage(actor: Actor, sessionId: string): Promise<ChangePage> {
  assertStaff(actor);
  const session = await loadSession(prisma, sessionId);
  const now = clock.now();
  const isAdmin = hasRole(actor.roles, "ADMIN");
  const payout = await previewPayoutTreatment(prisma, sessionId, { choice: "full", amountMinor: null });
  const cancelRefusal =
    actor.id === session.tutorId
      ? "You are this session's tutor: another coordinator changes it."
      : (staffCancelRefusal(isAdmin ? "ADMIN" : "COORDINATOR", session.status as SessionStatus, session.startsAt, now)?.message ?? null);
  return {
    session: {
      id: session.id,
      title: titleOf(session),
      kind: session.kind,
      status: session.status as SessionStatus,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      tutorName: session.tutor.user.name,
    },
    learners: session.participants.map((seat) => ({ name: seat.student.name, bookedByName: seat.bookedById === seat.studentId ? null : seat.bookedBy.name })),
    isAdmin,
    fullPay: formatPrice(payout.fullMinor, payout.currency),
    refusals: { reschedule: moveRefusal(actor, session, now)?.message ?? null, cancel: cancelRefusal },
  };
}

// ---------------------------------------------------------------- reschedule

export type ReschedulePlan = {
  startsAt: string;
  endsAt: string;
  previousStartsAt: string;
  previousEndsAt: string;
  payout: PayoutPreview & { alreadyDecided: number };
  emails: { name: string; email: string; role: "booker" | "student" | "tutor" }[];
  shown: string;
};

function moveRecipients(session: LoadedSession): { person: Person; role: "booker" | "student" | "tutor"; seatId: string | null; studentName: string }[] {
  const recipients: { person: Person; role: "booker" | "student" | "tutor"; seatId: string | null; studentName: string }[] = [];
  for (const seat of session.participants) {
    if (seat.bookedById !== seat.studentId) recipients.push({ person: seat.bookedBy, role: "booker", seatId: seat.id, studentName: seat.student.name });
    recipients.push({ person: seat.student, role: "student", seatId: seat.id, studentName: seat.student.name });
  }
  const learners = session.participants.map((seat) => seat.student.name).join(", ");
  recipients.push({ person: session.tutor.user, role: "tutor", seatId: null, studentName: learners || "No one is booked" });
  return recipients;
}

/**
 * Decides a move inside `tx` (holding the tutor's lock): the new instants, the tutor free by the
 * `free-interval` rule (inside their hours and clear of everything else with the buffer, within notice
 * and horizon, whatever their grid: staff choose any start and length, as a replacement tutor's time is
 * checked) and every learner free, and the payout.
 */
async function planMove(tx: Tx, actor: Actor, sessionId: string, form: RescheduleChangeForm, zone: string) {
  assertStaff(actor);
  const session = await loadSession(tx, sessionId);
  const now = clock.now();
  const refusal = moveRefusal(actor, session, now);
  if (refusal) throw refusal;
  const { startsAt, endsAt } = rescheduleInstants(form, zone, now);
  if (startsAt.getTime() === session.startsAt.getTime() && endsAt.getTime() === session.endsAt.getTime()) {
    throw new DomainError("PROPOSED_TIME_UNCHANGED", "That is the session's time already. Choose another.", "date");
  }
  await placeSession(tx, {
    tutorId: session.tutorId,
    startsAt,
    endsAt,
    sessionId: session.id,
    learners: session.participants.map((seat) => ({ id: seat.student.id, name: seat.student.name })),
    tutor: { rule: "free-interval", tutorName: session.tutor.user.name },
    now,
  });
  const payout = await previewPayoutTreatment(tx, session.id, payoutTreatmentOf(form));
  const plan: ReschedulePlan = {
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    previousStartsAt: session.startsAt.toISOString(),
    previousEndsAt: session.endsAt.toISOString(),
    payout,
    emails: moveRecipients(session).map((recipient) => ({ name: recipient.person.name, email: recipient.person.email, role: recipient.role })),
    shown: changeFingerprint({ payoutMinor: payout.amountMinor, startsAt, endsAt }),
  };
  return { session, now, startsAt, endsAt, payout, plan };
}

/** What the move would do now (checked as the move checks it, in a transaction that writes nothing). */
export async function previewReschedule(actor: Actor, sessionId: string, form: RescheduleChangeForm, zone: string): Promise<ReschedulePlan> {
  return prisma.$transaction(
    async (tx) => {
      await lockTutorOfSession(tx, sessionId);
      return (await planMove(tx, actor, sessionId, form, zone)).plan;
    },
    { timeout: 15_000 },
  );
}

/**
 * Moves a session to a new time as previewed: under the tutor's lock, placed by the session core, its
 * status unchanged, pending requests to move it closed, the payout written, audited, and everyone
 * emailed the new time in their zone with the replacing calendar event.
 */
export async function applyReschedule(actor: Actor, sessionId: string, form: RescheduleChangeForm, zone: string, meta: RequestMeta): Promise<ReschedulePlan> {
  return sessionTransaction(async ({ tx, after }) => {
    await lockTutorOfSession(tx, sessionId);
    const { session, now, startsAt, endsAt, payout, plan } = await planMove(tx, actor, sessionId, form, zone);
    assertShownStillHolds(form.shown, plan.shown);
    const learners = session.participants.map((seat) => ({ id: seat.student.id, name: seat.student.name }));
    const moved = await tx.tutoringSession
      .updateMany({ where: { id: session.id, status: "SCHEDULED", startsAt: session.startsAt, endsAt: session.endsAt }, data: { startsAt, endsAt } })
      .catch((error: unknown) => {
        throw placementViolation(error, learners);
      });
    if (moved.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "This session changed while you were working on it. Look at it again.");
    await closePendingReschedules(tx, session.id, now.toJSDate());
    await recordPayoutTreatment(tx, { tutorId: session.tutorId, sessionId: session.id, preview: payout, earnedAt: now.toJSDate() });
    await recordAudit(tx, {
      actor,
      action: "session.rescheduled_by_staff",
      subject: { type: "TutoringSession", id: session.id },
      before: { startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString(), status: session.status },
      after: {
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        status: session.status,
        treatment: { payout: { choice: payout.choice, label: payoutTreatmentLabel(payout.choice), amountMinor: payout.amountMinor, currency: payout.currency } },
        emailed: plan.emails.map((email) => email.email),
      },
      reason: form.notes,
      meta,
    });
    await emailMove(tx, session, { startsAt, endsAt, now, movedBy: `${actor.name} (Tutordesk)`, reason: form.notes });
    after.wakeOutbox();
    return plan;
  });
}

async function emailMove(tx: Tx, session: LoadedSession, move: { startsAt: Date; endsAt: Date; now: DateTime; movedBy: string; reason: string }): Promise<void> {
  const title = titleOf(session);
  const tutor = session.tutor.user;
  // One new calendar version for the move, carried by every file it sends (learners' and the tutor's).
  const sequence = await nextCalendarVersion(tx, session.id);
  for (const recipient of moveRecipients(session)) {
    const event = {
      sessionId: session.id,
      title,
      kind: session.kind,
      tutorName: tutor.name,
      studentName: recipient.studentName,
      startsAt: move.startsAt,
      endsAt: move.endsAt,
      stampedAt: move.now.toJSDate(),
    };
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...sessionMovedEmail({
        recipientName: recipient.person.name,
        recipientZone: recipient.person.timezone,
        sessionTitle: title,
        tutorName: tutor.name,
        studentName: recipient.studentName,
        startsAt: move.startsAt,
        endsAt: move.endsAt,
        previousStartsAt: session.startsAt,
        previousEndsAt: session.endsAt,
        movedBy: move.movedBy,
        reason: move.reason,
        link: `${env.appUrl}/sessions/${session.id}`,
      }),
      template: "session-moved",
      to: { address: recipient.person.email, name: recipient.person.name },
      attachments: [recipient.seatId ? calendarRequest({ seatId: recipient.seatId }, sequence, event) : calendarRequest({ tutorOf: session.id }, sequence, event)],
    });
  }
}

// ---------------------------------------------------------------- cancel (and an admin's force cancel)

export type CancelChangePlan = StaffCancelPlan & { shown: string; refundPercent: number | null; asCredit: boolean; notify: boolean };

function cancelTreatment(form: CancelChangeForm) {
  return { ...moneyTreatmentOf(form), notify: form.notify === "yes", payout: payoutTreatmentOf(form) };
}

function cancelShown(seats: { id: string; refundMinor: number }[], payout: PayoutPreview | null): string {
  return changeFingerprint({ seats, payoutMinor: payout?.amountMinor ?? null });
}

/** What cancelling with the form's treatments would do now. A refusal (already cancelled, a coordinator on a started session) is thrown. */
export async function previewCancelChange(actor: Actor, sessionId: string, form: CancelChangeForm): Promise<CancelChangePlan> {
  assertStaff(actor);
  const treatment = cancelTreatment(form);
  const plan = await getStaffCancelPlan(actor, sessionId, treatment);
  if (plan.refusal) throw plan.refusal;
  return { ...plan, refusal: null, shown: cancelShown(plan.seats, plan.payout), refundPercent: treatment.refundPercent, asCredit: treatment.asCredit, notify: treatment.notify };
}

/** Cancels as previewed (the cancel core refuses when the amounts shown no longer hold). */
export async function applyCancelChange(actor: Actor, sessionId: string, form: CancelChangeForm, meta: RequestMeta): Promise<{ refunded: string[]; creditReturned: string[] }> {
  assertStaff(actor);
  const treatment = cancelTreatment(form);
  return staffCancelSession(
    actor,
    sessionId,
    `${cancellationCategoryLabel(form.category)}: ${form.notes}`,
    { ...treatment, expect: (plan) => assertShownStillHolds(form.shown, cancelShown(plan.seats, plan.payout)) },
    meta,
  );
}

// ---------------------------------------------------------------- bulk cancel (admins)

function assertAdmin(actor: Actor): void {
  if (!hasRole(actor.roles, "ADMIN")) throw new DomainError("FORBIDDEN", "Only admins cancel sessions in bulk.");
}

export type BulkEntry = { sessionId: string; plan: StaffCancelPlan | null; problem: string | null };

/** The bulk cancel's confirmation: every ticked session with each seat's refund at `refundPercent`, or why it cannot be cancelled. */
export async function previewBulkCancel(actor: Actor, input: { sessionIds: string[]; refundPercent: number; notify: boolean }): Promise<{ entries: BulkEntry[]; shown: string }> {
  assertAdmin(actor);
  const entries: BulkEntry[] = [];
  for (const sessionId of input.sessionIds) {
    try {
      const plan = await getStaffCancelPlan(actor, sessionId, { refundPercent: input.refundPercent, notify: input.notify, payout: null, beforeStartOnly: true });
      entries.push({ sessionId, plan, problem: plan.refusal?.message ?? null });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      entries.push({ sessionId, plan: null, problem: error.message });
    }
  }
  const shown = entries.flatMap((entry) => (entry.plan && !entry.problem ? [`${entry.sessionId}:${cancelShown(entry.plan.seats, null)}`] : [])).join("|");
  return { entries, shown };
}

export type BulkResult = { sessionId: string; outcome: "cancelled" | "refused"; message: string; refunded: string[] };

/**
 * Cancels every ticked session, each in its own transaction under its tutor's lock: one refused (a
 * student cancelled it meanwhile, its amounts changed since the confirmation, it started) is reported
 * and the others go on. Posted twice, the second finds each already cancelled, and the refund rows'
 * idempotency keys would refuse a second refund of any payment anyway.
 */
export async function applyBulkCancel(actor: Actor, form: BulkCancelForm, meta: RequestMeta): Promise<BulkResult[]> {
  assertAdmin(actor);
  const shownBySession = new Map(
    // One "|"-separated entry per session (not lines: a browser's form sends a newline as CR LF).
    form.shown
      .split("|")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)] as const),
  );
  const reason = `${cancellationCategoryLabel(form.category)}: ${form.notes}`;
  const results: BulkResult[] = [];
  for (const sessionId of form.sessionId) {
    try {
      const shown = shownBySession.get(sessionId);
      if (shown === undefined) throw new DomainError("NOT_CONFIRMED", "This session was not on the confirmation page as one to cancel: nothing was done to it.");
      const done = await staffCancelSession(
        actor,
        sessionId,
        reason,
        {
          refundPercent: form.refundPercent,
          notify: form.notify === "yes",
          payout: null,
          beforeStartOnly: true,
          expect: (plan) => assertShownStillHolds(shown, cancelShown(plan.seats, null)),
        },
        meta,
      );
      results.push({
        sessionId,
        outcome: "cancelled",
        message: done.refunded.length > 0 ? `Cancelled; refunding ${done.refunded.join(", ")}.` : "Cancelled; nothing to refund.",
        refunded: done.refunded,
      });
    } catch (error) {
      if (!isDomainError(error) || statusForDomainError(error) === 400) throw error;
      results.push({ sessionId, outcome: "refused", message: error.message, refunded: [] });
    }
  }
  return results;
}
