import type { DateTime } from "luxon";
import { formatSeatPrice } from "~/domain/booking/pricing";
import type { SessionPolicy } from "~/domain/policies/session-policies";
import { decideTutorNoShow, type NoShowSeat } from "~/domain/sessions/no-show";
import type { SeatStatus } from "~/domain/sessions/seat-status";
import type { SessionStatus } from "~/domain/sessions/status";
import { tutorNoShowLearnerEmail, tutorNoShowTutorEmail } from "~/emails/no-show";
import { retireActionTokens } from "./action-tokens.server";
import { cancelEffectsAfterCommit } from "./cancellations.server";
import { clock } from "./clock.server";
import { grantCreditInTx, releaseUnpaidCredit } from "./credits.server";
import type { Tx } from "./db.server";
import { env } from "./env.server";
import { enqueueEmail } from "./outbox.server";
import { PERSON_SELECT, type Person } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import { closePendingReschedules } from "./session-changes.server";
import { sessionTransaction, type AfterCommit } from "./session-core/after-commit.server";
import { calendarCancel, nextCalendarVersion } from "./session-core/calendar.server";
import { transitionSeat, transitionSession } from "./session-core/transition.server";

/** Sessions one run marks at most; the rest wait for the next run a minute later. */
const MAX_PER_RUN = 200;

/**
 * The job: every session still SCHEDULED past its no-show mark (the tutor never checked in) becomes
 * NO_SHOW by the tutor, its learners refunded in full and emailed (app/domain/sessions/no-show.ts
 * decides). One session a transaction, claimed with FOR UPDATE SKIP LOCKED: two runners at once take
 * different sessions, and a check-in holding a session's row is passed over (its compare-and-swap
 * wins; if it still fails, the next run sees the session again). A session that cannot be marked is
 * logged and left for the next run without holding up the others. `tutorId` limits the run to one
 * tutor's sessions (an operator re-running one tutor's, or end-to-end tests sharing a database).
 */
export async function markDueNoShows(options: { now?: DateTime; tutorId?: string } = {}): Promise<number> {
  const now = options.now ?? clock.now();
  const skipped: string[] = [];
  let marked = 0;
  for (let round = 0; round < MAX_PER_RUN; round += 1) {
    const claim: { id: string | null } = { id: null };
    try {
      const outcome = await sessionTransaction(async ({ tx, after }) => {
        const policy = await getSessionPolicy(tx);
        const id = await claimDueSession(tx, now, policy, skipped, options.tutorId ?? null);
        claim.id = id;
        if (id === null) return "none" as const;
        return (await markTutorNoShow(tx, after, id, now, policy)) ? ("marked" as const) : ("skipped" as const);
      });
      if (outcome === "none") break;
      if (outcome === "marked") marked += 1;
      else if (claim.id) skipped.push(claim.id);
    } catch (error) {
      if (claim.id === null) throw error;
      skipped.push(claim.id);
      console.error(`could not mark session ${claim.id} a no-show; the next run retries`, error);
    }
  }
  return marked;
}

/**
 * The next session whose no-show mark has passed, locked, or null. The mark is `noShowAfterMinutes`
 * after the start or the end, whichever is first: the (status, starts_at) index bounds the scan to
 * scheduled sessions that have started, and every such row older than the mark is due.
 */
