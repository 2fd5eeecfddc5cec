import { Prisma } from "@prisma/client";
import type { DateTime } from "luxon";
import { attendanceLabel, type AttendanceStatus } from "~/domain/sessions/attendance-marks";
import {
  confirmationDueAt,
  decideHoursConfirmation,
  isRatingEditable,
  seatAnswer,
  ratingEditableUntil,
  seatConfirmation,
  type ConfirmingParty,
  type RatingInput,
} from "~/domain/sessions/confirmation";
import type { SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import { formatPrice } from "~/domain/tutors/profile";
import { disputeCategoryLabel, isDiscrepancy, tutorSideRefusal } from "~/domain/disputes/report";
import { outcomeLabel } from "~/domain/disputes/resolution";
import { hoursConfirmationReminderEmail, hoursConfirmationRequestEmail, type HoursToConfirm } from "~/emails/hours-confirmation";
import { consumeActionToken, issueActionToken, readActionToken } from "./action-tokens.server";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, readRows, type Tx } from "./db.server";
import { env } from "./env.server";
import { lockTutorOfSession } from "./locks.server";
import { recordCompletionEarnings } from "./earnings.server";
import { enqueueEmail } from "./outbox.server";
import { PERSON_SELECT, type Actor, type Person } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";
import { sessionTransaction, type SessionTx } from "./session-core/after-commit.server";
import { relationshipOf } from "./session-core/relationship.server";
import { ANSWERING_SESSION_STATUSES_SQL, confirmationCountsFromPlus, SEAT_AWAITS_ANSWER_SQL } from "./session-core/sql.server";
import { transitionSession } from "./session-core/transition.server";

/*
 * Confirming the hours of a session that happened (issue 15): each confirmed seat's booker confirms
 * what the tutor recorded (or staff do on their behalf, or the system after the policy's
 * `autoConfirmAfterHours`); the session is COMPLETED with the last answer. The rules are
 * app/domain/sessions/confirmation.ts; this file reads, locks and writes. Lock order (locks.server.ts):
 * the tutor's row first, then the seat.
 */

/** An emailed hours link stays usable this long after the answer was due (the page then says it expired). */
const LINK_GRACE_DAYS = 14;

/** A seat's reported problem, as the hours rules and the pages read it. */
const SEAT_PROBLEM_SELECT = {
  id: true,
  status: true,
  outcome: true,
  category: true,
  description: true,
  claimedMinutes: true,
  tutorMinutes: true,
  createdAt: true,
  tutorResponse: true,
  tutorRespondedAt: true,
  resolvedAt: true,
  approvedMinutes: true,
  refundMinor: true,
  tutorPayMinor: true,
  noteToBooker: true,
  noteToTutor: true,
} satisfies Prisma.SessionDisputeSelect;

const SEAT_SELECT = {
  id: true,
  status: true,
  currency: true,
  studentId: true,
  bookedById: true,
  attendanceStatus: true,
  attendanceLateMinutes: true,
  hoursConfirmedAt: true,
  hoursConfirmedVia: true,
  hoursReminderSentAt: true,
  student: { select: { name: true } },
  bookedBy: { select: PERSON_SELECT },
  hoursConfirmedBy: { select: { name: true } },
  rating: { select: { stars: true, comment: true } },
  dispute: { select: SEAT_PROBLEM_SELECT },
} satisfies Prisma.ParticipantSelect;

const SESSION_SELECT = {
  id: true,
  tutorId: true,
  status: true,
  startsAt: true,
  endsAt: true,
  title: true,
  subject: true,
  confirmationOpenedAt: true,
  actualStartedAt: true,
  actualEndedAt: true,
  tutor: { select: { user: { select: PERSON_SELECT } } },
  // The seats that hold a place, and any a dispute's resolution cancelled (its outcome stays on show).
  participants: { where: { OR: [{ status: "CONFIRMED" }, { dispute: { isNot: null } }] }, orderBy: { student: { name: "asc" } }, select: SEAT_SELECT },
} satisfies Prisma.TutoringSessionSelect;

export type LoadedSession = Prisma.TutoringSessionGetPayload<{ select: typeof SESSION_SELECT }>;
export type LoadedSeat = LoadedSession["participants"][number];

