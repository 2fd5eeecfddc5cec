import type { Fact } from "./layout";

/** A booked session as the booking messages describe it. */
export type BookingEmailSession = {
  tutorName: string;
  studentName: string;
  bookerName: string;
  /** May be "": the emails then say "Tutoring session". */
  title: string;
  /** Teaching subject, may be "". */
  subject: string;
  kind: "ONE_TO_ONE" | "GROUP";
  meetingType: "VIDEO" | "AUDIO" | "CHAT" | "IN_PERSON";
  /** Only for IN_PERSON. */
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  /** Already formatted, e.g. "$45.00" or "Free". */
  price: string;
  /** Absolute link to the session page. */
  sessionUrl: string;
};

export function sessionName(session: BookingEmailSession): string {
  return session.title.trim() || "Tutoring session";
}

/** The subject line names what is being taught when there is no title. */
export function headline(session: BookingEmailSession): string {
  return session.title.trim() || session.subject.trim() || "Tutoring session";
}

export function sessionFacts(session: BookingEmailSession): Fact[] {
  const facts: Fact[] = [["Session", sessionName(session)]];
  if (session.subject.trim()) facts.push(["Subject", session.subject.trim()]);
  facts.push(["Format", session.kind === "GROUP" ? "Group session" : "One-to-one"]);
  return facts;
}

export function meetingFacts(session: BookingEmailSession): Fact[] {
  const labels = { VIDEO: "Video call", AUDIO: "Audio call", CHAT: "Chat", IN_PERSON: "In person" } as const;
  const label = labels[session.meetingType];
  const location = session.meetingType === "IN_PERSON" ? session.location?.trim() : "";
  return [["Meeting", location ? `${label} at ${location}` : label]];
}
