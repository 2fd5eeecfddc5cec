import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { action } from "../../app/routes/tutor._index";
import { startLoginSession } from "../../app/services/auth.server";
import { prisma } from "../../app/services/db.server";
import { todayForTutor } from "../../app/services/sessions.server";
import { createSessionWithSeats, createStudent, createTutor, noMeta, useFixedClock, withClockFrozenAt } from "../factories";

// Monday 3 March 2031, 08:00 UTC = 03:00 in New York (EST, UTC−5): the tutor's "today" runs 05:00 UTC Monday to 05:00 UTC Tuesday.
useFixedClock();
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

async function post(userId: string, fields: Record<string, string>): Promise<Response> {
  const cookie = (await startLoginSession(userId, "password", noMeta)).split(";")[0];
  const request = new Request("http://localhost/tutor", {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  try {
    return (await action({ request, params: {}, context: { memo: new Map(), nonce: "" } } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function setup() {
  const tutor = await createTutor({ name: "Tutor Tess" });
  await prisma.user.update({ where: { id: tutor.id }, data: { timezone: "America/New_York" } });
  const learner = await createStudent("Ada");
  const seat = [{ studentId: learner.id, status: "CONFIRMED" as const }];
  // Hours from 08:00 UTC: yesterday evening's (checked in, not out), today's two, tonight's last (04:00 UTC Tuesday, still Monday in New York), tomorrow's.
  const yesterday = await createSessionWithSeats(tutor.id, -14, seat, { status: "IN_PROGRESS", title: "Yesterday" });
  await prisma.tutoringSession.update({ where: { id: yesterday.sessionId }, data: { checkedInAt: utc("2031-03-02T18:00:00Z").toJSDate(), checkInSource: "web", lateMinutes: 0 } });
  const morning = await createSessionWithSeats(tutor.id, 2, seat, { title: "Morning" });
  const cancelled = await createSessionWithSeats(tutor.id, 4, [], { status: "CANCELLED", title: "Cancelled" });
  const tonight = await createSessionWithSeats(tutor.id, 20, [], { title: "Tonight" });
  const tomorrow = await createSessionWithSeats(tutor.id, 22, [], { title: "Tomorrow" });
  return { tutor: { id: tutor.id, timezone: "America/New_York" }, ids: { yesterday, morning, cancelled, tonight, tomorrow } };
}

describe("the tutor's today list", () => {
  it("lists today's sessions in the tutor's zone and the one still waiting for its check-out, each with its action", async () => {
    const { tutor } = await setup();
    const rows = await withClockFrozenAt(utc("2031-03-03T09:40:00Z"), () => todayForTutor(tutor));
    expect(rows.map((row) => [row.title, row.status, row.action.kind, row.action.note])).toEqual([
      ["Yesterday", "In progress", "check_out", null],
      ["Morning", "Scheduled", "check_in", null],
      ["Tonight", "Scheduled", "check_in", "Check-in opens in 1070 minutes, at 22:30 (America/New_York)"],
    ]);
    expect(rows[1].learners).toBe("Ada");
  });

  it("checks in from the list and comes back to it; an early check-in is refused beside its row", async () => {
    const { tutor, ids } = await setup();
    const early = await withClockFrozenAt(utc("2031-03-03T09:00:00Z"), () => post(tutor.id, { intent: "check-in", sessionId: ids.morning.sessionId }));
    expect(early.status).toBe(409);
    expect(await early.json()).toEqual({ sessionId: ids.morning.sessionId, error: "Check-in opens in 30 minutes, at 04:30 (America/New_York)" });
    const done = await withClockFrozenAt(utc("2031-03-03T09:40:00Z"), () => post(tutor.id, { intent: "check-in", sessionId: ids.morning.sessionId }));
    expect([done.status, done.headers.get("location")]).toEqual([302, "/tutor"]);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: ids.morning.sessionId } })).status).toBe("IN_PROGRESS");
    const bad = await post(tutor.id, { intent: "check-in" });
    expect(bad.status).toBe(400);
  });
});