/** A session with its seats as the hours rules read them (each seat's answer: confirmation or dispute). */
export async function loadAnsweringSession(db: Tx | typeof prisma, sessionId: string): Promise<LoadedSession | null> {
  return db.tutoringSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT });
}

export function titleOf(session: Pick<LoadedSession, "title" | "subject">): string {
  return session.title || session.subject || "Tutoring session";
}

export function hoursOf(session: LoadedSession, seat: LoadedSeat): HoursToConfirm {
  return {
    title: titleOf(session),
    tutorName: session.tutor.user.name,
    studentName: seat.student.name,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    actualStartedAt: session.actualStartedAt,
    actualEndedAt: session.actualEndedAt,
    attendance: attendanceLabel(seat.attendanceStatus as AttendanceStatus, seat.attendanceLateMinutes),
  };
}

export function confirmable(session: LoadedSession) {
  return { status: session.status as SessionStatus, endsAt: session.endsAt, confirmationOpenedAt: session.confirmationOpenedAt, seats: session.participants };
}

/**
 * A session has just become AWAITING_CONFIRMATION (the tutor's check-out, or a coordinator's record):
 * the wait starts now, and each seat still to answer gets its booker an email with a single-use link.
 * Called inside the transaction that moved the status, after the move.
 */
export async function openHoursConfirmation({ tx, after }: SessionTx, sessionId: string, now: DateTime): Promise<void> {
  await tx.tutoringSession.updateMany({ where: { id: sessionId, status: "AWAITING_CONFIRMATION" }, data: { confirmationOpenedAt: now.toJSDate() } });
  const session = await loadAnsweringSession(tx, sessionId);
  if (!session || session.status !== "AWAITING_CONFIRMATION") return;
  const policy = await getSessionPolicy(tx);
  const dueBy = confirmationDueAt(session, policy);
  for (const seat of session.participants.filter((candidate) => seatAnswer(candidate) === "waiting")) {
    const booker = seat.bookedBy as Person;
    const link = await hoursLink(tx, seat, dueBy);
    await enqueueEmail(tx, {
      sessionId,
      ...hoursConfirmationRequestEmail({ recipientName: booker.name, recipientZone: booker.timezone, hours: hoursOf(session, seat), dueBy, link }),
      template: "hours-confirmation-request",
      to: { address: booker.email, name: booker.name },
    });
  }
  after.wakeOutbox();
}

async function hoursLink(tx: Tx, seat: LoadedSeat, dueBy: Date): Promise<string> {
  const expiresAt = new Date(dueBy.getTime() + LINK_GRACE_DAYS * 24 * 3_600_000);
  const token = await issueActionToken(tx, { purpose: "hours.confirm", subjectId: seat.id, userId: seat.bookedById, expiresAt });
  return `${env.appUrl}/a/${token}`;
}

/** Who answers for `seat` when `actor` acts: its booker, or staff on the booker's behalf; anyone else is refused. */
async function partyFor(tx: Tx, actor: Actor, session: LoadedSession, seat: LoadedSeat): Promise<ConfirmingParty> {
  if (seat.bookedById === actor.id) return "booker";
  const relationship = await relationshipOf(tx, actor, { tutorId: session.tutorId, seats: session.participants });
  if (!relationship.maySee) throw new DomainError("NOT_FOUND", "That session does not exist.");
  // A coordinator who also tutors never confirms their own session: the hours are theirs to be checked on.
  if (relationship.staff && !relationship.isTutor) return "staff";
  throw new DomainError("FORBIDDEN", `Only ${seat.bookedBy.name}, who booked this place, confirms its hours.`);
}

export type ConfirmHoursInput = { rating?: RatingInput };

/**
 * Confirms one seat's hours. The seat's write is a compare-and-swap on "not yet confirmed", under the
 * tutor's lock, so a confirm racing another answer for the same seat (two tabs, the link and the page)
 * applies once; the loser is told it was answered. The session completes with its last seat.
 */
