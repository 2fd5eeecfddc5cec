import type { DateTime } from "luxon";
import { assertReplacementAnswer, choicePending, choiceState, replyDeadlineOf, replyDeadlinePassed, type ReassignmentStatus } from "~/domain/changes/replacement";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import { formatSeatPrice } from "~/domain/booking/pricing";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { sessionCancelledEmail } from "~/emails/booking";
import { replacementConfirmedEmail, sessionAssignedEmail, sessionReleasedEmail } from "~/emails/replacement";
import { retireActionTokens } from "./action-tokens.server";
import { grantCreditInTx } from "./credits.server";
import { recordAudit } from "./audit.server";
import { freeTimesOfLength, tutorsFreeFor } from "./tutor-availability.server";
import { placeSession } from "./session-core/placement.server";
import { sessionTransaction, type SessionTx } from "./session-core/after-commit.server";
import { calendarCancel, calendarRequest, nextCalendarVersion } from "./session-core/calendar.server";
import { relationshipOf } from "./session-core/relationship.server";
import { transitionSeat, transitionSession } from "./session-core/transition.server";
import { ACTIVE_SEAT_STATUSES } from "~/domain/sessions/seat-status";
import { cancelEffectsAfterCommit, cancelInTx, type CancelOutcome } from "./cancellations.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { lockTutorOfSession } from "./locks.server";
import { enqueueEmail } from "./outbox.server";
import { PERSON_SELECT, type Actor, type Person } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import { claimReplacementTutor, replacementCandidates, takeoverPay } from "./replacement-offers.server";
import type { RequestMeta } from "./request-meta.server";

const SESSION_SELECT = {
  id: true,
  tutorId: true,
  status: true,
  kind: true,
  title: true,
  subject: true,
  startsAt: true,
  endsAt: true,
  reassignmentStatus: true,
  reassignedAt: true,
  cancelledTutorIds: true,
  tutor: { select: { user: { select: PERSON_SELECT } } },
  reassignedFromId: true,
  reassignedFrom: { select: { name: true } },
  // A 1:1 session's one seat, whatever became of it: the student's side still owns a cancelled one.
  participants: {
    orderBy: { createdAt: "desc" as const },
    take: 1,
    select: { id: true, studentId: true, bookedById: true, student: { select: PERSON_SELECT }, bookedBy: { select: PERSON_SELECT } },
  },
} as const;

async function loadSession(db: Tx | typeof prisma, sessionId: string) {
  return db.tutoringSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT });
}
type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadSession>>>;

/** The student's side decides: the student, whoever booked, or a linked parent (session-core's one answer). */
async function isStudentSideOf(db: Tx | typeof prisma, viewer: { id: string; roles: Actor["roles"] }, session: LoadedSession): Promise<boolean> {
  return (await relationshipOf(db, viewer, { tutorId: session.tutorId, seats: session.participants })).seats.length > 0;
}

function titleOf(session: { title: string; subject: string }): string {
  return session.title || session.subject || "Tutoring session";
}

/**
 * Where the choice stands now and when it closes (the offer time and today's policy, as the closing job
 * and the answer itself compute them), for the pages to say.
 */
async function choiceNow(session: { status: string; reassignmentStatus: string | null; startsAt: Date; reassignedAt: Date | null }) {
  const { replacementReplyHours } = await getSessionPolicy();
  const timing = {
    status: session.status,
    reassignmentStatus: session.reassignmentStatus as ReassignmentStatus | null,
    startsAt: session.startsAt,
    offeredAt: session.reassignedAt,
  };
  return { state: choiceState(timing, replacementReplyHours, clock.now()), replyBy: replyDeadlineOf(timing, replacementReplyHours).toISOString() };
}

function lengthMinutes(session: { startsAt: Date; endsAt: Date }): number {
  return Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
}

export type ReplacementView = Awaited<ReturnType<typeof getReplacementView>>;

