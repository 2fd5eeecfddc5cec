import type { DateTime } from "luxon";
import { formatPrice } from "~/domain/tutors/profile";
import { replyDeadline, withCancelledTutor } from "~/domain/changes/replacement";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { tutorPayFor } from "~/domain/pay/tutor-pay";
import { DomainError } from "~/domain/shared/errors";
import { sessionAssignedEmail, tutorCancelConfirmationEmail, tutorCancelledEmail } from "~/emails/replacement";
import { issueActionToken } from "./action-tokens.server";
import { recordAudit } from "./audit.server";
import { tutorsFreeFor } from "./tutor-availability.server";
import type { Db, Tx } from "./db.server";
import { env } from "./env.server";
import { tryLockTutor } from "./locks.server";
import { placeSession } from "./session-core/placement.server";
import { calendarCancel, calendarRequest, nextCalendarVersion } from "./session-core/calendar.server";
import type { PlacedLearner } from "~/domain/sessions/placement";
import { enqueueEmail } from "./outbox.server";
import type { Actor, Person } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";
import { closePendingReschedules } from "./session-changes.server";

/** How many tutors of the subject are checked for a free hour: enough for any agency's bench, bounded per cancel. */
const CANDIDATES_CHECKED = 50;

export type ReplaceableSession = {
  id: string;
  tutorId: string;
  title: string;
  subject: string;
  startsAt: Date;
  endsAt: Date;
  cancelledTutorIds: string[];
};

/**
 * Active tutors of the session's subject who have not cancelled it, by name: the people a student can be
 * offered or choose. The student is never their own tutor.
 */
export async function replacementCandidates(
  tx: Tx | Db,
  session: Pick<ReplaceableSession, "subject" | "tutorId" | "cancelledTutorIds">,
  exclude: string[],
  limit = CANDIDATES_CHECKED,
): Promise<{ id: string; name: string }[]> {
  if (!session.subject.trim()) return [];
  const excluded = [...new Set([...session.cancelledTutorIds, ...exclude])];
  return tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT tp.user_id AS id, u.name FROM tutor_profiles tp JOIN users u ON u.id = tp.user_id
     WHERE tp.active AND tp.verified AND EXISTS (SELECT 1 FROM unnest(tp.subjects) taught WHERE lower(taught) = lower(${session.subject}))
       AND tp.user_id <> ALL (${excluded}::text[])
     ORDER BY u.name, u.id
     LIMIT ${limit}`;
}

/**
 * The candidates free for the session's whole interval now (hours, exceptions, buffers, sessions, notice
 * and horizon), by name: the list a student is offered from and a coordinator moves a session to. Read
 * before any candidate's lock, so `claimReplacementTutor` checks again once it holds one.
 */
export async function freeReplacementCandidates(tx: Tx | Db, session: ReplaceableSession, learners: PlacedLearner[], now: DateTime): Promise<{ id: string; name: string }[]> {
  const candidates = await replacementCandidates(
    tx,
    session,
    learners.map((learner) => learner.id),
  );
  const free = new Set(
    await tutorsFreeFor(
      candidates.map((candidate) => candidate.id),
      { startsAt: session.startsAt, endsAt: session.endsAt },
      { db: tx, now },
    ),
  );
  return candidates.filter((candidate) => free.has(candidate.id));
}

/**
 * A second tutor takes the session at its time: their row without waiting (locks.server.ts: a tutor
 * being changed this instant is refused with TUTOR_BUSY rather than waited for, so two moves in opposite
 * directions cannot deadlock), then THE placement check (`free-interval`) with that row held, the
 * learners included. Throws a DomainError when they cannot.
 */
export async function claimReplacementTutor(
  tx: Tx,
  input: { sessionId: string; tutor: { id: string; name: string }; startsAt: Date; endsAt: Date; learners: PlacedLearner[]; now: DateTime; viewer?: { id: string } },
): Promise<void> {
  const { tutor } = input;
  if (!(await tryLockTutor(tx, tutor.id))) throw new DomainError("TUTOR_BUSY", `${tutor.name}'s schedule is being changed this moment. Try again.`, "tutorId");
  await placeSession(tx, {
    tutorId: tutor.id,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    sessionId: input.sessionId,
    learners: input.learners,
    tutor: { rule: "free-interval", tutorName: tutor.name },
    now: input.now,
    viewer: input.viewer,
  });
}

