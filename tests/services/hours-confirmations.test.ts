import { afterEach, describe, expect, it } from "vitest";
import { statusForDomainError } from "../../app/domain/shared/errors";
import { readActionToken } from "../../app/services/action-tokens.server";
import { recordAttendance } from "../../app/services/attendance-records.server";
import { prisma } from "../../app/services/db.server";
import { confirmHours, confirmHoursByLink, followUpHoursConfirmations, getHoursView, recentTutorRatings, saveRating } from "../../app/services/hours-confirmations.server";
import { createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { operationsOverview } from "../../app/services/operations.server";
import { operationsQuery } from "../../app/domain/sessions/operations-filters";
import { listOperations } from "../../app/services/operations-list.server";
import { getTutorPage } from "../../app/services/tutor-search.server";
import { getTutorProfile } from "../../app/services/tutors.server";
import { AFTER_END, checkedOutSession, refusalOf, utc } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the sessions run 10:00–11:00 UTC, checked in at 09:45.
useFixedClock();

afterEach(async () => {
  await prisma.policy.deleteMany({ where: { key: { in: ["autoConfirmAfterHours", "confirmationWindowHours"] } } });
});

const sessionRow = (id: string) => prisma.tutoringSession.findUniqueOrThrow({ where: { id }, select: { status: true, completedAt: true, confirmationOpenedAt: true } });
const seatRow = (id: string) =>
  prisma.participant.findUniqueOrThrow({ where: { id }, select: { hoursConfirmedAt: true, hoursConfirmedVia: true, hoursConfirmedById: true, hoursReminderSentAt: true } });
const tally = (tutorId: string) => prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutorId }, select: { ratingCount: true, ratingSum: true } });
const emailsTo = (address: string, template: string) => prisma.emailMessage.findMany({ where: { toAddress: address, template }, select: { subject: true, text: true } });
const tokenOf = (text: string) => /\/a\/([A-Za-z0-9_-]+)/.exec(text)![1];

describe("the check-out asks each booker to confirm the hours", () => {
  it("starts the wait and emails the parent who booked a link that shows the hours and changes nothing when opened", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada"]);
    expect(await sessionRow(sessionId)).toMatchObject({ status: "AWAITING_CONFIRMATION", confirmationOpenedAt: AFTER_END.toJSDate() });
    const [email] = await emailsTo(parents[0].email, "hours-confirmation-request");
    expect(email.subject).toBe("Please confirm the hours: Algebra on Mon 3 Mar");
    // In the parent's own zone: the tutor's times (the start as scheduled, the end at the check-out) are 10:00–11:05 UTC.
    expect(email.text).toContain("Actual time: Monday 3 March 2031, 05:00–06:05 (America New York, UTC−5)\nMinutes: 65");
    expect(email.text).toContain("Please answer by Wednesday 5 March 2031, 06:05");
    const link = await readActionToken(tokenOf(email.text));
    expect(link).toMatchObject({ state: "valid", purpose: "hours.confirm", subjectId: seatIds[0], userId: parents[0].id });
    expect((await seatRow(seatIds[0])).hoursConfirmedAt).toBeNull();
  });

  it("does the same when a coordinator records a session that had no check-out", async () => {
    const { sessionId, parents } = await checkedOutSession(["Ada"], null);
    expect((await sessionRow(sessionId)).confirmationOpenedAt).toBeNull();
    const coordinator = { ...(await createUser({ roles: ["COORDINATOR"], name: "Coordinator Cy", timezone: "UTC" })), timezone: "UTC" };
    const recordedAt = utc("2031-03-04T09:00:00Z");
    const input = { tutorAttendance: "present", actualStart: "10:00", actualEnd: "11:00", checkInSource: "web", checkOutSource: "admin_override", reason: "No check-out" } as const;
    await withClockFrozenAt(recordedAt, () => recordAttendance(coordinator, sessionId, input, {}, noMeta));
    expect(await sessionRow(sessionId)).toMatchObject({ status: "AWAITING_CONFIRMATION", confirmationOpenedAt: recordedAt.toJSDate() });
    const [email] = await emailsTo(parents[0].email, "hours-confirmation-request");
    // The window counts from the record, the later of it and the end: 48 hours on, in New York.
    expect(email.text).toContain("Please answer by Thursday 6 March 2031, 04:00");
  });
});