/**
 * The student's choice page after a tutor cancelled: the tutor offered (if any), the other tutors of the
 * subject free at the booked time, and, for a tutor the student picks, that tutor's free times of the
 * same length in `range`. Null when the viewer is not on the student's side of this session.
 */
export async function getReplacementView(viewer: { id: string; roles: Actor["roles"] }, sessionId: string, options: { tutorId?: string; range: { from: Date; to: Date } }) {
  const session = await loadSession(prisma, sessionId);
  if (!session || !(await isStudentSideOf(prisma, viewer, session))) return null;
  const status = session.reassignmentStatus as ReassignmentStatus | null;
  const choice = await choiceNow(session);
  const summary = {
    id: session.id,
    title: titleOf(session),
    kind: session.kind,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    tutorName: session.tutor.user.name,
    tutorZone: session.tutor.user.timezone,
    studentName: session.participants[0]!.student.name,
    lengthMinutes: lengthMinutes(session),
    replyBy: choice.replyBy,
  };
  // Past the reply deadline the page says so instead of offering answers the service would refuse.
  if (choice.state !== "open") return { state: choice.state, session: summary, status: session.status, reassignmentStatus: status };

  const offered = status === "PENDING_ACCEPTANCE" ? { id: session.tutorId, name: session.tutor.user.name, previousName: session.reassignedFrom?.name ?? "Your tutor" } : null;
  const studentId = session.participants[0]!.studentId;
  // The offered tutor is listed on their own; everyone else who teaches the subject and has not cancelled it is an alternative.
  const candidates = await replacementCandidates(prisma, session, [studentId, ...(offered ? [offered.id] : [])]);
  const freeIds = new Set(
    await tutorsFreeFor(
      candidates.map((candidate) => candidate.id),
      { startsAt: session.startsAt, endsAt: session.endsAt },
    ),
  );
  const picked = options.tutorId ? (candidates.find((candidate) => candidate.id === options.tutorId) ?? (offered?.id === options.tutorId ? offered : null)) : null;
  const times = picked ? await freeTimesOfLength(picked.id, options.range, lengthMinutes(session), { ignoreSessionId: session.id }) : [];
  return {
    state: "open" as const,
    session: summary,
    status,
    offered,
    cancelledByName: offered?.previousName ?? session.tutor.user.name,
    freeAtBookedTime: candidates.filter((candidate) => freeIds.has(candidate.id)),
    tutors: candidates,
    picked: picked ? { id: picked.id, name: picked.name, times: times.map((time) => time.startsAt.toISOString()) } : null,
  };
}

export type ReplacementChoice = { answer: "accept" } | { answer: "cancel" } | { answer: "choose"; tutorId: string; startsAt: Date };

/**
 * The student's answer: continue with the offered tutor, move to another tutor (at the booked time or
 * another free time of theirs, same length and price, nothing more to pay), or cancel with a full
 * refund. Under the current tutor's row lock; the chosen tutor's row is taken without waiting.
 * `within` lets an emailed link be used in the same transaction (and after-commit collector) as the answer.
 */
