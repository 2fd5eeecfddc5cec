import type { DateTime } from "luxon";
import {
  maxReschedulesFor,
  rescheduleCutoffHoursFor,
  snapshotOf,
  type ExpiryAction,
  type PolicySnapshot,
  type SessionPolicy,
  type SideRole,
} from "~/domain/policies/session-policies";
import { DomainError } from "~/domain/shared/errors";

const HOUR_MS = 3_600_000;

export type RescheduleStatus = "PENDING" | "ACCEPTED" | "REJECTED" | "WITHDRAWN" | "EXPIRED" | "CANCELLED_BY_STUDENT";

/**
 * A negotiation to move one session. Only the latest proposal is kept here (the service records each
 * step as an audit event). The party whose proposal is on the table is always the one not awaited.
 */
export type RescheduleRequest = {
  status: RescheduleStatus;
  /** Who asked to move the session first; an accepted move counts against this side. A parent acts as STUDENT. */
  initiatorRole: SideRole;
  /** The session's booked start: once it arrives the negotiation is over. */
  sessionStartsAt: Date;
  proposedStartsAt: Date;
  proposedEndsAt: Date;
  counterCount: number;
  /** Whose turn it is to answer; flips on each counter-proposal. */
  awaitingRole: SideRole;
  expiresAt: Date;
  /** What happens if the proposal goes unanswered, fixed when it was made so the person was told the truth. */
  onExpiry: ExpiryAction;
};

export type RescheduleAction = "accept" | "reject" | "counter" | "withdraw" | "cancel";
export type RescheduleEffect = "MOVE_SESSION" | "NONE" | "CANCEL_WITH_FULL_REFUND";

export type RescheduleOutcome = {
  request: RescheduleRequest;
  effect: RescheduleEffect;
  /** The side whose reschedule count goes up (only when the session moves). */
  countsAgainst: SideRole | null;
  policySnapshot: PolicySnapshot;
};

const SIDE_NAMES: Record<SideRole, string> = { STUDENT: "student", TUTOR: "tutor" };

export function otherSide(role: SideRole): SideRole {
  return role === "STUDENT" ? "TUTOR" : "STUDENT";
}

/** The side whose proposal is waiting for an answer. */
export function proposedBy(request: RescheduleRequest): SideRole {
  return otherSide(request.awaitingRole);
}

/**
 * Whether `role` may open a request now. Throws REQUEST_PENDING, RESCHEDULE_CUTOFF or RESCHEDULE_LIMIT,
 * in that order: an open request is the most useful thing to point at. Exactly at the cutoff is allowed.
 */
export function canRequestReschedule(input: {
  role: SideRole;
  sessionStartsAt: Date;
  now: DateTime;
  policy: SessionPolicy;
  reschedulesUsedByRole: number;
  hasPendingRequest: boolean;
  /** Active admin overrides for this session (decision 030): the cutoff, the count limit, or both lifted. */
  lifted?: { cutoff?: boolean; limit?: boolean };
}): void {
  const { role, sessionStartsAt, now, policy } = input;
  if (input.hasPendingRequest) {
    throw new DomainError("REQUEST_PENDING", "There is already a request to move this session. Answer or withdraw it before proposing another time.");
  }
  const cutoffHours = rescheduleCutoffHoursFor(policy, role);
  const msBefore = sessionStartsAt.getTime() - now.toMillis();
  // Nothing lifts "already started"; an override lifts only the hours before it.
  if (msBefore <= 0 || (msBefore < cutoffHours * HOUR_MS && !input.lifted?.cutoff)) {
    throw new DomainError(
      "RESCHEDULE_CUTOFF",
      `A ${SIDE_NAMES[role]} can ask to move a session up to ${cutoffHours} hours before it starts, and this one is closer than that. You can still cancel it.`,
    );
  }
  const max = maxReschedulesFor(policy, role);
  if (input.reschedulesUsedByRole >= max && !input.lifted?.limit) {
    throw new DomainError(
      "RESCHEDULE_LIMIT",
      `This session has already been moved ${max} ${max === 1 ? "time" : "times"} at the ${SIDE_NAMES[role]}'s request, the most allowed. You can still cancel it.`,
    );
  }
}

