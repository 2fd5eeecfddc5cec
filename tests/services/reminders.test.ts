import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { JOBS } from "../../app/jobs/registry.server";
import { formatSessionTime } from "../../app/emails/format";
import { prisma } from "../../app/services/db.server";
import { sendDueReminders } from "../../app/services/reminders.server";
import { createBookedSession, createStudent, createTutor, createUser, FIXED_NOW, useFixedClock, withClockFrozenAt } from "../factories";

// Monday 3 March 2031, 08:00 UTC. Sessions start two days later unless a test says otherwise.
useFixedClock();

const SECOND = 1000;
const HOUR = 3_600_000;
const START = FIXED_NOW.plus({ days: 2 }).toJSDate(); // Wednesday 5 March 2031, 08:00 UTC
const before = (start: Date, ms: number) => DateTime.fromMillis(start.getTime() - ms, { zone: "utc" });

type ReminderEmail = { toAddress: string; template: string; subject: string; text: string; attachments: unknown };
const reminderEmails = (): Promise<ReminderEmail[]> =>
  prisma.emailMessage.findMany({
    where: { template: { startsWith: "session-reminder" } },
    orderBy: [{ toAddress: "asc" }, { createdAt: "asc" }],
    select: { toAddress: true, template: true, subject: true, text: true, attachments: true },
  });
const recipients = async () => (await reminderEmails()).map((email) => `${email.toAddress} ${email.template}`).sort();
const icsOf = (email: ReminderEmail) => ((email.attachments ?? []) as { contentBase64: string }[]).map((file) => Buffer.from(file.contentBase64, "base64").toString("utf8"));

async function oneToOne(start = START) {
  const tutor = await createTutor({ name: "Tutor Tess" });
  const learner = await createStudent("Student Sam");
  const session = await createBookedSession(tutor.id, learner, start);
  return { tutor, learner, session };
}

/** A group session with seats written directly, confirmed at FIXED_NOW. */
async function groupSession(tutorId: string, seats: { studentId: string; bookedById?: string; status: "CONFIRMED" | "CANCELLED" | "HELD" }[], start = START) {
  return prisma.tutoringSession.create({
    data: {
      tutorId,
      startsAt: start,
      endsAt: new Date(start.getTime() + HOUR),
      timezone: "UTC",
      kind: "GROUP",
      capacity: 5,
      status: "SCHEDULED",
      subject: "Maths",
      title: "Algebra club",
      participants: {
        create: seats.map((seat) => ({
          studentId: seat.studentId,
          bookedById: seat.bookedById ?? seat.studentId,
          status: seat.status,
          confirmedAt: seat.status === "CONFIRMED" ? FIXED_NOW.toJSDate() : null,
        })),
      },
    },
    select: { id: true },
  });
}

describe("when reminders are due", () => {
  it("sends the 24-hour reminder exactly 24 hours before, not a second early, and the 1-hour one exactly 1 hour before", async () => {
    const { tutor, learner } = await oneToOne();
    expect(await sendDueReminders({ now: before(START, 24 * HOUR + SECOND) })).toMatchObject({ sent: 0 });
    expect(await recipients()).toEqual([]);

    expect(await sendDueReminders({ now: before(START, 24 * HOUR) })).toMatchObject({ sessions: 1, sent: 2 });
    expect(await recipients()).toEqual([`${learner.email} session-reminder-day`, `${tutor.email} session-reminder-day`].sort());

    expect(await sendDueReminders({ now: before(START, HOUR + SECOND) })).toMatchObject({ sent: 0 });
    expect(await sendDueReminders({ now: before(START, HOUR) })).toMatchObject({ sessions: 1, sent: 2 });
    expect(await recipients()).toEqual(
      [`${learner.email} session-reminder-day`, `${learner.email} session-reminder-hour`, `${tutor.email} session-reminder-day`, `${tutor.email} session-reminder-hour`].sort(),
    );
    // Running again changes nothing.
    expect(await sendDueReminders({ now: before(START, HOUR - 60 * SECOND) })).toEqual({ sessions: 0, sent: 0, failed: 0 });
    const rows = await prisma.sessionReminder.findMany({ select: { kind: true, startsAt: true, emailId: true } });
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.emailId !== null && row.startsAt.getTime() === START.getTime())).toBe(true);
  });

  it("two runners at once send exactly one email per person and kind", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const parent = await createUser({ roles: ["PARENT"], name: "Parent Pat" });
    const students = await Promise.all(["Ann", "Ben", "Cy"].map((name) => createStudent(name)));
    await groupSession(
      tutor.id,
      [{ studentId: students[0].id }, { studentId: students[1].id }, { studentId: students[2].id, bookedById: parent.id }].map((seat) => ({
        ...seat,
        status: "CONFIRMED" as const,
      })),
    );
    // A second session of another tutor, so the runners have more than one session to share.
    const other = await oneToOne(new Date(START.getTime() + HOUR / 2));

    const run = JOBS["send-session-reminders"].run;
    await withClockFrozenAt(before(START, 23 * HOUR), () => Promise.all([run({ now: new Date() }), run({ now: new Date() }), run({ now: new Date() })]));
    const expected = [tutor, parent, ...students, other.tutor, other.learner].map((person) => `${person.email} session-reminder-day`).sort();
    expect(await recipients()).toEqual(expected);
    expect(await prisma.sessionReminder.count()).toBe(expected.length);
  });
});

