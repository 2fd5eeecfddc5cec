/**
 * One calendar builder (session-core/calendar.server.ts): every .ics about a session carries its UID
 * and a SEQUENCE that only grows, and each change sends the replacing or cancelling file to everyone
 * whose calendar holds the event: each learner (one event per seat) and the tutor (one per session).
 * Each step below lists exactly the files the outbox holds for it, read back from the stored attachments.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { DomainError, statusForDomainError } from "../../app/domain/shared/errors";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { cancelSession } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { outboxSettled } from "../../app/services/outbox.server";
import { answerReplacement, closeUnansweredReplacements, describeReplacementForLink, getReplacementView } from "../../app/services/replacements.server";
import { proposeReschedule, respondToReschedule } from "../../app/services/reschedules.server";
import { getSessionView, listSessions } from "../../app/services/sessions.server";
import { createSlot } from "../../app/services/slots.server";
import { createUser, noMeta } from "../factories";
import { refusalOf, tutorWithHours, weeklyTime, withClockAt } from "./session-fixtures";

/** The fixed clock every test runs at: a Monday morning; the booked hour is three days later. */
const NOW = DateTime.fromISO("2031-03-03T08:00:00Z", { zone: "utc" });
const START = NOW.plus({ days: 3 }).set({ hour: 10 });

/** Tutors whose sessions cost nothing, so a booking is confirmed at once. */
const tutor = (name: string, subjects = ["Maths"]) => tutorWithHours(name, { paymentsEnabled: false, subjects });
const student = (name: string) => createUser({ roles: ["STUDENT"], name, timezone: "UTC" });
const illness = { category: "TUTOR_UNAVAILABLE" as const, reason: "I am ill and cannot teach that day." };
const conflict = { category: "SCHEDULE_CONFLICT" as const, reason: "Something came up at school that day." };

type Sent = { to: string; template: string; method: string; uid: string; sequence: number; starts: string; summary: string; description: string };

function field(ics: string, name: string): string {
  // Unfold continuation lines first (RFC 5545: CRLF + one space).
  const match = new RegExp(`^${name}[^:]*:(.*)$`, "m").exec(ics.replace(/\r\n /g, ""));
  return match ? match[1].replace(/\r$/, "") : "";
}

/** Every calendar file written since the last call, one per email that carried one; the outbox is emptied after. */
async function filesSent(): Promise<Sent[]> {
  await outboxSettled();
  const emails = await prisma.emailMessage.findMany({ orderBy: { createdAt: "asc" }, select: { toAddress: true, template: true, attachments: true } });
  await prisma.emailMessage.deleteMany();
  return emails.flatMap((email) =>
    ((email.attachments ?? []) as { contentBase64: string }[]).map((attachment) => {
      const ics = Buffer.from(attachment.contentBase64, "base64").toString();
      return {
        to: email.toAddress,
        template: email.template,
        method: field(ics, "METHOD"),
        uid: field(ics, "UID"),
        sequence: Number(field(ics, "SEQUENCE")),
        starts: field(ics, "DTSTART"),
        summary: field(ics, "SUMMARY"),
        description: field(ics, "DESCRIPTION"),
      };
    }),
  );
}

/** The files as "to template METHOD uid SEQUENCE", sorted, for exact comparisons. */
const lines = (sent: Sent[]) => sent.map((file) => `${file.to} ${file.template} ${file.method} ${file.uid} ${file.sequence}`).sort();
const seatUid = (seatId: string) => `${seatId}@tutordesk`;
const tutorUid = (sessionId: string) => `session-${sessionId}@tutordesk`;
const basic = (instant: DateTime) => instant.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");

async function bookOneToOne(booker: Booker, tutorId: string, studentId = booker.id, startsAt = START) {
  return createBooking(booker, tutorId, weeklyTime(studentId, startsAt), noMeta);
}

