import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { answerByLink, replacedProposalOf } from "../../app/services/action-links.server";
import { readActionToken } from "../../app/services/action-tokens.server";
import { prisma } from "../../app/services/db.server";
import { proposeReschedule, respondToReschedule } from "../../app/services/reschedules.server";
import { createUser, noMeta } from "../factories";

const HOUR = 3_600_000;
const at = (days: number, hour = 10) => DateTime.utc().plus({ days }).startOf("day").set({ hour }).toJSDate();
const emailsOf = (template: string) => prisma.emailMessage.findMany({ where: { template }, orderBy: { createdAt: "asc" } });
const linkTokens = (text: string) => [...text.matchAll(/\/a\/([A-Za-z0-9_-]+)/g)].map((match) => match[1]);

/** A UTC tutor free all day, a student, and their session three days ahead at 10:00 (rows written directly). */
async function setup() {
  const tutor = await createUser({ roles: ["TUTOR"], timezone: "UTC", name: "Tutor Tess" });
  await prisma.tutorProfile.create({
    data: { userId: tutor.id, subjects: ["Maths"], gradeLevels: ["HIGH"], hourlyRateMinor: 4999, currency: "GBP", durations: [60], paymentsEnabled: false },
  });
  await prisma.weeklyAvailability.createMany({ data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ tutorId: tutor.id, weekday, startMinute: 0, endMinute: 1440, timezone: "UTC" })) });
  const learner = await createUser({ roles: ["STUDENT"], timezone: "UTC", name: "Student Sam" });
  const startsAt = at(3, 10);
  const session = await prisma.tutoringSession.create({
    data: {
      tutorId: tutor.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + HOUR),
      timezone: "UTC",
      kind: "ONE_TO_ONE",
      status: "SCHEDULED",
      subject: "Maths",
      participants: { create: { studentId: learner.id, bookedById: learner.id, status: "CONFIRMED", confirmedAt: new Date() } },
    },
  });
  return { tutor, learner, session };
}

/** Issue 13 B8: a link retired by a counter-proposal is told apart from one that was used to answer. */
describe("a reschedule link replaced by a counter-proposal", () => {
  it("says who replaced the proposal; the links the counter sent, once used to answer, are only used", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: at(4, 14), reason: "I have a clash that morning." }, noMeta);
    const [studentAccept, studentReject] = linkTokens((await emailsOf("reschedule-proposed"))[0].text);
    expect(await replacedProposalOf(studentAccept, await readActionToken(studentAccept))).toBeNull(); // still valid

    await respondToReschedule(learner, session.id, { action: "counter", counterStartsAt: at(5, 9), reason: "Mornings suit me better." }, noMeta);
    for (const token of [studentAccept, studentReject]) {
      const link = await readActionToken(token);
      expect(link).toMatchObject({ state: "used" });
      expect(await replacedProposalOf(token, link)).toEqual({ byName: "Student Sam", byYou: true });
    }

    const [tutorAccept, tutorReject] = linkTokens((await emailsOf("reschedule-countered"))[0].text);
    expect(await answerByLink(tutorAccept, "accept", noMeta)).toEqual({ kind: "done", purpose: "reschedule.accept", intent: "accept" });
    for (const token of [tutorAccept, tutorReject]) {
      const link = await readActionToken(token);
      expect(link).toMatchObject({ state: "used" });
      expect(await replacedProposalOf(token, link)).toBeNull();
    }
    // The student's old links stay "replaced" after the request closed.
    expect(await replacedProposalOf(studentAccept, await readActionToken(studentAccept))).toEqual({ byName: "Student Sam", byYou: true });
  });

  it("says nothing of a link used to answer without a counter", async () => {
    const { tutor, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: at(4, 14), reason: "I have a clash that morning." }, noMeta);
    const [accept] = linkTokens((await emailsOf("reschedule-proposed"))[0].text);
    expect(await answerByLink(accept, "accept", noMeta)).toMatchObject({ kind: "done" });
    expect(await replacedProposalOf(accept, await readActionToken(accept))).toBeNull();
  });
});