/** Opens a request after the same checks as canRequestReschedule. The proposal keeps the session's length. */
export function newRequest(input: Parameters<typeof canRequestReschedule>[0] & { sessionEndsAt: Date; proposedStartsAt: Date }): RescheduleOutcome {
  canRequestReschedule(input);
  const { role, sessionStartsAt, sessionEndsAt, proposedStartsAt, now, policy } = input;
  assertProposable(proposedStartsAt, now, [sessionStartsAt]);
  const lengthMs = sessionEndsAt.getTime() - sessionStartsAt.getTime();
  const request: RescheduleRequest = {
    status: "PENDING",
    initiatorRole: role,
    sessionStartsAt,
    proposedStartsAt,
    proposedEndsAt: new Date(proposedStartsAt.getTime() + lengthMs),
    counterCount: 0,
    awaitingRole: otherSide(role),
    expiresAt: answerDeadline(now, sessionStartsAt, proposedStartsAt, policy),
    onExpiry: policy.rescheduleExpiryAction,
  };
  return { request, effect: "NONE", countsAgainst: null, policySnapshot: requestSnapshot(policy, role) };
}

/**
 * One step of the negotiation. Every refusal is a DomainError: REQUEST_CLOSED, REQUEST_EXPIRED (now ≥
 * expiresAt), NOT_YOUR_TURN, TOO_MANY_COUNTERS, ONLY_INITIATOR_WITHDRAWS, ONLY_STUDENT_CANCELS, and
 * PROPOSED_TIME_* for a counter time that is missing, past or unchanged.
 */
export function respond(
  request: RescheduleRequest,
  input: { action: RescheduleAction; byRole: SideRole; now: DateTime; policy: SessionPolicy; counterTime?: Date },
): RescheduleOutcome {
  const { action, byRole, now, policy } = input;
  if (request.status !== "PENDING") {
    throw new DomainError(
      "REQUEST_CLOSED",
      `This request was already ${STATUS_WORDS[request.status]}, so it cannot be changed. Propose a new time if you still want to move the session.`,
    );
  }
  if (now.toMillis() >= request.expiresAt.getTime()) {
    throw new DomainError("REQUEST_EXPIRED", "This request ran out of time before it was answered. Propose a new time if you still want to move the session.");
  }
  const close = (status: RescheduleStatus, effect: RescheduleEffect = "NONE", snapshot: PolicySnapshot = {}): RescheduleOutcome => ({
    request: { ...request, status },
    effect,
    countsAgainst: effect === "MOVE_SESSION" ? request.initiatorRole : null,
    policySnapshot: snapshot,
  });

  switch (action) {
    case "accept":
      assertTurn(request, byRole);
      return close("ACCEPTED", "MOVE_SESSION", requestSnapshot(policy, request.initiatorRole));
    case "reject":
      assertTurn(request, byRole);
      return close("REJECTED");
    case "withdraw":
      // The party whose proposal is on the table takes it back; after a counter that is the counterer,
      // and the original initiator answers with reject instead. Either way the whole request closes.
      if (byRole === request.awaitingRole) {
        throw new DomainError("ONLY_INITIATOR_WITHDRAWS", "Only the side that proposed this time can withdraw it. You can accept it, reject it or suggest another time.");
      }
      return close("WITHDRAWN");
    case "cancel":
      // Free cancellation answers the tutor asking to move a booked session; a student's own request
      // must not become a way around the late-cancellation tiers. Any turn: the tutor started it.
      if (byRole !== "STUDENT" || request.initiatorRole !== "TUTOR") {
        throw new DomainError(
          "ONLY_STUDENT_CANCELS",
          byRole === "STUDENT"
            ? "A free cancellation is offered only when the tutor asks to move the session. You can withdraw this request, or cancel under the usual refund terms."
            : "Only the student can cancel in answer to your request. You can withdraw the request instead.",
        );
      }
      return close("CANCELLED_BY_STUDENT", "CANCEL_WITH_FULL_REFUND");
    case "counter": {
      assertTurn(request, byRole);
      if (request.counterCount >= policy.maxCounterProposals) {
        throw new DomainError("TOO_MANY_COUNTERS", `This request has had ${policy.maxCounterProposals} counter-proposals, the most allowed. Accept or reject the time proposed.`);
      }
      const startsAt = input.counterTime;
      assertProposable(startsAt, now, [request.sessionStartsAt, request.proposedStartsAt]);
      const lengthMs = request.proposedEndsAt.getTime() - request.proposedStartsAt.getTime();
      const next: RescheduleRequest = {
        ...request,
        proposedStartsAt: startsAt,
        proposedEndsAt: new Date(startsAt.getTime() + lengthMs),
        counterCount: request.counterCount + 1,
        awaitingRole: otherSide(byRole),
        expiresAt: answerDeadline(now, request.sessionStartsAt, startsAt, policy),
        onExpiry: policy.rescheduleExpiryAction,
      };
      return { request: next, effect: "NONE", countsAgainst: null, policySnapshot: snapshotOf(policy, COUNTER_KEYS) };
    }
  }
}

