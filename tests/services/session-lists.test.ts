/**
 * The session lists on the home pages and /sessions, read in one SQL query per list: what each side
 * sees, in which order, and which sessions and seats are left out.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";
import { listSessions, upcomingForHome } from "../../app/services/sessions.server";
import { createSessionWithSeats, createUser, testNow } from "../factories";
import { tutorWithHours } from "./session-fixtures";

describe("a tutor's sessions", () => {
  it("lists booked sessions soonest first, says who is coming and counts a group's seats", async () => {
    const tutor = await tutorWithHours("Tess Tutor");
    const [zoe, adam, bea] = await Promise.all([createUser({ name: "Zoe" }), createUser({ name: "Adam" }), createUser({ name: "Bea" })]);
    const group = await createSessionWithSeats(
      tutor.id,
      48,
      [
        { studentId: zoe.id, status: "CONFIRMED" },
        { studentId: adam.id, status: "CONFIRMED" },
        { studentId: bea.id, status: "HELD" },
      ],
      { kind: "GROUP", capacity: 4, title: "Exam practice" },
    );
    const single = await createSessionWithSeats(tutor.id, 24, [{ studentId: zoe.id, status: "CONFIRMED" }]);
    const unpaid = await createSessionWithSeats(tutor.id, 30, [{ studentId: adam.id, status: "HELD" }], { status: "PENDING_PAYMENT" });
    await createSessionWithSeats(tutor.id, 36, [{ studentId: bea.id, status: "EXPIRED" }], { status: "CANCELLED" });
    await createSessionWithSeats(tutor.id, 40, [{ studentId: bea.id, status: "CANCELLED" }], { status: "CANCELLED" });

    const { rows, hasMore } = await listSessions(tutor, { perspective: "tutor", when: "upcoming", page: 0 });
    expect(hasMore).toBe(false);
    expect(rows.map((row) => [row.sessionId, row.with, row.status, row.title])).toEqual([
      [single.sessionId, "Zoe", "Scheduled", "Maths"],
      [unpaid.sessionId, "Awaiting payment", "Awaiting payment", "Maths"],
      [group.sessionId, "Group: 2 of 4 booked, 1 paying", "Scheduled", "Exam practice"],
    ]);
    expect(rows[0]).toMatchObject({ kind: "ONE_TO_ONE", action: { label: "View session", href: `/sessions/${single.sessionId}` } });
  });

  it("keeps cancelled bookings in the past list, latest first, and pages by twenty", async () => {
    const tutor = await tutorWithHours("Paging Tutor");
    const learner = await createUser({ name: "Lee" });
    const cancelled = await createSessionWithSeats(tutor.id, -10, [{ studentId: learner.id, status: "CANCELLED" }], { status: "CANCELLED" });
    for (let hours = -30; hours > -30 - 20 * 3; hours -= 3)
      await createSessionWithSeats(tutor.id, hours, [{ studentId: learner.id, status: "CONFIRMED" }], { status: "COMPLETED" });
    await createSessionWithSeats(tutor.id, -100, [{ studentId: learner.id, status: "EXPIRED" }], { status: "CANCELLED" });

    const first = await listSessions(tutor, { perspective: "tutor", when: "past", page: 0 });
    expect(first.rows).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    expect(first.rows[0]).toMatchObject({ sessionId: cancelled.sessionId, status: "Cancelled" });
    expect(first.rows[1]).toMatchObject({ status: "Completed", with: "Lee" });
    const starts = first.rows.map((row) => row.startsAt);
    expect(starts).toEqual([...starts].sort().reverse());
    const second = await listSessions(tutor, { perspective: "tutor", when: "past", page: 1 });
    expect(second).toMatchObject({ hasMore: false, rows: [expect.objectContaining({ status: "Completed" })] });
  });

  it("names the replacement states, and lists a week in time order including cancellations", async () => {
    const tutor = await tutorWithHours("Week Tutor");
    const learner = await createUser({ name: "Lou" });
    const offered = await createSessionWithSeats(tutor.id, 26, [{ studentId: learner.id, status: "CONFIRMED" }], { reassignmentStatus: "PENDING_ACCEPTANCE" });
    const choosing = await createSessionWithSeats(tutor.id, 50, [{ studentId: learner.id, status: "CONFIRMED" }], { reassignmentStatus: "AWAITING_STUDENT_CHOICE" });
    const cancelled = await createSessionWithSeats(tutor.id, 28, [{ studentId: learner.id, status: "CANCELLED" }], { status: "CANCELLED" });
    await createSessionWithSeats(tutor.id, 24 * 9, [{ studentId: learner.id, status: "CONFIRMED" }]);

    const now = testNow();
    const week = await listSessions(tutor, { perspective: "tutor", when: "upcoming", page: 0, range: { from: now.toJSDate(), to: now.plus({ days: 7 }).toJSDate() } });
    expect(week.hasMore).toBe(false);
    expect(week.rows.map((row) => [row.sessionId, row.status])).toEqual([
      [offered.sessionId, "Offered to you: the student is confirming"],
      [cancelled.sessionId, "Cancelled"],
      [choosing.sessionId, "You cancelled: the student is choosing"],
    ]);
  });

  it("shows a tutor's home the next five and whether there are more", async () => {
    const tutor = await tutorWithHours("Home Tutor");
    const learner = await createUser({ name: "Hana" });
    for (let day = 1; day <= 6; day += 1) await createSessionWithSeats(tutor.id, 24 * day, [{ studentId: learner.id, status: "CONFIRMED" }]);
    const home = await upcomingForHome(tutor, "tutor");
    expect(home.rows).toHaveLength(5);
    expect(home.hasMore).toBe(true);
  });
});

describe("a learner's sessions", () => {
  it("shows a student their own seats and a parent their children's and the ones they booked, and nobody else's", async () => {
    const tutor = await tutorWithHours("Tara Tutor");
    const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent" });
    const child = await createUser({ name: "Kim Child" });
    const stranger = await createUser({ name: "Stranger" });
    const friend = await createUser({ name: "Friend" });
    await prisma.parentLink.create({ data: { parentId: parent.id, studentId: child.id } });

    const childSeat = await createSessionWithSeats(tutor.id, 24, [{ studentId: child.id, bookedById: parent.id, status: "CONFIRMED", payment: "PAID" }]);
    const processing = await createSessionWithSeats(tutor.id, 48, [{ studentId: child.id, status: "HELD", payment: "PROCESSING" }]);
    const bookedForFriend = await createSessionWithSeats(tutor.id, 72, [{ studentId: friend.id, bookedById: parent.id, status: "HELD", payment: "PENDING" }]);
    await createSessionWithSeats(tutor.id, 30, [{ studentId: stranger.id, status: "CONFIRMED" }]);
    await createSessionWithSeats(tutor.id, 36, [{ studentId: child.id, status: "CANCELLED" }], { status: "CANCELLED" });

    const asParent = await listSessions(parent, { perspective: "learner", when: "upcoming", page: 0 });
    expect(asParent.rows.map((row) => [row.sessionId, row.with, row.status, row.action])).toEqual([
      [childSeat.sessionId, "Tara Tutor · for Kim Child", "Confirmed", { label: "View session", href: `/sessions/${childSeat.sessionId}` }],
      [processing.sessionId, "Tara Tutor · for Kim Child", "Payment processing", { label: "Payment processing", href: `/bookings/${processing.participantIds[0]}` }],
      [bookedForFriend.sessionId, "Tara Tutor · for Friend", "Awaiting payment", { label: "Pay now", href: `/bookings/${bookedForFriend.participantIds[0]}` }],
    ]);
    expect(asParent.rows[0].key).toBe(childSeat.participantIds[0]);

    const asChild = await listSessions(child, { perspective: "learner", when: "upcoming", page: 0 });
    expect(asChild.rows.map((row) => [row.sessionId, row.with, row.status])).toEqual([
      [childSeat.sessionId, "Tara Tutor", "Confirmed"],
      [processing.sessionId, "Tara Tutor", "Payment processing"],
    ]);
    expect((await listSessions(friend, { perspective: "learner", when: "upcoming", page: 0 })).rows[0]).toMatchObject({
      status: "Awaiting payment",
      action: { label: "Awaiting payment" },
    });
    expect((await listSessions(stranger, { perspective: "learner", when: "past", page: 0 })).rows).toEqual([]);
  });

  it("lists one child's seats for their parent's child page, and nothing for a child the viewer is not linked to", async () => {
    const tutor = await tutorWithHours("Child Page Tutor");
    const parent = await createUser({ roles: ["PARENT"], name: "Pia Parent" });
    const [ada, ben, other] = await Promise.all([createUser({ name: "Ada" }), createUser({ name: "Ben" }), createUser({ name: "Other" })]);
    await prisma.parentLink.createMany({
      data: [
        { parentId: parent.id, studentId: ada.id },
        { parentId: parent.id, studentId: ben.id },
      ],
    });
    const adaSeat = await createSessionWithSeats(tutor.id, 24, [{ studentId: ada.id, bookedById: parent.id, status: "CONFIRMED", payment: "PAID" }]);
    await createSessionWithSeats(tutor.id, 30, [{ studentId: ben.id, bookedById: parent.id, status: "CONFIRMED", payment: "PAID" }]);
    const adaPast = await createSessionWithSeats(tutor.id, -48, [{ studentId: ada.id, status: "CONFIRMED", payment: "PAID" }], { status: "COMPLETED" });
    await createSessionWithSeats(tutor.id, 36, [{ studentId: other.id, status: "CONFIRMED" }]);

    const upcoming = await listSessions(parent, { perspective: "learner", when: "upcoming", page: 0, studentId: ada.id });
    expect(upcoming.rows.map((row) => [row.sessionId, row.with, row.status])).toEqual([[adaSeat.sessionId, "Child Page Tutor · for Ada", "Confirmed"]]);
    const past = await listSessions(parent, { perspective: "learner", when: "past", page: 0, studentId: ada.id });
    expect(past.rows.map((row) => row.sessionId)).toEqual([adaPast.sessionId]);
    // Not this parent's child: the filter narrows what the viewer may see, it never widens it.
    expect((await listSessions(parent, { perspective: "learner", when: "upcoming", page: 0, studentId: other.id })).rows).toEqual([]);
  });

  it("asks for the student's choice while a replacement is open, and shows finished and cancelled sessions as past", async () => {
    const tutor = await tutorWithHours("Quinn Tutor");
    const learner = await createUser({ name: "Sam" });
    const choosing = await createSessionWithSeats(tutor.id, 24, [{ studentId: learner.id, status: "CONFIRMED", payment: "PAID" }], {
      reassignmentStatus: "AWAITING_STUDENT_CHOICE",
    });
    const done = await createSessionWithSeats(tutor.id, -48, [{ studentId: learner.id, status: "CONFIRMED", payment: "PAID" }], { status: "COMPLETED" });
    const cancelled = await createSessionWithSeats(tutor.id, -24, [{ studentId: learner.id, status: "CANCELLED" }], { status: "CANCELLED" });
    await createSessionWithSeats(tutor.id, -72, [{ studentId: learner.id, status: "EXPIRED" }], { status: "CANCELLED" });

    const upcoming = await listSessions(learner, { perspective: "learner", when: "upcoming", page: 0 });
    expect(upcoming.rows).toEqual([
      expect.objectContaining({
        sessionId: choosing.sessionId,
        status: "Tutor cancelled: your choice is needed",
        action: { label: "Choose what happens", href: `/sessions/${choosing.sessionId}/replacement` },
      }),
    ]);
    const past = await listSessions(learner, { perspective: "learner", when: "past", page: 0 });
    expect(past.rows.map((row) => [row.sessionId, row.status, row.action.label])).toEqual([
      [cancelled.sessionId, "Cancelled", "View"],
      [done.sessionId, "Completed", "View"],
    ]);
  });
});