describe("confirming", () => {
  it("the booker confirms and rates: the session completes, the rating counts toward the tutor's average, all audited", async () => {
    const { tutor, sessionId, parents, seatIds } = await checkedOutSession(["Ada"]);
    const parent = { ...parents[0], timezone: "America/New_York" };
    const result = await withClockFrozenAt(utc("2031-03-03T12:00:00Z"), () => confirmHours(parent, seatIds[0], { rating: { stars: 4, comment: "Patient <and> clear" } }, noMeta));
    expect(result).toEqual({ sessionId, completed: true });
    expect(await sessionRow(sessionId)).toMatchObject({ status: "COMPLETED", completedAt: new Date("2031-03-03T12:00:00Z") });
    expect(await seatRow(seatIds[0])).toMatchObject({ hoursConfirmedVia: "booker", hoursConfirmedById: parent.id });
    expect(await tally(tutor.id)).toEqual({ ratingCount: 1, ratingSum: 4 });
    // The tutor sees it on their home; learners see the average on the tutor's public page.
    expect(await recentTutorRatings(tutor.id)).toMatchObject([{ stars: 4, comment: "Patient <and> clear", studentName: "Ada", sessionId }]);
    expect((await getTutorProfile(tutor.id))?.ratingCount).toBe(1);
    const range = { from: new Date("2031-03-04T00:00:00Z"), to: new Date("2031-03-05T00:00:00Z") };
    expect((await getTutorPage(tutor.id, range))?.tutor.rating).toEqual({ average: "4.0", count: 1 });
    const actions = await prisma.auditEvent.findMany({ where: { subjectId: sessionId }, orderBy: { id: "asc" }, select: { action: true } });
    expect(actions.map((event) => event.action).slice(-3)).toEqual(["session.hours_confirmed", "session.rated", "session.completed"]);
  });

  it("refuses a confirm before the scheduled end, with when it opens in the reader's zone, and writes nothing", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada"], utc("2031-03-03T10:35:00Z"));
    const parent = { ...parents[0], timezone: "America/New_York" };
    const refusal = await refusalOf(withClockFrozenAt(utc("2031-03-03T10:40:00Z"), () => confirmHours(parent, seatIds[0], {}, noMeta)));
    expect(refusal.code).toBe("CONFIRM_TOO_EARLY");
    expect(refusal.message).toBe("The session has not finished yet: its hours can be confirmed from Mon 3 Mar 2031, 06:00 GMT-5 (America/New_York), in 20 minutes.");
    expect(statusForDomainError(refusal)).toBe(409);
    expect((await sessionRow(sessionId)).status).toBe("AWAITING_CONFIRMATION");
    expect((await seatRow(seatIds[0])).hoursConfirmedAt).toBeNull();
  });

  it("only the booker or staff answer: the learner a parent booked for and the tutor are refused, a stranger sees nothing", async () => {
    const { tutor, learners, seatIds } = await checkedOutSession(["Ada"]);
    const stranger = { ...(await createUser({ name: "Stranger" })), timezone: "UTC" };
    const when = (run: () => Promise<unknown>) => refusalOf(withClockFrozenAt(utc("2031-03-03T12:00:00Z"), run));
    expect(await when(() => confirmHours({ ...learners[0], timezone: "UTC" }, seatIds[0], {}, noMeta))).toMatchObject({
      code: "FORBIDDEN",
      message: "Only Parent of Ada, who booked this place, confirms its hours.",
    });
    expect((await when(() => confirmHours(tutor, seatIds[0], {}, noMeta))).code).toBe("FORBIDDEN");
    // Not even when the tutor is an admin too: nobody confirms the hours of their own session.
    expect((await when(() => confirmHours({ ...tutor, roles: ["TUTOR", "ADMIN"] }, seatIds[0], {}, noMeta))).code).toBe("FORBIDDEN");
    expect((await when(() => confirmHours(stranger, seatIds[0], {}, noMeta))).code).toBe("NOT_FOUND");
    expect((await seatRow(seatIds[0])).hoursConfirmedAt).toBeNull();
  });

  it("a coordinator confirms on a silent booker's behalf, recorded as such, without a rating", async () => {
    const { sessionId, seatIds } = await checkedOutSession(["Ada"]);
    const coordinator = { ...(await createUser({ roles: ["COORDINATOR"], name: "Coordinator Cy", timezone: "UTC" })), timezone: "UTC" };
    await withClockFrozenAt(utc("2031-03-06T09:00:00Z"), () => confirmHours(coordinator, seatIds[0], { rating: { stars: 5, comment: "" } }, noMeta));
    expect(await seatRow(seatIds[0])).toMatchObject({ hoursConfirmedVia: "staff", hoursConfirmedById: coordinator.id });
    expect(await prisma.sessionRating.count({ where: { sessionId } })).toBe(0);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { subjectId: sessionId, action: "session.hours_confirmed" }, select: { reason: true, actorId: true } });
    expect(event).toEqual({ reason: "Confirmed on behalf of Parent of Ada", actorId: coordinator.id });
  });

  it("a group completes with the last seat's answer; each booker answers only for their own seat", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada", "Ben"]);
    const [adaParent, benParent] = parents.map((parent) => ({ ...parent, timezone: "America/New_York" }));
    await withClockFrozenAt(utc("2031-03-03T12:00:00Z"), async () => {
      expect((await refusalOf(confirmHours(adaParent, seatIds[1], {}, noMeta))).code).toBe("FORBIDDEN");
      expect(await confirmHours(adaParent, seatIds[0], {}, noMeta)).toEqual({ sessionId, completed: false });
      expect((await sessionRow(sessionId)).status).toBe("AWAITING_CONFIRMATION");
      expect(await confirmHours(benParent, seatIds[1], {}, noMeta)).toEqual({ sessionId, completed: true });
    });
    expect((await sessionRow(sessionId)).status).toBe("COMPLETED");
  });

  it("the page and the emailed link racing for one seat: one confirms, the other is told, the session completes once", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada"]);
    const parent = { ...parents[0], timezone: "America/New_York" };
    const [email] = await emailsTo(parents[0].email, "hours-confirmation-request");
    const results = await withClockFrozenAt(utc("2031-03-03T12:00:00Z"), () =>
      Promise.allSettled([confirmHours(parent, seatIds[0], {}, noMeta), confirmHoursByLink(tokenOf(email.text), {}, noMeta)]),
    );
    const pageConfirmed = results[0].status === "fulfilled";
    const linkConfirmed = results[1].status === "fulfilled" && results[1].value.kind === "done";
    expect([pageConfirmed, linkConfirmed].filter(Boolean)).toHaveLength(1);
    // The loser is told: the page with ALREADY_CONFIRMED, the link with a refusal (or a stale link).
    if (!pageConfirmed) expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "ALREADY_CONFIRMED" });
    else expect(results[1]).toMatchObject({ status: "fulfilled", value: { kind: expect.stringMatching(/^(refused|stale)$/) } });
    const completions = await prisma.auditEvent.count({ where: { subjectId: sessionId, action: "session.completed" } });
    expect(completions).toBe(1);
  });

  it("a link is used once: a second use is stale, and the page shows the hours confirmed", async () => {
    const { parents, sessionId } = await checkedOutSession(["Ada"]);
    const [email] = await emailsTo(parents[0].email, "hours-confirmation-request");
    const token = tokenOf(email.text);
    await withClockFrozenAt(utc("2031-03-03T12:00:00Z"), async () => {
      expect(await confirmHoursByLink(token, { rating: { stars: 5, comment: "" } }, noMeta)).toEqual({ kind: "done", sessionId });
      expect(await confirmHoursByLink(token, {}, noMeta)).toEqual({ kind: "stale" });
      const view = await getHoursView(parents[0], sessionId);
      expect(view?.seats[0]).toMatchObject({ state: "confirmed", rating: { stars: 5, comment: "" }, mayConfirmAs: null });
    });
  });

  it("a link used too early stays usable", async () => {
    const { parents } = await checkedOutSession(["Ada"], utc("2031-03-03T10:35:00Z"));
    const [email] = await emailsTo(parents[0].email, "hours-confirmation-request");
    const token = tokenOf(email.text);
    const early = await withClockFrozenAt(utc("2031-03-03T10:40:00Z"), () => confirmHoursByLink(token, {}, noMeta));
    expect(early.kind).toBe("refused");
    expect((await readActionToken(token)).state).toBe("valid");
  });
});

