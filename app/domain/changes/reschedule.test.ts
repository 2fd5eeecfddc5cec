import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SESSION_POLICY_DEFAULTS, type SessionPolicy, type SideRole } from "~/domain/policies/session-policies";
import { canRequestReschedule, expireRequest, newRequest, proposedBy, respond, type RescheduleAction, type RescheduleRequest } from "./reschedule";

const policy = SESSION_POLICY_DEFAULTS;
const HOUR = 3_600_000;
const now = DateTime.fromISO("2026-11-20T09:00:00Z", { zone: "utc" });
// Booked 5 days ahead, one hour long; the proposals are later that week.
const sessionStartsAt = new Date("2026-11-25T15:00:00Z");
const sessionEndsAt = new Date("2026-11-25T16:00:00Z");
const proposed = new Date("2026-11-26T15:00:00Z");
const counter = new Date("2026-11-27T10:00:00Z");
const later = (hours: number, seconds = 0) => now.plus({ hours, seconds });
const start = DateTime.fromJSDate(sessionStartsAt, { zone: "utc" });

const check = { sessionStartsAt, now, policy, reschedulesUsedByRole: 0, hasPendingRequest: false };
const open = (role: SideRole = "STUDENT", policyUsed: SessionPolicy = policy) =>
  newRequest({ ...check, role, policy: policyUsed, sessionEndsAt, proposedStartsAt: proposed }).request;
const act = (request: RescheduleRequest, action: RescheduleAction, byRole: SideRole, at = later(1), counterTime?: Date) =>
  respond(request, { action, byRole, now: at, policy, counterTime });
const refusedWith = (code: string) => expect.objectContaining({ name: "DomainError", code });

describe("asking to move a session", () => {
  it.each([
    ["STUDENT", start.minus({ hours: 4 }), 0, null],
    ["STUDENT", start.minus({ hours: 4 }).plus({ seconds: 1 }), 0, "RESCHEDULE_CUTOFF"],
    ["TUTOR", start.minus({ hours: 2 }), 0, null],
    ["TUTOR", start.minus({ hours: 2 }).plus({ seconds: 1 }), 0, "RESCHEDULE_CUTOFF"],
    ["TUTOR", start.minus({ hours: 3 }), 0, null], // inside the student's cutoff, not the tutor's
    ["STUDENT", now, 1, null],
    ["STUDENT", now, 2, "RESCHEDULE_LIMIT"],
    ["TUTOR", now, 2, "RESCHEDULE_LIMIT"],
    ["STUDENT", start.minus({ hours: 1 }), 2, "RESCHEDULE_CUTOFF"], // the cutoff is named first
  ] as const)("%s at %s having moved it %i times: %s", (role, at, used, code) => {
    const attempt = () => canRequestReschedule({ ...check, role, now: at, reschedulesUsedByRole: used });
    if (code === null) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(refusedWith(code));
  });

  it("is refused at and after the start even with no cutoff", () => {
    const noCutoff = { ...policy, studentRescheduleCutoffHours: 0 };
    expect(() => canRequestReschedule({ ...check, role: "STUDENT", policy: noCutoff, now: start.minus({ seconds: 1 }) })).not.toThrow();
    expect(() => canRequestReschedule({ ...check, role: "STUDENT", policy: noCutoff, now: start })).toThrow(refusedWith("RESCHEDULE_CUTOFF"));
  });

  it("points at an open request before anything else", () => {
    expect(() => canRequestReschedule({ ...check, role: "TUTOR", hasPendingRequest: true, reschedulesUsedByRole: 9 })).toThrow(refusedWith("REQUEST_PENDING"));
  });

  it("opens a request awaiting the other side, keeping the session's length", () => {
    const outcome = newRequest({ ...check, role: "TUTOR", sessionEndsAt, proposedStartsAt: proposed });
    expect(outcome.request).toEqual({
      status: "PENDING",
      initiatorRole: "TUTOR",
      sessionStartsAt,
      proposedStartsAt: proposed,
      proposedEndsAt: new Date("2026-11-26T16:00:00Z"),
      counterCount: 0,
      awaitingRole: "STUDENT",
      expiresAt: new Date(now.toMillis() + 48 * HOUR),
      onExpiry: "expire",
    });
    expect(proposedBy(outcome.request)).toBe("TUTOR");
    expect(outcome.effect).toBe("NONE");
    expect(outcome.policySnapshot).toEqual({
      tutorRescheduleCutoffHours: 2,
      tutorMaxReschedules: 2,
      maxCounterProposals: 3,
      rescheduleRequestExpiryHours: 48,
      rescheduleExpiryAction: "expire",
    });
  });

  it("runs the same checks when opening", () => {
    expect(() => newRequest({ ...check, role: "STUDENT", hasPendingRequest: true, sessionEndsAt, proposedStartsAt: proposed })).toThrow(refusedWith("REQUEST_PENDING"));
  });

  it("ends the wait at the booked start or the proposed start when either comes first", () => {
    const soon = start.minus({ hours: 10 });
    expect(newRequest({ ...check, role: "STUDENT", now: soon, sessionEndsAt, proposedStartsAt: proposed }).request.expiresAt).toEqual(sessionStartsAt);
    const early = new Date(now.toMillis() + 20 * HOUR);
    expect(newRequest({ ...check, role: "STUDENT", sessionEndsAt, proposedStartsAt: early }).request.expiresAt).toEqual(early);
  });

  it.each([
    [new Date(Number.NaN), "PROPOSED_TIME_MISSING"],
    [now.toJSDate(), "PROPOSED_TIME_PAST"],
    [sessionStartsAt, "PROPOSED_TIME_UNCHANGED"],
  ])("refuses proposing %s", (proposedStartsAt, code) => {
    expect(() => newRequest({ ...check, role: "STUDENT", sessionEndsAt, proposedStartsAt })).toThrow(expect.objectContaining({ code, field: "startsAt" }));
  });
});

