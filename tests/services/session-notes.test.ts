import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { statusForDomainError } from "../../app/domain/shared/errors";
import { checkIn, checkOut } from "../../app/services/attendance.server";
import { prisma } from "../../app/services/db.server";
import { configuredSummarizer, getNotesView, localSummarizer, NotesFormError, saveCompletionNotes, saveTutorNotes, type Summarizer } from "../../app/services/session-notes.server";
import { createSessionWithSeats, createStudent, createTutor, createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { refusalOf } from "./session-fixtures";

// Monday 3 March 2031, 08:00 UTC; the session runs 10:00–11:00 UTC, checked in at 09:45 and out at 11:02.
useFixedClock();

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const CHECKED_OUT_AT = "2031-03-03T11:02:00Z";
const DAY_LATER = utc("2031-03-04T09:00:00Z");

const NOTES = `Worked on quadratic equations: factorising and the quadratic formula. Maya was focused and asked great questions.
- Completing the square is still shaky.
Next session we should review completing the square before moving on to graphs of quadratics.`;

/** A tutor, a child whose parent booked, a linked second parent, and the session: checked out by the real services unless `checkOut: false`. */
async function setup(options: { checkOut?: boolean } = {}) {
  const tutor = await createTutor({ name: "Tutor Tess" });
  const child = await createStudent("Maya Child");
  const parent = await createUser({ roles: ["PARENT"], name: "Pat Parent", timezone: "UTC" });
  const otherParent = await createUser({ roles: ["PARENT"], name: "Linda Parent", timezone: "UTC" });
  await prisma.parentLink.createMany({
    data: [
      { parentId: parent.id, studentId: child.id },
      { parentId: otherParent.id, studentId: child.id },
    ],
  });
  const { sessionId, participantIds } = await createSessionWithSeats(tutor.id, 2, [{ studentId: child.id, bookedById: parent.id, status: "CONFIRMED" }]);
  const tutorViewer = { ...tutor, timezone: "UTC" };
  await withClockFrozenAt(utc("2031-03-03T09:45:00Z"), () => checkIn(tutorViewer, sessionId, noMeta));
  if (options.checkOut !== false) await withClockFrozenAt(utc(CHECKED_OUT_AT), () => checkOut(tutorViewer, sessionId, {}, noMeta));
  return { tutor: tutorViewer, child, parent, otherParent, sessionId, seatId: participantIds[0] };
}

const readNotes = (id: string) =>
  prisma.tutoringSession.findUniqueOrThrow({ where: { id }, select: { tutorNotes: true, tutorNotesUpdatedAt: true, notesSummary: true, notesSummarizer: true } });

const auditOf = (id: string, action: string) =>
  prisma.auditEvent.findMany({ where: { subjectId: id, action }, orderBy: { id: "asc" }, select: { actorId: true, before: true, after: true } });

describe("saveTutorNotes", () => {
  it("saves the notes with the local summary, audited, and the parent, the student and staff read both", async () => {
    const { tutor, child, parent, otherParent, sessionId } = await setup();
    const result = await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, `  ${NOTES}\r\n`, noMeta));
    const expected = {
      themes: ["quadratic", "completing", "square"],
      engagement: "high",
      followUps: ["Next session we should review completing the square before moving on to graphs of quadratics."],
    };
    expect(result).toEqual({ changed: true, summary: expected });
    expect(await readNotes(sessionId)).toEqual({ tutorNotes: NOTES, tutorNotesUpdatedAt: DAY_LATER.toJSDate(), notesSummary: expected, notesSummarizer: "local" });
    expect(await auditOf(sessionId, "session.notes_saved")).toEqual([
      { actorId: tutor.id, before: { tutorNotes: "" }, after: { tutorNotes: NOTES, summarizer: "local", summarized: true } },
    ]);
    const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
    const admin = await createUser({ roles: ["ADMIN"], timezone: "UTC" });
    for (const reader of [parent, otherParent, child, coordinator, admin, tutor]) {
      const view = await withClockFrozenAt(DAY_LATER, () => getNotesView(reader, sessionId));
      expect(view?.tutorNotes).toMatchObject({ text: NOTES, summary: expected, summarizer: "local", updatedAtText: "Tue 4 Mar 2031, 09:00 GMT (UTC)" });
      expect(view?.tutorNotes.mayWrite).toBe(reader.id === tutor.id);
    }
  });

  it("nobody else sees the notes: another tutor, another student, an unrelated parent", async () => {
    const { tutor, sessionId } = await setup();
    await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, NOTES, noMeta));
    const strangers = [await createTutor({ name: "Other Otto" }), await createStudent("Zoe Else"), await createUser({ roles: ["PARENT"], timezone: "UTC" })];
    for (const stranger of strangers) expect(await withClockFrozenAt(DAY_LATER, () => getNotesView(stranger, sessionId))).toBeNull();
  });

  it("only the tutor writes them: the parent is refused (403), a stranger finds nothing (404)", async () => {
    const { parent, sessionId } = await setup();
    const byParent = await withClockFrozenAt(DAY_LATER, () => refusalOf(saveTutorNotes(parent, sessionId, NOTES, noMeta)));
    expect([byParent.code, statusForDomainError(byParent)]).toEqual(["FORBIDDEN", 403]);
    const stranger = await createTutor({ name: "Other Otto" });
    const byStranger = await withClockFrozenAt(DAY_LATER, () => refusalOf(saveTutorNotes(stranger, sessionId, NOTES, noMeta)));
    expect(statusForDomainError(byStranger)).toBe(404);
    expect((await readNotes(sessionId)).tutorNotes).toBe("");
  });

  it("is refused before the check-out; editable until 7 days after it, not at 7 days", async () => {
    const before = await setup({ checkOut: false });
    const early = await withClockFrozenAt(utc("2031-03-03T10:50:00Z"), () => refusalOf(saveTutorNotes(before.tutor, before.sessionId, NOTES, noMeta)));
    expect([early.code, statusForDomainError(early)]).toEqual(["NOTES_NOT_OPEN", 409]);
    expect(await withClockFrozenAt(DAY_LATER, () => getNotesView(before.tutor, before.sessionId))).toBeNull();

    const { tutor, sessionId } = await setup();
    await withClockFrozenAt(utc("2031-03-10T11:01:59.999Z"), () => saveTutorNotes(tutor, sessionId, "Last minute: fractions.", noMeta));
    const late = await withClockFrozenAt(utc("2031-03-10T11:02:00Z"), () => refusalOf(saveTutorNotes(tutor, sessionId, "Too late.", noMeta)));
    expect(late.code).toBe("NOTES_CLOSED");
    expect(late.message).toBe("Notes could be changed until Mon 10 Mar 2031, 11:02 GMT (UTC). They can still be read.");
    expect((await readNotes(sessionId)).tutorNotes).toBe("Last minute: fractions.");
    const view = await withClockFrozenAt(utc("2031-03-11T00:00:00Z"), () => getNotesView(tutor, sessionId));
    expect(view).toMatchObject({ window: { state: "closed" }, tutorNotes: { text: "Last minute: fractions.", mayWrite: false } });
  });

  it("refuses more than 2,000 characters with the field's message, whatever the route let through, and the database refuses them too", async () => {
    const { tutor, sessionId } = await setup();
    const error = await withClockFrozenAt(DAY_LATER, () => refusalOf(saveTutorNotes(tutor, sessionId, "a".repeat(2001), noMeta)));
    expect(error).toBeInstanceOf(NotesFormError);
    expect((error as NotesFormError).errors).toEqual({ tutorNotes: "Write at most 2,000 characters (this has 2,001)." });
    expect(statusForDomainError(error)).toBe(400);
    await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, "😀".repeat(2000), noMeta));
    await expect(prisma.tutoringSession.update({ where: { id: sessionId }, data: { tutorNotes: "a".repeat(2001) } })).rejects.toThrow(/tutor_notes_length/);
  });

  it("empty notes and notes with no words are saved with no summary; an unchanged save writes nothing", async () => {
    const { tutor, sessionId } = await setup();
    await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, "... 4.2, 4.3 !!", noMeta));
    expect(await readNotes(sessionId)).toMatchObject({ tutorNotes: "... 4.2, 4.3 !!", notesSummary: null, notesSummarizer: null });
    expect(await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, "... 4.2, 4.3 !!", noMeta))).toMatchObject({ changed: false });
    await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, "", noMeta));
    expect(await readNotes(sessionId)).toMatchObject({ tutorNotes: "", notesSummary: null });
    expect(await auditOf(sessionId, "session.notes_saved")).toHaveLength(2);
  });

  it("summarizes Spanish and Japanese notes without English cues", async () => {
    const { tutor, sessionId } = await setup();
    await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, "Repasamos las fracciones equivalentes. Las fracciones impropias todavía cuestan.", noMeta));
    expect((await readNotes(sessionId)).notesSummary).toMatchObject({ themes: expect.arrayContaining(["fracciones"]), engagement: "unclear", followUps: [] });
    await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, "今日は分数の足し算を練習しました。分数の通分がまだ難しいです。", noMeta));
    expect((await readNotes(sessionId)).notesSummary).toMatchObject({ themes: expect.arrayContaining(["分数"]), engagement: "unclear" });
  });

  it("a failing summarizer does not lose the notes: saved without a summary", async () => {
    const { tutor, sessionId } = await setup();
    const failing: Summarizer = {
      name: "hosted-test",
      summarize: async () => {
        throw new Error("the model is down");
      },
    };
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, NOTES, noMeta, { summarizer: failing }))).toEqual({ changed: true, summary: null });
    } finally {
      console.error = quiet;
    }
    expect(await readNotes(sessionId)).toMatchObject({ tutorNotes: NOTES, notesSummary: null, notesSummarizer: null });
  });

  it("another summarizer plugs in without the caller changing, and its name is kept beside the summary", async () => {
    const { tutor, sessionId } = await setup();
    const hosted: Summarizer = { name: "hosted-test", summarize: async () => ({ themes: ["algebra"], engagement: "moderate", followUps: ["Practise."] }) };
    await withClockFrozenAt(DAY_LATER, () => saveTutorNotes(tutor, sessionId, NOTES, noMeta, { summarizer: hosted }));
    expect(await readNotes(sessionId)).toMatchObject({ notesSummarizer: "hosted-test", notesSummary: { themes: ["algebra"] } });
    expect(configuredSummarizer()).toBe(localSummarizer);
    expect(() => configuredSummarizer("nonsense")).toThrow(/NOTES_SUMMARIZER=nonsense/);
  });

  it("two saves at once queue on the tutor's lock: both written, the last one stays", async () => {
    const { tutor, sessionId } = await setup();
    await withClockFrozenAt(DAY_LATER, () =>
      Promise.all([saveTutorNotes(tutor, sessionId, "First: fractions.", noMeta), saveTutorNotes(tutor, sessionId, "Second: decimals.", noMeta)]),
    );
    const events = await auditOf(sessionId, "session.notes_saved");
    expect(events).toHaveLength(2);
    const lastAfter = events[1].after as { tutorNotes: string };
    expect((await readNotes(sessionId)).tutorNotes).toBe(lastAfter.tutorNotes);
    expect((events[1].before as { tutorNotes: string }).tutorNotes).toBe((events[0].after as { tutorNotes: string }).tutorNotes);
  });
});