export async function answerReplacement(
  actor: Actor,
  sessionId: string,
  choice: ReplacementChoice,
  meta: RequestMeta,
  options: { within?: SessionTx } = {},
): Promise<{ outcome: "ACCEPTED" | "MOVED" | "CANCELLED"; tutorName: string | null; refunded: string[]; cancelOutcome: CancelOutcome | null }> {
  let cancelOutcome: CancelOutcome | null = null;
  const run = async ({ tx, after }: SessionTx) => {
    after.wakeOutbox();
    await lockTutorOfSession(tx, sessionId);
    const session = await loadSession(tx, sessionId);
    if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
    if (!(await isStudentSideOf(tx, actor, session))) throw new DomainError("NOT_YOURS", "Only the student, whoever booked, or a linked parent can answer for this session.");
    const now = clock.now();
    const { replacementReplyHours } = await getSessionPolicy(tx);
    assertReplacementAnswer({
      status: session.status,
      reassignmentStatus: session.reassignmentStatus as ReassignmentStatus | null,
      startsAt: session.startsAt,
      offeredAt: session.reassignedAt,
      replyHours: replacementReplyHours,
      now,
      answer: choice.answer,
    });
    if (choice.answer === "cancel") {
      // The cancel emails everyone, the tutor the session is with included.
      cancelOutcome = await cancelInTx({ tx, after }, actor, sessionId, "Declined a replacement tutor after the tutor cancelled", meta, {
        fullRefund: true,
        answeringReplacement: true,
      });
      return { outcome: "CANCELLED" as const, tutorName: null };
    }
    if (choice.answer === "accept") {
      await settle(tx, session, { tutorId: session.tutorId, startsAt: session.startsAt, endsAt: session.endsAt }, actor, meta, now, "session.replacement_accepted");
      return { outcome: "ACCEPTED" as const, tutorName: session.tutor.user.name };
    }
    const endsAt = new Date(choice.startsAt.getTime() + (session.endsAt.getTime() - session.startsAt.getTime()));
    const target = await lockChosenTutor(tx, session, choice.tutorId, { startsAt: choice.startsAt, endsAt }, now, actor);
    await settle(tx, session, { tutorId: target.id, startsAt: choice.startsAt, endsAt }, actor, meta, now, "session.replacement_chosen");
    return { outcome: "MOVED" as const, tutorName: target.name };
  };
  const result = await sessionTransaction(run, { within: options.within });
  const settled = cancelOutcome as CancelOutcome | null;
  return { ...result, refunded: settled?.refundedText ?? [], cancelOutcome: settled };
}

async function lockChosenTutor(
  tx: Tx,
  session: LoadedSession,
  tutorId: string,
  interval: { startsAt: Date; endsAt: Date },
  now: DateTime,
  actor: { id: string },
): Promise<{ id: string; name: string }> {
  // The offered tutor at another time is fine; a tutor who cancelled it (the current one, when nobody was offered) is not.
  const isCurrent = tutorId === session.tutorId && !session.cancelledTutorIds.includes(tutorId);
  const candidates = isCurrent
    ? [{ id: session.tutorId, name: session.tutor.user.name }]
    : await replacementCandidates(tx, session, [session.participants[0]!.studentId, session.tutorId], 500);
  const target = candidates.find((candidate) => candidate.id === tutorId);
  if (!target) throw new DomainError("NOT_A_CANDIDATE", "That tutor cannot take this session: choose one from the list.", "tutorId");
  const learners = [session.participants[0]!.student];
  if (isCurrent) {
    // The one placement check: the tutor whose row is already held free for the interval, and the learner free then too.
    await placeSession(tx, { tutorId: target.id, ...interval, sessionId: session.id, learners, tutor: { rule: "free-interval", tutorName: target.name }, now, viewer: actor });
    return target;
  }
  try {
    await claimReplacementTutor(tx, { sessionId: session.id, tutor: target, ...interval, learners, now, viewer: actor });
  } catch (error) {
    // This page's time field is where a busy tutor is answered.
    if (error instanceof DomainError && error.code === "TUTOR_BUSY") throw new DomainError("TUTOR_BUSY", error.message, "startsAt");
    throw error;
  }
  return target;
}