async function claimDueSession(tx: Tx, now: DateTime, policy: SessionPolicy, skipped: string[], tutorId: string | null): Promise<string | null> {
  const nowDate = now.toJSDate();
  const markedBefore = now.minus({ minutes: policy.noShowAfterMinutes }).toJSDate();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM tutoring_sessions
     WHERE status = 'SCHEDULED' AND starts_at <= ${nowDate}
       AND (starts_at <= ${markedBefore} OR ends_at <= ${nowDate})
       AND (${tutorId}::text IS NULL OR tutor_id = ${tutorId})
       AND id <> ALL(${skipped}::text[])
     ORDER BY starts_at, id
     LIMIT 1
       FOR UPDATE SKIP LOCKED`;
  return rows[0]?.id ?? null;
}

const SEAT_SELECT = {
  id: true,
  status: true,
  studentId: true,
  bookedById: true,
  priceMinor: true,
  student: { select: PERSON_SELECT },
  bookedBy: { select: PERSON_SELECT },
  // The latest payment is this booking's (a rebooked seat reuses the row), as the cancel reads it.
  payments: {
    orderBy: { createdAt: "desc" as const },
    take: 1,
    select: {
      id: true,
      status: true,
      amountMinor: true,
      currency: true,
      payerId: true,
      creditMinor: true,
      refunds: { select: { amountMinor: true } },
      creditEntries: { where: { kind: "returned" as const }, select: { amountMinor: true } },
    },
  },
} as const;

async function loadSession(tx: Tx, sessionId: string) {
  return tx.tutoringSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      status: true,
      kind: true,
      title: true,
      subject: true,
      startsAt: true,
      endsAt: true,
      tutor: { select: { user: { select: PERSON_SELECT } } },
      participants: { where: { status: { in: ["HELD", "CONFIRMED"] } }, orderBy: { createdAt: "asc" }, select: SEAT_SELECT },
    },
  });
}

/**
 * The tutor's no-show refunds every paid seat in full: the card's part through Stripe (the domain's
 * refunds), and the credit's part back as credit (decision 029), once per payment.
 */
async function returnCreditPaid(tx: Tx, session: NonNullable<Awaited<ReturnType<typeof loadSession>>>): Promise<void> {
  for (const seat of session.participants) {
    const payment = seat.payments[0];
    if (seat.status !== "CONFIRMED" || !payment || payment.status !== "PAID") continue;
    const creditLeft = payment.creditMinor - payment.creditEntries.reduce((sum, entry) => sum + entry.amountMinor, 0);
    if (creditLeft <= 0) continue;
    await grantCreditInTx(tx, {
      payerId: payment.payerId,
      amountMinor: creditLeft,
      currency: payment.currency,
      kind: "returned",
      reason: `The credit paid for a session the tutor did not come to (${session.title || session.subject || "Tutoring session"})`,
      actorId: null,
      idempotencyKey: `credit-return-no-show-${payment.id}`,
      sessionId: session.id,
      participantId: seat.id,
      paymentId: payment.id,
    });
  }
}

/** Writes the domain's decision for one locked session; false when there was nothing to do. */
async function markTutorNoShow(tx: Tx, after: AfterCommit, sessionId: string, now: DateTime, policy: SessionPolicy): Promise<boolean> {
  const session = await loadSession(tx, sessionId);
  if (!session) return false;
  const seats: NoShowSeat[] = session.participants.map((seat) => {
    const payment = seat.payments[0];
    return {
      id: seat.id,
      status: seat.status as SeatStatus,
      studentId: seat.studentId,
      bookedById: seat.bookedById,
      priceMinor: seat.priceMinor,
      payment: payment
        ? {
            id: payment.id,
            status: payment.status,
            amountMinor: payment.amountMinor,
            currency: payment.currency,
            refundedMinor: payment.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0),
          }
        : null,
    };
  });
  const effect = decideTutorNoShow({ session: { status: session.status as SessionStatus, startsAt: session.startsAt, endsAt: session.endsAt }, seats, policy, now });
  if (!effect) return false;

  await transitionSession(tx, {
    sessionId,
    from: "SCHEDULED",
    to: "NO_SHOW",
    event: "no_show",
    data: { noShowParty: effect.noShowParty },
    audit: {
      actor: "system",
      action: "session.no_show",
      reason: "The tutor had not checked in by the no-show mark",
      after: {
        noShowParty: effect.noShowParty,
        dueAt: effect.dueAt.toISOString(),
        refunds: effect.refunds.map((refund) => ({ seatId: refund.seatId, paymentId: refund.paymentId, amountMinor: refund.amountMinor })),
        releasedSeats: effect.releaseSeats,
      },
      policySnapshot: effect.policySnapshot,
    },
  });

  const checkoutIds: string[] = [];
  for (const seatId of effect.releaseSeats) {
    await transitionSeat(tx, { participantId: seatId, from: "HELD", to: "CANCELLED", event: "cancel", data: { holdExpiresAt: null } });
    const open = await tx.payment.findMany({ where: { participantId: seatId, status: { in: ["PENDING", "PROCESSING"] } }, select: { checkoutSessionId: true } });
    checkoutIds.push(...open.flatMap((payment) => (payment.checkoutSessionId ? [payment.checkoutSessionId] : [])));
    // A PROCESSING payment that still arrives finds its seat cancelled and is refunded by the payment path.
    await tx.payment.updateMany({ where: { participantId: seatId, status: "PENDING" }, data: { status: "EXPIRED" } });
    // Credit spent on a payment that will now never be made goes back in full (decision 029).
    await releaseUnpaidCredit(tx, seatId, "Given back: the tutor did not come, so the booking ended before payment");
  }
  const refundIds: string[] = [];
  for (const refund of effect.refunds) {
    const row = await tx.refund.create({
      data: {
        paymentId: refund.paymentId,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        reason: "TUTOR_NO_SHOW",
        idempotencyKey: `refund-no-show-${refund.paymentId}`,
      },
      select: { id: true },
    });
    refundIds.push(row.id);
  }
  await returnCreditPaid(tx, session);
  await closePendingReschedules(tx, sessionId, now.toJSDate());
  await retireActionTokens(tx, sessionId, now);
  await enqueueNoShowEmails(tx, session, effect, policy, now);
  cancelEffectsAfterCommit(after, { refundIds, checkoutIds });
  return true;
}

type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadSession>>>;

async function enqueueNoShowEmails(tx: Tx, session: LoadedSession, effect: NonNullable<ReturnType<typeof decideTutorNoShow>>, policy: SessionPolicy, now: DateTime) {
  const tutor = session.tutor.user as Person;
  const title = session.title || session.subject || "Tutoring session";
  const facts = { title, tutorName: tutor.name, startsAt: session.startsAt, endsAt: session.endsAt };
  // One new calendar version: every copy of the event (each learner's and the tutor's) is cancelled.
  const sequence = await nextCalendarVersion(tx, session.id);
  const event = (studentName: string) => ({
    sessionId: session.id,
    title,
    kind: session.kind,
    tutorName: tutor.name,
    studentName,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    stampedAt: now.toJSDate(),
  });
  const sessionUrl = `${env.appUrl}/sessions/${session.id}`;
  const confirmed = session.participants.filter((seat) => seat.status === "CONFIRMED");
  for (const email of effect.learnerEmails) {
    const seat = confirmed.find((candidate) => candidate.id === email.seatId)!;
    const person = (email.role === "booker" ? seat.bookedBy : seat.student) as Person;
    await enqueueEmail(tx, {
      sessionId: session.id,
      ...tutorNoShowLearnerEmail({
        recipientName: person.name,
        recipientZone: person.timezone,
        session: facts,
        studentName: seat.student.name,
        refund: email.refund ? formatSeatPrice(email.refund.amountMinor, email.refund.currency) : null,
        payerName: email.role === "student" ? seat.bookedBy.name : null,
        noShowAfterMinutes: policy.noShowAfterMinutes,
        link: {
          href: email.role === "booker" ? `${env.appUrl}/bookings/${seat.id}` : sessionUrl,
          label: email.role === "booker" ? "See the booking and refund" : "Open the session",
        },
      }),
      template: "tutor-no-show",
      to: { address: person.email, name: person.name },
      attachments: [calendarCancel({ seatId: seat.id }, sequence, event(seat.student.name))],
    });
  }
  const learners = confirmed.map((seat) => seat.student.name).join(", ") || "No one was booked";
  await enqueueEmail(tx, {
    sessionId: session.id,
    ...tutorNoShowTutorEmail({
      recipientName: tutor.name,
      recipientZone: tutor.timezone,
      session: facts,
      learners,
      refunded: effect.refunds.map((refund) => formatSeatPrice(refund.amountMinor, refund.currency)),
      noShowAfterMinutes: policy.noShowAfterMinutes,
      link: { href: sessionUrl, label: "Open the session" },
    }),
    template: "tutor-no-show-to-tutor",
    to: { address: tutor.email, name: tutor.name },
    attachments: [calendarCancel({ tutorOf: session.id }, sequence, event(confirmed[0]?.student.name ?? learners))],
  });
}
