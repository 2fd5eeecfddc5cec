import { describe, expect, it } from "vitest";
import { action as linkAction } from "../../app/routes/a.$token";
import { action as caseAction, loader as caseLoader } from "../../app/routes/coordinator.discrepancies.$disputeId";
import { loader as listLoader } from "../../app/routes/coordinator.discrepancies._index";
import { action as sessionAction } from "../../app/routes/sessions.$sessionId";
import { prisma } from "../../app/services/db.server";
import { createUser, useFixedClock } from "../factories";
import { callRoute } from "./route-fixtures";
import { checkedOutSession, utc } from "./session-fixtures";

// The problem forms as a browser without JavaScript posts them: the status, the message beside the field, the input kept.
useFixedClock();
const AT = utc("2031-03-03T12:00:00Z");

const post = (run: Parameters<typeof callRoute>[0], userId: string | null, path: string, params: Record<string, string>, fields: Record<string, string>) =>
  callRoute(run, { userId, path, params, fields, at: AT });

async function reported() {
  const found = await checkedOutSession(["Ada"]);
  const here = { path: `/sessions/${found.sessionId}`, params: { sessionId: found.sessionId } };
  const done = await post(sessionAction, found.parents[0].id, here.path, here.params, {
    intent: "report-problem",
    seatId: found.seatIds[0],
    category: "tutor_late",
    description: "The tutor came twenty minutes late.",
    claimedMinutes: "40",
  });
  expect([done.status, done.headers.get("location")]).toEqual([302, here.path]);
  const dispute = await prisma.sessionDispute.findFirstOrThrow({ where: { sessionId: found.sessionId } });
  return { ...found, here, disputeId: dispute.id };
}

describe("reporting a problem on the session page", () => {
  it("bad input is a 400 beside each field with everything kept, and nothing is written", async () => {
    const { parents, seatIds, sessionId } = await checkedOutSession(["Ada"]);
    const here = { path: `/sessions/${sessionId}`, params: { sessionId } };
    const fields = { intent: "report-problem", seatId: seatIds[0], category: "", description: "Too short", claimedMinutes: "forty" };
    const bad = await post(sessionAction, parents[0].id, here.path, here.params, fields);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.hours).toMatchObject({ seatId: seatIds[0], intent: "report-problem", values: { category: "", description: "Too short", claimedMinutes: "forty" } });
    expect(Object.keys(body.hours.errors).sort()).toEqual(["category", "claimedMinutes", "description"]);
    expect(await prisma.sessionDispute.count()).toBe(0);
  });

  it("reports, then the tutor's side is added once: a second try is a 409 beside the form", async () => {
    const { tutor, here, seatIds, disputeId } = await reported();
    const side = { intent: "tutor-side", seatId: seatIds[0], disputeId, response: "I was on time; the link failed." };
    const first = await post(sessionAction, tutor.id, here.path, here.params, side);
    expect(first.status).toBe(302);
    const again = await post(sessionAction, tutor.id, here.path, here.params, side);
    expect(again.status).toBe(409);
    expect((await again.json()).hours.errors[""]).toEqual(["You have already added your side; a coordinator has it."]);
  });

  it("the emailed link reports signed out, and is then used up", async () => {
    const { parents, sessionId, seatIds } = await checkedOutSession(["Ada"]);
    const email = await prisma.emailMessage.findFirstOrThrow({ where: { toAddress: parents[0].email, template: "hours-confirmation-request" } });
    const token = /\/a\/([A-Za-z0-9_-]+)/.exec(email.text)![1];
    const link = { path: `/a/${token}`, params: { token } };
    // The page's form carries the seat; the link answers for its own seat whatever is posted.
    const fields = { intent: "report-problem", seatId: seatIds[0], category: "other", description: "The video kept freezing all through." };
    const done = await post(linkAction, null, link.path, link.params, fields);
    expect([done.status, done.headers.get("location")]).toEqual([303, `/a/${token}?done=report`]);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("DISPUTED");
    const again = await post(linkAction, null, link.path, link.params, fields);
    expect([again.status, again.headers.get("location")]).toEqual([303, `/a/${token}`]);
    expect(await prisma.sessionDispute.count({ where: { sessionId } })).toBe(1);
  });
});

describe("the coordinators' pages", () => {
  it("only staff see the list and the case; others are refused", async () => {
    const { parents, disputeId } = await reported();
    const staff = await createUser({ roles: ["COORDINATOR"], name: "Coordinator Cy", timezone: "UTC" });
    const list = await callRoute(listLoader, { userId: staff.id, path: "/coordinator/discrepancies", params: {}, at: AT });
    expect((await list.json()).rows).toHaveLength(1);
    expect((await callRoute(listLoader, { userId: parents[0].id, path: "/coordinator/discrepancies", params: {}, at: AT })).status).toBe(403);
    const path = `/coordinator/discrepancies/${disputeId}`;
    expect((await callRoute(caseLoader, { userId: parents[0].id, path, params: { disputeId }, at: AT })).status).toBe(403);
    expect((await callRoute(caseLoader, { userId: staff.id, path: "/coordinator/discrepancies/nope", params: { disputeId: "nope" }, at: AT })).status).toBe(404);
  });

  it("a resolution is previewed (nothing changes), refused with its fields kept when wrong, then done with the amounts shown", async () => {
    const { disputeId, sessionId } = await reported();
    const staff = await createUser({ roles: ["COORDINATOR"], name: "Coordinator Cy", timezone: "UTC" });
    const path = `/coordinator/discrepancies/${disputeId}`;
    const params = { disputeId };
    const choices = {
      intent: "resolve",
      outcome: "completed_adjusted",
      approvedMinutes: "40",
      refundPercent: "50",
      tutorPay: "partial",
      noteToBooker: "Half back.",
      noteToTutor: "Paid for 40 minutes.",
    };

    const bad = await post(caseAction, staff.id, path, params, { ...choices, step: "preview", refundPercent: "150", noteToTutor: "" });
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(Object.keys(badBody.resolution.errors).sort()).toEqual(["noteToTutor", "refundPercent"]);
    expect(badBody.resolution.values).toMatchObject({ refundPercent: "150", noteToBooker: "Half back." });

    // The seeded seat was £40.00 paid (no Stripe here: the refund row waits for the job).
    const preview = await post(caseAction, staff.id, path, params, { ...choices, step: "preview" });
    expect(preview.status).toBe(200);
    expect((await preview.json()).resolution.preview).toMatchObject({ refundMinor: 2000, tutorPayMinor: 2666, approvedMinutes: 40 });
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("DISPUTED");

    const stale = await post(caseAction, staff.id, path, params, { ...choices, step: "resolve", shownRefundMinor: "4000", shownTutorPayMinor: "2666" });
    expect(stale.status).toBe(409);
    expect((await stale.json()).resolution.preview).toMatchObject({ refundMinor: 2000 });

    const done = await post(caseAction, staff.id, path, params, { ...choices, step: "resolve", shownRefundMinor: "2000", shownTutorPayMinor: "2666" });
    expect([done.status, done.headers.get("location")]).toEqual([302, path]);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("COMPLETED");
    expect(await prisma.refund.findFirstOrThrow({ where: { idempotencyKey: `refund-dispute-${disputeId}` } })).toMatchObject({ amountMinor: 2000 });
  });
});