/** The choice is made: the session is with `to` (maybe at a new time), settled, and everyone concerned hears. */
async function settle(tx: Tx, session: LoadedSession, to: { tutorId: string; startsAt: Date; endsAt: Date }, actor: Actor, meta: RequestMeta, now: DateTime, action: string) {
  const changed = await tx.tutoringSession.updateMany({
    where: { id: session.id, status: "SCHEDULED", tutorId: session.tutorId, reassignmentStatus: session.reassignmentStatus },
    data: {
      tutorId: to.tutorId,
      startsAt: to.startsAt,
      endsAt: to.endsAt,
      reassignmentStatus: "ACCEPTED",
      // Off the previous tutor's dated slot; the tutor who cancelled stays on record.
      ...(to.tutorId !== session.tutorId ? { slotId: null, reassignedFromId: session.reassignedFromId ?? session.tutorId } : {}),
    },
  });
  if (changed.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "This session changed while you were choosing. Look at it again.");
  await retireActionTokens(tx, session.id, now);
  await recordAudit(tx, {
    actor,
    action,
    subject: { type: "TutoringSession", id: session.id },
    before: { tutorId: session.tutorId, startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString(), reassignmentStatus: session.reassignmentStatus },
    after: { tutorId: to.tutorId, startsAt: to.startsAt.toISOString(), endsAt: to.endsAt.toISOString(), reassignmentStatus: "ACCEPTED" },
    // What "free" meant when the student picked a tutor: the notice and horizon a booking needs.
    policySnapshot: { minNoticeMinutes: SCHEDULING_POLICY_DEFAULTS.minNoticeMinutes, bookingHorizonDays: SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays },
    meta,
  });
  const facts = { title: titleOf(session), startsAt: to.startsAt, endsAt: to.endsAt, studentName: session.participants[0]!.student.name };
  const newTutor = to.tutorId === session.tutorId ? session.tutor.user : await tx.user.findUniqueOrThrow({ where: { id: to.tutorId }, select: PERSON_SELECT });
  const previousName = session.reassignedFrom?.name ?? session.tutor.user.name;
  // One new calendar version for the settled session: the learners' event and the teaching tutor's are
  // replaced (new tutor, maybe a new time), and an offered tutor who lost it has theirs cancelled.
  const seat = session.participants[0]!;
  const sessionUrl = `${env.appUrl}/sessions/${session.id}`;
  const sequence = await nextCalendarVersion(tx, session.id);
  const event = {
    sessionId: session.id,
    title: facts.title,
    kind: "ONE_TO_ONE" as const,
    tutorName: newTutor.name,
    studentName: seat.student.name,
    startsAt: to.startsAt,
    endsAt: to.endsAt,
    stampedAt: now.toJSDate(),
  };
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...sessionAssignedEmail({
      recipientName: newTutor.name,
      recipientZone: newTutor.timezone,
      session: facts,
      previousTutorName: previousName,
      confirmed: true,
      sessionUrl,
      pay: await takeoverPay(tx, session.id),
    }),
    template: "session-assigned-to-tutor",
    to: { address: newTutor.email, name: newTutor.name },
    attachments: [calendarRequest({ tutorOf: session.id }, sequence, event)],
  });
  if (to.tutorId !== session.tutorId && session.reassignmentStatus === "PENDING_ACCEPTANCE") await notifyReleasedTutor(tx, session, "OTHER_TUTOR", sequence, now);

  const calendar = calendarRequest({ seatId: seat.id }, sequence, event);
  for (const person of seat.studentId === seat.bookedById ? [seat.bookedBy] : [seat.bookedBy, seat.student]) {
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...replacementConfirmedEmail({ recipientName: person.name, recipientZone: person.timezone, session: facts, tutorName: newTutor.name, sessionUrl }),
      template: "replacement-confirmed",
      to: { address: person.email, name: person.name },
      attachments: [calendar],
    });
  }
}

/** The tutor a session had been offered to hears when it leaves their schedule. */
async function notifyReleasedTutor(tx: Tx, session: LoadedSession, outcome: "OTHER_TUTOR" | "UNANSWERED", sequence: number, now: DateTime) {
  if (session.reassignmentStatus !== "PENDING_ACCEPTANCE") return;
  const tutor = session.tutor.user as Person;
  const seat = session.participants[0]!;
  const event = {
    sessionId: session.id,
    title: titleOf(session),
    kind: "ONE_TO_ONE" as const,
    tutorName: tutor.name,
    studentName: seat.student.name,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    stampedAt: now.toJSDate(),
  };
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...sessionReleasedEmail({
      recipientName: tutor.name,
      recipientZone: tutor.timezone,
      session: { title: titleOf(session), startsAt: session.startsAt, endsAt: session.endsAt, studentName: session.participants[0]!.student.name },
      outcome,
      link: { href: `${env.appUrl}/sessions`, label: "Your sessions" },
    }),
    template: "session-released-from-tutor",
    to: { address: tutor.email, name: tutor.name },
    // The offered session was in their calendar: the same UID, cancelled at this change's version.
    attachments: [calendarCancel({ tutorOf: session.id }, sequence, event)],
  });
}

