import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import {
  actualMinutesBounds,
  assertShownStillHolds,
  clearNoShowRefusal,
  forceCompleteRefusal,
  type ClearNoShowForm,
  type ForceCompleteForm,
  type ManualRefundForm,
} from "~/domain/admin/interventions";
import { completionEarnings } from "~/domain/pay/earnings";
import { manualRefundRefusal, refundedMinor, refundLeftMinor } from "~/domain/pay/refund-left";
import { attendanceLabel, type AttendanceStatus } from "~/domain/sessions/attendance-marks";
import { seatAnswer } from "~/domain/sessions/confirmation";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { formatPrice } from "~/domain/tutors/profile";
import { noShowClearedEmail, refundIssuedEmail, sessionCompletedBySupportEmail } from "~/emails/admin-interventions";
import { retireActionTokens } from "./action-tokens.server";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { noShowCorrectionFor, recordCompletionEarnings, recordNoShowCleared } from "./earnings.server";
import { env } from "./env.server";
import { openHoursConfirmation } from "./hours-confirmations.server";
import { lockTutorOfSession } from "./locks.server";
import { enqueueEmail } from "./outbox.server";
import { processRefund } from "./payments.server";
import { PERSON_SELECT, type Actor, type Person } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";
import { closePendingReschedules } from "./session-changes.server";
import { sessionTransaction } from "./session-core/after-commit.server";
import { transitionSession } from "./session-core/transition.server";

/*
 * An admin's interventions on one session (issue 16, decision 030): force complete, clear a no-show,
 * a manual refund. Each page shows a plan computed here; the final POST carries the plan's figures,
 * and the change recomputes the plan under the tutor's lock (locks.server.ts) and refuses
 * (PREVIEW_CHANGED, 409) when they differ, so what was shown is what is done. Statuses move through
 * the state machine (events `force_complete`, `clear_no_show`); every change is audited with the
 * reason and the values before and after; the people concerned are emailed through the outbox.
 */

type Admin = Actor & { timezone: string };

function assertAdmin(actor: Actor): void {
  if (!actor.roles.includes("ADMIN")) throw new DomainError("FORBIDDEN", "Only an admin can do this. Ask an admin if the session needs it.");
}

/** An admin who teaches the session does not intervene on it: another admin does (as with disputes). */
function assertNotTheTutor(actor: Actor, tutorId: string): void {
  if (actor.id === tutorId) throw new DomainError("FORBIDDEN", "You are this session's tutor: another admin makes this change.");
}

const SESSION_SELECT = {
  id: true,
  tutorId: true,
  status: true,
  title: true,
  subject: true,
  startsAt: true,
  endsAt: true,
  noShowParty: true,
  checkedInAt: true,
  actualStartedAt: true,
  actualEndedAt: true,
  tutor: { select: { user: { select: PERSON_SELECT } } },
  participants: {
    where: { status: "CONFIRMED" },
    orderBy: [{ student: { name: "asc" } }, { id: "asc" }],
    select: {
      id: true,
      status: true,
      priceMinor: true,
      currency: true,
      attendanceStatus: true,
      attendanceLateMinutes: true,
      hoursConfirmedAt: true,
      student: { select: { name: true } },
      bookedBy: { select: PERSON_SELECT },
      dispute: { select: { status: true, outcome: true } },
      payments: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, amountMinor: true, refunds: { select: { amountMinor: true, status: true } } } },
    },
  },
} satisfies Prisma.TutoringSessionSelect;

type LoadedSession = Prisma.TutoringSessionGetPayload<{ select: typeof SESSION_SELECT }>;

async function loadSession(db: Tx | typeof prisma, sessionId: string): Promise<LoadedSession> {
  const session = await db.tutoringSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  return session;
}

const titleOf = (session: Pick<LoadedSession, "title" | "subject">) => session.title || session.subject || "Tutoring session";
const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000);
const sessionLink = (sessionId: string) => ({ href: `${env.appUrl}/sessions/${sessionId}`, label: "Open the session" });

