import { Prisma, type ReminderKind as StoredReminderKind } from "@prisma/client";
import type { DateTime } from "luxon";
import type { ReminderKind } from "~/domain/sessions/attendance-windows";
import { effectiveMeetingUrl } from "~/domain/sessions/join";
import { reminderPlan, timeUntilStart } from "~/domain/sessions/reminders";
import { sessionReminderEmail } from "~/emails/session-reminder";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { enqueueEmail, kickOutbox, type Attachment } from "./outbox.server";
import { calendarRequest, type CalendarCopy, type SessionEvent } from "./session-core/calendar.server";

/*
 * Session reminders (issue 14): 24 hours and 1 hour before the start, to the tutor, every learner with a
 * confirmed seat and the parent who booked one, each in their own zone, with the session's calendar file
 * and the Join link. One transaction per session: the session row is claimed with SKIP LOCKED, so two
 * runners at once work on different sessions, and each reminder is a row keyed by (session, person,
 * kind, start) written with ON CONFLICT DO NOTHING in the transaction that queues its email, so a
 * reminder is emailed at most once even if a claim were lost. The start is part of the key and only the
 * session's current start is read: a moved session is reminded of its new time, never of its old one.
 */

const STORED_KIND: Record<ReminderKind, StoredReminderKind> = { "24h": "DAY_BEFORE", "1h": "HOUR_BEFORE" };
const DOMAIN_KIND: Record<StoredReminderKind, ReminderKind> = { DAY_BEFORE: "24h", HOUR_BEFORE: "1h" };
const HOUR_MS = 3_600_000;
/** Sessions one run handles at most; the next run (a minute later) takes the rest. */
const MAX_SESSIONS_PER_RUN = 200;

export type ReminderRunSummary = { sessions: number; sent: number; failed: number };

/**
 * One due session, locked: SCHEDULED, starting within the next 24 hours (the (status, starts_at)
 * index bounds the scan), with at least one person still missing the reminder now due for its current
 * start (the 1-hour one inside the last hour, else the 24-hour one or a later kind). NO KEY UPDATE
 * conflicts with another runner's claim but not with rows that merely reference the session.
 */
