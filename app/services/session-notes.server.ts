import { Prisma } from "@prisma/client";
import { COMPLETION_NOTES_MAX_LENGTH, notesAccess, notesWindow, TUTOR_NOTES_MAX_LENGTH, type NotesAccess, type NotesWindow } from "~/domain/notes/access";
import { characterCount, normaliseNotes } from "~/domain/notes/forms";
import { summarizeNotesLocally } from "~/domain/notes/local-summary";
import { readNoteSummary, type NoteSummary } from "~/domain/notes/note-summary";
import type { SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import type { Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { lockTutorOfSession } from "./locks.server";
import type { RequestMeta } from "./request-meta.server";
import { relationshipOf } from "./session-core/relationship.server";

/*
 * Session notes (issue 15, docs/decisions/024): the tutor's notes after check-out with their generated
 * summary, and each seat's completion notes from the learner's side. The domain (app/domain/notes)
 * decides who and until when; this writes, under the tutor's lock, with an audit event.
 */

/** Writes the summary of a tutor's notes. Callers never know which one runs: NOTES_SUMMARIZER chooses. */
export interface Summarizer {
  /** Stored beside the summary ("local", or a hosted model's name), so a page can say what wrote it. */
  readonly name: string;
  /** The summary, or null when there is nothing to summarize. May be slow (a hosted model): never called under a lock. */
  summarize(text: string): Promise<NoteSummary | null>;
}

/** The default: extractive and rule-based, offline and deterministic (app/domain/notes/local-summary.ts). */
export const localSummarizer: Summarizer = { name: "local", summarize: async (text) => summarizeNotesLocally(text) };

/** The summarizers NOTES_SUMMARIZER may name. A hosted one is one more entry here; no caller changes. */
const SUMMARIZERS: Readonly<Record<string, () => Summarizer>> = { local: () => localSummarizer };

export function configuredSummarizer(name: string = env.notesSummarizer): Summarizer {
  const make = SUMMARIZERS[name];
  if (!make) throw new Error(`NOTES_SUMMARIZER=${name} is not a summarizer this app has; use one of: ${Object.keys(SUMMARIZERS).join(", ")}`);
  return make();
}

export type NotesViewer = { id: string; roles: readonly Role[]; timezone?: string };

/** Bad input on a notes form: the field's message (a 400, the text kept), nothing written. */
export class NotesFormError extends DomainError<"INVALID_NOTES"> {
  constructor(readonly errors: Readonly<Record<string, string>>) {
    const [field, message] = Object.entries(errors)[0] ?? ["tutorNotes", "Write the notes again."];
    super("INVALID_NOTES", message, field);
  }
}

/** The length limit, checked again here whatever the route parsed (the database's CHECK is the last word). */
function checkedNotes(text: string, max: number, field: "tutorNotes" | "completionNotes"): string {
  const notes = normaliseNotes(text);
  const count = characterCount(notes);
  if (count > max) throw new NotesFormError({ [field]: `Write at most ${max.toLocaleString("en")} characters (this has ${count.toLocaleString("en")}).` });
  return notes;
}

const NOTES_SELECT = {
  id: true,
  tutorId: true,
  kind: true,
  status: true,
  noShowParty: true,
  checkedOutAt: true,
  endsAt: true,
  tutorNotes: true,
  tutorNotesUpdatedAt: true,
  notesSummary: true,
  notesSummarizer: true,
  // Only seats that stayed booked: a learner who cancelled their place has no part in what happened.
  participants: {
    where: { status: "CONFIRMED" },
    orderBy: { student: { name: "asc" } },
    select: { id: true, studentId: true, bookedById: true, completionNotes: true, completionNotesUpdatedAt: true, student: { select: { name: true } } },
  },
} satisfies Prisma.TutoringSessionSelect;

type NotesRow = Prisma.TutoringSessionGetPayload<{ select: typeof NOTES_SELECT }>;

type LoadedNotes = { session: NotesRow; access: NotesAccess; ownSeatIds: string[] };

async function loadNotes(db: Tx | typeof prisma, viewer: NotesViewer, sessionId: string, now: Date): Promise<LoadedNotes | null> {
  const session = await db.tutoringSession.findUnique({ where: { id: sessionId }, select: NOTES_SELECT });
  if (!session) return null;
  const relationship = await relationshipOf(db, viewer, { tutorId: session.tutorId, seats: session.participants });
  if (!relationship.maySee) return null;
  const window = notesWindow({ ...session, status: session.status as SessionStatus }, now);
  const ownSeatIds = relationship.isTutor ? [] : relationship.seats.map((seat) => seat.id);
  return {
    session,
    access: notesAccess(
      relationship,
      session.participants.map((seat) => seat.id),
      window,
    ),
    ownSeatIds,
  };
}

const notFound = () => new DomainError("NOT_FOUND", "That session does not exist, or it is not yours to see.");

function windowRefusal(window: NotesWindow, zone: string): DomainError | null {
  if (window.state === "none") return new DomainError("NOTES_NOT_OPEN", "Notes can be written once the tutor has checked out of the session.");
  if (window.state === "closed") {
    return new DomainError("NOTES_CLOSED", `Notes could be changed until ${formatInstant(window.closedAt, zone)}. They can still be read.`);
  }
  return null;
}

/** Whether the tutor may write now; throws the refusal otherwise (not theirs: 403 or 404; window: 409). */
function assertTutorMayWrite(loaded: LoadedNotes | null, viewer: NotesViewer): NotesRow {
  if (!loaded) throw notFound();
  const refusal = windowRefusal(loaded.access.window, viewer.timezone ?? "UTC");
  if (loaded.session.tutorId !== viewer.id) throw new DomainError("FORBIDDEN", "Only the session's tutor writes its notes.");
  if (refusal) throw refusal;
  return loaded.session;
}

async function summarizeSafely(summarizer: Summarizer, text: string): Promise<{ summary: NoteSummary | null; summarizer: string | null }> {
  if (!text) return { summary: null, summarizer: null };
  try {
    const summary = await summarizer.summarize(text);
    return { summary, summarizer: summary ? summarizer.name : null };
  } catch (error) {
    // The notes matter more than their summary: they are saved without one; the next change summarizes again.
    console.error(`notes summary: the ${summarizer.name} summarizer failed; the notes are saved without a summary`, error);
    return { summary: null, summarizer: null };
  }
}

/**
 * The tutor saves the session's notes (blank clears them), inside the window: from check-out until 7
 * days after it. The summary is written first, outside any lock (a hosted model may take seconds), then
 * the notes and their summary under the tutor's lock, with the decision taken again there. Audited
 * with the notes before and after. `changed` is false when the text was already the saved one.
 */
export async function saveTutorNotes(
  viewer: NotesViewer,
  sessionId: string,
  text: string,
  meta: RequestMeta,
  options: { summarizer?: Summarizer } = {},
): Promise<{ changed: boolean; summary: NoteSummary | null }> {
  const notes = checkedNotes(text, TUTOR_NOTES_MAX_LENGTH, "tutorNotes");
  // Decided once before summarizing, so a refusal costs no summarizer work.
  const first = assertTutorMayWrite(await loadNotes(prisma, viewer, sessionId, clock.nowDate()), viewer);
  if (first.tutorNotes === notes) return { changed: false, summary: readNoteSummary(first.notesSummary) };
  const generated = await summarizeSafely(options.summarizer ?? configuredSummarizer(), notes);
  return prisma.$transaction(async (tx) => {
    await lockTutorOfSession(tx, sessionId);
    const session = assertTutorMayWrite(await loadNotes(tx, viewer, sessionId, clock.nowDate()), viewer);
    const updatedAt = clock.nowDate();
    await tx.tutoringSession.update({
      where: { id: sessionId },
      data: { tutorNotes: notes, tutorNotesUpdatedAt: updatedAt, notesSummary: generated.summary ?? Prisma.DbNull, notesSummarizer: generated.summarizer },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: "session.notes_saved",
      subject: { type: "TutoringSession", id: sessionId },
      before: { tutorNotes: session.tutorNotes },
      after: { tutorNotes: notes, summarizer: generated.summarizer, summarized: generated.summary !== null },
      meta,
    });
    return { changed: true, summary: generated.summary };
  });
}

/**
 * A seat's completion notes, written by that seat's student or the parent who acts for them, inside
 * the same window as the tutor's notes. Under the tutor's lock (the one lock order), audited on the
 * session with the seat named.
 */
export async function saveCompletionNotes(viewer: NotesViewer, sessionId: string, seatId: string, text: string, meta: RequestMeta): Promise<{ changed: boolean }> {
  const notes = checkedNotes(text, COMPLETION_NOTES_MAX_LENGTH, "completionNotes");
  return prisma.$transaction(async (tx) => {
    await lockTutorOfSession(tx, sessionId);
    const loaded = await loadNotes(tx, viewer, sessionId, clock.nowDate());
    if (!loaded) throw notFound();
    const seat = loaded.session.participants.find((candidate) => candidate.id === seatId);
    // Another family's place looks like no place at all.
    if (!seat || !loaded.access.readSeats.includes(seatId)) throw new DomainError("SEAT_NOT_FOUND", "That place is not in this session, or it is not yours.");
    if (!loaded.ownSeatIds.includes(seatId)) throw new DomainError("FORBIDDEN", "Only the student or their parent writes completion notes for their place.");
    const refusal = windowRefusal(loaded.access.window, viewer.timezone ?? "UTC");
    if (refusal) throw refusal;
    if (seat.completionNotes === notes) return { changed: false };
    await tx.participant.update({ where: { id: seatId }, data: { completionNotes: notes, completionNotesUpdatedAt: clock.nowDate() } });
    await recordAudit(tx, {
      actor: viewer,
      action: "session.completion_notes_saved",
      subject: { type: "TutoringSession", id: sessionId },
      before: { seatId, completionNotes: seat.completionNotes },
      after: { seatId, completionNotes: notes },
      meta,
    });
    return { changed: true };
  });
}

export type NotesView = {
  sessionId: string;
  group: boolean;
  /** "Notes can be changed until …" (open), "… could be changed until …" (closed), in the viewer's zone. */
  window: { state: "open" | "closed"; untilText: string };
  tutorNotes: { text: string; updatedAtText: string | null; summary: NoteSummary | null; summarizer: string | null; mayWrite: boolean };
  seats: { id: string; studentName: string; text: string; updatedAtText: string | null; mayWrite: boolean }[];
  limits: { tutorNotes: number; completionNotes: number };
};

/**
 * What the session page shows of the notes to this viewer, or null when they see none: before the
 * check-out, or to anyone who is not the tutor, staff, or a seat's student or parent. Each reader sees
 * the tutor's notes with their summary and the completion notes of the seats they answer for (the
 * tutor and staff: every seat).
 */
export async function getNotesView(viewer: NotesViewer, sessionId: string): Promise<NotesView | null> {
  const loaded = await loadNotes(prisma, viewer, sessionId, clock.nowDate());
  if (!loaded || !loaded.access.mayRead) return null;
  const { session, access } = loaded;
  const window = access.window;
  if (window.state === "none") return null;
  const zone = viewer.timezone ?? "UTC";
  const when = (date: Date | null) => (date ? formatInstant(date, zone) : null);
  return {
    sessionId: session.id,
    group: session.kind === "GROUP",
    window: { state: window.state, untilText: formatInstant(window.state === "open" ? window.closesAt : window.closedAt, zone) },
    tutorNotes: {
      text: session.tutorNotes,
      updatedAtText: when(session.tutorNotesUpdatedAt),
      summary: session.tutorNotes ? readNoteSummary(session.notesSummary) : null,
      summarizer: session.notesSummarizer,
      mayWrite: access.mayWriteTutorNotes,
    },
    seats: session.participants
      .filter((seat) => access.readSeats.includes(seat.id))
      .map((seat) => ({
        id: seat.id,
        studentName: seat.student.name,
        text: seat.completionNotes,
        updatedAtText: when(seat.completionNotesUpdatedAt),
        mayWrite: access.writeSeats.includes(seat.id),
      })),
    limits: { tutorNotes: TUTOR_NOTES_MAX_LENGTH, completionNotes: COMPLETION_NOTES_MAX_LENGTH },
  };
}