/**
 * The job: a choice still open at its reply deadline (replyDeadline: the policy's hours before the
 * start) closes with a full refund, as every email about it promised. One session that cannot be
 * closed does not keep the others open.
 */
export async function closeUnansweredReplacements(): Promise<number> {
  const now = clock.now();
  const { replacementReplyHours } = await getSessionPolicy();
  // Every deadline falls between replyHours before the start and the start itself.
  const near = await prisma.tutoringSession.findMany({
    where: {
      status: "SCHEDULED",
      reassignmentStatus: { in: ["PENDING_ACCEPTANCE", "AWAITING_STUDENT_CHOICE"] },
      startsAt: { lte: now.plus({ hours: replacementReplyHours }).toJSDate() },
    },
    select: { id: true, startsAt: true, reassignedAt: true },
    orderBy: { startsAt: "asc" },
    take: 500,
  });
  const due = near.filter((session) => replyDeadlinePassed({ startsAt: session.startsAt, offeredAt: session.reassignedAt }, replacementReplyHours, now));
  let closed = 0;
  for (const { id } of due) {
    await sessionTransaction(async ({ tx, after }) => {
      await lockTutorOfSession(tx, id);
      const session = await loadSession(tx, id);
      if (!session || session.status !== "SCHEDULED" || !choicePending(session.reassignmentStatus)) return;
      cancelEffectsAfterCommit(after, await closeUnanswered(tx, session, now, replacementReplyHours));
      closed += 1;
    }).catch((error: unknown) => console.error(`could not close the replacement choice of session ${id}; the next run retries`, error));
  }
  return closed;
}