/**
 * Closes an unanswered request once its deadline has passed. `auto_accept` moves the session only when
 * the wait ran out while both the booked and the proposed time were still ahead: a deadline reached
 * because one of those times arrived always just expires.
 */
export function expireRequest(request: RescheduleRequest, now: DateTime): RescheduleOutcome {
  if (request.status !== "PENDING") {
    throw new DomainError("REQUEST_CLOSED", `This request was already ${STATUS_WORDS[request.status]}.`);
  }
  const nowMs = now.toMillis();
  if (nowMs < request.expiresAt.getTime()) {
    throw new DomainError("NOT_DUE", "This request is still waiting for an answer.");
  }
  const policySnapshot: PolicySnapshot = { rescheduleExpiryAction: request.onExpiry };
  const timesStillAhead = request.sessionStartsAt.getTime() > nowMs && request.proposedStartsAt.getTime() > nowMs;
  if (request.onExpiry === "auto_accept" && timesStillAhead) {
    return { request: { ...request, status: "ACCEPTED" }, effect: "MOVE_SESSION", countsAgainst: request.initiatorRole, policySnapshot };
  }
  return { request: { ...request, status: "EXPIRED" }, effect: "NONE", countsAgainst: null, policySnapshot };
}

/**
 * The answer is due after the policy's wait, but never after the booked start (the session then goes
 * ahead as booked) nor after the proposed start (accepting a time already gone makes no sense).
 */
function answerDeadline(now: DateTime, sessionStartsAt: Date, proposedStartsAt: Date, policy: SessionPolicy): Date {
  const waitEnds = now.toMillis() + policy.rescheduleRequestExpiryHours * HOUR_MS;
  return new Date(Math.min(waitEnds, sessionStartsAt.getTime(), proposedStartsAt.getTime()));
}

function assertTurn(request: RescheduleRequest, byRole: SideRole): void {
  if (byRole !== request.awaitingRole) {
    throw new DomainError("NOT_YOUR_TURN", `It is the ${SIDE_NAMES[request.awaitingRole]}'s turn to answer this request. You will hear when they do.`);
  }
}

/** A proposed start must be in the future and actually different. Whether it is free is the service's check. */
function assertProposable(startsAt: Date | undefined, now: DateTime, unchangedFrom: Date[]): asserts startsAt is Date {
  if (!startsAt || Number.isNaN(startsAt.getTime())) {
    throw new DomainError("PROPOSED_TIME_MISSING", "Choose the new time you are proposing.", "startsAt");
  }
  if (startsAt.getTime() <= now.toMillis()) {
    throw new DomainError("PROPOSED_TIME_PAST", "That time has already passed. Choose a time in the future.", "startsAt");
  }
  if (unchangedFrom.some((time) => time.getTime() === startsAt.getTime())) {
    throw new DomainError("PROPOSED_TIME_UNCHANGED", "That is a time already on the table. Choose a different time, or accept or reject instead.", "startsAt");
  }
}

const COUNTER_KEYS = ["maxCounterProposals", "rescheduleRequestExpiryHours", "rescheduleExpiryAction"] as const;

function requestSnapshot(policy: SessionPolicy, role: SideRole): PolicySnapshot {
  const perRole = role === "STUDENT" ? (["studentRescheduleCutoffHours", "studentMaxReschedules"] as const) : (["tutorRescheduleCutoffHours", "tutorMaxReschedules"] as const);
  return snapshotOf(policy, [...perRole, ...COUNTER_KEYS]);
}

const STATUS_WORDS: Record<RescheduleStatus, string> = {
  PENDING: "pending",
  ACCEPTED: "accepted",
  REJECTED: "rejected",
  WITHDRAWN: "withdrawn",
  EXPIRED: "expired",
  CANCELLED_BY_STUDENT: "answered by cancelling the session",
};
