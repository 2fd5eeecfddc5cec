import { icsAttachment, type CalendarEvent, type IcsAttachment } from "~/domain/email/ics";
import type { Tx } from "../db.server";

/** The event's identity in people's calendars: one per seat, as the booking's first .ics named it. */
export function calendarUid(seatId: string): string {
  return `${seatId}@tutordesk`;
}

type EventFacts = Omit<CalendarEvent, "uid" | "sequence" | "method" | "status">;

/**
 * THE builder of a session's calendar files. Each change that moves, reassigns or cancels the session
 * takes the next SEQUENCE once (`nextCalendarVersion`, inside its transaction), and every .ics it sends
 * carries that number: calendars replace their copy only with a higher one, and the counter on the
 * session only grows (a trigger refuses a decrease). The first booking email uses the current value.
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

/** The replacing event (METHOD:REQUEST) for one seat, at `sequence`. */
export function calendarRequest(seatId: string, sequence: number, facts: EventFacts): IcsAttachment {
  return icsAttachment({ ...facts, uid: calendarUid(seatId), sequence, method: "REQUEST", status: "CONFIRMED" });
}

/** The cancelling event (METHOD:CANCEL) for one seat, at `sequence`. */
export function calendarCancel(seatId: string, sequence: number, facts: EventFacts): IcsAttachment {
  return icsAttachment({ ...facts, uid: calendarUid(seatId), sequence, method: "CANCEL", status: "CANCELLED" });
}
