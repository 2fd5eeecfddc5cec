import { z } from "zod";
import type { SessionPolicy } from "~/domain/policies/session-policies";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import type { SessionStatus } from "./status";

/*
 * Confirming a session's hours (issue 15). After the check-out (or a coordinator's attendance record)
 * a session is AWAITING_CONFIRMATION; each confirmed seat's booker then confirms the hours the tutor
 * recorded. The answer opens at the scheduled end (nobody confirms a session that has not finished)
 * and is due `confirmationWindowHours` after the later of that end and the moment the session began
 * to wait. Past that, the booker gets one reminder and coordinators follow up; with
 * `autoConfirmAfterHours` set, the system confirms a seat still silent then. Every window is
 * half-open: open from its first instant.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A rating can be changed for this long after the hours were confirmed. */
export const RATING_EDITABLE_DAYS = 7;
export const RATING_COMMENT_MAX = 1000;

export type ConfirmationPolicy = Pick<SessionPolicy, "confirmationWindowHours" | "autoConfirmAfterHours">;

/** What the rules read of a session. `confirmationOpenedAt` is null until it waits for confirmation. */
export type ConfirmableSession = { status: SessionStatus; endsAt: Date; confirmationOpenedAt: Date | null };
/** A seat's reported problem, when it has one (app/domain/disputes): open until a coordinator resolves it. */
export type SeatDispute = { status: "open" | "resolved"; outcome: "completed_as_is" | "completed_adjusted" | "cancelled" | null };
export type ConfirmableSeat = { status: string; hoursConfirmedAt: Date | null; dispute?: SeatDispute | null };

/** The instant the confirmation window counts from: the scheduled end, or the later start of the wait. */
export function confirmationCountsFrom(session: Pick<ConfirmableSession, "endsAt" | "confirmationOpenedAt">): Date {
  const opened = session.confirmationOpenedAt?.getTime() ?? 0;
  return new Date(Math.max(session.endsAt.getTime(), opened));
}

export function confirmationDueAt(session: Pick<ConfirmableSession, "endsAt" | "confirmationOpenedAt">, policy: ConfirmationPolicy): Date {
  return new Date(confirmationCountsFrom(session).getTime() + policy.confirmationWindowHours * HOUR_MS);
}

/** When the system confirms a silent seat, or null when the policy leaves that to coordinators. */
export function autoConfirmAt(session: Pick<ConfirmableSession, "endsAt" | "confirmationOpenedAt">, policy: ConfirmationPolicy): Date | null {
  if (policy.autoConfirmAfterHours <= 0) return null;
  return new Date(confirmationCountsFrom(session).getTime() + policy.autoConfirmAfterHours * HOUR_MS);
}

/**
 * Where one seat's confirmation stands at `now`:
 * - `not_awaiting`: the session is not waiting for confirmation (not checked out yet, or past it);
 * - `not_a_seat`: the seat holds no place (cancelled, never paid);
 * - `confirmed`: answered already; `disputed`: answered with a reported problem instead;
 * - `too_early`: the session has not reached its scheduled end;
 * - `open`: may be confirmed; `overdue` once the window has passed (follow-up time).
 */
export type SeatConfirmation =
  | { state: "not_awaiting" }
  | { state: "not_a_seat" }
  | { state: "confirmed"; at: Date }
  | { state: "disputed"; dispute: SeatDispute }
  | { state: "too_early"; opensAt: Date; minutesUntilOpen: number }
  | { state: "open"; dueAt: Date; overdue: boolean };

export function seatConfirmation(session: ConfirmableSession, seat: ConfirmableSeat, policy: ConfirmationPolicy, nowMs: number): SeatConfirmation {
  if (seat.status !== "CONFIRMED") return { state: "not_a_seat" };
  if (seat.hoursConfirmedAt) return { state: "confirmed", at: seat.hoursConfirmedAt };
  if (seat.dispute) return { state: "disputed", dispute: seat.dispute };
  // A group whose other seat reported a problem is DISPUTED, and this seat still answers for itself.
  if (session.status !== "AWAITING_CONFIRMATION" && session.status !== "DISPUTED") return { state: "not_awaiting" };
  const opensAtMs = session.endsAt.getTime();
  if (nowMs < opensAtMs) return { state: "too_early", opensAt: session.endsAt, minutesUntilOpen: Math.ceil((opensAtMs - nowMs) / MINUTE_MS) };
  const dueAt = confirmationDueAt(session, policy);
  return { state: "open", dueAt, overdue: nowMs >= dueAt.getTime() };
}