/** The session as every confirmation page heads it. */
export type InterventionSession = {
  id: string;
  title: string;
  status: SessionStatus;
  statusLabel: string;
  startsAt: string;
  endsAt: string;
  tutorName: string;
  bookedMinutes: number;
};

function headOf(session: LoadedSession): InterventionSession {
  return {
    id: session.id,
    title: titleOf(session),
    status: session.status as SessionStatus,
    statusLabel: describeStatus(session.status as SessionStatus),
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    tutorName: session.tutor.user.name,
    bookedMinutes: minutesBetween(session.startsAt, session.endsAt),
  };
}

/** The bookers (each once) and the tutor: who an intervention emails. */
function recipientsOf(session: LoadedSession): { person: Person; side: "booker" | "tutor" }[] {
  const bookers = new Map<string, Person>();
  for (const seat of session.participants) bookers.set(seat.bookedBy.id, seat.bookedBy as Person);
  return [...[...bookers.values()].map((person) => ({ person, side: "booker" as const })), { person: session.tutor.user as Person, side: "tutor" as const }];
}

// ---------------------------------------------------------------------------------------------------
// Force complete

export type ForceCompletePlan = {
  session: InterventionSession;
  refusal: string | null;
  minutes: { min: number; max: number; suggested: number };
  seats: { id: string; studentName: string; bookerName: string; answer: "to_confirm" | "confirmed" | "resolved"; earnsText: string | null }[];
  earningsText: string;
  emailed: string[];
  shown: { shownStatus: string; shownSeats: number; shownEarningsMinor: number };
};

function forceCompletePlan(session: LoadedSession, nowMs: number, feePercent: number): ForceCompletePlan {
  const head = headOf(session);
  const now = new Date(nowMs);
  const answers = session.participants.map((seat) => ({ seat, answer: seatAnswer({ ...seat, dispute: seat.dispute }) }));
  // Each seat as completing leaves it: the silent ones confirmed by staff now.
  const earnings = completionEarnings(
    answers.map(({ seat, answer }) => ({ ...seat, hoursConfirmedAt: answer === "waiting" ? now : seat.hoursConfirmedAt, hasDispute: seat.dispute !== null })),
    feePercent,
  );
  const currency = session.participants[0]?.currency ?? "GBP";
  const earned = new Map(earnings.map((entry) => [entry.participantId, entry]));
  const total = earnings.reduce((sum, entry) => sum + entry.amountMinor, 0);
  const recorded = session.actualStartedAt && session.actualEndedAt ? minutesBetween(session.actualStartedAt, session.actualEndedAt) : null;
  const bounds = actualMinutesBounds(head.bookedMinutes);
  return {
    session: head,
    refusal: forceCompleteRefusal({ status: head.status, endsAt: session.endsAt }, nowMs)?.message ?? null,
    minutes: { ...bounds, suggested: Math.min(bounds.max, Math.max(bounds.min, recorded ?? head.bookedMinutes)) },
    seats: answers.map(({ seat, answer }) => {
      const entry = earned.get(seat.id);
      return {
        id: seat.id,
        studentName: seat.student.name,
        bookerName: seat.bookedBy.name,
        answer: answer === "waiting" ? "to_confirm" : answer === "confirmed" ? "confirmed" : "resolved",
        earnsText: entry ? formatPrice(entry.amountMinor, entry.currency) : null,
      };
    }),
    earningsText: formatPrice(total, currency),
    emailed: recipientsOf(session).map(({ person, side }) => `${person.name} (${side === "tutor" ? "tutor" : "booked"})`),
    shown: { shownStatus: head.status, shownSeats: answers.filter(({ answer }) => answer === "waiting").length, shownEarningsMinor: total },
  };
}

