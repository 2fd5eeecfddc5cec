import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { action } from "../../app/routes/sessions.$sessionId";
import { startLoginSession } from "../../app/services/auth.server";
import { prisma } from "../../app/services/db.server";
import { atDate, createBookedSession, createStudent, createTutor, noMeta, useFixedClock, withClockFrozenAt } from "../factories";

// The session page's action as a browser without JavaScript posts to it: the status, the refusal and the kept input.
useFixedClock();

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

async function post(userId: string, sessionId: string, fields: Record<string, string>): Promise<Response> {
  const cookie = (await startLoginSession(userId, "password", noMeta)).split(";")[0];
  const request = new Request(`http://localhost/sessions/${sessionId}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  try {
    return (await action({ request, params: { sessionId }, context: { memo: new Map(), nonce: "" } } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function setup() {
  const tutor = await createTutor({ name: "Tutor Tess" });
  const learner = await createStudent("Student Sam");
  const session = await createBookedSession(tutor.id, learner, atDate(0, 10));
  return { tutor, learner, session };
}

describe("the session page's check-in and check-out forms", () => {
  it("refuses an early check-in with the exact minutes (409), then checks in and out with corrected times", async () => {
    const { tutor, session } = await setup();
    const early = await withClockFrozenAt(utc("2031-03-03T09:18:00Z"), () => post(tutor.id, session.id, { intent: "check-in" }));
    expect(early.status).toBe(409);
    expect(await early.json()).toEqual({ checkInError: "Check-in opens in 12 minutes, at 09:30 (UTC)" });

    const checkedIn = await withClockFrozenAt(utc("2031-03-03T10:03:00Z"), () => post(tutor.id, session.id, { intent: "check-in" }));
    expect([checkedIn.status, checkedIn.headers.get("location")]).toEqual([302, `/sessions/${session.id}`]);

    const badEnd = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => post(tutor.id, session.id, { intent: "check-out", actualStart: "10:05", actualEnd: "9:40" }));
    expect(badEnd.status).toBe(400);
    const badEndReply = await badEnd.json();
    expect(badEndReply.error).toEqual({ actualEnd: ["Enter an end after the start (Mon 3 Mar 2031, 10:05)."] });
    expect(badEndReply.initialValue).toEqual({ intent: "check-out", actualStart: "10:05", actualEnd: "9:40" });

    const malformed = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => post(tutor.id, session.id, { intent: "check-out", actualStart: "25:99", actualEnd: "" }));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toEqual({ actualStart: ["Enter a 24-hour time, such as 09:00 or 17:30."] });
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("IN_PROGRESS");

    const done = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => post(tutor.id, session.id, { intent: "check-out", actualStart: "10:05", actualEnd: "" }));
    expect([done.status, done.headers.get("location")]).toEqual([302, `/sessions/${session.id}`]);
    const row = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } });
    expect([row.status, row.lateMinutes, row.actualStartedAt, row.actualEndedAt]).toEqual([
      "AWAITING_CONFIRMATION",
      3,
      new Date("2031-03-03T10:05:00Z"),
      new Date("2031-03-03T11:00:00Z"),
    ]);
  });

  it("answers a learner's post with the 403 page and changes nothing", async () => {
    const { learner, session } = await setup();
    const response = await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => post(learner.id, session.id, { intent: "check-in" }));
    expect(response.status).toBe(403);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("SCHEDULED");
  });

  it("reads each learner's mark from the form, keeps it on a refusal, and refuses a field the form does not have", async () => {
    const { tutor, session } = await setup();
    await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => post(tutor.id, session.id, { intent: "check-in" }));
    const seat = await prisma.participant.findFirstOrThrow({ where: { sessionId: session.id } });
    const lateWithout = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () =>
      post(tutor.id, session.id, { intent: "check-out", [`mark-${seat.id}`]: "late", [`late-${seat.id}`]: "" }),
    );
    expect(lateWithout.status).toBe(400);
    const reply = await lateWithout.json();
    expect(reply.error).toEqual({ [`late-${seat.id}`]: ["Enter how many minutes late Student Sam was, from 1 to 60."] });
    expect(reply.initialValue).toMatchObject({ [`mark-${seat.id}`]: "late" });

    const forged = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () => post(tutor.id, session.id, { intent: "check-out", paidMinor: "0" }));
    expect(forged.status).toBe(400);

    const done = await withClockFrozenAt(utc("2031-03-03T11:00:00Z"), () =>
      post(tutor.id, session.id, { intent: "check-out", [`mark-${seat.id}`]: "late", [`late-${seat.id}`]: "4" }),
    );
    expect(done.status).toBe(302);
    const marked = await prisma.participant.findUniqueOrThrow({ where: { id: seat.id } });
    expect([marked.attendanceStatus, marked.attendanceLateMinutes]).toEqual(["late", 4]);
  });
});