/** Who answers for a seat: its booker, staff on the booker's behalf, or the system (`autoConfirmAfterHours`). */
export type ConfirmingParty = "booker" | "staff" | "auto";

/**
 * Whether `party` may confirm the seat now, as a refusal to show (null: it may). Staff answer for a
 * booker only once the session has ended, like the booker; the system only once its own mark passed.
 */
export function confirmRefusal(
  session: ConfirmableSession,
  seat: ConfirmableSeat,
  party: ConfirmingParty,
  policy: ConfirmationPolicy,
  context: { nowMs: number; zone: string },
): DomainError | null {
  const state = seatConfirmation(session, seat, policy, context.nowMs);
  switch (state.state) {
    case "open": {
      if (party !== "auto") return null;
      const mark = autoConfirmAt(session, policy);
      return mark && context.nowMs >= mark.getTime() ? null : new DomainError("AUTO_CONFIRM_NOT_DUE", "The automatic confirmation is not due.");
    }
    case "too_early":
      return new DomainError(
        "CONFIRM_TOO_EARLY",
        `The session has not finished yet: its hours can be confirmed from ${formatInstant(state.opensAt, context.zone)}, in ${minutes(state.minutesUntilOpen)}.`,
      );
    case "confirmed":
      return new DomainError("ALREADY_CONFIRMED", `These hours were already confirmed, at ${formatInstant(state.at, context.zone)}.`);
    case "disputed":
      return new DomainError("ALREADY_DISPUTED", "A problem was reported with these hours, so a coordinator decides them now.");
    case "not_a_seat":
      return new DomainError("NOT_A_SEAT", "This booking holds no place in the session, so there are no hours to confirm.");
    case "not_awaiting":
      return new DomainError(
        "NOT_AWAITING_CONFIRMATION",
        session.status === "SCHEDULED" || session.status === "IN_PROGRESS"
          ? "The tutor has not checked out yet: the hours can be confirmed once they have."
          : "This session is not waiting for its hours to be confirmed.",
      );
  }
}

function minutes(count: number): string {
  if (count < 120) return `${count} minute${count === 1 ? "" : "s"}`;
  const hours = Math.floor(count / 60);
  return `${hours} hour${hours === 1 ? "" : "s"} ${count % 60} minute${count % 60 === 1 ? "" : "s"}`.replace(/ 0 minutes$/, "");
}

/** Where a seat that holds a place stands in answering for its hours. */
export type SeatAnswer = "waiting" | "confirmed" | "disputed" | "resolved";

export function seatAnswer(seat: ConfirmableSeat): SeatAnswer {
  if (seat.hoursConfirmedAt) return "confirmed";
  if (seat.dispute) return seat.dispute.status === "open" ? "disputed" : "resolved";
  return "waiting";
}

/**
 * The session's status once its seats stand as given (the seats still holding a place: a seat a
 * resolution cancelled has left them). Any problem still open keeps it DISPUTED; then any seat still
 * to answer keeps it waiting; otherwise it is COMPLETED, or CANCELLED when no seat is left.
 */
export function sessionStatusAfterAnswers(seats: readonly ConfirmableSeat[]): "AWAITING_CONFIRMATION" | "DISPUTED" | "COMPLETED" | "CANCELLED" {
  const answers = seats.filter((seat) => seat.status === "CONFIRMED").map(seatAnswer);
  if (answers.includes("disputed")) return "DISPUTED";
  if (answers.includes("waiting")) return "AWAITING_CONFIRMATION";
  return answers.length > 0 ? "COMPLETED" : "CANCELLED";
}

/**
 * What confirming one seat does: the seat is answered, and the session is COMPLETED when no other
 * seat still waits and no problem is open (a group completes with its last answer). Throws the
 * refusal otherwise.
 */