async function claimDueSession(tx: Tx, now: Date, tried: readonly string[]): Promise<string | null> {
  const dayAhead = new Date(now.getTime() + 24 * HOUR_MS);
  const hourAhead = new Date(now.getTime() + HOUR_MS);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM tutoring_sessions s
     WHERE s.status = 'SCHEDULED' AND s.starts_at > ${now} AND s.starts_at <= ${dayAhead}
       AND NOT (s.id = ANY(${tried as string[]}::text[]))
       AND EXISTS (
         SELECT 1 FROM (
           SELECT s.tutor_id AS user_id
           UNION SELECT p.student_id FROM participants p WHERE p.session_id = s.id AND p.status = 'CONFIRMED'
           UNION SELECT p.booked_by_id FROM participants p WHERE p.session_id = s.id AND p.status = 'CONFIRMED'
         ) people
         WHERE NOT EXISTS (
           SELECT 1 FROM session_reminders r
            WHERE r.session_id = s.id AND r.recipient_id = people.user_id AND r.starts_at = s.starts_at
              AND (r.kind = 'HOUR_BEFORE' OR s.starts_at > ${hourAhead})))
     ORDER BY s.starts_at
     LIMIT 1
       FOR NO KEY UPDATE OF s SKIP LOCKED`;
  return rows[0]?.id ?? null;
}

const personSelect = { id: true, name: true, email: true, timezone: true } as const;
type Person = Prisma.UserGetPayload<{ select: typeof personSelect }>;

async function loadSession(tx: Tx, sessionId: string) {
  return tx.tutoringSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: {
      id: true,
      title: true,
      subject: true,
      kind: true,
      meetingType: true,
      location: true,
      meetingUrl: true,
      startsAt: true,
      endsAt: true,
      calendarSequence: true,
      tutor: { select: { meetingUrl: true, user: { select: personSelect } } },
      participants: {
        where: { status: "CONFIRMED" },
        orderBy: { createdAt: "asc" },
        select: { id: true, student: { select: personSelect }, bookedBy: { select: personSelect } },
      },
    },
  });
}
type LoadedSession = Awaited<ReturnType<typeof loadSession>>;
type Seat = LoadedSession["participants"][number];

type Recipient = { person: Person; role: "tutor" | "student" | "booker"; seats: Seat[]; calendars: CalendarCopy[] };

/** The tutor, each seated learner and each parent who booked a seat, once each (a learner who is also a booker is reminded as a learner). */
function recipientsOf(session: LoadedSession): Recipient[] {
  const seats = session.participants;
  const byId = new Map<string, Recipient>();
  byId.set(session.tutor.user.id, {
    person: session.tutor.user,
    role: "tutor",
    seats,
    calendars: [{ tutorOf: session.id }],
  });
  for (const seat of seats) {
    const existing = byId.get(seat.student.id);
    if (existing && existing.role === "tutor") continue;
    if (existing) {
      existing.role = "student";
      existing.seats.push(seat);
      existing.calendars.push({ seatId: seat.id });
    } else {
      byId.set(seat.student.id, { person: seat.student, role: "student", seats: [seat], calendars: [{ seatId: seat.id }] });
    }
  }
  for (const seat of seats) {
    if (seat.bookedBy.id === seat.student.id) continue;
    const existing = byId.get(seat.bookedBy.id);
    if (existing && existing.role === "tutor") continue;
    if (existing) {
      if (!existing.seats.includes(seat)) {
        existing.seats.push(seat);
        existing.calendars.push({ seatId: seat.id });
      }
    } else {
      byId.set(seat.bookedBy.id, { person: seat.bookedBy, role: "booker", seats: [seat], calendars: [{ seatId: seat.id }] });
    }
  }
  return [...byId.values()];
}

function attachmentsFor(session: LoadedSession, recipient: Recipient, now: Date): Attachment[] {
  const firstStudent = session.participants[0]?.student.name ?? "";
  return recipient.calendars.map((copy) => {
    const seat = "seatId" in copy ? session.participants.find((candidate) => candidate.id === copy.seatId) : undefined;
    const event: SessionEvent = {
      sessionId: session.id,
      title: session.title || session.subject || "Tutoring session",
      kind: session.kind,
      tutorName: session.tutor.user.name,
      studentName: seat?.student.name ?? firstStudent,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      location: session.location,
      stampedAt: now,
    };
    // The current SEQUENCE, not the next: the reminder repeats the event as it stands, so it neither
    // replaces a newer copy nor takes a number a later change needs.
    return calendarRequest(copy, session.calendarSequence, event);
  });
}

/** Handles one claimed session; returns how many reminders it emailed. */
async function remindForSession(tx: Tx, sessionId: string, now: DateTime): Promise<{ sent: number }> {
  const session = await loadSession(tx, sessionId);
  const stored = await tx.sessionReminder.findMany({ where: { sessionId, startsAt: session.startsAt }, select: { recipientId: true, kind: true } });
  const meetingUrl = session.meetingType === "IN_PERSON" ? null : effectiveMeetingUrl(session.meetingUrl, session.tutor.meetingUrl);
  const result = { sent: 0 };
  for (const recipient of recipientsOf(session)) {
    const sent = stored.filter((row) => row.recipientId === recipient.person.id).map((row) => DOMAIN_KIND[row.kind]);
    const kind = reminderPlan(session, sent, now);
    if (!kind) continue;
    const [row] = await tx.sessionReminder.createManyAndReturn({
      data: [{ sessionId, recipientId: recipient.person.id, kind: STORED_KIND[kind], startsAt: session.startsAt }],
      skipDuplicates: true,
      select: { id: true },
    });
    // Someone else recorded this reminder first: it is theirs to send.
    if (!row) continue;
    const email = sessionReminderEmail({
      recipientName: recipient.person.name,
      recipientZone: recipient.person.timezone,
      role: recipient.role,
      studentNames: recipient.seats.map((seat) => seat.student.name),
      session: {
        tutorName: session.tutor.user.name,
        title: session.title,
        subject: session.subject,
        kind: session.kind,
        meetingType: session.meetingType,
        location: session.location,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        sessionUrl: `${env.appUrl}/sessions/${session.id}`,
      },
      startsIn: timeUntilStart(session.startsAt, now),
      meetingUrl,
    });
    const emailId = await enqueueEmail(tx, {
      sessionId: session.id,
      ...email,
      template: kind === "24h" ? "session-reminder-day" : "session-reminder-hour",
      to: { address: recipient.person.email, name: recipient.person.name },
      attachments: attachmentsFor(session, recipient, now.toJSDate()),
    });
    await tx.sessionReminder.update({ where: { id: row.id }, data: { emailId } });
    result.sent += 1;
  }
  return result;
}

/**
 * The "send-session-reminders" job: every due reminder, once per person, kind and start. Late runs
 * send what is still due (see reminderPlan); nothing goes out once a session has started.
 */
export async function sendDueReminders(options: { now?: DateTime } = {}): Promise<ReminderRunSummary> {
  const now = options.now ?? clock.now();
  const summary: ReminderRunSummary = { sessions: 0, sent: 0, failed: 0 };
  // Sessions this run has handled or failed on: each is tried once per run, so one broken session
  // cannot keep the run busy, and the next run tries it again.
  const tried: string[] = [];
  while (tried.length < MAX_SESSIONS_PER_RUN) {
    let claimed: string | null = null;
    try {
      const outcome = await prisma.$transaction(
        async (tx) => {
          claimed = await claimDueSession(tx, now.toJSDate(), tried);
          if (!claimed) return null;
          return remindForSession(tx, claimed, now);
        },
        { timeout: 15_000, maxWait: 10_000 },
      );
      if (!claimed) break;
      tried.push(claimed);
      if (outcome) {
        summary.sessions += 1;
        summary.sent += outcome.sent;
      }
    } catch (error) {
      if (!claimed) throw error;
      tried.push(claimed);
      summary.failed += 1;
      console.error(`could not send the reminders of session ${claimed}; the next run retries`, error);
    }
  }
  if (summary.sent > 0) kickOutbox();
  return summary;
}