describe("calendar files for every change", () => {
  it("a 1:1 booking: the learner and the tutor each get their event at SEQUENCE 0", () =>
    withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      const sam = await student("Sam");
      const booked = await bookOneToOne(sam, ana.id);
      const sent = await filesSent();
      expect(lines(sent)).toEqual(
        [`${sam.email} booking-confirmed REQUEST ${seatUid(booked.participantId)} 0`, `${ana.email} booking-new-for-tutor REQUEST ${tutorUid(booked.sessionId)} 0`].sort(),
      );
      const forAna = sent.find((file) => file.to === ana.email)!;
      expect(forAna).toMatchObject({ starts: basic(START), summary: "Maths with Sam" });
      expect(forAna.description).toContain("You teach Sam.");
    }));

  it("a group: the tutor's one event comes with the first seat; a seat cancel or rebooking touches only that learner; the tutor's cancel reaches everyone", () =>
    withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      const { id: slotId } = await createSlot(ana, { date: START.toISODate()!, start: "15:00", end: "16:00", kind: "GROUP", capacity: 3 }, noMeta);
      const ann = await student("Ann");
      const ben = await student("Ben");
      const seat = (who: { id: string }) => ({ slot: slotId, student: who.id, subject: "Maths", meetingType: "VIDEO" as const, title: "", description: "" });
      const a = await createBooking(ann, ana.id, seat(ann), noMeta);
      expect(lines(await filesSent())).toEqual(
        [`${ann.email} booking-confirmed REQUEST ${seatUid(a.participantId)} 0`, `${ana.email} booking-new-for-tutor REQUEST ${tutorUid(a.sessionId)} 0`].sort(),
      );
      const b = await createBooking(ben, ana.id, seat(ben), noMeta);
      // Ana is told about Ben's seat, without a second copy of her event.
      expect(lines(await filesSent())).toEqual([`${ben.email} booking-confirmed REQUEST ${seatUid(b.participantId)} 0`]);

      await cancelSession(ben, b.sessionId, conflict, noMeta);
      expect(lines(await filesSent())).toEqual([`${ben.email} session-cancelled CANCEL ${seatUid(b.participantId)} 1`]);

      // Ben rejoins on the same seat row: his file must outrank the cancel his calendar holds.
      await createBooking(ben, ana.id, seat(ben), noMeta);
      expect(lines(await filesSent())).toEqual([`${ben.email} booking-confirmed REQUEST ${seatUid(b.participantId)} 2`]);

      await cancelSession(ana, a.sessionId, illness, noMeta);
      const cancelled = await filesSent();
      expect(lines(cancelled)).toEqual(
        [
          `${ann.email} session-cancelled CANCEL ${seatUid(a.participantId)} 3`,
          `${ben.email} session-cancelled CANCEL ${seatUid(b.participantId)} 3`,
          `${ana.email} session-cancelled CANCEL ${tutorUid(a.sessionId)} 3`,
        ].sort(),
      );
      expect(cancelled.find((file) => file.to === ana.email)!.summary).toBe("Maths (group session)");
    }));

  it("a group whose every learner left, then cancelled: the tutor's event is still cancelled, for them alone", () =>
    withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      const { id: slotId } = await createSlot(ana, { date: START.toISODate()!, start: "15:00", end: "16:00", kind: "GROUP", capacity: 3 }, noMeta);
      const ann = await student("Ann");
      const a = await createBooking(ann, ana.id, { slot: slotId, student: ann.id, subject: "Maths", meetingType: "VIDEO", title: "", description: "" }, noMeta);
      expect(lines(await filesSent())).toEqual(
        [`${ann.email} booking-confirmed REQUEST ${seatUid(a.participantId)} 0`, `${ana.email} booking-new-for-tutor REQUEST ${tutorUid(a.sessionId)} 0`].sort(),
      );
      await cancelSession(ann, a.sessionId, conflict, noMeta);
      expect(lines(await filesSent())).toEqual([`${ann.email} session-cancelled CANCEL ${seatUid(a.participantId)} 1`]);

      // No seat is active, but Ana's calendar still holds the session from Ann's booking.
      await cancelSession(ana, a.sessionId, illness, noMeta);
      const cancelled = await filesSent();
      expect(lines(cancelled)).toEqual([`${ana.email} session-cancelled CANCEL ${tutorUid(a.sessionId)} 2`]);
      expect(cancelled[0].summary).toBe("Maths (group session)");
      expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: a.sessionId }, select: { status: true } })).toEqual({ status: "CANCELLED" });
    }));

  it("an accepted move: the one who accepted, the student booked for and the tutor all get the moved event", () =>
    withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      const parent = await createUser({ roles: ["PARENT"], name: "Pat", timezone: "UTC" });
      const kid = await student("Kit");
      await prisma.parentLink.create({ data: { parentId: parent.id, studentId: kid.id } });
      const booked = await bookOneToOne(parent, ana.id, kid.id);
      await filesSent();
      const later = START.plus({ hours: 3 });
      await proposeReschedule(ana, booked.sessionId, { startsAt: later.toJSDate(), reason: "A training day moved my hours." }, noMeta);
      expect(lines(await filesSent())).toEqual([]);

      await respondToReschedule(parent, booked.sessionId, { action: "accept" }, noMeta);
      const sent = await filesSent();
      expect(lines(sent)).toEqual(
        [
          `${parent.email} reschedule-accepted REQUEST ${seatUid(booked.participantId)} 1`,
          `${kid.email} reschedule-accepted REQUEST ${seatUid(booked.participantId)} 1`,
          `${ana.email} reschedule-accepted REQUEST ${tutorUid(booked.sessionId)} 1`,
        ].sort(),
      );
      expect(new Set(sent.map((file) => file.starts))).toEqual(new Set([basic(later)]));
    }));

  it("a replacement accepted, then cancelled: the old tutor's event is cancelled, the new tutor's sent, the learner's updated, each step higher", () =>
    withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      const bea = await tutor("Bea");
      const sam = await student("Sam");
      const booked = await bookOneToOne(sam, ana.id);
      await filesSent();

      await cancelSession(ana, booked.sessionId, illness, noMeta);
      const offered = await filesSent();
      expect(lines(offered)).toEqual(
        [
          `${sam.email} tutor-replaced REQUEST ${seatUid(booked.participantId)} 1`,
          `${bea.email} session-offered-to-tutor REQUEST ${tutorUid(booked.sessionId)} 1`,
          `${ana.email} tutor-cancel-confirmation CANCEL ${tutorUid(booked.sessionId)} 1`,
        ].sort(),
      );
      const toSam = offered.find((file) => file.to === sam.email)!;
      expect(toSam.summary).toBe("Maths with Bea");
      expect(toSam.description).toContain("Ana cancelled and Bea is offered in their place");

      await answerReplacement(sam, booked.sessionId, { answer: "accept" }, noMeta);
      const accepted = await filesSent();
      expect(lines(accepted)).toEqual(
        [`${sam.email} replacement-confirmed REQUEST ${seatUid(booked.participantId)} 2`, `${bea.email} session-assigned-to-tutor REQUEST ${tutorUid(booked.sessionId)} 2`].sort(),
      );
      expect(accepted.find((file) => file.to === sam.email)!.description).toContain("for Sam with Bea.");

      await cancelSession(sam, booked.sessionId, conflict, noMeta);
      expect(lines(await filesSent())).toEqual(
        [`${sam.email} session-cancelled CANCEL ${seatUid(booked.participantId)} 3`, `${bea.email} session-cancelled CANCEL ${tutorUid(booked.sessionId)} 3`].sort(),
      );
      // The counter on the session only grows, whoever writes it.
      await expect(prisma.tutoringSession.update({ where: { id: booked.sessionId }, data: { calendarSequence: 1 } })).rejects.toThrow(/cannot go down/);
    }));

  it("the student takes another tutor: the offered tutor's event is cancelled and the chosen tutor's sent", () =>
    withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      const bea = await tutor("Bea");
      const cal = await tutor("Cal");
      const sam = await student("Sam");
      const booked = await bookOneToOne(sam, ana.id);
      await cancelSession(ana, booked.sessionId, illness, noMeta);
      await filesSent();
      const later = START.plus({ hours: 2 });
      await answerReplacement(sam, booked.sessionId, { answer: "choose", tutorId: cal.id, startsAt: later.toJSDate() }, noMeta);
      const sent = await filesSent();
      expect(lines(sent)).toEqual(
        [
          `${sam.email} replacement-confirmed REQUEST ${seatUid(booked.participantId)} 2`,
          `${cal.email} session-assigned-to-tutor REQUEST ${tutorUid(booked.sessionId)} 2`,
          `${bea.email} session-released-from-tutor CANCEL ${tutorUid(booked.sessionId)} 2`,
        ].sort(),
      );
      expect(sent.find((file) => file.to === cal.email)!.starts).toBe(basic(later));
      expect(sent.find((file) => file.to === sam.email)!).toMatchObject({ starts: basic(later), summary: "Maths with Cal" });
    }));

  it("nobody free: the cancelling tutor's event is cancelled at once; the tutor the student picks gets it", () =>
    withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      const cal = await tutor("Cal", ["Physics", "Maths"]);
      const sam = await student("Sam");
      // Cal is busy at the booked hour, so nobody can be offered.
      const other = await student("Olly");
      await bookOneToOne(other, cal.id, other.id, START);
      const booked = await bookOneToOne(sam, ana.id);
      await filesSent();
      await cancelSession(ana, booked.sessionId, illness, noMeta);
      const waiting = await filesSent();
      expect(lines(waiting)).toEqual(
        [
          `${sam.email} tutor-cancelled-no-replacement REQUEST ${seatUid(booked.participantId)} 1`,
          `${ana.email} tutor-cancel-confirmation CANCEL ${tutorUid(booked.sessionId)} 1`,
        ].sort(),
      );
      expect(waiting.find((file) => file.to === sam.email)!.description).toContain("Ana cancelled: choose another tutor and time");

      await answerReplacement(sam, booked.sessionId, { answer: "choose", tutorId: cal.id, startsAt: START.plus({ hours: 4 }).toJSDate() }, noMeta);
      expect(lines(await filesSent())).toEqual(
        [`${sam.email} replacement-confirmed REQUEST ${seatUid(booked.participantId)} 2`, `${cal.email} session-assigned-to-tutor REQUEST ${tutorUid(booked.sessionId)} 2`].sort(),
      );
    }));

  it("an unanswered offer closed at the deadline cancels the learner's and the offered tutor's events", async () => {
    const { sessionId, participantId, sam, bea } = await withClockAt(NOW, async () => {
      await tutor("Ana");
      const bea = await tutor("Bea");
      const sam = await student("Sam");
      const ana = (await prisma.user.findFirstOrThrow({ where: { name: "Ana" } })) as Booker;
      const booked = await bookOneToOne(sam, ana.id);
      await cancelSession(ana, booked.sessionId, illness, noMeta);
      await filesSent();
      return { ...booked, sam, bea };
    });
    await withClockAt(START.minus({ hours: 2 }).plus({ minutes: 1 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(1);
      expect(lines(await filesSent())).toEqual(
        [`${sam.email} session-cancelled CANCEL ${seatUid(participantId)} 2`, `${bea.email} session-released-from-tutor CANCEL ${tutorUid(sessionId)} 2`].sort(),
      );
    });
  });
});