export type HoursConfirmationEffect = { seatId: string; via: ConfirmingParty; completesSession: boolean };

export function decideHoursConfirmation(
  session: ConfirmableSession & { seats: readonly (ConfirmableSeat & { id: string })[] },
  seatId: string,
  party: ConfirmingParty,
  policy: ConfirmationPolicy,
  context: { nowMs: number; zone: string },
): HoursConfirmationEffect {
  const seat = session.seats.find((candidate) => candidate.id === seatId);
  if (!seat) throw new DomainError("NOT_FOUND", "That booking is not part of this session.");
  const refusal = confirmRefusal(session, seat, party, policy, context);
  if (refusal) throw refusal;
  const answered = session.seats.map((other) => (other.id === seatId ? { ...other, hoursConfirmedAt: new Date(context.nowMs) } : other));
  return { seatId, via: party, completesSession: sessionStatusAfterAnswers(answered) === "COMPLETED" };
}

/** The one reminder to a silent booker: due once the window passed, never twice. */
export function isHoursReminderDue(session: ConfirmableSession, seat: ConfirmableSeat & { hoursReminderSentAt: Date | null }, policy: ConfirmationPolicy, nowMs: number): boolean {
  const state = seatConfirmation(session, seat, policy, nowMs);
  return state.state === "open" && state.overdue && seat.hoursReminderSentAt === null;
}

/** Until when a confirmed seat's rating can be given or changed. */
export function ratingEditableUntil(hoursConfirmedAt: Date): Date {
  return new Date(hoursConfirmedAt.getTime() + RATING_EDITABLE_DAYS * DAY_MS);
}

export function isRatingEditable(hoursConfirmedAt: Date | null, nowMs: number): boolean {
  return hoursConfirmedAt !== null && nowMs < ratingEditableUntil(hoursConfirmedAt).getTime();
}

const STARS_MESSAGE = "Choose from 1 to 5 stars, or leave the rating out.";

/**
 * The learner side's rating: stars 1–5 (blank means no rating) and a comment that needs stars. Plain
 * text, trimmed; length limits enforced here and in the database. `ratingShape` goes into each form
 * that carries a rating (with its other fields); `withRatingRules` adds the rule between the two.
 */
export const ratingShape = {
  stars: z
    .string()
    .optional()
    .transform((value, context) => {
      const stars = (value ?? "").trim();
      if (stars === "") return undefined;
      if (/^[1-5]$/.test(stars)) return Number(stars);
      context.addIssue({ code: "custom", message: STARS_MESSAGE });
      return z.NEVER;
    }),
  // Transforms rather than a pipe: conform's form parsing reads a piped schema's inner type and would
  // refuse the field a form leaves out (the staff's confirm has no comment). Characters are counted as
  // the database's char_length counts them (code points).
  comment: z
    .string()
    .optional()
    .transform((value, context) => {
      const comment = (value ?? "").replace(/\r\n/g, "\n").trim();
      if ([...comment].length <= RATING_COMMENT_MAX) return comment;
      context.addIssue({ code: "custom", message: `Keep the comment to ${RATING_COMMENT_MAX.toLocaleString("en")} characters or fewer.` });
      return z.NEVER;
    }),
};

export function withRatingRules<Shape extends typeof ratingShape>(schema: z.ZodObject<Shape>) {
  return schema.superRefine((value, context) => {
    const rating = value as { stars?: number; comment: string };
    if (rating.comment && rating.stars === undefined) context.addIssue({ code: "custom", path: ["stars"], message: "Choose the stars for your comment, from 1 to 5." });
  });
}

export const RatingSchema = withRatingRules(z.object(ratingShape));
export type RatingInput = z.output<typeof RatingSchema>;

/** A tutor's average for display: one decimal, or null with no ratings. */
export function averageRating(tally: { ratingCount: number; ratingSum: number }): { average: string; count: number } | null {
  if (tally.ratingCount <= 0) return null;
  return { average: (Math.round((tally.ratingSum / tally.ratingCount) * 10) / 10).toFixed(1), count: tally.ratingCount };
}