describe("ratings after the confirmation", () => {
  it("can be changed or removed for 7 days, keeping the tutor's tally exact, then not", async () => {
    const { tutor, parents, seatIds } = await checkedOutSession(["Ada"]);
    const parent = { ...parents[0], timezone: "America/New_York" };
    await withClockFrozenAt(utc("2031-03-03T12:00:00Z"), () => confirmHours(parent, seatIds[0], { rating: { stars: 2, comment: "" } }, noMeta));
    await withClockFrozenAt(utc("2031-03-05T12:00:00Z"), () => saveRating(parent, seatIds[0], { stars: 5, comment: "Better on reflection" }, noMeta));
    expect(await tally(tutor.id)).toEqual({ ratingCount: 1, ratingSum: 5 });
    expect(await withClockFrozenAt(utc("2031-03-06T12:00:00Z"), () => saveRating(parent, seatIds[0], { stars: undefined, comment: "" }, noMeta))).toBe("removed");
    expect(await tally(tutor.id)).toEqual({ ratingCount: 0, ratingSum: 0 });
    const late = await refusalOf(withClockFrozenAt(utc("2031-03-10T12:00:00Z"), () => saveRating(parent, seatIds[0], { stars: 3, comment: "" }, noMeta)));
    expect(late.code).toBe("RATING_CLOSED");
  });

  it("the database refuses stars outside 1–5 and an over-long comment, whatever writes them", async () => {
    const { tutor, parents, seatIds, sessionId } = await checkedOutSession(["Ada"]);
    const row = { participantId: seatIds[0], sessionId, tutorId: tutor.id, raterId: parents[0].id };
    await expect(prisma.sessionRating.create({ data: { ...row, stars: 6 } })).rejects.toThrow();
    await expect(prisma.sessionRating.create({ data: { ...row, stars: 5, comment: "x".repeat(1001) } })).rejects.toThrow();
    expect(await tally(tutor.id)).toEqual({ ratingCount: 0, ratingSum: 0 });
  });
});