/** The force-complete page: what completing would do now. */
export async function getForceCompletePlan(admin: Admin, sessionId: string): Promise<ForceCompletePlan> {
  assertAdmin(admin);
  const session = await loadSession(prisma, sessionId);
  const { platformFeePercent } = await getSessionPolicy(prisma);
  return forceCompletePlan(session, clock.now().toMillis(), platformFeePercent);
}

/**
 * Completes a stuck session as shown: every seat still silent counts as confirmed by staff, the actual
 * minutes are recorded, the status moves to COMPLETED (event `force_complete`), the tutor's earnings
 * are written as a normal completion writes them (one entry per seat, never twice), and the bookers
 * and the tutor are emailed. Under the tutor's lock, so the booker's own confirm or report and this
 * apply one after the other: whichever comes second is refused with a message.
 */
export async function forceComplete(admin: Admin, sessionId: string, form: ForceCompleteForm, meta: RequestMeta): Promise<{ sessionId: string }> {
  assertAdmin(admin);
  return sessionTransaction(async ({ tx, after }) => {
    await lockTutorOfSession(tx, sessionId);
    const session = await loadSession(tx, sessionId);
    assertNotTheTutor(admin, session.tutorId);
    const now = clock.now();
    const policy = await getSessionPolicy(tx);
    const plan = forceCompletePlan(session, now.toMillis(), policy.platformFeePercent);
    if (plan.refusal) throw forceCompleteRefusal({ status: plan.session.status, endsAt: session.endsAt }, now.toMillis())!;
    assertShownStillHolds(form, plan.shown);
    if (form.actualMinutes < plan.minutes.min || form.actualMinutes > plan.minutes.max) {
      throw new DomainError(
        "INVALID_MINUTES",
        `Enter ${plan.minutes.min} to ${plan.minutes.max} minutes (twice the ${plan.session.bookedMinutes} booked at most).`,
        "actualMinutes",
      );
    }
    const nowDate = now.toJSDate();
    const toConfirm = plan.seats.filter((seat) => seat.answer === "to_confirm");
    for (const seat of toConfirm) {
      const written = await tx.participant.updateMany({
        where: { id: seat.id, status: "CONFIRMED", hoursConfirmedAt: null, dispute: { is: null } },
        data: { hoursConfirmedAt: nowDate, hoursConfirmedById: admin.id, hoursConfirmedVia: "staff" },
      });
      if (written.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "A place's hours were answered meanwhile. Look at the session again.");
      // The booker's emailed hours link has nothing left to answer.
      await retireActionTokens(tx, seat.id, now);
    }
    const actualStartedAt = session.actualStartedAt ?? session.checkedInAt ?? session.startsAt;
    const actualEndedAt = new Date(actualStartedAt.getTime() + form.actualMinutes * 60_000);
    const recordedMinutes = session.actualStartedAt && session.actualEndedAt ? minutesBetween(session.actualStartedAt, session.actualEndedAt) : null;
    await transitionSession(tx, {
      sessionId,
      from: plan.session.status,
      to: "COMPLETED",
      event: "force_complete",
      data: { completedAt: nowDate, actualStartedAt, actualEndedAt },
      audit: {
        actor: admin,
        action: "session.force_completed",
        reason: form.reason,
        before: { actualMinutes: recordedMinutes, bookedMinutes: plan.session.bookedMinutes, actualStartedAt: session.actualStartedAt?.toISOString() ?? null },
        after: {
          actualMinutes: form.actualMinutes,
          actualStartedAt: actualStartedAt.toISOString(),
          actualEndedAt: actualEndedAt.toISOString(),
          seatsConfirmedByStaff: toConfirm.map((seat) => seat.id),
          earningsMinor: plan.shown.shownEarningsMinor,
          completedAt: nowDate.toISOString(),
        },
        meta,
      },
    });
    await recordCompletionEarnings(tx, sessionId, nowDate);
    await closePendingReschedules(tx, sessionId, nowDate);
    const learners = session.participants.map((seat) => seat.student.name).join(", ") || "No one was booked";
    const facts = { title: titleOf(session), tutorName: session.tutor.user.name, startsAt: session.startsAt, endsAt: session.endsAt };
    for (const { person, side } of recipientsOf(session)) {
      await enqueueEmail(tx, {
        sessionId,
        ...sessionCompletedBySupportEmail({
          recipientName: person.name,
          recipientZone: person.timezone,
          session: facts,
          reason: form.reason,
          link: sessionLink(sessionId),
          side,
          actualMinutes: form.actualMinutes,
          learners,
        }),
        template: "session-force-completed",
        to: { address: person.email, name: person.name },
      });
    }
    after.wakeOutbox();
    return { sessionId };
  });
}