describe("answering a request", () => {
  it("accept: the session moves and counts against the side that asked", () => {
    const outcome = act(open("STUDENT"), "accept", "TUTOR");
    expect(outcome).toMatchObject({ request: { status: "ACCEPTED" }, effect: "MOVE_SESSION", countsAgainst: "STUDENT" });
    expect(outcome.policySnapshot).toMatchObject({ studentMaxReschedules: 2 });
  });

  it("reject: the session stays", () => {
    expect(act(open("TUTOR"), "reject", "STUDENT")).toMatchObject({ request: { status: "REJECTED" }, effect: "NONE", countsAgainst: null });
  });

  it.each(["accept", "reject", "counter"] as const)("%s by the side that proposed is not its turn", (action) => {
    expect(() => act(open("STUDENT"), action, "STUDENT", later(1), counter)).toThrow(refusedWith("NOT_YOUR_TURN"));
  });

  it("accepts 1 s before the deadline and refuses at it and after", () => {
    const request = open("STUDENT");
    expect(act(request, "accept", "TUTOR", later(48, -1)).effect).toBe("MOVE_SESSION");
    for (const at of [later(48), later(60)]) {
      for (const action of ["accept", "reject", "counter", "withdraw"] as const) {
        expect(() => act(request, action, action === "withdraw" ? "STUDENT" : "TUTOR", at, counter)).toThrow(refusedWith("REQUEST_EXPIRED"));
      }
    }
  });

  it.each([
    ["ACCEPTED", "accept"],
    ["REJECTED", "counter"],
    ["WITHDRAWN", "withdraw"],
    ["EXPIRED", "reject"],
    ["CANCELLED_BY_STUDENT", "cancel"],
  ] as const)("a request already %s cannot take %s", (status, action) => {
    const closed = { ...open("TUTOR"), status };
    expect(() => act(closed, action, "STUDENT", later(1), counter)).toThrow(refusedWith("REQUEST_CLOSED"));
  });
});

describe("counter-proposals", () => {
  it("moves the turn, counts, restarts the wait and keeps the length", () => {
    const outcome = act(open("STUDENT"), "counter", "TUTOR", later(40), counter);
    expect(outcome.request).toMatchObject({
      status: "PENDING",
      initiatorRole: "STUDENT",
      proposedStartsAt: counter,
      proposedEndsAt: new Date("2026-11-27T11:00:00Z"),
      counterCount: 1,
      awaitingRole: "STUDENT",
      expiresAt: new Date(later(40).toMillis() + 48 * HOUR),
    });
    expect(outcome.effect).toBe("NONE");
    // The restarted wait lets the student answer after the first deadline would have passed.
    expect(act(outcome.request, "accept", "STUDENT", later(60))).toMatchObject({ effect: "MOVE_SESSION", countsAgainst: "STUDENT" });
  });

  it("allows three in total and refuses the fourth", () => {
    const times = ["2026-11-27T10:00:00Z", "2026-11-27T11:00:00Z", "2026-11-27T12:00:00Z", "2026-11-27T13:00:00Z"].map((iso) => new Date(iso));
    let request = open("STUDENT");
    const sides: SideRole[] = ["TUTOR", "STUDENT", "TUTOR"];
    sides.forEach((side, index) => {
      request = act(request, "counter", side, later(index + 1), times[index]).request;
    });
    expect(request).toMatchObject({ counterCount: 3, awaitingRole: "STUDENT", proposedStartsAt: times[2] });
    expect(() => act(request, "counter", "STUDENT", later(5), times[3])).toThrow(refusedWith("TOO_MANY_COUNTERS"));
    expect(act(request, "accept", "STUDENT", later(5)).effect).toBe("MOVE_SESSION");
  });

  it("follows the policy's limit", () => {
    expect(() => respond(open("STUDENT"), { action: "counter", byRole: "TUTOR", now: later(1), policy: { ...policy, maxCounterProposals: 0 }, counterTime: counter })).toThrow(
      refusedWith("TOO_MANY_COUNTERS"),
    );
  });

  it.each([
    [undefined, "PROPOSED_TIME_MISSING"],
    [later(1).toJSDate(), "PROPOSED_TIME_PAST"],
    [proposed, "PROPOSED_TIME_UNCHANGED"],
    [sessionStartsAt, "PROPOSED_TIME_UNCHANGED"],
  ])("refuses a counter at %s", (counterTime, code) => {
    expect(() => act(open("STUDENT"), "counter", "TUTOR", later(1), counterTime)).toThrow(refusedWith(code));
  });

  it("takes the expiry action in force when the counter is made", () => {
    const request = open("STUDENT");
    const countered = respond(request, { action: "counter", byRole: "TUTOR", now: later(1), policy: { ...policy, rescheduleExpiryAction: "auto_accept" }, counterTime: counter });
    expect([request.onExpiry, countered.request.onExpiry]).toEqual(["expire", "auto_accept"]);
  });
});

