import type { DateTime } from "luxon";
import { choicePending, withCancelledTutor } from "~/domain/changes/replacement";
import { assertReassignPreviewHolds, reassignRefusal, type ReassignForm } from "~/domain/changes/reassign";
import { payoutTreatmentOf } from "~/domain/pay/payout-treatment";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { DomainError } from "~/domain/shared/errors";
import { formatPrice } from "~/domain/tutors/profile";
import { hasRole } from "~/domain/users/roles";
import { sessionMovedAwayEmail } from "~/emails/session-moved-away";
import { sessionMovedLearnerEmail } from "~/emails/session-moved-learner";
import { sessionMovedNewTutorEmail } from "~/emails/session-moved-new-tutor";
import { retireActionTokens } from "./action-tokens.server";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { previewPayoutTreatment, recordPayoutTreatment } from "./earnings.server";
import { env } from "./env.server";
import { lockTutorOfSession } from "./locks.server";
import { enqueueEmail } from "./outbox.server";
import { PERSON_SELECT, type Actor, type Person } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import { claimReplacementTutor, freeReplacementCandidates, replacementCandidates, takeoverPayMinor, type ReplaceableSession } from "./replacement-offers.server";
import type { RequestMeta } from "./request-meta.server";
import { closePendingReschedules } from "./session-changes.server";
import { sessionTransaction } from "./session-core/after-commit.server";
import { calendarCancel, calendarRequest, nextCalendarVersion } from "./session-core/calendar.server";

/*
 * Staff move a booked session to another tutor (issue 16; docs/decisions/032-reassign.md): the
 * coordinator's "replacement" and the admin's "reassign", one action. The candidates, the second
 * tutor's lock and the placement check are the replacement offer's (replacement-offers.server.ts).
 */

const SESSION_SELECT = {
  id: true,
  tutorId: true,
  kind: true,
  status: true,
  title: true,
  subject: true,
  startsAt: true,
  endsAt: true,
  currency: true,
  reassignmentStatus: true,
  cancelledTutorIds: true,
  tutor: { select: { user: { select: PERSON_SELECT } } },
  participants: {
    where: { status: "CONFIRMED" as const },
    orderBy: { createdAt: "asc" as const },
    select: { id: true, studentId: true, bookedById: true, student: { select: PERSON_SELECT }, bookedBy: { select: PERSON_SELECT } },
  },
} as const;

async function loadSession(db: Tx | typeof prisma, sessionId: string) {
  return db.tutoringSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT });
}
type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadSession>>>;

function titleOf(session: { title: string; subject: string }): string {
  return session.title || session.subject || "Tutoring session";
}

/** The session as a replacement sees it: every tutor who already had it (the current one included) is left out. */
function replaceable(session: LoadedSession): ReplaceableSession {
  return { ...session, cancelledTutorIds: withCancelledTutor(session.cancelledTutorIds, session.tutorId) };
}

const learnersOf = (session: LoadedSession) => session.participants.map((seat) => seat.student);