describe("the follow-up job", () => {
  it("sends one reminder per silent booker once the window passed, even with two runners at once, and lists the session for coordinators", async () => {
    const { sessionId, parents, seatIds } = await checkedOutSession(["Ada"]);
    expect(await followUpHoursConfirmations({ now: utc("2031-03-05T11:04:59Z") })).toEqual({ reminded: 0, autoConfirmed: 0 });
    const due = utc("2031-03-05T11:05:00Z");
    const runs = await Promise.all([followUpHoursConfirmations({ now: due }), followUpHoursConfirmations({ now: due })]);
    expect(runs.map((run) => run.reminded).sort()).toEqual([0, 1]);
    expect(await emailsTo(parents[0].email, "hours-confirmation-reminder")).toHaveLength(1);
    expect((await seatRow(seatIds[0])).hoursReminderSentAt).toEqual(due.toJSDate());
    expect(await followUpHoursConfirmations({ now: due.plus({ days: 1 }) })).toEqual({ reminded: 0, autoConfirmed: 0 });
    // The coordinators' follow-up: counted on their home, listed behind it, until the hours are answered.
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const before = await withClockFrozenAt(due.minus({ seconds: 1 }), () => listOperations(coordinator, operationsQuery({ attention: ["confirmation-overdue"] }, "UTC")));
    expect(before.rows.map((row) => row.id)).not.toContain(sessionId);
    const listed = await withClockFrozenAt(due, () => listOperations(coordinator, operationsQuery({ attention: ["confirmation-overdue"] }, "UTC")));
    expect(listed.rows.map((row) => row.id)).toContain(sessionId);
    expect((await withClockFrozenAt(due, () => operationsOverview("UTC"))).sessions.confirmationOverdue).toBeGreaterThanOrEqual(1);
    await withClockFrozenAt(due, () => confirmHours({ ...coordinator, timezone: "UTC" }, seatIds[0], {}, noMeta));
    const after = await withClockFrozenAt(due, () => listOperations(coordinator, operationsQuery({ attention: ["confirmation-overdue"] }, "UTC")));
    expect(after.rows.map((row) => row.id)).not.toContain(sessionId);
  });

  it("confirms silent seats automatically only when the policy says so, and only after its mark", async () => {
    const { sessionId, seatIds } = await checkedOutSession(["Ada"]);
    const late = utc("2031-03-10T11:05:00Z");
    expect((await withClockFrozenAt(late, () => followUpHoursConfirmations({ now: late }))).autoConfirmed).toBe(0);
    await prisma.policy.create({ data: { key: "autoConfirmAfterHours", value: 72 } });
    const early = utc("2031-03-06T11:04:00Z");
    expect((await withClockFrozenAt(early, () => followUpHoursConfirmations({ now: early }))).autoConfirmed).toBe(0);
    const mark = utc("2031-03-06T11:05:00Z");
    expect((await withClockFrozenAt(mark, () => followUpHoursConfirmations({ now: mark }))).autoConfirmed).toBe(1);
    expect(await seatRow(seatIds[0])).toMatchObject({ hoursConfirmedVia: "auto", hoursConfirmedById: null });
    expect((await sessionRow(sessionId)).status).toBe("COMPLETED");
  });
});
