import { describe, expect, it } from "vitest";
import { createPolicyOverride, revokePolicyOverride } from "../../app/services/policy-overrides.server";
import { prisma } from "../../app/services/db.server";
import { proposeReschedule, respondToReschedule } from "../../app/services/reschedules.server";
import { atDate, createBookedSession, createStudent, createTutor, createUser, noMeta, testNow, useFixedClock } from "../factories";
import { refusalOf } from "./session-fixtures";

// An admin's per-session overrides of the reschedule policies (decision 030): each path honours its own,
// and each test first shows the refusal without it.
useFixedClock();

async function admin() {
  return createUser({ roles: ["ADMIN"], name: "Admin Ada" });
}
const lift = (
  actor: { id: string; roles: readonly ("ADMIN" | "COORDINATOR" | "TUTOR" | "STUDENT" | "PARENT")[] },
  sessionId: string,
  kind: "RESCHEDULE_CUTOFF" | "RESCHEDULE_LIMIT",
) => createPolicyOverride({ ...actor, name: "Admin Ada" } as never, sessionId, { kind, expiry: "UNTIL_START", reason: "Family emergency, confirmed by phone." }, noMeta);

describe("reschedule overrides", () => {
  it("RESCHEDULE_CUTOFF lets either side ask inside the cutoff, until it is revoked; never after the start", async () => {
    const boss = await admin();
    const tutor = await createTutor({ name: "Tutor Tess", hourlyRateMinor: 4999 });
    const learner = await createStudent("Student Sam");
    const session = await createBookedSession(tutor.id, learner, testNow().plus({ hours: 3 }).startOf("hour").toJSDate());
    const ask = () => proposeReschedule(learner, session.id, { startsAt: atDate(4, 14), reason: "Exam that day." }, noMeta);
    expect((await refusalOf(ask())).code).toBe("RESCHEDULE_CUTOFF");
    const override = await lift(boss, session.id, "RESCHEDULE_CUTOFF");
    await ask();
    expect(await prisma.rescheduleRequest.count({ where: { sessionId: session.id, status: "PENDING" } })).toBe(1);
    await respondToReschedule(learner, session.id, { action: "withdraw" }, noMeta);
    await revokePolicyOverride({ ...boss, name: "Admin Ada" } as never, session.id, { overrideId: override.id }, noMeta);
    expect((await refusalOf(ask())).code).toBe("RESCHEDULE_CUTOFF");
  });

  it("RESCHEDULE_LIMIT allows a third move at the student's request; the cutoff still applies", async () => {
    const boss = await admin();
    const tutor = await createTutor({ name: "Tutor Tess", hourlyRateMinor: 4999 });
    const learner = await createStudent("Student Sam");
    const session = await createBookedSession(tutor.id, learner, atDate(3, 10), { studentReschedules: 2 });
    const ask = (hour: number) => proposeReschedule(learner, session.id, { startsAt: atDate(4, hour), reason: "Exam that day." }, noMeta);
    expect((await refusalOf(ask(14))).code).toBe("RESCHEDULE_LIMIT");
    await lift(boss, session.id, "RESCHEDULE_LIMIT");
    await ask(14);
    await respondToReschedule(tutor, session.id, { action: "accept" }, noMeta);
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id }, select: { studentReschedules: true } })).toEqual({ studentReschedules: 3 });

    // The limit lifted is not the cutoff lifted.
    const soon = await createBookedSession(tutor.id, learner, testNow().plus({ hours: 3 }).startOf("hour").toJSDate(), { studentReschedules: 2 });
    await lift(boss, soon.id, "RESCHEDULE_LIMIT");
    expect((await refusalOf(proposeReschedule(learner, soon.id, { startsAt: atDate(5, 14), reason: "Exam that day." }, noMeta))).code).toBe("RESCHEDULE_CUTOFF");
  });

  it("only admins lift them", async () => {
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const tutor = await createTutor({ name: "Tutor Tess" });
    const learner = await createStudent("Student Sam");
    const session = await createBookedSession(tutor.id, learner, atDate(3, 10));
    expect((await refusalOf(lift(coordinator, session.id, "RESCHEDULE_LIMIT"))).code).toBe("FORBIDDEN");
  });
});
