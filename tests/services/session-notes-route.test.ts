import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/sessions.$sessionId_.notes";
import { checkIn, checkOut } from "../../app/services/attendance.server";
import { prisma } from "../../app/services/db.server";
import { createSessionWithSeats, createStudent, createTutor, createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { callRoute } from "./route-fixtures";

// The notes forms as a browser without JavaScript posts them: the status, the message beside the field, the text kept.
useFixedClock();

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const DAY_LATER = utc("2031-03-04T09:00:00Z");

function call(kind: "action" | "loader", userId: string, sessionId: string, fields?: Record<string, string>): Promise<Response> {
  return callRoute(kind === "action" ? action : loader, { userId, path: `/sessions/${sessionId}/notes`, params: { sessionId }, fields, at: DAY_LATER });
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

describe("the notes route", () => {
  it("refuses over-long notes with 400, the message beside the field and the text kept; saves and redirects with a flash", async () => {
    const { tutor, sessionId } = await setup();
    const long = `<b>Fractions</b> ${"x".repeat(2000)}`;
    const refused = await call("action", tutor.id, sessionId, { intent: "tutor-notes", tutorNotes: long });
    expect(refused.status).toBe(400);
    const reply = await refused.json();
    expect(reply.error).toEqual({ tutorNotes: ["Write at most 2,000 characters (this has 2,017)."] });
    expect(reply.initialValue).toEqual({ intent: "tutor-notes", tutorNotes: long });
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId } })).tutorNotes).toBe("");

    const saved = await call("action", tutor.id, sessionId, { intent: "tutor-notes", tutorNotes: "Fractions and decimals. We should practise fractions next time." });
    expect([saved.status, saved.headers.get("location")]).toEqual([302, `/sessions/${sessionId}#notes-heading`]);
    expect(saved.headers.get("set-cookie")).toContain("td_flash=");
  });

  it("the parent's completion notes: too long is a 400 with the text kept; a form the page does not have is refused", async () => {
    const { parent, sessionId, seatId } = await setup();
    const refused = await call("action", parent.id, sessionId, { intent: "completion-notes", seatId, completionNotes: "y".repeat(1001) });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toEqual({ completionNotes: ["Write at most 1,000 characters (this has 1,001)."] });
    const saved = await call("action", parent.id, sessionId, { intent: "completion-notes", seatId, completionNotes: "Thank you." });
    expect(saved.status).toBe(302);
    const tampered = await call("action", parent.id, sessionId, { intent: "completion-notes", seatId, completionNotes: "x", status: "COMPLETED" });
    expect(tampered.status).toBe(400);
  });

  it("the parent may not write the tutor's notes (403 page); a stranger finds nothing (404), and GET shows the notes only to their readers", async () => {
    const { parent, tutor, sessionId } = await setup();
    expect((await call("action", parent.id, sessionId, { intent: "tutor-notes", tutorNotes: "Mine now." })).status).toBe(403);
    const stranger = await createStudent("Zoe Else");
    expect((await call("action", stranger.id, sessionId, { intent: "tutor-notes", tutorNotes: "x" })).status).toBe(404);
    expect((await call("loader", stranger.id, sessionId)).status).toBe(404);
    const page = await call("loader", tutor.id, sessionId);
    expect(page.status).toBe(200);
    expect((await page.json()).view).toMatchObject({ tutorNotes: { mayWrite: true } });
  });
});