// ---------------------------------------------------------------------------------------------------
// Clear a no-show

export type ClearNoShowPlan = {
  session: InterventionSession;
  refusal: string | null;
  party: "tutor" | "student" | null;
  seats: { id: string; studentName: string; bookerName: string; attendance: string; clearsMark: boolean; refundedText: string | null }[];
  refundedText: string | null;
  correctionText: string | null;
  emailed: string[];
  shown: { shownParty: string; shownSeats: number; shownCorrectionMinor: number };
};

/** Seat marks a cleared no-show turns into "present": the learners did attend. */
const NO_SHOW_MARKS: readonly AttendanceStatus[] = ["no_show", "absent"];

async function clearNoShowPlan(db: Tx | typeof prisma, session: LoadedSession): Promise<ClearNoShowPlan> {
  const correction = await noShowCorrectionFor(db, session.id);
  const currency = session.participants[0]?.currency ?? "GBP";
  const correctionMinor = correction.reduce((sum, entry) => sum - entry.amountMinor, 0);
  const refunded = session.participants.map((seat) => refundedMinor(seat.payments[0] ?? null));
  const refundedTotal = refunded.reduce((sum, amount) => sum + amount, 0);
  return {
    session: headOf(session),
    refusal: clearNoShowRefusal(session.status as SessionStatus)?.message ?? null,
    party: session.noShowParty,
    seats: session.participants.map((seat, index) => ({
      id: seat.id,
      studentName: seat.student.name,
      bookerName: seat.bookedBy.name,
      attendance: attendanceLabel(seat.attendanceStatus as AttendanceStatus, seat.attendanceLateMinutes),
      clearsMark: NO_SHOW_MARKS.includes(seat.attendanceStatus as AttendanceStatus),
      refundedText: refunded[index] > 0 ? formatPrice(refunded[index], seat.currency) : null,
    })),
    refundedText: refundedTotal > 0 ? formatPrice(refundedTotal, currency) : null,
    correctionText: correctionMinor > 0 ? formatPrice(correctionMinor, currency) : null,
    emailed: recipientsOf(session).map(({ person, side }) => `${person.name} (${side === "tutor" ? "tutor" : "booked"})`),
    shown: { shownParty: session.noShowParty ?? "none", shownSeats: session.participants.length, shownCorrectionMinor: correctionMinor },
  };
}

export async function getClearNoShowPlan(admin: Admin, sessionId: string): Promise<ClearNoShowPlan> {
  assertAdmin(admin);
  return clearNoShowPlan(prisma, await loadSession(prisma, sessionId));
}

/**
 * Clears a wrong no-show as shown: NO_SHOW → AWAITING_CONFIRMATION (event `clear_no_show`), the
 * session's no-show party and the learners' no-show marks cleared, the tutor's no-show pay taken back
 * (append-only), and the bookers asked to confirm the hours as after any session. Refunds already
 * issued for the no-show stay issued (money sent back is not taken again); the page says so.
 */
