import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/coordinator.sessions.$sessionId.reassign";
import { prisma } from "../../app/services/db.server";
import { createUser } from "../factories";
import { callRoute } from "./route-fixtures";
import { at, paidBooking, tutorWithHours, useFakeStripe, weeklyTime } from "./session-fixtures";

// The move page as a browser without JavaScript calls it: who may, the status, the message beside the field, the input kept.
const fakeStripe = useFakeStripe();

async function setup() {
  const ana = await tutorWithHours("Ana Original");
  const bea = await tutorWithHours("Bea Free");
  const learner = await createUser({ roles: ["STUDENT"], name: "Sam Student" });
  const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent" });
  const coordinator = await createUser({ roles: ["COORDINATOR"], name: "Cora Coordinator", timezone: "Europe/London" });
  const booking = await paidBooking(fakeStripe(), learner, ana.id, weeklyTime(learner.id, at(3)));
  const here = { path: `/coordinator/sessions/${booking.sessionId}/reassign`, params: { sessionId: booking.sessionId } };
  return { ana, bea, learner, parent, coordinator, booking, here };
}

describe("/coordinator/sessions/:sessionId/reassign", () => {
  it("answers tutors, learners and parents 403 on the loader and the action, and moves nothing", async () => {
    const { ana, bea, learner, parent, here, booking } = await setup();
    const fields = { step: "confirm", tutorId: bea.id, payout: "full", reason: "Trying to move my own session.", notify: "yes" };
    for (const person of [ana, bea, learner, parent]) {
      expect((await callRoute(loader, { userId: person.id, ...here, at: DateTime.utc() })).status).toBe(403);
      expect((await callRoute(action, { userId: person.id, ...here, fields, at: DateTime.utc() })).status).toBe(403);
    }
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ tutorId: ana.id });
  });

  it("shows a coordinator the candidates; an unknown session is a 404", async () => {
    const { coordinator, here } = await setup();
    const page = await callRoute(loader, { userId: coordinator.id, ...here, at: DateTime.utc() });
    expect(page.status).toBe(200);
    expect((await page.json()).page).toMatchObject({ blocked: null, candidates: [{ name: "Bea Free" }], session: { tutorName: "Ana Original" } });
    const missing = await callRoute(loader, { userId: coordinator.id, path: "/coordinator/sessions/nope/reassign", params: { sessionId: "nope" }, at: DateTime.utc() });
    expect(missing.status).toBe(404);
  });

  it("bad input is a 400 beside the field with the input kept; preview, a changed preview 409 with a fresh one, then the move", async () => {
    const { coordinator, ana, bea, here, booking } = await setup();
    const post = (fields: Record<string, string>) => callRoute(action, { userId: coordinator.id, ...here, fields, at: DateTime.utc() });

    const bad = await post({ step: "preview", tutorId: "", payout: "partial", payoutAmount: "", reason: "short", notify: "yes" });
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(badBody.values).toMatchObject({ reason: "short", payout: "partial" });
    expect(Object.keys(badBody.errors).sort()).toEqual(["reason", "tutorId"]);
    const noAmount = await post({ step: "preview", tutorId: bea.id, payout: "partial", payoutAmount: "", reason: "Ana is away that week.", notify: "yes" });
    expect(noAmount.status).toBe(400);
    expect((await noAmount.json()).errors).toEqual({ payoutAmount: [expect.stringContaining("Enter the amount")] });

    const tooMuch = await post({ step: "preview", tutorId: bea.id, payout: "partial", payoutAmount: "99", reason: "Ana is away that week.", notify: "yes" });
    expect(tooMuch.status).toBe(400);
    expect((await tooMuch.json()).errors.payoutAmount).toEqual([expect.stringContaining("at most full pay")]);

    const notListed = await post({ step: "preview", tutorId: ana.id, payout: "full", reason: "Ana is away that week.", notify: "yes" });
    expect(notListed.status).toBe(400);
    expect((await notListed.json()).errors.tutorId).toEqual([expect.stringContaining("cannot take this session")]);

    const choice = { tutorId: bea.id, payout: "partial", payoutAmount: "20", reason: "Ana is away that week.", notify: "yes" };
    const preview = await post({ step: "preview", ...choice });
    expect(preview.status).toBe(200);
    expect((await preview.json()).preview).toMatchObject({ to: { name: "Bea Free" }, takeoverMinor: 4000, payout: { amountMinor: 2000, text: "£20.00" } });

    const stale = await post({ step: "confirm", ...choice, shownFromTutorId: ana.id, shownTakeoverMinor: "4000", shownPayoutMinor: "1000" });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ errors: { "": [expect.stringContaining("amounts changed")] }, preview: { payout: { amountMinor: 2000 } } });

    const done = await post({ step: "confirm", ...choice, shownFromTutorId: ana.id, shownTakeoverMinor: "4000", shownPayoutMinor: "2000" });
    expect([done.status, done.headers.get("location")]).toEqual([302, `/coordinator/sessions/${booking.sessionId}`]);
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).toMatchObject({ tutorId: bea.id });

    // A second post of the same form: the session is Bea's now, so it is refused, not repeated.
    const twice = await post({ step: "confirm", ...choice, shownFromTutorId: ana.id, shownTakeoverMinor: "4000", shownPayoutMinor: "2000" });
    expect(twice.status).toBe(409);
    expect(await prisma.tutorEarning.count()).toBe(1);
  });
});