describe("withdrawing", () => {
  it("the initiator withdraws while pending", () => {
    expect(act(open("TUTOR"), "withdraw", "TUTOR")).toMatchObject({ request: { status: "WITHDRAWN" }, effect: "NONE" });
  });

  it("the other party cannot withdraw", () => {
    expect(() => act(open("TUTOR"), "withdraw", "STUDENT")).toThrow(refusedWith("ONLY_INITIATOR_WITHDRAWS"));
  });

  it("after a counter, the side whose proposal is pending withdraws; the initiator rejects instead", () => {
    const countered = act(open("STUDENT"), "counter", "TUTOR", later(1), counter).request;
    expect(act(countered, "withdraw", "TUTOR").request.status).toBe("WITHDRAWN");
    expect(() => act(countered, "withdraw", "STUDENT")).toThrow(refusedWith("ONLY_INITIATOR_WITHDRAWS"));
    expect(act(countered, "reject", "STUDENT").request.status).toBe("REJECTED");
  });
});

describe("cancelling instead", () => {
  it("a student answering the tutor's request cancels with a full refund", () => {
    expect(act(open("TUTOR"), "cancel", "STUDENT")).toMatchObject({
      request: { status: "CANCELLED_BY_STUDENT" },
      effect: "CANCEL_WITH_FULL_REFUND",
      countsAgainst: null,
    });
  });

  it("still may after countering, while the tutor is to answer", () => {
    const countered = act(open("TUTOR"), "counter", "STUDENT", later(1), counter).request;
    expect(act(countered, "cancel", "STUDENT").effect).toBe("CANCEL_WITH_FULL_REFUND");
  });

  it.each([
    ["the tutor", "TUTOR", "TUTOR"],
    ["the tutor, on the student's request", "STUDENT", "TUTOR"],
    ["a student, on their own request", "STUDENT", "STUDENT"],
  ] as const)("%s cannot", (_label, initiator, byRole) => {
    expect(() => act(open(initiator), "cancel", byRole)).toThrow(refusedWith("ONLY_STUDENT_CANCELS"));
  });

  it("a student on their own request, even after the tutor countered", () => {
    const countered = act(open("STUDENT"), "counter", "TUTOR", later(1), counter).request;
    expect(() => act(countered, "cancel", "STUDENT")).toThrow(refusedWith("ONLY_STUDENT_CANCELS"));
  });
});

describe("expiry", () => {
  it("is not due before the deadline", () => {
    expect(() => expireRequest(open("STUDENT"), later(48, -1))).toThrow(refusedWith("NOT_DUE"));
  });

  it("expires: the session stays", () => {
    expect(expireRequest(open("STUDENT"), later(48))).toMatchObject({
      request: { status: "EXPIRED" },
      effect: "NONE",
      countsAgainst: null,
      policySnapshot: { rescheduleExpiryAction: "expire" },
    });
  });

  it("auto-accepts: the session moves and counts against the side that asked", () => {
    const request = open("TUTOR", { ...policy, rescheduleExpiryAction: "auto_accept" });
    expect(expireRequest(request, later(48))).toMatchObject({ request: { status: "ACCEPTED" }, effect: "MOVE_SESSION", countsAgainst: "TUTOR" });
  });

  it("does not auto-accept once the booked start has arrived", () => {
    const atStart = start.minus({ hours: 10 });
    const request = newRequest({
      ...check,
      role: "TUTOR",
      now: atStart,
      policy: { ...policy, rescheduleExpiryAction: "auto_accept" },
      sessionEndsAt,
      proposedStartsAt: proposed,
    }).request;
    expect(expireRequest(request, start)).toMatchObject({ request: { status: "EXPIRED" }, effect: "NONE" });
  });

  it("leaves a closed request alone", () => {
    expect(() => expireRequest({ ...open("STUDENT"), status: "ACCEPTED" }, later(50))).toThrow(refusedWith("REQUEST_CLOSED"));
  });
});