describe("saveCompletionNotes", () => {
  it("the parent who booked writes the seat's notes; the linked parent, the student, the tutor and staff read them", async () => {
    const { tutor, child, parent, otherParent, sessionId, seatId } = await setup();
    expect(await withClockFrozenAt(DAY_LATER, () => saveCompletionNotes(parent, sessionId, seatId, "Maya enjoyed it. <b>Thanks!</b>", noMeta))).toEqual({ changed: true });
    expect(await auditOf(sessionId, "session.completion_notes_saved")).toEqual([
      { actorId: parent.id, before: { seatId, completionNotes: "" }, after: { seatId, completionNotes: "Maya enjoyed it. <b>Thanks!</b>" } },
    ]);
    const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
    for (const reader of [otherParent, child, tutor, coordinator]) {
      const view = await withClockFrozenAt(DAY_LATER, () => getNotesView(reader, sessionId));
      expect(view?.seats).toEqual([
        {
          id: seatId,
          studentName: "Maya Child",
          text: "Maya enjoyed it. <b>Thanks!</b>",
          updatedAtText: "Tue 4 Mar 2031, 09:00 GMT (UTC)",
          mayWrite: [otherParent.id, child.id].includes(reader.id),
        },
      ]);
    }
  });

  it("the student writes too; the tutor and staff may not (403), a stranger finds nothing (404)", async () => {
    const { tutor, child, sessionId, seatId } = await setup();
    await withClockFrozenAt(DAY_LATER, () => saveCompletionNotes(child, sessionId, seatId, "Helpful session.", noMeta));
    const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
    for (const person of [tutor, coordinator]) {
      const error = await withClockFrozenAt(DAY_LATER, () => refusalOf(saveCompletionNotes(person, sessionId, seatId, "Not mine.", noMeta)));
      expect([error.code, statusForDomainError(error)]).toEqual(["FORBIDDEN", 403]);
    }
    const stranger = await createStudent("Zoe Else");
    expect(statusForDomainError(await withClockFrozenAt(DAY_LATER, () => refusalOf(saveCompletionNotes(stranger, sessionId, seatId, "x", noMeta))))).toBe(404);
    expect(statusForDomainError(await withClockFrozenAt(DAY_LATER, () => refusalOf(saveCompletionNotes(child, sessionId, "no-such-seat", "x", noMeta))))).toBe(404);
    expect((await prisma.participant.findUniqueOrThrow({ where: { id: seatId } })).completionNotes).toBe("Helpful session.");
  });

  it("refuses 1,001 characters beside the field and after the window; the database refuses them too", async () => {
    const { parent, sessionId, seatId } = await setup();
    const long = await withClockFrozenAt(DAY_LATER, () => refusalOf(saveCompletionNotes(parent, sessionId, seatId, "b".repeat(1001), noMeta)));
    expect((long as NotesFormError).errors).toEqual({ completionNotes: "Write at most 1,000 characters (this has 1,001)." });
    const late = await withClockFrozenAt(utc("2031-03-10T11:02:00Z"), () => refusalOf(saveCompletionNotes(parent, sessionId, seatId, "Late.", noMeta)));
    expect([late.code, statusForDomainError(late)]).toEqual(["NOTES_CLOSED", 409]);
    await expect(prisma.participant.update({ where: { id: seatId }, data: { completionNotes: "b".repeat(1001) } })).rejects.toThrow(/completion_notes_length/);
  });
});
