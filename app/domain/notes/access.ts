import type { Relationship } from "~/domain/sessions/relationship";
import type { SessionStatus } from "~/domain/sessions/status";

/*
 * Session notes (issue 15): the tutor's notes on the session and each seat's completion notes from the
 * learner's side. Who may read and write them, and until when, decided here with `now` passed in.
 */

export const TUTOR_NOTES_MAX_LENGTH = 2000;
export const COMPLETION_NOTES_MAX_LENGTH = 1000;
/** Notes stay editable this long after the check-out (or the scheduled end, when nobody checked out). */
export const NOTES_EDITABLE_DAYS = 7;

const DAY = 24 * 60 * 60 * 1000;

export type NotesSession = {
  status: SessionStatus;
  noShowParty: "tutor" | "student" | null;
  checkedOutAt: Date | null;
  endsAt: Date;
};

export type NotesWindow =
  /** Notes may be written until `closesAt` (exclusive). */
  | { state: "open"; closesAt: Date }
  /** The seven days have passed: notes can be read, no longer changed. */
  | { state: "closed"; closedAt: Date }
  /** Nothing to write notes about (yet): not checked out, cancelled, or the tutor never came. */
  | { state: "none" };

/**
 * Whether the session is past its check-out: awaiting confirmation, disputed, completed, or a no-show
 * of the learners (the tutor came and checked out). A tutor's no-show and a cancellation have nothing
 * to write about; a session not yet checked out has not happened yet.
 */
export function hasNotesStage(session: Pick<NotesSession, "status" | "noShowParty">): boolean {
  if (session.status === "NO_SHOW") return session.noShowParty === "student";
  return session.status === "AWAITING_CONFIRMATION" || session.status === "DISPUTED" || session.status === "COMPLETED";
}

/**
 * The editing window: from the check-out until 7 days after it. A session whose attendance a
 * coordinator recorded (no check-out instant) counts from its scheduled end.
 */
export function notesWindow(session: NotesSession, now: Date): NotesWindow {
  if (!hasNotesStage(session)) return { state: "none" };
  const from = session.checkedOutAt ?? session.endsAt;
  const closesAt = new Date(from.getTime() + NOTES_EDITABLE_DAYS * DAY);
  return now.getTime() < closesAt.getTime() ? { state: "open", closesAt } : { state: "closed", closedAt: closesAt };
}

export type NotesAccess = {
  /** May read the tutor's notes and their generated summary, and the completion notes of `readSeats`. */
  mayRead: boolean;
  /** The seats whose completion notes this person sees: all of them for the tutor and staff, else their own. */
  readSeats: string[];
  /** May write the tutor's notes now (the tutor, inside the window). */
  mayWriteTutorNotes: boolean;
  /** The seats whose completion notes this person may write now (the learner's side of each, inside the window). */
  writeSeats: string[];
  window: NotesWindow;
};

/**
 * Who sees and writes what. Readers: the tutor, coordinators and admins, and the learners with a seat
 * and their parents (the person who booked the seat, a linked parent); nobody else. Writers, while the
 * window is open: the tutor writes the tutor's notes; a seat's student or parent writes that seat's
 * completion notes. Staff read but do not write: the notes are the tutor's and the family's words.
 */
export function notesAccess(relationship: Pick<Relationship, "isTutor" | "staff" | "seats" | "maySee">, allSeatIds: readonly string[], window: NotesWindow): NotesAccess {
  const open = window.state === "open";
  const seeAll = relationship.isTutor || relationship.staff !== null;
  const ownSeats = relationship.seats.map((seat) => seat.id);
  const mayRead = window.state !== "none" && relationship.maySee;
  return {
    mayRead,
    readSeats: mayRead ? (seeAll ? [...allSeatIds] : ownSeats) : [],
    mayWriteTutorNotes: open && relationship.isTutor,
    // The tutor's own seat cannot exist (a tutor never books themselves), so `seats` are the learner side's.
    writeSeats: open && !relationship.isTutor ? ownSeats : [],
    window,
  };
}