describe("the replacement reply deadline", () => {
  it("refuses an answer after the deadline even before the job has run (409), and the page names the deadline", async () => {
    const { sessionId, sam } = await withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      await tutor("Bea");
      const sam = await student("Sam");
      const booked = await bookOneToOne(sam, ana.id);
      await cancelSession(ana, booked.sessionId, illness, noMeta);
      return { sessionId: booked.sessionId, sam };
    });
    const deadline = START.minus({ hours: 2 });
    const view = await withClockAt(NOW.plus({ hours: 1 }), () => getSessionView(sam, sessionId));
    expect(view?.replacement).toMatchObject({ offered: true, yourChoice: true, replyBy: deadline.toJSDate().toISOString() });

    await withClockAt(deadline.plus({ minutes: 1 }), async () => {
      for (const answer of ["accept", "cancel"] as const) {
        const refusal = await refusalOf(answerReplacement(sam, sessionId, { answer }, noMeta));
        expect(refusal).toBeInstanceOf(DomainError);
        expect(refusal.code).toBe("REPLY_DEADLINE_PASSED");
        expect(refusal.message).toBe("The deadline to answer has passed, so the choice has closed: the session is being cancelled with a full refund.");
        expect(statusForDomainError(refusal)).toBe(409);
      }
    });
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: sessionId }, select: { status: true, reassignmentStatus: true } })).toEqual({
      status: "SCHEDULED",
      reassignmentStatus: "PENDING_ACCEPTANCE",
    });
    // A minute before the deadline the same answer goes through.
    await withClockAt(deadline.minus({ minutes: 1 }), async () => {
      expect(await answerReplacement(sam, sessionId, { answer: "accept" }, noMeta)).toMatchObject({ outcome: "ACCEPTED", tutorName: "Bea" });
    });
    await outboxSettled();
  });

  it("every page, list and link closes the choice at the deadline, not at the start, until the job cancels it", async () => {
    const { sessionId, sam } = await withClockAt(NOW, async () => {
      const ana = await tutor("Ana");
      await tutor("Bea");
      const sam = await student("Sam");
      const booked = await bookOneToOne(sam, ana.id);
      await cancelSession(ana, booked.sessionId, illness, noMeta);
      return { sessionId: booked.sessionId, sam };
    });
    const deadline = START.minus({ hours: 2 });
    const range = { from: START.startOf("day").toJSDate(), to: START.endOf("day").toJSDate() };
    const everyAnswer = async () => {
      const view = await getSessionView(sam, sessionId);
      const row = (await listSessions(sam, { perspective: "learner", when: "upcoming", page: 0 })).rows.find((candidate) => candidate.sessionId === sessionId);
      return {
        sessionPage: { state: view?.replacement?.state ?? null, canCancel: view?.canCancel, canReschedule: view?.canReschedule },
        choicePage: (await getReplacementView(sam, sessionId, { range }))?.state,
        linkPage: (await describeReplacementForLink(sessionId, sam.id))?.state,
        row: row && { status: row.status, action: row.action.label },
      };
    };
    expect(await withClockAt(deadline.minus({ minutes: 1 }), everyAnswer)).toEqual({
      sessionPage: { state: "open", canCancel: false, canReschedule: false },
      choicePage: "open",
      linkPage: "open",
      row: { status: "Tutor cancelled: your choice is needed", action: "Choose what happens" },
    });
    // Past the deadline, the start still an hour and more away, before the job has run: closed everywhere, no way to act.
    expect(await withClockAt(deadline.plus({ minutes: 1 }), everyAnswer)).toEqual({
      sessionPage: { state: "closed", canCancel: false, canReschedule: false },
      choicePage: "closed",
      linkPage: "closed",
      row: { status: "Tutor cancelled: no choice made in time, being refunded", action: "View session" },
    });
    // The job then cancels it with a full refund; every page says so.
    await withClockAt(deadline.plus({ minutes: 2 }), async () => {
      expect(await closeUnansweredReplacements()).toBe(1);
      expect(await everyAnswer()).toEqual({
        sessionPage: { state: null, canCancel: false, canReschedule: false },
        choicePage: "none",
        linkPage: "cancelled",
        // A cancelled seat leaves the upcoming list.
        row: undefined,
      });
    });
    await outboxSettled();
  });
});
