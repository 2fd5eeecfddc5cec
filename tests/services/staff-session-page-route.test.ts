import { describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/coordinator.sessions.$sessionId._index";
import { prisma } from "../../app/services/db.server";
import { createUser, useFixedClock } from "../factories";
import { callRoute } from "./route-fixtures";
import { checkedOutSession, utc } from "./session-fixtures";

// The staff page as a browser without JavaScript calls it: who may, the status, the message beside the field, the input kept.
useFixedClock();
const AT = utc("2031-03-03T12:00:00Z");

async function setup() {
  const found = await checkedOutSession(["Ada"]);
  const coordinator = await createUser({ roles: ["COORDINATOR"], name: "Cora Coordinator", timezone: "Europe/London" });
  const here = { path: `/coordinator/sessions/${found.sessionId}`, params: { sessionId: found.sessionId } };
  return { ...found, coordinator, here };
}

describe("/coordinator/sessions/:sessionId", () => {
  it("answers a tutor and a learner's parent 403 on the loader and the action, and writes nothing", async () => {
    const { tutor, parents, learners, here } = await setup();
    for (const person of [tutor, parents[0], learners[0]]) {
      expect((await callRoute(loader, { userId: person.id, ...here, at: AT })).status).toBe(403);
      for (const fields of [{ intent: "note", body: "Sneaky note." } as Record<string, string>, { intent: "flag", kind: "other", note: "Not my place to say." }]) {
        expect((await callRoute(action, { userId: person.id, ...here, fields, at: AT })).status).toBe(403);
      }
    }
    expect(await prisma.sessionAdminNote.count()).toBe(0);
    expect(await prisma.sessionMismatchFlag.count()).toBe(0);
  });

  it("shows a coordinator the page; an unknown session is a 404", async () => {
    const { coordinator, here } = await setup();
    const page = await callRoute(loader, { userId: coordinator.id, ...here, at: AT });
    expect(page.status).toBe(200);
    expect((await page.json()).page.session).toMatchObject({ title: "Algebra", tutorName: "Tutor Tess" });
    const missing = await callRoute(loader, { userId: coordinator.id, path: "/coordinator/sessions/nope", params: { sessionId: "nope" }, at: AT });
    expect(missing.status).toBe(404);
  });

  it("bad input is a 400 with the message beside the field and the text kept", async () => {
    const { coordinator, here } = await setup();
    const post = (fields: Record<string, string>) => callRoute(action, { userId: coordinator.id, ...here, fields, at: AT });

    const note = await post({ intent: "note", body: "x".repeat(2001) });
    expect(note.status).toBe(400);
    expect(await note.json()).toEqual({ form: "note", values: { body: "x".repeat(2001) }, errors: { body: ["Write at most 2,000 characters (this has 2,001)."] } });

    const flag = await post({ intent: "flag", kind: "", note: "short" });
    expect(flag.status).toBe(400);
    expect(await flag.json()).toEqual({
      form: "flag",
      values: { kind: "", note: "short" },
      errors: { kind: ["Choose what went wrong."], note: ["Say what happened (at least 10 characters)."] },
    });

    const done = await post({ intent: "flag", kind: "wrong_student", note: "Ben sat in instead of Ada." });
    expect([done.status, done.headers.get("location")]).toEqual([302, `${here.path}#mismatch-heading`]);
    const again = await post({ intent: "flag", kind: "other", note: "Flagging it a second time." });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      form: "flag",
      values: { note: "Flagging it a second time." },
      errors: { "": [expect.stringContaining("already has an open mismatch flag")] },
    });

    const flag1 = await prisma.sessionMismatchFlag.findFirstOrThrow();
    const resolve = await post({ intent: "resolve-flag", flagId: flag1.id, resolution: "ok" });
    expect(resolve.status).toBe(400);
    expect(await resolve.json()).toMatchObject({ values: { resolution: "ok" }, errors: { resolution: ["Say how it was resolved (at least 10 characters)."] } });
    const resolved = await post({ intent: "resolve-flag", flagId: flag1.id, resolution: "The rota is fixed now." });
    expect(resolved.status).toBe(302);

    const unknown = await post({ intent: "delete-everything" });
    expect(unknown.status).toBe(400);
  });
});