describe("a moved session", () => {
  it("is reminded of its new start, never of the old one", async () => {
    const { learner, session } = await oneToOne();
    await sendDueReminders({ now: before(START, 24 * HOUR) });
    expect(await prisma.sessionReminder.count()).toBe(2);

    // Moved three hours later (as a reschedule writes it) before the old start's 1-hour reminder.
    const newStart = new Date(START.getTime() + 3 * HOUR);
    await prisma.tutoringSession.update({ where: { id: session.id }, data: { startsAt: newStart, endsAt: new Date(newStart.getTime() + HOUR) } });

    // At the old start's 1-hour instant: nothing about the old start; the new start's 24-hour reminder
    // (its instant passed while the session was still at the old time) goes out late.
    await sendDueReminders({ now: before(START, HOUR) });
    const afterOldHour = await prisma.sessionReminder.findMany({ where: { recipientId: learner.id }, orderBy: { createdAt: "asc" }, select: { kind: true, startsAt: true } });
    expect(afterOldHour).toEqual([
      { kind: "DAY_BEFORE", startsAt: START },
      { kind: "DAY_BEFORE", startsAt: newStart },
    ]);

    await sendDueReminders({ now: before(newStart, HOUR) });
    const rows = await prisma.sessionReminder.findMany({ where: { recipientId: learner.id }, select: { kind: true, startsAt: true } });
    expect(rows).toContainEqual({ kind: "HOUR_BEFORE", startsAt: newStart });
    expect(rows).not.toContainEqual({ kind: "HOUR_BEFORE", startsAt: START });
    const learnerEmails = (await reminderEmails()).filter((email) => email.toAddress === learner.email);
    expect(learnerEmails.map((email) => email.template)).toEqual(["session-reminder-day", "session-reminder-day", "session-reminder-hour"]);
    // The last two name the new time (UTC: 11:00), the first the old one (08:00).
    expect(learnerEmails[0].text).toContain(formatSessionTime(START, new Date(START.getTime() + HOUR), "UTC"));
    expect(learnerEmails[2].text).toContain(formatSessionTime(newStart, new Date(newStart.getTime() + HOUR), "UTC"));
  });
});

describe("late runs", () => {
  it("after a day of downtime sends the 1-hour reminder only, once", async () => {
    const { learner, tutor } = await oneToOne();
    await sendDueReminders({ now: before(START, 30 * 60 * SECOND) });
    expect(await recipients()).toEqual([`${learner.email} session-reminder-hour`, `${tutor.email} session-reminder-hour`].sort());
    const [email] = (await reminderEmails()).filter((row) => row.toAddress === learner.email);
    expect(email.text).toContain("starts in 30 minutes");
    await sendDueReminders({ now: before(START, 10 * 60 * SECOND) });
    expect(await prisma.emailMessage.count({ where: { template: { startsWith: "session-reminder" } } })).toBe(2);
  });

  it("a 24-hour reminder three hours late still goes out", async () => {
    await oneToOne();
    expect(await sendDueReminders({ now: before(START, 21 * HOUR) })).toMatchObject({ sent: 2 });
    expect((await reminderEmails())[0].text).toContain("in 21 hours");
  });

  it("sends nothing once the session has started", async () => {
    await oneToOne();
    expect(await sendDueReminders({ now: before(START, 0) })).toEqual({ sessions: 0, sent: 0, failed: 0 });
    expect(await sendDueReminders({ now: before(START, -60 * SECOND) })).toEqual({ sessions: 0, sent: 0, failed: 0 });
    expect(await recipients()).toEqual([]);
  });

  it("a seat booked 10 hours ahead gets the 24-hour reminder at once, then the 1-hour one", async () => {
    const start = FIXED_NOW.plus({ hours: 10 }).toJSDate();
    const { learner } = await oneToOne(start);
    expect(await sendDueReminders({ now: FIXED_NOW })).toMatchObject({ sent: 2 });
    expect((await reminderEmails()).find((email) => email.toAddress === learner.email)!.text).toContain("starts in 10 hours");
    expect(await sendDueReminders({ now: FIXED_NOW.plus({ minutes: 1 }) })).toMatchObject({ sessions: 0, sent: 0 });
    await sendDueReminders({ now: before(start, HOUR) });
    expect(await recipients()).toContain(`${learner.email} session-reminder-hour`);
  });
});