export async function clearNoShow(admin: Admin, sessionId: string, form: ClearNoShowForm, meta: RequestMeta): Promise<{ sessionId: string }> {
  assertAdmin(admin);
  return sessionTransaction(async ({ tx, after }) => {
    await lockTutorOfSession(tx, sessionId);
    const session = await loadSession(tx, sessionId);
    assertNotTheTutor(admin, session.tutorId);
    const plan = await clearNoShowPlan(tx, session);
    const refusal = clearNoShowRefusal(plan.session.status);
    if (refusal) throw refusal;
    assertShownStillHolds(form, plan.shown);
    const now = clock.now();
    const cleared = plan.seats.filter((seat) => seat.clearsMark).map((seat) => seat.id);
    if (cleared.length > 0) {
      await tx.participant.updateMany({ where: { id: { in: cleared }, status: "CONFIRMED" }, data: { attendanceStatus: "present", attendanceLateMinutes: null } });
    }
    await transitionSession(tx, {
      sessionId,
      from: "NO_SHOW",
      to: "AWAITING_CONFIRMATION",
      event: "clear_no_show",
      data: { noShowParty: null },
      audit: {
        actor: admin,
        action: "session.no_show_cleared",
        reason: form.reason,
        before: { noShowParty: session.noShowParty, seats: session.participants.map((seat) => ({ id: seat.id, status: seat.attendanceStatus })) },
        after: {
          noShowParty: null,
          seats: session.participants.map((seat) => ({ id: seat.id, status: cleared.includes(seat.id) ? "present" : seat.attendanceStatus })),
          earningsTakenBackMinor: plan.shown.shownCorrectionMinor,
        },
        meta,
      },
    });
    await recordNoShowCleared(tx, sessionId, now.toJSDate());
    // The session took place: each booker confirms its hours (or reports a problem) as after any session.
    await openHoursConfirmation({ tx, after }, sessionId, now);
    const facts = { title: titleOf(session), tutorName: session.tutor.user.name, startsAt: session.startsAt, endsAt: session.endsAt };
    for (const { person, side } of recipientsOf(session)) {
      await enqueueEmail(tx, {
        sessionId,
        ...noShowClearedEmail({
          recipientName: person.name,
          recipientZone: person.timezone,
          session: facts,
          reason: form.reason,
          link: sessionLink(sessionId),
          side,
          refunded: plan.refundedText,
        }),
        template: "no-show-cleared",
        to: { address: person.email, name: person.name },
      });
    }
    after.wakeOutbox();
    return { sessionId };
  });
}

// ---------------------------------------------------------------------------------------------------
// Manual refund

export type RefundableSeat = {
  id: string;
  studentName: string;
  payerName: string;
  status: string;
  currency: string;
  paidText: string;
  refundedText: string;
  leftMinor: number;
  leftText: string;
};

export type ManualRefundView = { session: InterventionSession; seats: RefundableSeat[] };

const REFUND_SEAT_SELECT = {
  id: true,
  status: true,
  currency: true,
  student: { select: { name: true } },
  payments: {
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { id: true, status: true, amountMinor: true, currency: true, payer: { select: PERSON_SELECT }, refunds: { select: { amountMinor: true, status: true } } },
  },
} satisfies Prisma.ParticipantSelect;

type RefundSeatRow = Prisma.ParticipantGetPayload<{ select: typeof REFUND_SEAT_SELECT }>;

function refundableSeat(seat: RefundSeatRow): RefundableSeat | null {
  const payment = seat.payments[0];
  if (!payment || payment.status !== "PAID") return null;
  const left = refundLeftMinor(payment);
  return {
    id: seat.id,
    studentName: seat.student.name,
    payerName: payment.payer.name,
    status: seat.status,
    currency: payment.currency,
    paidText: formatPrice(payment.amountMinor, payment.currency),
    refundedText: formatPrice(refundedMinor(payment), payment.currency),
    leftMinor: left,
    leftText: formatPrice(left, payment.currency),
  };
}

