import { describe, expect, it } from "vitest";
import { action as changeAction, loader as changeLoader } from "../../app/routes/coordinator.sessions.$sessionId.change";
import { action as bulkAction, loader as bulkLoader } from "../../app/routes/coordinator.sessions.bulk-cancel";
import { createSessionWithSeats, createStudent, createTutor, createUser, useFixedClock } from "../factories";
import { prisma } from "../../app/services/db.server";
import { callRoute } from "./route-fixtures";
import { checkedOutSession, utc } from "./session-fixtures";

// Who reaches the schedule change and bulk cancel pages, and what a bad form gets back.
useFixedClock();
const AT = utc("2031-03-03T08:30:00Z");

async function people() {
  const tutor = await createTutor({ name: "Tutor Tess" });
  const student = await createStudent("Sam Student");
  const parent = await createUser({ roles: ["PARENT"], timezone: "UTC" });
  const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
  const admin = await createUser({ roles: ["ADMIN"], timezone: "UTC" });
  const { sessionId } = await createSessionWithSeats(tutor.id, 26, [{ studentId: student.id, bookedById: parent.id, status: "CONFIRMED", payment: "PAID" }]);
  return { tutor, student, parent, coordinator, admin, sessionId };
}

const cancelFields = {
  type: "cancel",
  step: "preview",
  category: "OTHER",
  financial: "refund",
  refundPercent: "50",
  notify: "yes",
  payout: "none",
  payoutAmount: "",
  notes: "Closing the centre early.",
};

