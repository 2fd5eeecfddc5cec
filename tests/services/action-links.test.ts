import { describe, expect, it } from "vitest";
import { answerByLink, replacedProposalOf } from "../../app/services/action-links.server";
import { readActionToken } from "../../app/services/action-tokens.server";
import { prisma } from "../../app/services/db.server";
import { proposeReschedule, respondToReschedule } from "../../app/services/reschedules.server";
import { atDate, createBookedSession, createTutor, createUser, noMeta, useFixedClock } from "../factories";

// A fixed Monday morning (3 March 2031, 08:00 UTC), so the links' deadlines never depend on when the suite runs.
useFixedClock();

const emailsOf = (template: string) => prisma.emailMessage.findMany({ where: { template }, orderBy: { createdAt: "asc" } });
const linkTokens = (text: string) => [...text.matchAll(/\/a\/([A-Za-z0-9_-]+)/g)].map((match) => match[1]);

/** A UTC tutor free all day, a student, and their session three days ahead at 10:00 (rows written directly). */
async function setup() {
  const tutor = await createTutor({ name: "Tutor Tess", hourlyRateMinor: 4999 });
  const learner = await createUser({ roles: ["STUDENT"], timezone: "UTC", name: "Student Sam" });
  const session = await createBookedSession(tutor.id, learner, atDate(3, 10));
  return { tutor, learner, session };
}

/** Issue 13 B8: a link retired by a counter-proposal is told apart from one that was used to answer. */
describe("a reschedule link replaced by a counter-proposal", () => {
  it("says who replaced the proposal; the links the counter sent, once used to answer, are only used", async () => {
    const { tutor, learner, session } = await setup();
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash that morning." }, noMeta);
    const [studentAccept, studentReject] = linkTokens((await emailsOf("reschedule-proposed"))[0].text);
    expect(await replacedProposalOf(studentAccept, await readActionToken(studentAccept))).toBeNull(); // still valid

    await respondToReschedule(learner, session.id, { action: "counter", counterStartsAt: atDate(5, 9), reason: "Mornings suit me better." }, noMeta);
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
    await proposeReschedule(tutor, session.id, { startsAt: atDate(4, 14), reason: "I have a clash that morning." }, noMeta);
    const [accept] = linkTokens((await emailsOf("reschedule-proposed"))[0].text);
    expect(await answerByLink(accept, "accept", noMeta)).toMatchObject({ kind: "done" });
    expect(await replacedProposalOf(accept, await readActionToken(accept))).toBeNull();
  });
});