export async function confirmHours(
  actor: (Actor & { timezone: string }) | "system",
  seatId: string,
  input: ConfirmHoursInput,
  meta: RequestMeta,
  options: { within?: SessionTx } = {},
): Promise<{ sessionId: string; completed: boolean }> {
  return sessionTransaction(
    async ({ tx }) => {
      const sessionId = await sessionOfSeat(tx, seatId);
      await lockTutorOfSession(tx, sessionId);
      const session = await loadAnsweringSession(tx, sessionId);
      const seat = session?.participants.find((candidate) => candidate.id === seatId);
      if (!session || !seat) throw new DomainError("NOT_FOUND", "That booking has no hours to confirm.");
      const party = actor === "system" ? "auto" : await partyFor(tx, actor, session, seat);
      const now = clock.now();
      const policy = await getSessionPolicy(tx);
      const zone = actor === "system" ? session.tutor.user.timezone : actor.timezone;
      const effect = decideHoursConfirmation(confirmable(session), seatId, party, policy, { nowMs: now.toMillis(), zone });
      const confirmedAt = now.toJSDate();
      const written = await tx.participant.updateMany({
        where: { id: seatId, status: "CONFIRMED", hoursConfirmedAt: null, dispute: { is: null } },
        data: { hoursConfirmedAt: confirmedAt, hoursConfirmedById: actor === "system" ? null : actor.id, hoursConfirmedVia: effect.via },
      });
      if (written.count !== 1) throw new DomainError("ALREADY_CONFIRMED", "These hours were answered meanwhile. Look at the session again.");
      const auditActor = actor === "system" ? ("system" as const) : actor;
      await recordAudit(tx, {
        actor: auditActor,
        action: "session.hours_confirmed",
        subject: { type: "TutoringSession", id: sessionId },
        after: { seatId, studentName: seat.student.name, via: effect.via, confirmedAt: confirmedAt.toISOString() },
        reason: effect.via === "staff" ? `Confirmed on behalf of ${seat.bookedBy.name}` : effect.via === "auto" ? "Confirmed automatically: no answer in time" : undefined,
        policySnapshot: effect.via === "auto" ? { autoConfirmAfterHours: policy.autoConfirmAfterHours } : undefined,
        meta,
      });
      if (input.rating?.stars !== undefined && party === "booker") {
        await writeRating(tx, { session, seat, rater: actor as Actor, rating: { stars: input.rating.stars, comment: input.rating.comment }, meta });
      }
      if (effect.completesSession) {
        await transitionSession(tx, {
          sessionId,
          from: "AWAITING_CONFIRMATION",
          to: "COMPLETED",
          event: "confirm",
          data: { completedAt: confirmedAt },
          audit: { actor: auditActor, action: "session.completed", after: { completedAt: confirmedAt.toISOString(), lastSeatId: seatId, via: effect.via }, meta },
        });
        await recordCompletionEarnings(tx, sessionId, confirmedAt);
      }
      return { sessionId, completed: effect.completesSession };
    },
    { within: options.within },
  );
}

async function sessionOfSeat(tx: Tx, seatId: string): Promise<string> {
  const seat = await tx.participant.findUnique({ where: { id: seatId }, select: { sessionId: true } });
  if (!seat) throw new DomainError("NOT_FOUND", "That booking has no hours to confirm.");
  return seat.sessionId;
}

async function writeRating(
  tx: Tx,
  input: { session: LoadedSession; seat: LoadedSeat; rater: Actor; rating: { stars: number; comment: string }; meta: RequestMeta },
): Promise<void> {
  const { session, seat, rating } = input;
  const before = seat.rating;
  await tx.sessionRating.upsert({
    where: { participantId: seat.id },
    create: { participantId: seat.id, sessionId: session.id, tutorId: session.tutorId, raterId: input.rater.id, stars: rating.stars, comment: rating.comment },
    update: { stars: rating.stars, comment: rating.comment, raterId: input.rater.id },
  });
  await recordAudit(tx, {
    actor: input.rater,
    action: before ? "session.rating_changed" : "session.rated",
    subject: { type: "TutoringSession", id: session.id },
    before: before ? { seatId: seat.id, stars: before.stars, comment: before.comment } : undefined,
    after: { seatId: seat.id, stars: rating.stars, comment: rating.comment },
    meta: input.meta,
  });
}

/**
 * A seat its booker answers for (a rating, a reported problem), with its session, read under the
 * tutor's lock. Anyone else is refused: not allowed when they may see the session, not found otherwise.
 */