/** Coordinators and admins, and never on a session they teach themselves. */
function assertMayMove(actor: Actor, session: LoadedSession | null): asserts session is LoadedSession {
  if (!hasRole(actor.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins move sessions to another tutor.");
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  if (session.tutorId === actor.id) throw new DomainError("FORBIDDEN", "You teach this session: another coordinator moves it.");
}

export type ReassignPage = {
  session: { id: string; title: string; startsAt: string; endsAt: string; tutorId: string; tutorName: string; learners: string[]; status: string };
  /** Why the session cannot move now, or null. */
  blocked: string | null;
  candidates: { id: string; name: string }[];
  /** What the new tutor is paid (the same for every candidate: the booked prices less the fee). */
  takeoverPay: string;
  /** What full pay is for the tutor it is taken from. */
  fullPay: string;
  /** Seats whose payout was decided by an earlier change: they are paid nothing more. */
  alreadyDecided: number;
};

/** The page: the session, and the tutors free for its exact time who could take it. */
export async function getReassignPage(actor: Actor, sessionId: string): Promise<ReassignPage> {
  const session = await loadSession(prisma, sessionId);
  assertMayMove(actor, session);
  const now = clock.now();
  const blocked = reassignRefusal({ ...session, confirmedSeats: session.participants.length }, now.toJSDate());
  const [candidates, takeover, payout] = await Promise.all([
    blocked ? [] : freeReplacementCandidates(prisma, replaceable(session), learnersOf(session), now),
    takeoverPayMinor(prisma, sessionId),
    previewPayoutTreatment(prisma, sessionId, { choice: "full", amountMinor: null }),
  ]);
  return {
    session: {
      id: session.id,
      title: titleOf(session),
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      tutorId: session.tutorId,
      tutorName: session.tutor.user.name,
      learners: session.participants.map((seat) => seat.student.name),
      status: session.status,
    },
    blocked: blocked?.message ?? null,
    candidates,
    takeoverPay: formatPrice(takeover.amountMinor, takeover.currency),
    fullPay: formatPrice(payout.fullMinor, payout.currency || session.currency),
    alreadyDecided: payout.alreadyDecided,
  };
}

export type ReassignPreview = {
  fromTutorId: string;
  fromTutorName: string;
  to: { id: string; name: string };
  takeoverMinor: number;
  takeoverText: string;
  payout: { choice: string; amountMinor: number; fullMinor: number; text: string; fullText: string };
  /** Who is emailed, in words. */
  emails: string[];
};

/**
 * The target tutor as the move needs them: active, verified, teaching the subject, not one who had the
 * session, not a learner of it. Refused on the tutor field otherwise (a stale page or a tampered post).
 */
async function targetOf(db: Tx | typeof prisma, session: LoadedSession, tutorId: string): Promise<{ id: string; name: string }> {
  const candidates = await replacementCandidates(
    db,
    replaceable(session),
    session.participants.map((seat) => seat.studentId),
    500,
  );
  const target = candidates.find((candidate) => candidate.id === tutorId);
  if (!target) {
    throw new DomainError("NOT_A_CANDIDATE", "That tutor cannot take this session (not active, not verified, or not teaching the subject): choose one from the list.", "tutorId");
  }
  return target;
}

async function previewIn(db: Tx | typeof prisma, session: LoadedSession, form: ReassignForm, now: DateTime): Promise<ReassignPreview> {
  const blocked = reassignRefusal({ ...session, confirmedSeats: session.participants.length }, now.toJSDate());
  if (blocked) throw blocked;
  const target = await targetOf(db, session, form.tutorId);
  const [takeover, payout] = await Promise.all([takeoverPayMinor(db, session.id), previewPayoutTreatment(db, session.id, payoutTreatmentOf(form))]);
  const learners = session.participants.flatMap((seat) => (seat.studentId === seat.bookedById ? [seat.bookedBy.name] : [seat.bookedBy.name, seat.student.name]));
  return {
    fromTutorId: session.tutorId,
    fromTutorName: session.tutor.user.name,
    to: target,
    takeoverMinor: takeover.amountMinor,
    takeoverText: formatPrice(takeover.amountMinor, takeover.currency),
    payout: {
      choice: payout.choice,
      amountMinor: payout.amountMinor,
      fullMinor: payout.fullMinor,
      text: formatPrice(payout.amountMinor, payout.currency),
      fullText: formatPrice(payout.fullMinor, payout.currency),
    },
    emails: form.notify
      ? [
          `${learners.join(" and ")}: the new tutor, the same time, and a calendar entry replacing theirs`,
          `${target.name}: the session, their pay and a calendar entry`,
          `${session.tutor.user.name}: the session left their schedule, their pay, and a calendar cancellation`,
        ]
      : [`${target.name} only (they must know they teach it); nobody else is emailed`],
  };
}

/**
 * What moving would do now, computed as the final POST computes it (nothing changes). The chosen tutor
 * must be free too: a busy one is refused on the tutor field, as the move would.
 */
export async function previewReassign(actor: Actor, sessionId: string, form: ReassignForm): Promise<ReassignPreview> {
  const session = await loadSession(prisma, sessionId);
  assertMayMove(actor, session);
  const now = clock.now();
  const preview = await previewIn(prisma, session, form, now);
  const free = await freeReplacementCandidates(prisma, replaceable(session), learnersOf(session), now);
  if (!free.some((candidate) => candidate.id === preview.to.id)) {
    throw new DomainError("NOT_FREE", `${preview.to.name} is not free for this session's time any more: choose another tutor.`, "tutorId");
  }
  return preview;
}

/**
 * Moves the session to the chosen tutor, as previewed. Under the locks in their order: the session's
 * tutor (lockTutorOfSession, which a student's cancel and every booking of that tutor take too), then
 * the new tutor's row without waiting (TUTOR_BUSY when it is held: try again), then the learners (by
 * placeSession). The status stays SCHEDULED; the compare-and-swap on (tutor, status) makes a racing
 * change the loser's refusal.
 */
export async function reassignSession(actor: Actor, sessionId: string, form: ReassignForm, meta: RequestMeta): Promise<{ tutorName: string }> {
  return sessionTransaction(async ({ tx, after }) => {
    if (!hasRole(actor.roles, "COORDINATOR")) throw new DomainError("FORBIDDEN", "Only coordinators and admins move sessions to another tutor.");
    await lockTutorOfSession(tx, sessionId);
    const session = await loadSession(tx, sessionId);
    assertMayMove(actor, session);
    const now = clock.now();
    // Moved by someone else since the preview (a double submit included): say so before anything about the chosen tutor.
    if (form.shownFromTutorId !== session.tutorId) {
      throw new DomainError("PREVIEW_CHANGED", `This session is now with ${session.tutor.user.name}: look at it again before moving it.`);
    }
    const preview = await previewIn(tx, session, form, now);
    assertReassignPreviewHolds(
      { fromTutorId: form.shownFromTutorId, takeoverMinor: form.shownTakeoverMinor, payoutMinor: form.shownPayoutMinor },
      { fromTutorId: preview.fromTutorId, takeoverMinor: preview.takeoverMinor, payoutMinor: preview.payout.amountMinor },
      { fromTutorName: preview.fromTutorName },
    );
    await claimReplacementTutor(tx, { sessionId, tutor: preview.to, startsAt: session.startsAt, endsAt: session.endsAt, learners: learnersOf(session), now, viewer: actor }).catch(
      (error: unknown) => {
        // Answered on the form's tutor field, whichever check refused.
        if (error instanceof DomainError && error.field !== "tutorId") throw new DomainError(error.code, error.message, "tutorId");
        throw error;
      },
    );
    const cancelledTutorIds = withCancelledTutor(session.cancelledTutorIds, session.tutorId);
    // A student's pending choice (a tutor's cancel) is settled by staff; otherwise no sub-state: it goes on like any session.
    const reassignmentStatus = choicePending(session.reassignmentStatus) ? "ACCEPTED" : session.reassignmentStatus;
    const moved = await tx.tutoringSession.updateMany({
      where: { id: sessionId, tutorId: session.tutorId, status: "SCHEDULED" },
      // Off the old tutor's dated slot, if it was one: the new tutor teaches it in their weekly hours.
      data: { tutorId: preview.to.id, slotId: null, reassignedFromId: session.tutorId, reassignedAt: now.toJSDate(), cancelledTutorIds, reassignmentStatus },
    });
    if (moved.count !== 1) throw new DomainError("CHANGED_MEANWHILE", "This session changed while you were moving it. Look at it again.");
    await closePendingReschedules(tx, sessionId, now.toJSDate());
    // A replacement offer's emailed links end here: the choice is made.
    await retireActionTokens(tx, sessionId, now);
    const payout = await previewPayoutTreatment(tx, sessionId, payoutTreatmentOf(form));
    await recordPayoutTreatment(tx, { tutorId: session.tutorId, sessionId, preview: payout, earnedAt: now.toJSDate() });
    const { platformFeePercent } = await getSessionPolicy(tx);
    await recordAudit(tx, {
      actor,
      action: "session.reassigned",
      subject: { type: "TutoringSession", id: sessionId },
      before: {
        status: "SCHEDULED",
        tutorId: session.tutorId,
        tutorName: session.tutor.user.name,
        reassignmentStatus: session.reassignmentStatus,
        cancelledTutorIds: session.cancelledTutorIds,
      },
      after: {
        status: "SCHEDULED",
        tutorId: preview.to.id,
        tutorName: preview.to.name,
        reassignmentStatus,
        cancelledTutorIds,
        takeoverPayMinor: preview.takeoverMinor,
        payoutTreatment: { choice: payout.choice, amountMinor: payout.amountMinor, fullMinor: payout.fullMinor, currency: payout.currency, tutorId: session.tutorId },
        refundMinor: 0,
        notify: form.notify,
      },
      reason: form.reason,
      // What "free" meant for the new tutor, and the fee their pay and the payout used.
      policySnapshot: { minNoticeMinutes: SCHEDULING_POLICY_DEFAULTS.minNoticeMinutes, bookingHorizonDays: SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays, platformFeePercent },
      meta,
    });
    await emailMove(tx, {
      session,
      to: preview.to,
      takeover: preview.takeoverText,
      payout: payout.amountMinor > 0 ? formatPrice(payout.amountMinor, payout.currency) : null,
      notify: form.notify,
      now,
    });
    after.wakeOutbox();
    return { tutorName: preview.to.name };
  });
}

/**
 * One new calendar version for the move, under the same UIDs: each learner's event is replaced (new
 * tutor, same time), the new tutor is sent the tutor's event, the old tutor's copy is cancelled. Without
 * `notify`, only the new tutor hears (they must know they teach it); staff tell the others themselves.
 */
async function emailMove(
  tx: Tx,
  input: { session: LoadedSession; to: { id: string; name: string }; takeover: string; payout: string | null; notify: boolean; now: DateTime },
): Promise<void> {
  const { session, to, now } = input;
  const oldTutor = session.tutor.user as Person;
  const newTutor = await tx.user.findUniqueOrThrow({ where: { id: to.id }, select: PERSON_SELECT });
  const sequence = await nextCalendarVersion(tx, session.id);
  const title = titleOf(session);
  const studentName = session.participants.map((seat) => seat.student.name).join(", ");
  const facts = { title, startsAt: session.startsAt, endsAt: session.endsAt, studentName };
  const sessionUrl = `${env.appUrl}/sessions/${session.id}`;
  const event = {
    sessionId: session.id,
    title,
    kind: "ONE_TO_ONE" as const,
    tutorName: newTutor.name,
    studentName,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    stampedAt: now.toJSDate(),
  };
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...sessionMovedNewTutorEmail({
      recipientName: newTutor.name,
      recipientZone: newTutor.timezone,
      session: facts,
      previousTutorName: oldTutor.name,
      pay: input.takeover,
      sessionUrl,
    }),
    template: "session-moved-to-tutor",
    to: { address: newTutor.email, name: newTutor.name },
    attachments: [calendarRequest({ tutorOf: session.id }, sequence, { ...event, note: `Moved to you from ${oldTutor.name} by Tutordesk.` })],
  });
  if (!input.notify) return;
  for (const seat of session.participants) {
    const calendar = calendarRequest({ seatId: seat.id }, sequence, { ...event, studentName: seat.student.name });
    for (const person of seat.studentId === seat.bookedById ? [seat.bookedBy] : [seat.bookedBy, seat.student]) {
      await enqueueEmail(tx, {
        sessionId: session.id,
        ...sessionMovedLearnerEmail({
          recipientName: person.name,
          recipientZone: person.timezone,
          session: { ...facts, studentName: seat.student.name },
          previousTutorName: oldTutor.name,
          tutorName: newTutor.name,
          sessionUrl,
        }),
        template: "session-moved-learner",
        to: { address: person.email, name: person.name },
        attachments: [calendar],
      });
    }
  }
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...sessionMovedAwayEmail({
      recipientName: oldTutor.name,
      recipientZone: oldTutor.timezone,
      session: facts,
      tutorName: newTutor.name,
      payout: input.payout,
      link: { href: `${env.appUrl}/sessions`, label: "Your sessions" },
    }),
    template: "session-moved-away",
    to: { address: oldTutor.email, name: oldTutor.name },
    attachments: [calendarCancel({ tutorOf: session.id }, sequence, { ...event, tutorName: oldTutor.name })],
  });
}
