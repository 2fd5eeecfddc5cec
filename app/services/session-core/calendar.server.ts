import { icsAttachment, type IcsAttachment } from "~/domain/email/ics";
import type { Tx } from "../db.server";
import { env } from "../env.server";

/**
 * Whose copy of a session's event a file is for. Each learner's seat has its own event (as the booking's
 * first .ics named it); the tutor has one event per session, whoever teaches it: a reassignment cancels
 * it in the old tutor's calendar and sends it to the new tutor's, both under the same UID.
 */
export type CalendarCopy = { seatId: string } | { tutorOf: string };

/** The event's identity in people's calendars. */
export function calendarUid(copy: CalendarCopy): string {
  return "seatId" in copy ? `${copy.seatId}@tutordesk` : `session-${copy.tutorOf}@tutordesk`;
}

/** What the event says, as the session is after the change. */
export type SessionEvent = {
  sessionId: string;
  title: string;
  kind?: "ONE_TO_ONE" | "GROUP";
  tutorName: string;
  /** The learner(s) of this copy: the seat's student, or the 1:1 student for the tutor's copy. */
  studentName: string;
  startsAt: Date;
  endsAt: Date;
  location?: string | null;
  /** A line about the change, e.g. who is offered the session and until when the student answers. */
  note?: string;
  stampedAt: Date;
};

/**
 * THE builder of a session's calendar files. Each change that moves, reassigns or cancels the session
 * takes the next SEQUENCE once (`nextCalendarVersion`, inside its transaction), and every .ics it sends,
 * to learners and tutors alike, carries that number: calendars replace their copy only with a higher
 * one, and the counter on the session only grows (a trigger refuses a decrease). The first booking
 * email uses the current value.
 */
export async function nextCalendarVersion(tx: Tx, sessionId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ calendar_sequence: number }[]>`
    UPDATE tutoring_sessions SET calendar_sequence = calendar_sequence + 1 WHERE id = ${sessionId} RETURNING calendar_sequence`;
  return rows[0].calendar_sequence;
}

export async function currentCalendarVersion(tx: Tx, sessionId: string): Promise<number> {
  const session = await tx.tutoringSession.findUniqueOrThrow({ where: { id: sessionId }, select: { calendarSequence: true } });
  return session.calendarSequence;
}

function factsFor(copy: CalendarCopy, event: SessionEvent) {
  const url = `${env.appUrl}/sessions/${event.sessionId}`;
  const note = event.note ? ` ${event.note}` : "";
  const forTutor = "tutorOf" in copy;
  // The tutor's copy of a group session does not list its learners, so seats coming and going leave it as it is.
  const summary = forTutor ? (event.kind === "GROUP" ? `${event.title} (group session)` : `${event.title} with ${event.studentName}`) : `${event.title} with ${event.tutorName}`;
  const description = forTutor
    ? `You teach ${event.kind === "GROUP" ? "this group session" : `${event.studentName}`}.${note} Details: ${url}`
    : `Tutoring session for ${event.studentName} with ${event.tutorName}.${note} Details: ${url}`;
  return { startsAt: event.startsAt, endsAt: event.endsAt, stampedAt: event.stampedAt, summary, description, location: event.location ?? undefined, url };
}

/** The replacing event (METHOD:REQUEST) for one copy, at `sequence`. */
export function calendarRequest(copy: CalendarCopy, sequence: number, event: SessionEvent): IcsAttachment {
  return icsAttachment({ ...factsFor(copy, event), uid: calendarUid(copy), sequence, method: "REQUEST", status: "CONFIRMED" });
}

/** The cancelling event (METHOD:CANCEL) for one copy, at `sequence`. */
export function calendarCancel(copy: CalendarCopy, sequence: number, event: SessionEvent): IcsAttachment {
  return icsAttachment({ ...factsFor(copy, event), uid: calendarUid(copy), sequence, method: "CANCEL", status: "CANCELLED" });
}
