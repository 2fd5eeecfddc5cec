import { DateTime } from "luxon";
import { z } from "zod";

/*
 * The Join button (issue 14): the tutor's meeting link, shown on the session page to its people from
 * 10 minutes before the start until the end. Pure: `now` comes in.
 */

/** How long before the start the Join link appears. */
export const JOIN_OPENS_BEFORE_START_MINUTES = 10;
export const MEETING_URL_MAX_LENGTH = 500;

/** Statuses in which the session may still be joined: booked and not over, or under way. */
const JOINABLE_STATUSES = new Set(["SCHEDULED", "IN_PROGRESS"]);

export type JoinSession = {
  status: string;
  meetingType: "VIDEO" | "AUDIO" | "CHAT" | "IN_PERSON";
  startsAt: Date;
  endsAt: Date;
  /** The session's own link, else the tutor's default (see `effectiveMeetingUrl`). */
  meetingUrl: string | null;
};

export type JoinDecision =
  /** Show the Join link now. */
  | { state: "open"; url: string }
  /** There will be a Join link: say when it appears. */
  | { state: "not_yet_open"; opensAt: Date }
  /** Nothing to join: in person, no link, cancelled, or over. */
  | { state: "none" };

export function joinOpensAt(session: Pick<JoinSession, "startsAt">): Date {
  return new Date(session.startsAt.getTime() - JOIN_OPENS_BEFORE_START_MINUTES * 60_000);
}

/** The session's own link wins; a blank one means "use the tutor's default". */
export function effectiveMeetingUrl(sessionUrl: string | null | undefined, tutorDefault: string | null | undefined): string | null {
  return sessionUrl?.trim() || tutorDefault?.trim() || null;
}

/**
 * Whether the Join link shows now. The window is half-open, [10 minutes before the start, the end):
 * shown from its first instant, gone at the end.
 */
export function joinDecision(session: JoinSession, now: DateTime): JoinDecision {
  if (!JOINABLE_STATUSES.has(session.status) || session.meetingType === "IN_PERSON" || !session.meetingUrl) return { state: "none" };
  const nowMs = now.toMillis();
  if (nowMs >= session.endsAt.getTime()) return { state: "none" };
  const opensAt = joinOpensAt(session);
  if (nowMs < opensAt.getTime()) return { state: "not_yet_open", opensAt };
  return { state: "open", url: session.meetingUrl };
}

const URL_MESSAGE = "Enter a web address starting with https:// or http://, such as https://meet.example.com/your-room.";

/**
 * A meeting link as typed: blank means none (the session then uses the tutor's default), else an
 * absolute http(s) URL of at most 500 characters. Other schemes (javascript:, data:, mailto:) are refused:
 * the link is shown to other people as a button.
 */
export const meetingUrlField = z
  .string()
  .trim()
  .max(MEETING_URL_MAX_LENGTH, `Enter at most ${MEETING_URL_MAX_LENGTH} characters.`)
  .refine((value) => value === "" || isHttpUrl(value), URL_MESSAGE)
  .optional()
  .transform((value) => value || null);

export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const MeetingLinkSchema = z.object({ meetingUrl: meetingUrlField });
export type MeetingLinkInput = z.output<typeof MeetingLinkSchema>;
