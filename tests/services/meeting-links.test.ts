import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { action as meetingLinkAction, loader as meetingLinkLoader } from "../../app/routes/sessions.$sessionId_.meeting-link";
import { loader as sessionLoader } from "../../app/routes/sessions.$sessionId";
import { action as profileAction } from "../../app/routes/tutor.profile";
import { startLoginSession } from "../../app/services/auth.server";
import { prisma } from "../../app/services/db.server";
import { createBookedSession, createStudent, createTutor, createUser, FIXED_NOW, noMeta, useFixedClock, withClockFrozenAt } from "../factories";

// The meeting-link forms as a browser without JavaScript posts them, and the Join link on the session page.
useFixedClock();

const START = FIXED_NOW.plus({ hours: 2 }).toJSDate(); // 10:00 UTC
/** A fresh request context each call: it memoizes the signed-in user. */
const context = () => ({ memo: new Map(), nonce: "" });

async function cookieOf(userId: string) {
  return (await startLoginSession(userId, "password", noMeta)).split(";")[0];
}

async function call(handler: (args: never) => Promise<unknown>, userId: string, url: string, params: Record<string, string>, fields?: Record<string, string>): Promise<Response> {
  const request = new Request(`http://localhost${url}`, {
    method: fields ? "POST" : "GET",
    headers: { cookie: await cookieOf(userId), ...(fields ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: fields ? new URLSearchParams(fields).toString() : undefined,
  });
  try {
    return (await handler({ request, params, context: context() } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const postProfile = (userId: string, fields: Record<string, string>) => call(profileAction, userId, "/tutor/profile", {}, fields);
const postSessionLink = (userId: string, sessionId: string, fields: Record<string, string>) =>
  call(meetingLinkAction, userId, `/sessions/${sessionId}/meeting-link`, { sessionId }, fields);
const viewSession = (userId: string, sessionId: string) => call(sessionLoader, userId, `/sessions/${sessionId}`, { sessionId });

async function setup() {
  const tutor = await createTutor({ name: "Tutor Tess" });
  const learner = await createStudent("Student Sam");
  const session = await createBookedSession(tutor.id, learner, START);
  return { tutor, learner, session };
}

describe("the tutor's default meeting link on /tutor/profile", () => {
  it("saves a valid link, refuses a bad one beside the field with the input kept, and clears it when blank", async () => {
    const { tutor } = await setup();
    const saved = await postProfile(tutor.id, { intent: "meeting-link", meetingUrl: " https://meet.example.com/tess " });
    expect([saved.status, saved.headers.get("location")]).toEqual([302, "/tutor/profile"]);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).meetingUrl).toBe("https://meet.example.com/tess");

    for (const bad of ["javascript:alert(1)", "meet.example.com/tess", `https://e.com/${"a".repeat(500)}`]) {
      const refused = await postProfile(tutor.id, { intent: "meeting-link", meetingUrl: bad });
      expect(refused.status).toBe(400);
      const reply = (await refused.json()).meetingLink;
      expect(reply.error.meetingUrl).toHaveLength(1);
      expect(reply.initialValue.meetingUrl).toBe(bad);
    }
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).meetingUrl).toBe("https://meet.example.com/tess");

    const cleared = await postProfile(tutor.id, { intent: "meeting-link", meetingUrl: "" });
    expect(cleared.status).toBe(302);
    expect((await prisma.tutorProfile.findUniqueOrThrow({ where: { userId: tutor.id } })).meetingUrl).toBeNull();
    const audit = await prisma.auditEvent.findMany({ where: { action: "tutor.meeting_link_changed" }, orderBy: { id: "asc" }, select: { after: true } });
    expect(audit.map((event) => event.after)).toEqual([{ meetingUrl: "https://meet.example.com/tess" }, { meetingUrl: null }]);
  });

  it("is a tutor's page only: a student gets 403", async () => {
    const student = await createStudent("Student Sam");
    const response = await postProfile(student.id, { intent: "meeting-link", meetingUrl: "https://meet.example.com/x" });
    expect(response.status).toBe(403);
  });
});

describe("a session's own meeting link", () => {
  it("its tutor sets and clears it; a bad link is refused beside the field with the input kept", async () => {
    const { tutor, session } = await setup();
    const bad = await postSessionLink(tutor.id, session.id, { meetingUrl: "ftp://files.example.com" });
    expect(bad.status).toBe(400);
    const reply = await bad.json();
    expect(reply.error.meetingUrl).toEqual(["Enter a web address starting with https:// or http://, such as https://meet.example.com/your-room."]);
    expect(reply.initialValue.meetingUrl).toBe("ftp://files.example.com");

    const saved = await postSessionLink(tutor.id, session.id, { meetingUrl: "https://meet.example.com/special" });
    expect([saved.status, saved.headers.get("location")]).toEqual([302, `/sessions/${session.id}`]);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).meetingUrl).toBe("https://meet.example.com/special");
    expect(
      (
        await meetingLinkLoader({
          request: new Request(`http://localhost/sessions/${session.id}/meeting-link`, { headers: { cookie: await cookieOf(tutor.id) } }),
          params: { sessionId: session.id },
          context: context(),
        } as never)
      ).status,
    ).toBe(200);

    expect((await postSessionLink(tutor.id, session.id, {})).status).toBe(302);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).meetingUrl).toBeNull();
  });

  it("the learner (who may see the session) gets 403, a stranger and an unknown session 404, and nothing changes", async () => {
    const { learner, session } = await setup();
    const stranger = await createStudent("Stranger");
    const otherTutor = await createTutor({ name: "Other Tutor" });
    expect((await postSessionLink(learner.id, session.id, { meetingUrl: "https://evil.example.com" })).status).toBe(403);
    expect((await postSessionLink(stranger.id, session.id, { meetingUrl: "https://evil.example.com" })).status).toBe(404);
    expect((await postSessionLink(otherTutor.id, session.id, { meetingUrl: "https://evil.example.com" })).status).toBe(404);
    expect((await postSessionLink(otherTutor.id, "no-such-session", { meetingUrl: "https://evil.example.com" })).status).toBe(404);
    expect((await call(meetingLinkLoader, learner.id, `/sessions/${session.id}/meeting-link`, { sessionId: session.id })).status).toBe(403);
    expect((await call(meetingLinkLoader, stranger.id, `/sessions/${session.id}/meeting-link`, { sessionId: session.id })).status).toBe(404);
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).meetingUrl).toBeNull();
  });
});