export async function lockBookersSeat(tx: Tx, actor: Actor, seatId: string, words: { missing: string; act: string }): Promise<{ session: LoadedSession; seat: LoadedSeat }> {
  const sessionId = await sessionOfSeat(tx, seatId);
  await lockTutorOfSession(tx, sessionId);
  const session = await loadAnsweringSession(tx, sessionId);
  const seat = session?.participants.find((candidate) => candidate.id === seatId);
  if (!session || !seat) throw new DomainError("NOT_FOUND", words.missing);
  if (seat.bookedById !== actor.id) {
    const relationship = await relationshipOf(tx, actor, { tutorId: session.tutorId, seats: session.participants });
    if (!relationship.maySee) throw new DomainError("NOT_FOUND", "That session does not exist.");
    throw new DomainError("FORBIDDEN", `Only ${seat.bookedBy.name}, who booked this place, ${words.act}.`);
  }
  return { session, seat };
}

/**
 * The booker rates their seat's session, or changes or removes the rating (no stars and no comment),
 * for 7 days after its hours were confirmed.
 */
export async function saveRating(actor: Actor & { timezone: string }, seatId: string, rating: RatingInput, meta: RequestMeta): Promise<"saved" | "removed"> {
  return sessionTransaction(async ({ tx }) => {
    const { session, seat } = await lockBookersSeat(tx, actor, seatId, { missing: "That booking cannot be rated.", act: "rates it" });
    if (!seat.hoursConfirmedAt) throw new DomainError("NOT_CONFIRMED", "Confirm the hours first; the rating goes with them.");
    if (!isRatingEditable(seat.hoursConfirmedAt, clock.now().toMillis())) {
      throw new DomainError(
        "RATING_CLOSED",
        `Ratings can be given or changed for 7 days after the hours are confirmed; that ended at ${formatInstant(ratingEditableUntil(seat.hoursConfirmedAt), actor.timezone)}.`,
      );
    }
    if (rating.stars === undefined) {
      if (!seat.rating) return "removed";
      await tx.sessionRating.delete({ where: { participantId: seat.id } });
      await recordAudit(tx, {
        actor,
        action: "session.rating_removed",
        subject: { type: "TutoringSession", id: session.id },
        before: { seatId: seat.id, stars: seat.rating.stars, comment: seat.rating.comment },
        meta,
      });
      return "removed";
    }
    await writeRating(tx, { session, seat, rater: actor, rating: { stars: rating.stars, comment: rating.comment }, meta });
    return "saved";
  });
}

/** One seat as the session page and the emailed link's page show it. */
export type SeatHoursView = {
  seatId: string;
  studentName: string;
  bookedByName: string;
  attendance: string;
  state: "waiting_for_check_out" | "too_early" | "open" | "overdue" | "confirmed" | "disputed" | "closed";
  /** When the answer is due (open), or opens (too early), ISO. */
  dueAt: string | null;
  opensAt: string | null;
  /** Who may press Confirm for it now: the booker, staff on their behalf, or nobody here. */
  mayConfirmAs: "booker" | "staff" | null;
  confirmed: { at: string; via: ConfirmingParty; byName: string | null } | null;
  rating: { stars: number; comment: string } | null;
  /** Until when the booker may rate (ISO), when they may now. */
  mayRateUntil: string | null;
  /** The booker may report a problem instead of confirming (exactly when they may confirm). */
  mayReport: boolean;
  problem: SeatProblemView | null;
};

/** A seat's reported problem, as its booker, the tutor and staff see it. */
export type SeatProblemView = {
  disputeId: string;
  status: "open" | "resolved";
  category: string;
  description: string;
  reportedAt: string;
  tutorMinutes: number;
  claimedMinutes: number | null;
  discrepancy: boolean;
  tutorResponse: { text: string; at: string } | null;
  /** The tutor may add their side now (once, while it is open). */
  mayRespond: boolean;
  resolution: { at: string; outcome: string; approvedMinutes: number; refund: string | null; tutorPay: string | null; notes: { to: string; text: string }[] } | null;
  /** The coordinators' page for it, for staff. */
  staffHref: string | null;
};

export type HoursView = {
  sessionId: string;
  title: string;
  tutorName: string;
  startsAt: string;
  endsAt: string;
  actual: { startedAt: string; endedAt: string; minutes: number } | null;
  seats: SeatHoursView[];
};

/**
 * What `viewer` sees of the hours: the seats they booked (to confirm and rate), every seat for staff
 * (to confirm on a booker's behalf) and for the tutor (to see where answers stand). Null when there is
 * nothing to show yet (before the check-out) or the viewer is nobody to the session.
 */
