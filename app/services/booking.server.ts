import { Prisma } from "@prisma/client";
import { DateTime } from "luxon";
import type { BookingDetails, BookingRequest, MeetingType } from "~/domain/booking/forms";
import { sessionFieldsForBooking, type SessionFields } from "~/domain/booking/group-seat";
import { seatPriceMinor } from "~/domain/booking/pricing";
import { matchRequestedTime, refusal, type RequestedTime } from "~/domain/booking/requested-time";
import { BOOKING_POLICY_DEFAULTS, SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { snapshotOf } from "~/domain/policies/session-policies";
import { getSessionPolicy } from "./policies.server";
import type { BookableTime } from "~/domain/scheduling/bookable-times";
import { DomainError } from "~/domain/shared/errors";
import { hasRole, type Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { requireUser, type CurrentUser, type RequestArgs } from "./auth.server";
import { enqueueBookingConfirmedEmails } from "./booking-emails.server";
import { bookableTimesFor } from "./tutor-availability.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { lockPayer, lockTutor } from "./locks.server";
import { creditForBooking, grantCreditInTx } from "./credits.server";
import { isLearnerOverlap, placeSession, placementViolation } from "./session-core/placement.server";
import { transitionSeat, transitionSession } from "./session-core/transition.server";
import { sessionTransaction } from "./session-core/after-commit.server";
import { expireCheckoutsAtStripe, expireHoldsInTx, openCheckout, type CheckoutOrder } from "./payments.server";
import type { RequestMeta } from "./request-meta.server";

export type Booker = { id: string; name: string; email: string; timezone: string; roles: readonly Role[] };

/** The signed-in student or parent (visitors go to sign in and come back; other roles are refused with FORBIDDEN, a 403). */
export async function requireBooker(args: RequestArgs): Promise<CurrentUser> {
  const user = await requireUser(args);
  if (!hasRole(user.roles, "STUDENT") && !hasRole(user.roles, "PARENT")) {
    throw new DomainError("FORBIDDEN", "Only students and parents book sessions. Sign in with a student or parent account to book.");
  }
  return user;
}

/** The people a booker may book for: themselves (a student) and their linked children (a parent). */
export async function bookableStudents(booker: Booker): Promise<{ id: string; name: string }[]> {
  const students: { id: string; name: string }[] = [];
  if (hasRole(booker.roles, "STUDENT")) students.push({ id: booker.id, name: `${booker.name} (me)` });
  if (hasRole(booker.roles, "PARENT")) {
    const links = await prisma.parentLink.findMany({
      where: { parentId: booker.id },
      orderBy: { student: { name: "asc" } },
      select: { student: { select: { id: true, name: true } } },
    });
    students.push(...links.map((link) => link.student));
  }
  return students;
}

function requestFromDetails(details: Pick<BookingDetails, "slot" | "start" | "duration">): RequestedTime {
  if (details.slot) return { kind: "slot", slotId: details.slot };
  return { kind: "weekly", startsAt: new Date(details.start!), durationMinutes: details.duration ?? 0 };
}

type TutorForBooking = {
  id: string;
  name: string;
  timezone: string;
  subjects: string[];
  durations: number[];
  hourlyRateMinor: number;
  currency: string;
  paymentsEnabled: boolean;
  active: boolean;
};

async function loadTutor(db: Tx | typeof prisma, tutorId: string, lock: boolean): Promise<TutorForBooking | null> {
  // Every booking of one tutor takes this row lock first, so the availability check and the insert
  // below see every other booking of that tutor: no two holds for one time, no group over capacity.
  if (lock) await lockTutor(db as Tx, tutorId);
  // Raw SQL: the busiest write reads this on every booking, and Prisma compiles a relation query anew each time.
  const [row] = await db.$queryRaw<TutorForBooking[]>`
    SELECT u.id, u.name, u.timezone, p.subjects, p.durations, p.hourly_rate_minor AS "hourlyRateMinor", p.currency,
           p.payments_enabled AS "paymentsEnabled", p.active
      FROM tutor_profiles p JOIN users u ON u.id = p.user_id
     WHERE p.user_id = ${tutorId}`;
  return row ?? null;
}

async function loadSlot(db: Tx | typeof prisma, tutorId: string, slotId: string) {
  const slot = await db.slot.findFirst({
    where: { id: slotId, tutorId },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      kind: true,
      capacity: true,
      sessions: {
        where: { status: { not: "CANCELLED" } },
        select: { ...SESSION_FIELDS, _count: { select: { participants: { where: { status: { in: ["HELD", "CONFIRMED"] } } } } } },
      },
    },
  });
  if (!slot) return null;
  // A group slot has at most one live session (tutoring_sessions_one_live_per_slot): the one a new seat joins.
  const live = slot.kind === "GROUP" ? slot.sessions[0] : undefined;
  return {
    ...slot,
    seatsTaken: slot.sessions.reduce((seats, session) => seats + session._count.participants, 0),
    groupSession: live ? sessionFieldsOf(live) : null,
  };
}

const SESSION_FIELDS = { subject: true, title: true, description: true, meetingType: true, location: true } as const;

function sessionFieldsOf(row: { subject: string; title: string; description: string; meetingType: string; location: string | null }): SessionFields {
  return { subject: row.subject, title: row.title, description: row.description, meetingType: row.meetingType as MeetingType, location: row.location };
}

/** The time asked for, checked against the tutor's bookable times exactly as their page computes them. */
async function resolveTime(db: Tx | typeof prisma, tutor: TutorForBooking, request: RequestedTime, now: DateTime) {
  const slot = request.kind === "slot" ? await loadSlot(db, tutor.id, request.slotId) : null;
  const startsAt = request.kind === "slot" ? slot?.startsAt : request.startsAt;
  let times: BookableTime[] = [];
  if (startsAt && !Number.isNaN(startsAt.getTime())) {
    times = await bookableTimesFor(tutor.id, { from: startsAt, to: new Date(startsAt.getTime() + 1) }, { db: db as Tx, now });
  }
  const time = matchRequestedTime({ request, times, slot, offeredDurations: tutor.durations, policy: SCHEDULING_POLICY_DEFAULTS, now });
  return { time, times, slot };
}

export type BookingStep = {
  tutor: { id: string; name: string; timezone: string; subjects: string[]; rate: number; currency: string };
  time: { startsAt: string; endsAt: string; kind: "ONE_TO_ONE" | "GROUP"; slotId: string | null; seatsLeft: number; capacity: number; durationMinutes: number };
  /** Lengths bookable at this start (weekly times); the slot's own length for a dated slot. */
  durations: number[];
  /** Set when the asked length is not available at this start (the details step shows it beside the field). */
  durationError: string | null;
  students: { id: string; name: string }[];
  priceMinor: number;
  /**
   * The group session this seat would join, when the slot already has one (issue 13 B3): its subject,
   * title and meeting are set, so the steps show them instead of asking. Null when this booker names the session.
   */
  groupSession: Omit<SessionFields, "description"> | null;
};

/**
 * What the details and review steps show: the tutor, the chosen time (still bookable now), the lengths
 * on offer at that start, and who the booker may book for. Throws a DomainError naming why not.
 */
export async function getBookingStep(booker: Booker, tutorId: string, details: Pick<BookingDetails, "slot" | "start" | "duration">): Promise<BookingStep> {
  const tutor = await loadTutor(prisma, tutorId, false);
  if (!tutor || !tutor.active) throw new DomainError("TUTOR_UNAVAILABLE", "This tutor is not taking bookings at the moment.");
  const now = clock.now();
  const request = requestFromDetails(details);
  let time: BookableTime;
  let durations: number[];
  let durationError: string | null = null;
  let groupSession: BookingStep["groupSession"] = null;
  if (request.kind === "slot") {
    const resolved = await resolveTime(prisma, tutor, request, now);
    time = resolved.time;
    durations = [time.durationMinutes];
    // The first booker's notes stay theirs: a learner joining sees what the session is, not what they wrote.
    const live = resolved.slot?.groupSession;
    if (live) groupSession = { subject: live.subject, title: live.title, meetingType: live.meetingType, location: live.location };
  } else {
    // Every length offered at this start; none at all means the start itself is not bookable, and
    // asking with the shortest length names the reason (past, notice, horizon, taken).
    const times = Number.isNaN(request.startsAt.getTime())
      ? []
      : await bookableTimesFor(tutor.id, { from: request.startsAt, to: new Date(request.startsAt.getTime() + 1) }, { now });
    const atStart = times.filter((candidate) => candidate.source === "weekly" && candidate.startsAt.getTime() === request.startsAt.getTime());
    if (atStart.length === 0) await resolveTime(prisma, tutor, { ...request, durationMinutes: Math.min(...tutor.durations) }, now);
    if (atStart.length === 0) throw refusal("NOT_FREE");
    durations = [...new Set(atStart.map((candidate) => candidate.durationMinutes))].sort((a, b) => a - b);
    const asked = details.duration ? atStart.find((candidate) => candidate.durationMinutes === details.duration) : undefined;
    if (details.duration && !asked) durationError = `That length does not fit here: choose ${durations.join(", ")} minutes.`;
    time = asked ?? atStart[0];
  }
  const priceMinor = tutor.paymentsEnabled && env.paymentsEnabled ? seatPriceMinor(tutor.hourlyRateMinor, time.durationMinutes) : 0;
  return {
    tutor: { id: tutor.id, name: tutor.name, timezone: tutor.timezone, subjects: tutor.subjects, rate: tutor.hourlyRateMinor, currency: tutor.currency },
    time: {
      startsAt: time.startsAt.toISOString(),
      endsAt: time.endsAt.toISOString(),
      kind: time.kind,
      slotId: time.slotId,
      seatsLeft: time.seatsLeft,
      capacity: time.capacity,
      durationMinutes: time.durationMinutes,
    },
    durations,
    durationError,
    students: await bookableStudents(booker),
    priceMinor,
    groupSession,
  };
}

export type BookingResult = {
  participantId: string;
  sessionId: string;
  checkoutUrl: string | null;
  status: "HELD" | "CONFIRMED";
  checkoutError: string | null;
  /** Credit spent on this booking (decision 029); the card pays the rest through Checkout. */
  creditMinor: number;
};

/** The exclusion constraint on sessions said no: another booking took the time first. */
function isSessionOverlap(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}` : "";
  return /tutoring_sessions_no_overlap|tutoring_sessions_one_live_per_slot|23P01|exclusion constraint/i.test(text);
}

/**
 * Books one seat: holds it while the booker pays (Stripe Checkout), or confirms it at once when the
 * tutor takes no payment. One transaction decides, under the tutor's row lock; the database's
 * exclusion constraint backs it up. The Checkout session is created after the commit (a network
 * call never runs inside a transaction) with an idempotency key per payment.
 */
export async function createBooking(
  booker: Booker,
  tutorId: string,
  details: BookingRequest | BookingDetails,
  meta: RequestMeta,
  /** The credit the review page showed as applied: a different amount now is refused (CREDIT_CHANGED, 409). */
  options: { creditShownMinor?: number } = {},
): Promise<BookingResult> {
  if (!hasRole(booker.roles, "STUDENT") && !hasRole(booker.roles, "PARENT")) {
    throw new DomainError("FORBIDDEN", "Only students and parents can book sessions. Sign in with a student or parent account.");
  }
  const students = await bookableStudents(booker);
  const student = students.find((candidate) => candidate.id === details.student);
  if (!student) throw new DomainError("NOT_YOUR_STUDENT", "Choose yourself or one of your linked children.", "student");
  const request = requestFromDetails(details);

  let result: { participantId: string; sessionId: string; checkout: CheckoutOrder | null; status: "HELD" | "CONFIRMED"; expiredCheckouts: string[]; creditMinor: number };
  try {
    result = await sessionTransaction(
      async ({ tx, after }) => {
        const now = clock.now();
        const tutor = await loadTutor(tx, tutorId, true);
        if (!tutor || !tutor.active) throw new DomainError("TUTOR_UNAVAILABLE", "This tutor is not taking bookings at the moment.");
        // Holds that ran out free their time before this booking looks, whether or not the job has run yet.
        const expiredCheckouts = await expireHoldsInTx(tx, now, { tutorId }, after);
        // Not awaited: a booking does not wait for Stripe to close someone else's lapsed Checkout.
        if (expiredCheckouts.length > 0) after.add("expire Checkouts at Stripe", async () => void expireCheckoutsAtStripe(expiredCheckouts));
        const { time, slot } = await resolveTime(tx, tutor, request, now);
        // A seat in a group session that exists keeps the session's fields; a new session takes this booker's.
        const live =
          time.kind === "GROUP" && slot
            ? await tx.tutoringSession.findFirst({ where: { slotId: slot.id, status: { not: "CANCELLED" } }, select: { id: true, status: true, ...SESSION_FIELDS } })
            : null;
        const sessionFields = sessionFieldsForBooking(details, live ? sessionFieldsOf(live) : null);
        if (!live && !tutor.subjects.includes(sessionFields.subject))
          throw new DomainError("SUBJECT_NOT_TAUGHT", `${tutor.name} does not teach that subject. Choose one from the list.`, "subject");
        const startsAt = time.startsAt;
        const endsAt = time.source === "slot" ? time.endsAt : new Date(startsAt.getTime() + time.durationMinutes * 60_000);
        const free = !(tutor.paymentsEnabled && env.paymentsEnabled);
        const durationMinutes = Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
        const priceMinor = free ? 0 : seatPriceMinor(tutor.hourlyRateMinor, durationMinutes);

        // Credit pays first (decision 029): under the payer's lock (step 2b, before the learners'), the
        // balance read here is the one spent below, so two bookings never spend the same credit.
        if (priceMinor > 0) await lockPayer(tx, booker.id);
        const credit = await creditForBooking(booker.id, priceMinor, tutor.currency, tx);
        if (options.creditShownMinor !== undefined && options.creditShownMinor !== credit.creditMinor) {
          throw new DomainError(
            "CREDIT_CHANGED",
            "Your credit balance changed since this page was shown (another booking may have used it). Check the amounts below and confirm again.",
          );
        }

        // The one placement check (tutor, then every learner under their lock); a clash with this very
        // group reads "already booked into this session".
        await placeSession(tx, {
          tutorId,
          startsAt,
          endsAt,
          sessionId: null,
          learners: [student],
          tutor: { rule: "offered", time },
          now,
          viewer: booker,
          joiningSlotId: slot?.id ?? null,
        });

        // Free, or wholly paid with credit: confirmed now, with no Stripe call at all.
        const confirmNow = credit.chargeMinor === 0;
        const holdExpiresAt = confirmNow ? null : now.plus({ minutes: BOOKING_POLICY_DEFAULTS.holdMinutes }).toJSDate();

        let sessionId: string;
        let sessionIsNew = true;
        if (time.kind === "GROUP" && slot) {
          if (live) {
            sessionId = live.id;
            sessionIsNew = false;
            // A free (or credit-paid) seat confirms at once, and with it a group still waiting for its first payment.
            if (confirmNow && live.status === "PENDING_PAYMENT") {
              await transitionSession(tx, {
                sessionId: live.id,
                from: "PENDING_PAYMENT",
                to: "SCHEDULED",
                event: "payment_received",
                audit: { actor: booker, action: "session.scheduled", meta },
              });
            }
          } else {
            // The first student's choices name the group session; later students join it as it is.
            const created = await tx.tutoringSession.create({
              data: {
                tutorId,
                slotId: slot.id,
                startsAt,
                endsAt,
                timezone: tutor.timezone,
                kind: "GROUP",
                capacity: slot.capacity,
                status: confirmNow ? "SCHEDULED" : "PENDING_PAYMENT",
                priceMinor,
                currency: tutor.currency,
                ...sessionFields,
              },
              select: { id: true },
            });
            sessionId = created.id;
          }
        } else {
          const created = await tx.tutoringSession.create({
            data: {
              tutorId,
              slotId: slot?.id ?? null,
              startsAt,
              endsAt,
              timezone: tutor.timezone,
              kind: "ONE_TO_ONE",
              capacity: 1,
              status: confirmNow ? "SCHEDULED" : "PENDING_PAYMENT",
              priceMinor,
              currency: tutor.currency,
              ...sessionFields,
            },
            select: { id: true },
          });
          sessionId = created.id;
        }

        const seat = {
          bookedById: booker.id,
          status: confirmNow ? ("CONFIRMED" as const) : ("HELD" as const),
          priceMinor,
          currency: tutor.currency,
          holdExpiresAt,
          confirmedAt: confirmNow ? now.toJSDate() : null,
        };
        // A student whose earlier hold in this group expired (or who cancelled) takes their row back; a
        // session made just now has no seats yet.
        const previous = sessionIsNew
          ? null
          : await tx.participant.findUnique({ where: { sessionId_studentId: { sessionId, studentId: student.id } }, select: { id: true, status: true } });
        if (previous && (previous.status === "HELD" || previous.status === "CONFIRMED")) {
          throw new DomainError("ALREADY_BOOKED", `${student.id === booker.id ? "You are" : `${student.name} is`} already booked into this session.`);
        }
        if (previous) {
          const { status, ...rest } = seat;
          await transitionSeat(tx, { participantId: previous.id, from: previous.status, to: status, event: "rebooked", data: rest });
        }
        const participant = previous ?? (await tx.participant.create({ data: { sessionId, studentId: student.id, ...seat }, select: { id: true } }));

        // A paid seat has one payment: the card's part (amount) and the credit's; a credit-only one is paid now.
        const payment =
          priceMinor === 0
            ? null
            : await tx.payment.create({
                data: {
                  participantId: participant.id,
                  payerId: booker.id,
                  amountMinor: credit.chargeMinor,
                  creditMinor: credit.creditMinor,
                  currency: tutor.currency,
                  ...(confirmNow ? { status: "PAID" as const, paidAt: now.toJSDate() } : {}),
                },
                select: { id: true },
              });
        if (payment && credit.creditMinor > 0) {
          await grantCreditInTx(tx, {
            payerId: booker.id,
            amountMinor: -credit.creditMinor,
            currency: tutor.currency,
            kind: "applied",
            reason: `Booking of ${sessionFields.title || sessionFields.subject} on ${startsAt.toISOString().slice(0, 10)}`,
            actorId: booker.id,
            idempotencyKey: `credit-apply-${payment.id}`,
            sessionId,
            participantId: participant.id,
            paymentId: payment.id,
            meta,
          });
        }

        await recordAudit(tx, {
          actor: booker,
          action: confirmNow ? "booking.confirmed" : "booking.held",
          subject: { type: "Participant", id: participant.id },
          after: {
            sessionId,
            studentId: student.id,
            startsAt: startsAt.toISOString(),
            endsAt: endsAt.toISOString(),
            kind: time.kind,
            priceMinor,
            creditMinor: credit.creditMinor,
            chargeMinor: credit.chargeMinor,
            currency: tutor.currency,
            holdExpiresAt: holdExpiresAt?.toISOString() ?? null,
          },
          policySnapshot: {
            scheduling: SCHEDULING_POLICY_DEFAULTS,
            booking: BOOKING_POLICY_DEFAULTS,
            cancellation: snapshotOf(await getSessionPolicy(tx), ["fullRefundHours", "lateRefundHours", "lateRefundPercent", "cancellationCutoffHours"]),
          },
          meta,
        });
        if (confirmNow) {
          await enqueueBookingConfirmedEmails(tx, participant.id);
          after.wakeOutbox();
        }
        const checkout: CheckoutOrder | null =
          payment && holdExpiresAt
            ? {
                paymentId: payment.id,
                amountMinor: credit.chargeMinor,
                currency: tutor.currency,
                payerEmail: booker.email,
                participantId: participant.id,
                studentName: student.id === booker.id ? booker.name : student.name,
                holdExpiresAt,
                session: { subject: sessionFields.subject, title: sessionFields.title, startsAt, endsAt, timezone: tutor.timezone, tutorName: tutor.name },
              }
            : null;
        return { participantId: participant.id, sessionId, checkout, status: seat.status, expiredCheckouts, creditMinor: credit.creditMinor };
      },
      // A burst of bookings for one tutor queues on the row lock while holding pool connections; the
      // bookings behind them wait for a connection longer than Prisma's 2 s default and would fail
      // with P2028 (a 500) instead of a clear "not free".
      { timeout: 15_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (isLearnerOverlap(error)) throw placementViolation(error, [student], booker);
    if (isSessionOverlap(error)) throw refusal("NOT_FREE");
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw refusal(request.kind === "slot" ? "SESSION_FULL" : "NOT_FREE");
    throw error;
  }

  // Checkout opens after the commit too, but its URL is this call's answer, so it runs here rather than in the collector.
  const { creditMinor } = result;
  if (!result.checkout) return { participantId: result.participantId, sessionId: result.sessionId, checkoutUrl: null, status: result.status, checkoutError: null, creditMinor };
  try {
    const checkoutUrl = await openCheckout(result.checkout);
    return { participantId: result.participantId, sessionId: result.sessionId, checkoutUrl, status: "HELD", checkoutError: null, creditMinor };
  } catch (error) {
    console.error("starting Checkout failed", error);
    return {
      participantId: result.participantId,
      sessionId: result.sessionId,
      checkoutUrl: null,
      status: "HELD",
      checkoutError: "We could not reach the payment page. Your time is held: try Pay now in a moment.",
      creditMinor,
    };
  }
}