/**
 * The first candidate free for the whole session, checked again once their row is locked so no booking
 * can take the time meanwhile. Candidates being booked this instant are passed over rather than waited for.
 */
export async function findReplacementInTx(tx: Tx, session: ReplaceableSession, learners: PlacedLearner[], now: DateTime): Promise<{ id: string; name: string } | null> {
  for (const candidate of await freeReplacementCandidates(tx, session, learners, now)) {
    try {
      await claimReplacementTutor(tx, { sessionId: session.id, tutor: candidate, startsAt: session.startsAt, endsAt: session.endsAt, learners, now });
      return candidate;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return null;
}

type Seat = { id: string; student: Person; bookedBy: Person };

/**
 * The tutor's cancel of a booked 1:1 session, inside the transaction that holds their row lock: the
 * session goes to the first free tutor of the subject, pending the student's acceptance, or waits for
 * the student to choose. Nothing is refunded yet: the student keeps what they paid for until they decide.
 */
export async function offerReplacementInTx(
  tx: Tx,
  input: { actor: Actor; tutor: Person; session: ReplaceableSession; seat: Seat; reason: string; meta: RequestMeta; now: DateTime },
): Promise<{ replacementName: string | null }> {
  const { actor, session, seat, now } = input;
  const cancelledTutorIds = withCancelledTutor(session.cancelledTutorIds, session.tutorId);
  const replacement = await findReplacementInTx(tx, { ...session, cancelledTutorIds }, [seat.student], now);
  const moved = await tx.tutoringSession.updateMany({
    where: { id: session.id, tutorId: session.tutorId, status: "SCHEDULED" },
    data: replacement
      ? // Off the cancelling tutor's dated slot (if it was one): the new tutor teaches it in their weekly hours.
        { tutorId: replacement.id, slotId: null, reassignmentStatus: "PENDING_ACCEPTANCE", reassignedFromId: session.tutorId, reassignedAt: now.toJSDate(), cancelledTutorIds }
      : { reassignmentStatus: "AWAITING_STUDENT_CHOICE", reassignedAt: now.toJSDate(), cancelledTutorIds },
  });
  if (moved.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "This session changed while you were cancelling it. Look at it again.");
  await closePendingReschedules(tx, session.id, now.toJSDate());
  const { replacementReplyHours, platformFeePercent } = await getSessionPolicy(tx);
  // The same deadline the reply job closes the choice at (it is computed from the same offer time and policy).
  const replyBy = replyDeadline({ startsAt: session.startsAt, offeredAt: now.toJSDate() }, replacementReplyHours);
  await recordAudit(tx, {
    actor,
    action: replacement ? "session.tutor_replaced" : "session.tutor_cancelled",
    subject: { type: "TutoringSession", id: session.id },
    before: { status: "SCHEDULED", tutorId: session.tutorId, reassignmentStatus: null },
    after: {
      status: "SCHEDULED",
      tutorId: replacement?.id ?? session.tutorId,
      reassignmentStatus: replacement ? "PENDING_ACCEPTANCE" : "AWAITING_STUDENT_CHOICE",
      cancelledTutorIds,
      candidatesChecked: CANDIDATES_CHECKED,
    },
    reason: input.reason,
    // What "free" meant for the replacement: the notice and horizon a booking would need.
    policySnapshot: {
      minNoticeMinutes: SCHEDULING_POLICY_DEFAULTS.minNoticeMinutes,
      bookingHorizonDays: SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays,
      refundIfDeclinedPercent: 100,
      replacementReplyHours,
      replyBy: replyBy.toISOString(),
      platformFeePercent,
    },
    meta: input.meta,
  });
  await emailTutorCancel(tx, { ...input, replacement, replyBy, sequence: await nextCalendarVersion(tx, session.id) });
  return { replacementName: replacement?.name ?? null };
}

async function emailTutorCancel(
  tx: Tx,
  input: {
    tutor: Person;
    session: ReplaceableSession;
    seat: Seat;
    reason: string;
    replacement: { id: string; name: string } | null;
    replyBy: Date;
    sequence: number;
    now: DateTime;
  },
) {
  const { tutor, session, seat, replacement, replyBy, sequence } = input;
  const facts = { title: session.title || session.subject || "Tutoring session", startsAt: session.startsAt, endsAt: session.endsAt, studentName: seat.student.name };
  const sessionUrl = `${env.appUrl}/sessions/${session.id}`;
  const learners = seat.student.id === seat.bookedBy.id ? [seat.bookedBy] : [seat.bookedBy, seat.student];
  // Every calendar follows the change at once: the learners' event names the tutor now offered (or says
  // a choice is needed), the cancelling tutor's event is cancelled, the offered tutor's is sent.
  const event = {
    sessionId: session.id,
    title: facts.title,
    kind: "ONE_TO_ONE" as const,
    tutorName: replacement?.name ?? tutor.name,
    studentName: seat.student.name,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    stampedAt: input.now.toJSDate(),
  };
  const learnerCalendar = calendarRequest({ seatId: seat.id }, sequence, {
    ...event,
    note: replacement
      ? `${tutor.name} cancelled and ${replacement.name} is offered in their place: accept, choose another tutor or cancel on Tutordesk.`
      : `${tutor.name} cancelled: choose another tutor and time, or cancel for a full refund, on Tutordesk.`,
  });
  for (const person of learners) {
    // Each learner gets a link of their own; it works until the reply deadline, and once.
    const token = await issueActionToken(tx, { purpose: "replacement.answer", subjectId: session.id, userId: person.id, expiresAt: replyBy });
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...tutorCancelledEmail({
        recipientName: person.name,
        recipientZone: person.timezone,
        session: facts,
        cancelledTutorName: tutor.name,
        reason: input.reason,
        replacementName: replacement?.name ?? null,
        replyBy,
        link: { href: `${env.appUrl}/a/${token}`, label: replacement ? `Continue with ${replacement.name}, or choose` : "Choose what happens" },
      }),
      template: replacement ? "tutor-replaced" : "tutor-cancelled-no-replacement",
      to: { address: person.email, name: person.name },
      attachments: [learnerCalendar],
    });
  }
  if (replacement) {
    const newTutor = await tx.user.findUniqueOrThrow({ where: { id: replacement.id }, select: { id: true, name: true, email: true, timezone: true } });
    const pay = await takeoverPay(tx, session.id);
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...sessionAssignedEmail({
        recipientName: newTutor.name,
        recipientZone: newTutor.timezone,
        session: facts,
        previousTutorName: tutor.name,
        confirmed: false,
        sessionUrl,
        pay,
        replyBy,
      }),
      template: "session-offered-to-tutor",
      to: { address: newTutor.email, name: newTutor.name },
      attachments: [calendarRequest({ tutorOf: session.id }, sequence, { ...event, note: `Offered to you after ${tutor.name} cancelled; the student is confirming.` })],
    });
  }
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...tutorCancelConfirmationEmail({
      recipientName: tutor.name,
      recipientZone: tutor.timezone,
      session: facts,
      replacementName: replacement?.name ?? null,
      link: { href: `${env.appUrl}/sessions`, label: "Your sessions" },
    }),
    template: "tutor-cancel-confirmation",
    to: { address: tutor.email, name: tutor.name },
    attachments: [calendarCancel({ tutorOf: session.id }, sequence, { ...event, tutorName: tutor.name })],
  });
}

/** What the tutor taking over is paid, in minor units: the booked seats' prices (the learner pays nothing more) under the pay rule. */
export async function takeoverPayMinor(tx: Tx | Db, sessionId: string): Promise<{ amountMinor: number; currency: string }> {
  const seats = await tx.participant.findMany({ where: { sessionId, status: "CONFIRMED" }, select: { priceMinor: true } });
  const { currency } = await tx.tutoringSession.findUniqueOrThrow({ where: { id: sessionId }, select: { currency: true } });
  return { amountMinor: tutorPayFor({ seatPricesMinor: seats.map((seat) => seat.priceMinor), policy: await getSessionPolicy(tx) }), currency };
}

/** The same, formatted for an email or a page. */
export async function takeoverPay(tx: Tx | Db, sessionId: string): Promise<string> {
  const pay = await takeoverPayMinor(tx, sessionId);
  return formatPrice(pay.amountMinor, pay.currency);
}
