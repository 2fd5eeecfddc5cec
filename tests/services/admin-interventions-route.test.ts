import { describe, expect, it } from "vitest";
import { action as clearAction, loader as clearLoader } from "../../app/routes/coordinator.sessions.$sessionId.clear-no-show";
import { action as forceAction, loader as forceLoader } from "../../app/routes/coordinator.sessions.$sessionId.force-complete";
import { action as refundAction, loader as refundLoader } from "../../app/routes/coordinator.sessions.$sessionId.refund";
import { loader as staffLoader } from "../../app/routes/coordinator.sessions.$sessionId._index";
import { prisma } from "../../app/services/db.server";
import { createUser, useFixedClock } from "../factories";
import { callRoute } from "./route-fixtures";
import { checkedOutSession, utc } from "./session-fixtures";

// The intervention pages as a browser without JavaScript uses them: who gets in, 400s with the input kept, 409s with a fresh plan.
useFixedClock();
const AT = utc("2031-03-03T12:00:00Z");
const reason = "The check-out failed after the meeting.";

const ROUTES = [
  { name: "force complete", loader: forceLoader, action: forceAction, suffix: "force-complete" },
  { name: "clear a no-show", loader: clearLoader, action: clearAction, suffix: "clear-no-show" },
  { name: "manual refund", loader: refundLoader, action: refundAction, suffix: "refund" },
] as const;

describe("who may use the admin interventions", () => {
  it.each(ROUTES)("$name: admins in; coordinators, tutors, learners and parents get 403 on GET and POST; signed out goes to sign-in", async (route) => {
    const { tutor, learners, parents, sessionId } = await checkedOutSession(["Ada"]);
    const admin = await createUser({ roles: ["ADMIN"] });
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const path = `/coordinator/sessions/${sessionId}/${route.suffix}`;
    const params = { sessionId };
    expect((await callRoute(route.loader, { userId: admin.id, path, params, at: AT })).status).toBe(200);
    for (const userId of [coordinator.id, tutor.id, learners[0].id, parents[0].id]) {
      expect((await callRoute(route.loader, { userId, path, params, at: AT })).status).toBe(403);
      expect((await callRoute(route.action, { userId, path, params, at: AT, fields: { reason } })).status).toBe(403);
    }
    const signedOut = await callRoute(route.loader, { userId: null, path, params, at: AT });
    expect([signedOut.status, signedOut.headers.get("location")?.startsWith("/login")]).toEqual([302, true]);
    // An admin asking about a session that does not exist: 404.
    expect((await callRoute(route.loader, { userId: admin.id, path, params: { sessionId: "nope" }, at: AT })).status).toBe(404);
    expect(await prisma.auditEvent.count({ where: { action: { in: ["session.force_completed", "session.no_show_cleared", "session.manual_refund"] } } })).toBe(0);
  });

  it("the staff page lists the admin actions to admins only", async () => {
    const { sessionId } = await checkedOutSession(["Ada"]);
    const admin = await createUser({ roles: ["ADMIN"] });
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const call = (userId: string) => callRoute(staffLoader, { userId, path: `/coordinator/sessions/${sessionId}`, params: { sessionId }, at: AT });
    expect((await (await call(admin.id)).json()).isAdmin).toBe(true);
    expect((await (await call(coordinator.id)).json()).isAdmin).toBe(false);
  });
});

describe("the forms", () => {
  it("force complete: bad input is a 400 with the input kept; stale figures a 409 with the fresh plan; then it completes", async () => {
    const { sessionId } = await checkedOutSession(["Ada"]);
    const admin = await createUser({ roles: ["ADMIN"] });
    const path = `/coordinator/sessions/${sessionId}/force-complete`;
    const params = { sessionId };
    const shown = { shownStatus: "AWAITING_CONFIRMATION", shownSeats: "1", shownEarningsMinor: "4000" };
    const bad = await callRoute(forceAction, { userId: admin.id, path, params, at: AT, fields: { ...shown, actualMinutes: "500", reason: "short" } });
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(badBody.values).toMatchObject({ actualMinutes: "500", reason: "short" });
    expect(Object.keys(badBody.errors)).toEqual(["reason"]);
    const outOfBounds = await callRoute(forceAction, { userId: admin.id, path, params, at: AT, fields: { ...shown, actualMinutes: "500", reason } });
    expect(outOfBounds.status).toBe(400);
    expect((await outOfBounds.json()).errors.actualMinutes[0]).toMatch(/1 to 120 minutes/);
    const stale = await callRoute(forceAction, { userId: admin.id, path, params, at: AT, fields: { ...shown, shownStatus: "IN_PROGRESS", actualMinutes: "60", reason } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).plan.shown).toEqual({ shownStatus: "AWAITING_CONFIRMATION", shownSeats: 1, shownEarningsMinor: 4000 });
    const done = await callRoute(forceAction, { userId: admin.id, path, params, at: AT, fields: { ...shown, actualMinutes: "60", reason } });
    expect([done.status, done.headers.get("location")]).toEqual([302, `/coordinator/sessions/${sessionId}`]);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("COMPLETED");
    // Done already: the page says why, with no form.
    const after = await (await callRoute(forceLoader, { userId: admin.id, path, params, at: AT })).json();
    expect(after.plan.refusal).toMatch(/completed, so it cannot be completed/);
  });

  it("manual refund: too much is a 400 beside the amount; the page posted twice refunds once", async () => {
    const { sessionId, seatIds } = await checkedOutSession(["Ada"]);
    const admin = await createUser({ roles: ["ADMIN"] });
    const path = `/coordinator/sessions/${sessionId}/refund`;
    const params = { sessionId };
    const page = await (await callRoute(refundLoader, { userId: admin.id, path, params, at: AT })).json();
    expect(page.view.seats[0]).toMatchObject({ id: seatIds[0], leftMinor: 4000 });
    const fields = { seatId: seatIds[0], key: page.key, shownLeftMinor: "4000", reason };
    const tooMuch = await callRoute(refundAction, { userId: admin.id, path, params, at: AT, fields: { ...fields, amount: "40.01" } });
    expect(tooMuch.status).toBe(400);
    expect(await tooMuch.json()).toMatchObject({ values: { amount: "40.01", key: page.key }, errors: { amount: ["That is more than is left of this payment."] } });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const done = await callRoute(refundAction, { userId: admin.id, path, params, at: AT, fields: { ...fields, amount: "12.50" } });
      expect(done.status).toBe(302);
    }
    expect(await prisma.refund.findMany({ where: { reason: "ADMIN_MANUAL" }, select: { amountMinor: true } })).toEqual([{ amountMinor: 1250 }]);
  });
});