/** The refund page: each seat with a received payment, and what is left of it. */
export async function getManualRefundView(admin: Admin, sessionId: string): Promise<ManualRefundView> {
  assertAdmin(admin);
  const session = await loadSession(prisma, sessionId);
  const seats = await prisma.participant.findMany({ where: { sessionId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: REFUND_SEAT_SELECT });
  return { session: headOf(session), seats: seats.flatMap((seat) => refundableSeat(seat) ?? []) };
}

/** A fresh key for one refund page: a double POST of that page refunds once. */
export function newRefundKey(): string {
  return randomUUID();
}

/**
 * Refunds `amount` of a seat's payment, at most what is left of it (paid less every refund, pending and
 * failed ones included). Under the tutor's lock, re-reading the payment's refunds once it holds it, so
 * two refunds racing apply one after the other and the second sees the first. The page's key makes
 * the Refund row's idempotency key: the same page posted twice finds its refund and adds none. The
 * refund goes to Stripe after the commit (retried by the refunds job); the payer is emailed.
 */
export async function manualRefund(
  admin: Admin,
  sessionId: string,
  form: ManualRefundForm,
  meta: RequestMeta,
): Promise<{ refundId: string; amountMinor: number; currency: string; repeated: boolean }> {
  assertAdmin(admin);
  return sessionTransaction(async ({ tx, after }) => {
    await lockTutorOfSession(tx, sessionId);
    const session = await loadSession(tx, sessionId);
    const idempotencyKey = `refund-manual-${form.key}`;
    const done = await tx.refund.findUnique({
      where: { idempotencyKey },
      select: { id: true, amountMinor: true, currency: true, payment: { select: { participant: { select: { sessionId: true } } } } },
    });
    if (done) {
      if (done.payment.participant.sessionId !== sessionId) throw new DomainError("CHANGED_MEANWHILE", "Reload the page and try again.");
      return { refundId: done.id, amountMinor: done.amountMinor, currency: done.currency, repeated: true };
    }
    const row = await tx.participant.findFirst({ where: { id: form.seatId, sessionId }, select: REFUND_SEAT_SELECT });
    const seat = row ? refundableSeat(row) : null;
    if (!row || !seat) throw new DomainError("NO_PAYMENT", "That place has no payment to refund. Reload the page.");
    if (seat.leftMinor !== form.shownLeftMinor) {
      throw new DomainError("PREVIEW_CHANGED", `What is left of this payment changed meanwhile: it is now ${seat.leftText}. Check the amount and confirm again.`);
    }
    const refusal = manualRefundRefusal(form.amount, seat.leftMinor);
    if (refusal) throw new DomainError(refusal.code, refusal.message, "amount");
    const payment = row.payments[0];
    const refund = await tx.refund.create({
      data: { paymentId: payment.id, amountMinor: form.amount, currency: payment.currency, reason: "ADMIN_MANUAL", idempotencyKey },
      select: { id: true },
    });
    const refundedBefore = refundedMinor(payment);
    await recordAudit(tx, {
      actor: admin,
      action: "session.manual_refund",
      subject: { type: "TutoringSession", id: sessionId },
      reason: form.reason,
      before: { seatId: seat.id, paymentId: payment.id, paidMinor: payment.amountMinor, refundedMinor: refundedBefore, leftMinor: seat.leftMinor },
      after: { seatId: seat.id, refundId: refund.id, amountMinor: form.amount, refundedMinor: refundedBefore + form.amount, leftMinor: seat.leftMinor - form.amount },
      meta,
    });
    const payer = payment.payer as Person;
    await enqueueEmail(tx, {
      sessionId,
      ...refundIssuedEmail({
        recipientName: payer.name,
        recipientZone: payer.timezone,
        session: { title: titleOf(session), tutorName: session.tutor.user.name, startsAt: session.startsAt, endsAt: session.endsAt },
        reason: form.reason,
        link: sessionLink(sessionId),
        amount: formatPrice(form.amount, payment.currency),
        studentName: seat.studentName,
      }),
      template: "admin-refund-issued",
      to: { address: payer.email, name: payer.name },
    });
    after.wakeOutbox();
    after.add(`refund ${refund.id}`, () => processRefund(refund.id));
    return { refundId: refund.id, amountMinor: form.amount, currency: payment.currency, repeated: false };
  });
}