describe("the Join link on the session page", () => {
  async function joinOf(userId: string, sessionId: string, now: DateTime) {
    const response = await withClockFrozenAt(now, () => viewSession(userId, sessionId));
    expect(response.status).toBe(200);
    return (await response.json()).join;
  }

  it("shows to the tutor, the learner and the parent who booked from 10 minutes before the start, with the session's link over the default", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const parent = await createUser({ roles: ["PARENT"], name: "Parent Pat", timezone: "America/New_York" });
    const child = await createStudent("Child Chris");
    const session = await createBookedSession(tutor.id, child, START);
    await prisma.participant.updateMany({ where: { sessionId: session.id }, data: { bookedById: parent.id } });
    await prisma.tutorProfile.update({ where: { userId: tutor.id }, data: { meetingUrl: "https://meet.example.com/tess" } });

    const early = DateTime.fromJSDate(START, { zone: "utc" }).minus({ minutes: 10, seconds: 1 });
    expect((await joinOf(parent.id, session.id, early)).join).toEqual({ state: "not_yet_open", opensAtText: "04:50 (America/New_York)" });
    expect((await joinOf(child.id, session.id, early)).join).toEqual({ state: "not_yet_open", opensAtText: "09:50 (UTC)" });

    const opens = DateTime.fromJSDate(START, { zone: "utc" }).minus({ minutes: 10 });
    for (const person of [tutor, parent, child]) {
      expect((await joinOf(person.id, session.id, opens)).join).toEqual({ state: "open", url: "https://meet.example.com/tess" });
    }
    await prisma.tutoringSession.update({ where: { id: session.id }, data: { meetingUrl: "https://meet.example.com/special" } });
    expect((await joinOf(child.id, session.id, opens)).join).toEqual({ state: "open", url: "https://meet.example.com/special" });
    expect((await joinOf(child.id, session.id, DateTime.fromJSDate(session.endsAt, { zone: "utc" }))).join).toEqual({ state: "none" });
    // Only the tutor gets the link form.
    expect((await joinOf(tutor.id, session.id, opens)).editor).toEqual({
      sessionUrl: "https://meet.example.com/special",
      defaultUrl: "https://meet.example.com/tess",
      online: true,
    });
    expect((await joinOf(child.id, session.id, opens)).editor).toBeNull();
  });

  it("is not shown to staff with no part in the session, nor for a cancelled seat", async () => {
    const { tutor, learner, session } = await setup();
    await prisma.tutorProfile.update({ where: { userId: tutor.id }, data: { meetingUrl: "https://meet.example.com/tess" } });
    const coordinator = await createUser({ roles: ["COORDINATOR"] });
    const opens = DateTime.fromJSDate(START, { zone: "utc" }).minus({ minutes: 5 });
    expect(await joinOf(coordinator.id, session.id, opens)).toBeNull();
    await prisma.participant.updateMany({ where: { sessionId: session.id }, data: { status: "CANCELLED" } });
    expect(await joinOf(learner.id, session.id, opens)).toBeNull();
  });
});