export async function getHoursView(viewer: Actor, sessionId: string): Promise<HoursView | null> {
  const session = await loadAnsweringSession(prisma, sessionId);
  if (!session) return null;
  const status = session.status as SessionStatus;
  const shown = ["AWAITING_CONFIRMATION", "COMPLETED", "DISPUTED"].includes(status) || (status === "CANCELLED" && session.participants.some((seat) => seat.dispute));
  if (!shown || session.participants.length === 0) return null;
  const relationship = await relationshipOf(prisma, viewer, { tutorId: session.tutorId, seats: session.participants });
  if (!relationship.maySee) return null;
  const everySeat = relationship.isTutor || relationship.staff !== null;
  const seats = everySeat ? session.participants : session.participants.filter((seat) => relationship.seats.some((own) => own.id === seat.id));
  const policy = await getSessionPolicy();
  const nowMs = clock.now().toMillis();
  return {
    sessionId: session.id,
    title: titleOf(session),
    tutorName: session.tutor.user.name,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    actual:
      session.actualStartedAt && session.actualEndedAt
        ? {
            startedAt: session.actualStartedAt.toISOString(),
            endedAt: session.actualEndedAt.toISOString(),
            minutes: Math.round((session.actualEndedAt.getTime() - session.actualStartedAt.getTime()) / 60_000),
          }
        : null,
    seats: seats.map((seat) => seatView(session, seat, viewer, { staff: relationship.staff !== null && !relationship.isTutor, isTutor: relationship.isTutor }, policy, nowMs)),
  };
}

function seatView(
  session: LoadedSession,
  seat: LoadedSeat,
  viewer: Actor,
  role: { staff: boolean; isTutor: boolean },
  policy: Awaited<ReturnType<typeof getSessionPolicy>>,
  nowMs: number,
): SeatHoursView {
  const { staff } = role;
  const state = seatConfirmation(confirmable(session), seat, policy, nowMs);
  const isBooker = seat.bookedById === viewer.id;
  const mayConfirmAs = state.state === "open" ? (isBooker ? "booker" : staff ? "staff" : null) : null;
  return {
    seatId: seat.id,
    studentName: seat.student.name,
    bookedByName: seat.bookedBy.name,
    attendance: attendanceLabel(seat.attendanceStatus as AttendanceStatus, seat.attendanceLateMinutes),
    state: viewState(state, session.status as SessionStatus),
    dueAt: state.state === "open" ? state.dueAt.toISOString() : null,
    opensAt: state.state === "too_early" ? state.opensAt.toISOString() : null,
    mayConfirmAs,
    confirmed:
      seat.hoursConfirmedAt && seat.hoursConfirmedVia
        ? { at: seat.hoursConfirmedAt.toISOString(), via: seat.hoursConfirmedVia, byName: seat.hoursConfirmedBy?.name ?? null }
        : null,
    rating: seat.rating,
    mayRateUntil: isBooker && isRatingEditable(seat.hoursConfirmedAt, nowMs) ? ratingEditableUntil(seat.hoursConfirmedAt!).toISOString() : null,
    mayReport: mayConfirmAs === "booker",
    problem: seat.dispute ? problemView(seat, { isBooker, isTutor: role.isTutor, staff }) : null,
  };
}

