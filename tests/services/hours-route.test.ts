import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { action as linkAction, loader as linkLoader } from "../../app/routes/a.$token";
import { action } from "../../app/routes/sessions.$sessionId";
import { checkIn, checkOut } from "../../app/services/attendance.server";
import { prisma } from "../../app/services/db.server";
import { createSessionWithSeats, createStudent, createTutor, createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { callRoute } from "./route-fixtures";

// The hours forms as a browser without JavaScript posts them: the status, the message beside the seat, the input kept.
useFixedClock();

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const AFTER_END = utc("2031-03-03T12:00:00Z");

function post(userId: string | null, path: string, params: Record<string, string>, fields: Record<string, string>, run: typeof action | typeof linkAction): Promise<Response> {
  return callRoute(run, { userId, path, params, fields, at: AFTER_END });
}

async function setup() {
  const tutor = { ...(await createTutor({ name: "Tutor Tess" })), timezone: "UTC" };
  const child = await createStudent("Maya Child");
  const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent", timezone: "UTC" });
  const { sessionId, participantIds } = await createSessionWithSeats(tutor.id, 2, [{ studentId: child.id, bookedById: parent.id, status: "CONFIRMED" }]);
  await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => checkIn(tutor, sessionId, noMeta));
  await withClockFrozenAt(utc("2031-03-03T11:02:00Z"), () => checkOut(tutor, sessionId, {}, noMeta));
  return { tutor, child, parent, sessionId, seatId: participantIds[0] };
}

const confirmed = async (seatId: string) => (await prisma.participant.findUniqueOrThrow({ where: { id: seatId } })).hoursConfirmedAt;

describe("the hours forms on the session page", () => {
  it("bad stars and a comment without stars are 400s beside the stars, the comment kept, nothing written; then the confirm redirects with a flash", async () => {
    const { parent, sessionId, seatId } = await setup();
    const here = { path: `/sessions/${sessionId}`, params: { sessionId } };
    const bad = await post(parent.id, here.path, here.params, { intent: "confirm-hours", seatId, stars: "9", comment: "Kind" }, action);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      hours: { seatId, intent: "confirm-hours", values: { stars: "9", comment: "Kind" }, errors: { stars: ["Choose from 1 to 5 stars, or leave the rating out."] } },
    });
    const noStars = await post(parent.id, here.path, here.params, { intent: "confirm-hours", seatId, comment: "Kind" }, action);
    expect((await noStars.json()).hours.errors).toEqual({ stars: ["Choose the stars for your comment, from 1 to 5."] });
    expect(await confirmed(seatId)).toBeNull();

    const done = await post(parent.id, here.path, here.params, { intent: "confirm-hours", seatId, stars: "5", comment: "Kind" }, action);
    expect([done.status, done.headers.get("location")]).toEqual([302, here.path]);
    expect(done.headers.get("set-cookie")).toContain("td_flash=");
    expect(await confirmed(seatId)).not.toBeNull();
    // A second confirm is a conflict shown beside the seat, not an error page.
    const again = await post(parent.id, here.path, here.params, { intent: "confirm-hours", seatId }, action);
    expect(again.status).toBe(409);
    expect((await again.json()).hours.errors[""][0]).toMatch(/^These hours were already confirmed, at /);
  });

  it("the learner a parent booked for is refused with the 403 page; a stranger finds nothing (404)", async () => {
    const { child, sessionId, seatId } = await setup();
    const here = { path: `/sessions/${sessionId}`, params: { sessionId } };
    expect((await post(child.id, here.path, here.params, { intent: "confirm-hours", seatId }, action)).status).toBe(403);
    const stranger = await createStudent("Zoe Else");
    expect((await post(stranger.id, here.path, here.params, { intent: "confirm-hours", seatId }, action)).status).toBe(404);
    expect(await confirmed(seatId)).toBeNull();
  });

  it("the emailed link confirms signed out, and refuses a rating change (that is the session page's)", async () => {
    const { parent, seatId } = await setup();
    const email = await prisma.emailMessage.findFirstOrThrow({ where: { toAddress: parent.email, template: "hours-confirmation-request" } });
    const token = /\/a\/([A-Za-z0-9_-]+)/.exec(email.text)![1];
    const link = { path: `/a/${token}`, params: { token } };
    const rate = await post(null, link.path, link.params, { intent: "rate", seatId, stars: "4" }, linkAction as typeof action);
    expect(rate.status).toBe(400);
    const done = await post(null, link.path, link.params, { intent: "confirm-hours", seatId, stars: "4" }, linkAction as typeof action);
    expect([done.status, done.headers.get("location")]).toEqual([303, `/a/${token}?done=confirm`]);
    expect(await confirmed(seatId)).not.toBeNull();
    expect(await prisma.sessionRating.findUnique({ where: { participantId: seatId }, select: { stars: true } })).toEqual({ stars: 4 });
  });

  it("a link whose seat no longer waits for an answer (the session corrected to a no-show) shows nothing to confirm", async () => {
    const { parent, sessionId } = await setup();
    const email = await prisma.emailMessage.findFirstOrThrow({ where: { toAddress: parent.email, template: "hours-confirmation-request" } });
    const token = /\/a\/([A-Za-z0-9_-]+)/.exec(email.text)![1];
    await prisma.tutoringSession.update({ where: { id: sessionId }, data: { status: "NO_SHOW", noShowParty: "student" } });
    const args = { request: new Request(`http://localhost/a/${token}`), params: { token }, context: { memo: new Map(), nonce: "" } } as never;
    const page = (await withClockFrozenAt(AFTER_END, () => linkLoader(args))) as Response;
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ state: "valid", kind: "hours", hours: null });
  });
});
