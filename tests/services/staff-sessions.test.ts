/**
 * The list of every session that coordinators and admins get on /sessions (issue 13, B5): upcoming
 * soonest first, then the ended ones latest first, twenty a page, with the tutor, learners and status.
 */
import { describe, expect, it } from "vitest";
import { listAllSessions } from "../../app/services/staff-sessions.server";
import { createSessionWithSeats, createTutor, createUser } from "../factories";

/** The new session's id (a one-hour session `hours` from now, written directly: these tests read). */
const sessionAt = async (...args: Parameters<typeof createSessionWithSeats>) => (await createSessionWithSeats(...args)).sessionId;
/** A tutor with a profile and no weekly hours: the list reads sessions only. */
const tutor = (name: string) => createTutor({ name, weeklyHours: false });

describe("every session, for staff", () => {
  it("lists upcoming sessions soonest first, then ended ones latest first, with tutor, learners and status", async () => {
    const coordinator = await createUser({ roles: ["COORDINATOR"], name: "Cora Coordinator" });
    const [tess, tom] = await Promise.all([tutor("Tess Tutor"), tutor("Tom Tutor")]);
    const [zoe, adam, bea] = await Promise.all([createUser({ name: "Zoe" }), createUser({ name: "Adam" }), createUser({ name: "Bea" })]);
    const later = await sessionAt(tess.id, 48, [{ studentId: zoe.id, status: "CONFIRMED" }]);
    const group = await sessionAt(
      tom.id,
      24,
      [
        { studentId: zoe.id, status: "CONFIRMED" },
        { studentId: adam.id, status: "HELD" },
        { studentId: bea.id, status: "CANCELLED" },
      ],
      { kind: "GROUP", capacity: 4, title: "Exam practice" },
    );
    const cancelled = await sessionAt(tess.id, 30, [{ studentId: bea.id, status: "CANCELLED" }], { status: "CANCELLED" });
    const yesterday = await sessionAt(tess.id, -24, [{ studentId: adam.id, status: "CONFIRMED" }], { status: "COMPLETED" });
    const lastWeek = await sessionAt(tom.id, -24 * 7, [{ studentId: bea.id, status: "CONFIRMED" }], { status: "NO_SHOW" });

    const { rows, hasMore } = await listAllSessions(coordinator, { page: 0 });
    expect(hasMore).toBe(false);
    expect(rows.map((row) => [row.sessionId, row.title, row.tutorName, row.learners, row.status, row.upcoming])).toEqual([
      [group, "Exam practice", "Tom Tutor", ["Adam", "Zoe"], "Scheduled", true],
      [cancelled, "Maths", "Tess Tutor", ["Bea"], "Cancelled", true],
      [later, "Maths", "Tess Tutor", ["Zoe"], "Scheduled", true],
      [yesterday, "Maths", "Tess Tutor", ["Adam"], "Completed", false],
      [lastWeek, "Maths", "Tom Tutor", ["Bea"], "No-show", false],
    ]);
    expect(rows[0].href).toBe(`/sessions/${group}`);
  });

  it("pages by twenty across the upcoming and the ended sessions, and is for staff only", async () => {
    const admin = await createUser({ roles: ["ADMIN"] });
    const teacher = await tutor("Paging Tutor");
    const learner = await createUser({ name: "Lee" });
    const upcoming: string[] = [];
    for (let index = 0; index < 21; index += 1) upcoming.push(await sessionAt(teacher.id, 2 + 2 * index, [{ studentId: learner.id, status: "CONFIRMED" }]));
    const ended = [
      await sessionAt(teacher.id, -3, [], { status: "CANCELLED" }),
      await sessionAt(teacher.id, -6, [{ studentId: learner.id, status: "CONFIRMED" }], { status: "COMPLETED" }),
    ];

    const first = await listAllSessions(admin, { page: 0 });
    expect(first.hasMore).toBe(true);
    expect(first.rows.map((row) => row.sessionId)).toEqual(upcoming.slice(0, 20));
    const second = await listAllSessions(admin, { page: 1 });
    expect(second.hasMore).toBe(false);
    expect(second.rows.map((row) => row.sessionId)).toEqual([upcoming[20], ...ended]);
    expect(second.rows[1].learners).toEqual([]);
    expect((await listAllSessions(admin, { page: 2 })).rows).toEqual([]);

    await expect(listAllSessions(learner, { page: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listAllSessions(teacher, { page: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
