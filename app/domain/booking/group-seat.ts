import { DomainError } from "~/domain/shared/errors";
import type { BookingRequest, MeetingType } from "./forms";

/** What a session is about and where it meets: named by its first booker, shared by every seat. */
export type SessionFields = { subject: string; title: string; description: string; meetingType: MeetingType; location: string | null };

/**
 * The session-level fields a booking writes (issue 13 B3). Joining a group session that already exists,
 * the session keeps its own: a booker who was asked for them (two first bookers racing, or a forged
 * form) and chose anything else is refused rather than silently overruled. Naming a new session, they
 * are required.
 */
export function sessionFieldsForBooking(request: BookingRequest, live: SessionFields | null): SessionFields {
  if (live) {
    if (!namesSession(request)) return live;
    const asked = {
      subject: request.subject ?? "",
      title: request.title ?? "",
      description: request.description ?? "",
      meetingType: request.meetingType,
      location: request.meetingType === "IN_PERSON" ? (request.location ?? null) : null,
    };
    const same = (Object.keys(asked) as (keyof SessionFields)[]).every((key) => asked[key] === live[key]);
    if (!same) {
      throw new DomainError(
        "GROUP_DETAILS_SET",
        "Another learner has just booked this group session, so its subject, meeting and title are already set. Check the session's details and book again.",
      );
    }
    return live;
  }
  if (request.subject === undefined) throw new DomainError("INVALID_DETAILS", "Choose a subject.", "subject");
  if (request.meetingType === undefined) throw new DomainError("INVALID_DETAILS", "Choose how you will meet.", "meetingType");
  return {
    subject: request.subject,
    title: request.title ?? "",
    description: request.description ?? "",
    meetingType: request.meetingType,
    location: request.meetingType === "IN_PERSON" ? (request.location ?? null) : null,
  };
}

/** Whether a request carries any session-level field (the first booker's form does; a seat in a group does not). */
export function namesSession(request: BookingRequest): boolean {
  return request.subject !== undefined || request.meetingType !== undefined || Boolean(request.location) || Boolean(request.title) || Boolean(request.description);
}