function problemView(seat: LoadedSeat, viewer: { isBooker: boolean; isTutor: boolean; staff: boolean }): SeatProblemView {
  const dispute = seat.dispute!;
  const money = (minor: number | null) => (minor === null ? null : formatPrice(minor, seat.currency));
  const notes = [
    ...(viewer.isBooker || viewer.staff ? [{ to: viewer.isBooker ? "you" : seat.bookedBy.name, text: dispute.noteToBooker ?? "" }] : []),
    ...(viewer.isTutor || viewer.staff ? [{ to: viewer.isTutor ? "you" : "the tutor", text: dispute.noteToTutor ?? "" }] : []),
  ].filter((note) => note.text);
  return {
    disputeId: dispute.id,
    status: dispute.status,
    category: disputeCategoryLabel(dispute.category),
    description: dispute.description,
    reportedAt: dispute.createdAt.toISOString(),
    tutorMinutes: dispute.tutorMinutes,
    claimedMinutes: dispute.claimedMinutes,
    discrepancy: isDiscrepancy(dispute),
    tutorResponse: dispute.tutorResponse && dispute.tutorRespondedAt ? { text: dispute.tutorResponse, at: dispute.tutorRespondedAt.toISOString() } : null,
    mayRespond: viewer.isTutor && tutorSideRefusal(dispute) === null,
    resolution:
      dispute.status === "resolved" && dispute.resolvedAt && dispute.outcome && dispute.approvedMinutes !== null
        ? {
            at: dispute.resolvedAt.toISOString(),
            outcome: outcomeLabel(dispute.outcome),
            approvedMinutes: dispute.approvedMinutes,
            // Each side sees the money that concerns it: the refund to the booker, the pay to the tutor.
            refund: viewer.isBooker || viewer.staff ? (dispute.refundMinor ? money(dispute.refundMinor) : "No refund") : null,
            tutorPay: viewer.isTutor || viewer.staff ? money(dispute.tutorPayMinor) : null,
            notes,
          }
        : null,
    staffHref: viewer.staff ? `/coordinator/discrepancies/${dispute.id}` : null,
  };
}

/** The seat's state as the pages word it: an open answer overdue or not, and why nothing can be answered. */
function viewState(state: ReturnType<typeof seatConfirmation>, status: SessionStatus): SeatHoursView["state"] {
  switch (state.state) {
    case "open":
      return state.overdue ? "overdue" : "open";
    case "too_early":
    case "confirmed":
    case "disputed":
      return state.state;
    default:
      return status === "AWAITING_CONFIRMATION" ? "waiting_for_check_out" : "closed";
  }
}

/** What an emailed hours link shows: its seat's hours, as its recipient sees them. */
export async function describeHoursForLink(seatId: string, userId: string): Promise<(HoursView & { zone: string; seat: SeatHoursView }) | null> {
  const person = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, roles: true, timezone: true } });
  const seat = await prisma.participant.findUnique({ where: { id: seatId }, select: { sessionId: true } });
  if (!person || !seat) return null;
  const view = await getHoursView(person, seat.sessionId);
  const own = view?.seats.find((candidate) => candidate.seatId === seatId);
  return view && own ? { ...view, zone: person.timezone, seat: own } : null;
}

export type HoursLinkResult = { kind: "done"; sessionId: string } | { kind: "stale" } | { kind: "refused"; message: string };

class LinkAlreadyUsed extends Error {}

/**
 * Answers a seat's hours through its emailed link, as the booker it was sent to: `answer` is the
 * confirmation or the problem report. The link is used in the same transaction as the answer, after
 * the tutor's lock, so it answers once either way: a refused answer (too early) leaves it working, and
 * two uses at once (two answers, or the same one twice) apply one.
 */
export async function answerThroughHoursLink(
  token: string,
  answer: (person: Actor & { timezone: string }, seatId: string, within: SessionTx) => Promise<unknown>,
): Promise<HoursLinkResult> {
  const found = await readActionToken(token);
  if (found.state !== "valid" || found.purpose !== "hours.confirm") return { kind: "stale" };
  const person = await prisma.user.findUnique({ where: { id: found.userId }, select: { id: true, name: true, roles: true, timezone: true } });
  const seat = await prisma.participant.findUnique({ where: { id: found.subjectId }, select: { sessionId: true } });
  if (!person || !seat) return { kind: "stale" };
  try {
    await sessionTransaction(async (within) => {
      await lockTutorOfSession(within.tx, seat.sessionId);
      if (!(await consumeActionToken(within.tx, token, "hours.confirm", clock.now()))) throw new LinkAlreadyUsed();
      await answer(person, found.subjectId, within);
    });
  } catch (error) {
    if (error instanceof LinkAlreadyUsed) return { kind: "stale" };
    if (error instanceof DomainError) return { kind: "refused", message: error.message };
    throw error;
  }
  return { kind: "done", sessionId: seat.sessionId };
}

/** Confirms through an emailed link (`answerThroughHoursLink`). */
export function confirmHoursByLink(token: string, input: ConfirmHoursInput, meta: RequestMeta): Promise<HoursLinkResult> {
  return answerThroughHoursLink(token, (person, seatId, within) => confirmHours(person, seatId, input, meta, { within }));
}