describe("the schedule change page", () => {
  it("is for coordinators and admins: the session's tutor, its student and its parent are refused (403), its loader and its action", async () => {
    const { tutor, student, parent, coordinator, admin, sessionId } = await people();
    const path = `/coordinator/sessions/${sessionId}/change?type=cancel`;
    const open = (userId: string) => callRoute(changeLoader, { userId, path, params: { sessionId }, at: AT });
    const post = (userId: string) => callRoute(changeAction, { userId, path, params: { sessionId }, at: AT, fields: cancelFields });
    for (const outsider of [tutor, student, parent]) {
      expect((await open(outsider.id)).status).toBe(403);
      expect((await post(outsider.id)).status).toBe(403);
    }
    expect((await callRoute(changeLoader, { userId: null, path, params: { sessionId }, at: AT })).status).toBe(302);
    for (const staff of [coordinator, admin]) {
      const page = await open(staff.id);
      expect(page.status).toBe(200);
      expect(await page.json()).toMatchObject({ type: "cancel", page: { refusals: { cancel: null, reschedule: null } } });
      const preview = await post(staff.id);
      expect(preview.status).toBe(200);
      expect(await preview.json()).toMatchObject({ cancel: { seats: [{ refundMinor: 2000 }], refundPercent: 50 } });
    }
    expect((await callRoute(changeLoader, { userId: coordinator.id, path: "/coordinator/sessions/nope/change", params: { sessionId: "nope" }, at: AT })).status).toBe(404);
  });

  it("answers bad input with 400 beside the field and the input kept, and a changed preview with 409", async () => {
    const { coordinator, sessionId } = await people();
    const path = `/coordinator/sessions/${sessionId}/change?type=cancel`;
    const bad = await callRoute(changeAction, { userId: coordinator.id, path, params: { sessionId }, at: AT, fields: { ...cancelFields, refundPercent: "150", notes: "short" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      values: { refundPercent: "150", notes: "short" },
      errors: { refundPercent: ["Enter a percentage from 0 to 100."], notes: ["Write at least 10 characters, so the trail explains the change."] },
    });
    const gap = await callRoute(changeAction, {
      userId: coordinator.id,
      path,
      params: { sessionId },
      at: AT,
      fields: { type: "reschedule", step: "preview", date: "2031-03-04", start: "25:00", end: "10:00", payout: "none", payoutAmount: "", notes: "Moving it for the family." },
    });
    expect(gap.status).toBe(400);
    expect((await gap.json()).errors.start).toEqual(["Enter a 24-hour time, such as 09:00 or 17:30."]);
    const stale = await callRoute(changeAction, {
      userId: coordinator.id,
      path,
      params: { sessionId },
      at: AT,
      fields: { ...cancelFields, step: "apply", shown: "something else" },
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ errors: { "": [expect.stringContaining("changed since the preview")] }, cancel: { seats: [{ refundMinor: 2000 }] } });
  });

  it("offers 'credit the payer's account instead': its percentage refused beside the field (400, input kept), its preview and final POST credit the payer", async () => {
    const { coordinator, parent, sessionId } = await people();
    const path = `/coordinator/sessions/${sessionId}/change?type=cancel`;
    const post = (fields: Record<string, string>) =>
      callRoute(changeAction, { userId: coordinator.id, path, params: { sessionId }, at: AT, fields: { ...cancelFields, financial: "credit", ...fields } });
    for (const refundPercent of ["", "101", "abc"]) {
      const bad = await post({ refundPercent });
      expect(bad.status).toBe(400);
      const body = await bad.json();
      expect(body.values).toMatchObject({ financial: "credit", refundPercent });
      expect(Object.keys(body.errors)).toEqual(["refundPercent"]);
      expect(body.errors.refundPercent[0]).toMatch(/percentage/);
    }
    const preview = await post({});
    expect(preview.status).toBe(200);
    const plan = (await preview.json()).cancel;
    expect(plan).toMatchObject({ asCredit: true, refundPercent: 50, seats: [{ refundMinor: 2000 }] });
    const applied = await post({ step: "apply", shown: plan.shown });
    expect(applied.status).toBe(302);
    const entries = await prisma.creditEntry.findMany({ where: { sessionId }, select: { kind: true, amountMinor: true, payerId: true } });
    expect(entries).toEqual([{ kind: "returned", amountMinor: 2000, payerId: parent.id }]);
    expect(await prisma.refund.count({ where: { payment: { participant: { sessionId } } } })).toBe(0);
  });

  it("refuses a coordinator's cancel of a session that has started (an admin's force cancel): 403", async () => {
    const { sessionId } = await checkedOutSession(["Ada"]);
    const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
    const admin = await createUser({ roles: ["ADMIN"], timezone: "UTC" });
    const path = `/coordinator/sessions/${sessionId}/change?type=cancel`;
    const later = utc("2031-03-03T12:00:00Z");
    expect((await callRoute(changeAction, { userId: coordinator.id, path, params: { sessionId }, at: later, fields: { ...cancelFields, refundPercent: "100" } })).status).toBe(403);
    const forced = await callRoute(changeAction, { userId: admin.id, path, params: { sessionId }, at: later, fields: { ...cancelFields, refundPercent: "100" } });
    expect(forced.status).toBe(200);
    expect(await forced.json()).toMatchObject({ cancel: { forced: true } });
  });
});

describe("the bulk cancel page", () => {
  it("is for admins only: coordinators, tutors and learners are refused (403); no ticked session is a 400", async () => {
    const { tutor, student, coordinator, admin, sessionId } = await people();
    const path = `/coordinator/sessions/bulk-cancel?sessionId=${sessionId}`;
    const fields = { step: "preview", sessionId, refundPercent: "100", category: "OTHER", notify: "yes", notes: "Closing the centre early." };
    for (const outsider of [coordinator, tutor, student]) {
      expect((await callRoute(bulkLoader, { userId: outsider.id, path, params: {}, at: AT })).status).toBe(403);
      expect((await callRoute(bulkAction, { userId: outsider.id, path, params: {}, at: AT, fields })).status).toBe(403);
    }
    const page = await callRoute(bulkLoader, { userId: admin.id, path, params: {}, at: AT });
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ ids: [sessionId], entries: [{ sessionId, problem: null, refundMinor: 4000 }] });
    const preview = await callRoute(bulkAction, { userId: admin.id, path, params: {}, at: AT, fields: { ...fields, refundPercent: "25" } });
    expect(await preview.json()).toMatchObject({ step: "preview", entries: [{ sessionId, refundMinor: 1000 }], shown: expect.stringContaining(sessionId) });
    expect((await callRoute(bulkLoader, { userId: admin.id, path: "/coordinator/sessions/bulk-cancel", params: {}, at: AT })).status).toBe(400);
    const tooMany = `/coordinator/sessions/bulk-cancel?${Array.from({ length: 101 }, (_, index) => `sessionId=s${index}`).join("&")}`;
    expect((await callRoute(bulkLoader, { userId: admin.id, path: tooMany, params: {}, at: AT })).status).toBe(400);
  });
});