async function closeUnanswered(tx: Tx, session: LoadedSession, now: DateTime, replacementReplyHours: number): Promise<CancelOutcome> {
  // The system cancels as the tutoring side would: in full, and past the start time the student could not.
  const seat = session.participants[0]!;
  const payment = await tx.payment.findFirst({
    where: { participant: { sessionId: session.id, studentId: seat.studentId }, status: "PAID" },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      amountMinor: true,
      creditMinor: true,
      payerId: true,
      currency: true,
      refunds: { select: { amountMinor: true } },
      creditEntries: { where: { kind: "returned" }, select: { amountMinor: true } },
    },
  });
  const refundIds: string[] = [];
  const refundedText: string[] = [];
  // What is still unrefunded of the payment: an earlier partial refund is not paid twice.
  const left = payment ? payment.amountMinor - payment.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0) : 0;
  const activeSeats = await tx.participant.findMany({ where: { sessionId: session.id, status: { in: [...ACTIVE_SEAT_STATUSES] } }, select: { id: true, status: true } });
  for (const active of activeSeats) await transitionSeat(tx, { participantId: active.id, from: active.status, to: "CANCELLED", event: "cancel", data: { holdExpiresAt: null } });
  if (payment && left > 0) {
    const refund = await tx.refund.create({
      data: { paymentId: payment.id, amountMinor: left, currency: payment.currency, reason: "REPLACEMENT_UNANSWERED", idempotencyKey: `refund-cancel-${payment.id}` },
      select: { id: true },
    });
    refundIds.push(refund.id);
    refundedText.push(formatSeatPrice(left, payment.currency));
  }
  // The part paid with credit comes back as credit, in full like the card's (decision 029).
  const creditLeft = payment ? payment.creditMinor - payment.creditEntries.reduce((sum, entry) => sum + entry.amountMinor, 0) : 0;
  if (payment && creditLeft > 0) {
    await grantCreditInTx(tx, {
      payerId: payment.payerId,
      amountMinor: creditLeft,
      currency: payment.currency,
      kind: "returned",
      reason: "Returned in full: no replacement tutor was chosen by the reply deadline",
      actorId: null,
      idempotencyKey: `credit-return-cancel-${payment.id}`,
      sessionId: session.id,
      participantId: seat.id,
      paymentId: payment.id,
    });
    refundedText.push(`${formatSeatPrice(creditLeft, payment.currency)} as credit`);
  }
  await retireActionTokens(tx, session.id, now);
  await transitionSession(tx, {
    sessionId: session.id,
    from: "SCHEDULED",
    to: "CANCELLED",
    event: "cancel",
    data: { cancelledAt: now.toJSDate(), cancelCause: "REPLACEMENT_UNANSWERED" },
    audit: {
      actor: "system",
      action: "session.replacement_unanswered",
      before: { reassignmentStatus: session.reassignmentStatus },
      after: { refundMinor: Math.max(0, left), creditReturnedMinor: Math.max(0, creditLeft) },
      reason: "The student did not choose by the reply deadline",
      policySnapshot: { refundIfUnansweredPercent: 100, replacementReplyHours },
    },
  });
  const sequence = await nextCalendarVersion(tx, session.id);
  await notifyReleasedTutor(tx, session, "UNANSWERED", sequence, now);
  const learners = seat.studentId === seat.bookedById ? [seat.bookedBy] : [seat.bookedBy, seat.student];
  const calendar = calendarCancel({ seatId: seat.id }, sequence, {
    sessionId: session.id,
    title: titleOf(session),
    kind: "ONE_TO_ONE",
    tutorName: session.tutor.user.name,
    studentName: seat.student.name,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    stampedAt: now.toJSDate(),
  });
  for (const person of learners) {
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...sessionCancelledEmail({
        recipientName: person.name,
        recipientZone: person.timezone,
        sessionTitle: titleOf(session),
        tutorName: session.tutor.user.name,
        studentName: seat.student.name,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        cancelledBy: "Tutordesk",
        reason: "No choice of tutor was made by the reply deadline.",
        refund: person.id === seat.bookedById ? (refundedText[0] ?? null) : null,
        link: { href: `${env.appUrl}/tutors`, label: "Find another time" },
      }),
      template: "session-cancelled",
      to: { address: person.email, name: person.name },
      attachments: [calendar],
    });
  }
  return { refundIds, checkoutIds: [], refundedText, wholeSession: true };
}

/** What an emailed replacement link's page shows: the session as it is now, in the link person's zone. */
export async function describeReplacementForLink(sessionId: string, userId: string) {
  const [session, person] = await Promise.all([loadSession(prisma, sessionId), prisma.user.findUnique({ where: { id: userId }, select: { name: true, timezone: true } })]);
  if (!session || !person) return null;
  const status = session.reassignmentStatus as ReassignmentStatus | null;
  const choice = await choiceNow(session);
  const state =
    session.status === "CANCELLED" ? "cancelled" : choice.state !== "none" ? choice.state : status === "ACCEPTED" ? "settled" : session.status === "SCHEDULED" ? "waiting" : "over";
  return {
    sessionId: session.id,
    title: titleOf(session),
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    tutorName: session.tutor.user.name,
    cancelledByName: session.reassignedFrom?.name ?? session.tutor.user.name,
    offeredName: status === "PENDING_ACCEPTANCE" ? session.tutor.user.name : null,
    state: state as "open" | "closed" | "settled" | "cancelled" | "waiting" | "over",
    replyByText: formatInstant(new Date(choice.replyBy), person.timezone),
    recipientName: person.name,
    zone: person.timezone,
  };
}