/**
 * The job (every minute): one reminder to each booker whose window passed in silence, claimed with
 * FOR UPDATE SKIP LOCKED and marked in the same transaction, so two runners send it once; then, when the
 * policy turns it on, the system confirms the seats whose automatic mark passed.
 */
export async function followUpHoursConfirmations(options: { now?: DateTime; limit?: number } = {}): Promise<{ reminded: number; autoConfirmed: number }> {
  const now = options.now ?? clock.now();
  const limit = options.limit ?? 50;
  const policy = await getSessionPolicy();
  const reminded = await sessionTransaction(async ({ tx, after }) => {
    const claimed = await tx.$queryRaw<{ id: string; session_id: string }[]>`
      SELECT p.id, p.session_id FROM participants p JOIN tutoring_sessions s ON s.id = p.session_id
       WHERE s.status IN (${ANSWERING_SESSION_STATUSES_SQL}) AND ${SEAT_AWAITS_ANSWER_SQL} AND p.hours_reminder_sent_at IS NULL
         AND ${confirmationCountsFromPlus(policy.confirmationWindowHours)} <= ${now.toJSDate()}
       ORDER BY p.id
       LIMIT ${limit}
       FOR UPDATE OF p SKIP LOCKED`;
    if (claimed.length === 0) return 0;
    await tx.participant.updateMany({ where: { id: { in: claimed.map((row) => row.id) } }, data: { hoursReminderSentAt: now.toJSDate() } });
    for (const sessionId of new Set(claimed.map((row) => row.session_id))) {
      const session = (await loadAnsweringSession(tx, sessionId))!;
      const dueBy = confirmationDueAt(session, policy);
      for (const seat of session.participants.filter((candidate) => claimed.some((row) => row.id === candidate.id))) {
        const booker = seat.bookedBy as Person;
        await enqueueEmail(tx, {
          sessionId,
          ...hoursConfirmationReminderEmail({ recipientName: booker.name, recipientZone: booker.timezone, hours: hoursOf(session, seat), link: await hoursLink(tx, seat, dueBy) }),
          template: "hours-confirmation-reminder",
          to: { address: booker.email, name: booker.name },
        });
      }
      await recordAudit(tx, {
        actor: "system",
        action: "session.hours_reminder_sent",
        subject: { type: "TutoringSession", id: sessionId },
        after: { seatIds: claimed.filter((row) => row.session_id === sessionId).map((row) => row.id) },
      });
    }
    after.wakeOutbox();
    return claimed.length;
  });
  let autoConfirmed = 0;
  if (policy.autoConfirmAfterHours > 0) {
    const due = await prisma.$queryRaw<{ id: string }[]>`
      SELECT p.id FROM participants p JOIN tutoring_sessions s ON s.id = p.session_id
       WHERE s.status IN (${ANSWERING_SESSION_STATUSES_SQL}) AND ${SEAT_AWAITS_ANSWER_SQL} AND s.ends_at <= ${now.toJSDate()}
         AND ${confirmationCountsFromPlus(policy.autoConfirmAfterHours)} <= ${now.toJSDate()}
       ORDER BY p.id
       LIMIT ${limit}`;
    for (const seat of due) {
      try {
        await confirmHours("system", seat.id, {}, { ip: null, userAgent: null });
        autoConfirmed += 1;
      } catch (error) {
        // Answered or changed meanwhile (another runner, the booker just now): nothing left to do for it.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  return { reminded, autoConfirmed };
}

/**
 * A tutor's latest ratings with their comments, for their home page (the average comes with the
 * profile's tally). One statement: the home page is held to a latency budget.
 */
export async function recentTutorRatings(tutorId: string, take = 5) {
  type Row = { id: string; stars: number; comment: string; created_at: Date; session_id: string; student_name: string };
  const rows = await readRows<Row>(Prisma.sql`
    SELECT r.id, r.stars, r.comment, r.created_at, r.session_id, u.name AS student_name
      FROM session_ratings r JOIN participants p ON p.id = r.participant_id JOIN users u ON u.id = p.student_id
     WHERE r.tutor_id = ${tutorId}
     ORDER BY r.created_at DESC, r.id DESC
     LIMIT ${take}`);
  return rows.map((row) => ({
    id: row.id,
    stars: row.stars,
    comment: row.comment,
    ratedAt: row.created_at.toISOString(),
    sessionId: row.session_id,
    studentName: row.student_name,
  }));
}
