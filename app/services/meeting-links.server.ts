import { effectiveMeetingUrl, joinDecision, joinOpensAt, MEETING_URL_MAX_LENGTH } from "~/domain/sessions/join";
import { formatWindowInstant } from "~/domain/sessions/attendance-windows";
import { DomainError } from "~/domain/shared/errors";
import type { Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma } from "./db.server";
import type { RequestMeta } from "./request-meta.server";
import { relationshipOf } from "./session-core/relationship.server";

/*
 * Meeting links (issue 14): the tutor's default on their profile, a session's own override, and the
 * Join link on the session page. Links arrive validated by the domain's MeetingLinkSchema; the length
 * is checked here again so no caller can store more.
 */

type Actor = { id: string; roles: readonly Role[] };

function checkLength(url: string | null) {
  if (url !== null && url.length > MEETING_URL_MAX_LENGTH) throw new DomainError("INVALID_MEETING_URL", `Enter at most ${MEETING_URL_MAX_LENGTH} characters.`, "meetingUrl");
}

export async function getTutorMeetingUrl(tutorId: string): Promise<string | null> {
  return (await prisma.tutorProfile.findUnique({ where: { userId: tutorId }, select: { meetingUrl: true } }))?.meetingUrl ?? null;
}

/** The tutor's default link (null clears it), audited. */
export async function setTutorMeetingUrl(tutor: Actor, url: string | null, meta: RequestMeta): Promise<void> {
  checkLength(url);
  await prisma.$transaction(async (tx) => {
    const before = await tx.tutorProfile.findUnique({ where: { userId: tutor.id }, select: { meetingUrl: true } });
    if (!before) throw new DomainError("NO_PROFILE", "Save your tutor profile first, then add a meeting link.");
    if (before.meetingUrl === url) return;
    await tx.tutorProfile.update({ where: { userId: tutor.id }, data: { meetingUrl: url } });
    await recordAudit(tx, { actor: tutor, action: "tutor.meeting_link_changed", subject: { type: "TutorProfile", id: tutor.id }, before, after: { meetingUrl: url }, meta });
  });
}

/**
 * A session's own link (null: use the tutor's default). Only its tutor: someone who may see the
 * session (a learner, staff) is refused (403), anyone else finds nothing (404).
 */
export async function setSessionMeetingUrl(actor: Actor, sessionId: string, url: string | null, meta: RequestMeta): Promise<void> {
  checkLength(url);
  await prisma.$transaction(async (tx) => {
    const session = await tx.tutoringSession.findUnique({
      where: { id: sessionId },
      select: { id: true, tutorId: true, meetingUrl: true, participants: { select: { id: true, studentId: true, bookedById: true } } },
    });
    if (!session) throw new DomainError("NOT_FOUND", "That session does not exist, or it is not yours to see.");
    const relation = await relationshipOf(tx, actor, { tutorId: session.tutorId, seats: session.participants });
    if (!relation.isTutor) {
      if (relation.maySee) throw new DomainError("FORBIDDEN", "Only the session's tutor can change its meeting link.");
      throw new DomainError("NOT_FOUND", "That session does not exist, or it is not yours to see.");
    }
    if (session.meetingUrl === url) return;
    await tx.tutoringSession.update({ where: { id: sessionId }, data: { meetingUrl: url } });
    await recordAudit(tx, {
      actor,
      action: "session.meeting_link_changed",
      subject: { type: "TutoringSession", id: sessionId },
      before: { meetingUrl: session.meetingUrl },
      after: { meetingUrl: url },
      meta,
    });
  });
}

export type JoinView = {
  join: { state: "open"; url: string } | { state: "not_yet_open"; opensAtText: string } | { state: "none" };
  /** The tutor's link form: the session's own link and the default it falls back to. Null for others. */
  editor: { sessionUrl: string | null; defaultUrl: string | null; online: boolean } | null;
};

/**
 * What the session page shows about joining, for one viewer: the Join link (or when it appears, in
 * `viewerZone`) to the tutor, learners with a confirmed seat and the person who booked one; nothing
 * to anyone else. The tutor also gets the link form.
 */
export async function getJoinView(viewer: { id: string }, sessionId: string, viewerZone: string): Promise<JoinView | null> {
  const session = await prisma.tutoringSession.findUnique({
    where: { id: sessionId },
    select: {
      tutorId: true,
      status: true,
      meetingType: true,
      startsAt: true,
      endsAt: true,
      meetingUrl: true,
      tutor: { select: { meetingUrl: true } },
      participants: { where: { status: "CONFIRMED", OR: [{ studentId: viewer.id }, { bookedById: viewer.id }] }, select: { id: true } },
    },
  });
  if (!session) return null;
  const isTutor = session.tutorId === viewer.id;
  if (!isTutor && session.participants.length === 0) return null;
  const now = clock.now();
  const decision = joinDecision({ ...session, meetingUrl: effectiveMeetingUrl(session.meetingUrl, session.tutor.meetingUrl) }, now);
  const join: JoinView["join"] = decision.state === "not_yet_open" ? { state: "not_yet_open", opensAtText: formatWindowInstant(joinOpensAt(session), viewerZone, now) } : decision;
  const editor = isTutor ? { sessionUrl: session.meetingUrl, defaultUrl: session.tutor.meetingUrl, online: session.meetingType !== "IN_PERSON" } : null;
  return { join, editor };
}