describe("who gets reminders", () => {
  it("not a cancelled session, nor cancelled or held seats", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const [kept, cancelled, held] = await Promise.all(["Kept", "Cancelled", "Held"].map((name) => createStudent(name)));
    await groupSession(tutor.id, [
      { studentId: kept.id, status: "CONFIRMED" },
      { studentId: cancelled.id, status: "CANCELLED" },
      { studentId: held.id, status: "HELD" },
    ]);
    const { session: cancelledSession, learner } = await oneToOne(new Date(START.getTime() + 3 * HOUR));
    await prisma.tutoringSession.update({ where: { id: cancelledSession.id }, data: { status: "CANCELLED", cancelledAt: FIXED_NOW.toJSDate() } });

    await sendDueReminders({ now: before(START, 20 * HOUR) });
    const sentTo = (await reminderEmails()).map((email) => email.toAddress);
    expect(sentTo.sort()).toEqual([kept.email, tutor.email].sort());
    expect(sentTo).not.toContain(learner.email);
  });

  it("the parent who booked gets one, written for the child", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const parent = await createUser({ roles: ["PARENT"], name: "Parent Pat", timezone: "Europe/London" });
    const child = await createStudent("Child Chris");
    await groupSession(tutor.id, [{ studentId: child.id, bookedById: parent.id, status: "CONFIRMED" }]);
    await sendDueReminders({ now: before(START, 24 * HOUR) });
    const emails = await reminderEmails();
    expect(emails.map((email) => email.toAddress).sort()).toEqual([parent.email, child.email, tutor.email].sort());
    const toParent = emails.find((email) => email.toAddress === parent.email)!;
    expect(toParent.text).toContain("Algebra club with Tutor Tess for Child Chris starts in 24 hours.");
    expect(toParent.text).toContain("Student: Child Chris");
  });

  it("each in their own zone, with the calendar file at the current sequence and the session and Join links", async () => {
    const { tutor, learner, session } = await oneToOne();
    await prisma.user.update({ where: { id: tutor.id }, data: { timezone: "America/New_York" } });
    await prisma.user.update({ where: { id: learner.id }, data: { timezone: "Asia/Kathmandu" } });
    await prisma.tutorProfile.update({ where: { userId: tutor.id }, data: { meetingUrl: "https://meet.example.com/tess" } });
    await prisma.tutoringSession.update({ where: { id: session.id }, data: { calendarSequence: 3 } });

    await sendDueReminders({ now: before(START, HOUR) });
    const emails = await reminderEmails();
    const end = new Date(START.getTime() + HOUR);
    const toLearner = emails.find((email) => email.toAddress === learner.email)!;
    const toTutor = emails.find((email) => email.toAddress === tutor.email)!;
    // Wednesday 5 March 2031, 13:45–14:45 in Kathmandu (+05:45); 03:00–04:00 in New York (EST).
    expect(toLearner.text).toContain(`When: ${formatSessionTime(START, end, "Asia/Kathmandu")}`);
    expect(toLearner.text).toContain("13:45–14:45 (Asia Kathmandu, UTC+5:45)");
    expect(toTutor.text).toContain(`When: ${formatSessionTime(START, end, "America/New_York")}`);
    expect(toTutor.text).toContain("03:00–04:00 (America New York, UTC−5)");
    for (const email of [toLearner, toTutor]) {
      expect(email.text).toContain(`/sessions/${session.id}`);
      expect(email.text).toContain("Join the meeting: https://meet.example.com/tess");
    }
    const [learnerIcs] = icsOf(toLearner);
    const participant = await prisma.participant.findFirstOrThrow({ where: { sessionId: session.id }, select: { id: true } });
    expect(learnerIcs).toContain("METHOD:REQUEST");
    expect(learnerIcs).toContain(`UID:${participant.id}@tutordesk`);
    expect(learnerIcs).toContain("SEQUENCE:3");
    const [tutorIcs] = icsOf(toTutor);
    expect(tutorIcs).toContain(`UID:session-${session.id}@tutordesk`);
    expect(tutorIcs).toContain("SEQUENCE:3");
    // Reminders leave the calendar counter as it was.
    expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).calendarSequence).toBe(3);
  });

  it("a session's own link wins over the tutor's; in person sessions carry none", async () => {
    const { tutor, session } = await oneToOne();
    await prisma.tutorProfile.update({ where: { userId: tutor.id }, data: { meetingUrl: "https://meet.example.com/tess" } });
    await prisma.tutoringSession.update({ where: { id: session.id }, data: { meetingUrl: "https://meet.example.com/special" } });
    const inPerson = await oneToOne(new Date(START.getTime() + 3 * HOUR));
    await prisma.tutorProfile.update({ where: { userId: inPerson.tutor.id }, data: { meetingUrl: "https://meet.example.com/other" } });
    await prisma.tutoringSession.update({ where: { id: inPerson.session.id }, data: { meetingType: "IN_PERSON", location: "Room 4" } });
    await sendDueReminders({ now: before(START, 20 * HOUR) });
    const emails = await reminderEmails();
    expect(emails.find((email) => email.toAddress === tutor.email)!.text).toContain("Join the meeting: https://meet.example.com/special");
    const toInPerson = emails.find((email) => email.toAddress === inPerson.learner.email)!;
    expect(toInPerson.text).not.toContain("Join the meeting");
    expect(toInPerson.text).toContain("In person at Room 4");
  });
});
