import { Prisma } from "@prisma/client";
import { DateTime } from "luxon";
import { attendanceLabel, type AttendanceStatus } from "~/domain/sessions/attendance-marks";
import {
  attendanceRecordEffect,
  isRecordable,
  SOURCE_LABELS,
  TUTOR_ATTENDANCE_LABELS,
  type AttendanceRecordInput,
  type AttendanceSourceValue,
  type TutorAttendance,
} from "~/domain/sessions/attendance-record";
import { relationshipTo } from "~/domain/sessions/relationship";
import { describeStatus, type SessionStatus } from "~/domain/sessions/status";
import { DomainError } from "~/domain/shared/errors";
import { formatInstant } from "~/domain/time/zones";
import { ATTENDANCE_SEAT_SELECT, AttendanceFormError, queueAttendanceRefunds, seatMoney } from "./attendance.server";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma, readRows, type Tx } from "./db.server";
import { recordNoShowCleared, recordNoShowEarnings } from "./earnings.server";
import { openHoursConfirmation } from "./hours-confirmations.server";
import { lockTutorOfSession } from "./locks.server";
import type { Actor } from "./people.server";
import { getSessionPolicy } from "./policies.server";
import type { RequestMeta } from "./request-meta.server";
import { sessionTransaction } from "./session-core/after-commit.server";
import { relationshipOf } from "./session-core/relationship.server";
import { transitionSession } from "./session-core/transition.server";

/** Coordinators and admins, with the zone the form is written in. */
export type StaffViewer = Actor & { timezone: string };

const RECORD_SELECT = {
  id: true,
  tutorId: true,
  title: true,
  subject: true,
  status: true,
  startsAt: true,
  endsAt: true,
  timezone: true,
  checkedInAt: true,
  checkInSource: true,
  lateMinutes: true,
  checkedOutAt: true,
  checkOutSource: true,
  actualStartedAt: true,
  actualEndedAt: true,
  noShowParty: true,
  attendanceNotes: true,
  tutor: { select: { user: { select: { name: true } } } },
  participants: { where: { status: "CONFIRMED" }, orderBy: { student: { name: "asc" } }, select: ATTENDANCE_SEAT_SELECT },
} satisfies Prisma.TutoringSessionSelect;

type RecordRow = Prisma.TutoringSessionGetPayload<{ select: typeof RECORD_SELECT }>;

async function loadForStaff(db: Tx | typeof prisma, viewer: StaffViewer, sessionId: string): Promise<RecordRow> {
  const session = await db.tutoringSession.findUnique({ where: { id: sessionId }, select: RECORD_SELECT });
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  const relationship = await relationshipOf(db, viewer, { tutorId: session.tutorId, seats: session.participants });
  if (relationship.staff === null) throw new DomainError("FORBIDDEN", "Only coordinators and admins record attendance.");
  return session;
}

/** How the tutor attended, as the record stands: a tutor no-show, a check-in (late or not), or nothing yet. */
function tutorAttendanceOf(session: Pick<RecordRow, "noShowParty" | "checkedInAt" | "lateMinutes">): TutorAttendance {
  if (session.noShowParty === "tutor") return "no_show";
  if (!session.checkedInAt) return "pending";
  return (session.lateMinutes ?? 0) > 0 ? "late" : "present";
}

const clockText = (date: Date | null, zone: string) => (date ? DateTime.fromJSDate(date).setZone(zone).toFormat("HH:mm") : "");

type ViewRow = Omit<RecordRow, "tutor" | "participants" | "startsAt" | "endsAt"> & {
  startsAt: Date;
  endsAt: Date;
  tutorName: string;
  seats: { id: string; studentId: string; bookedById: string; name: string; attendanceStatus: AttendanceStatus; attendanceLateMinutes: number | null }[];
};
type HistoryRow = { id: bigint; action: string; occurredAt: Date; reason: string | null; before: Prisma.JsonValue; after: Prisma.JsonValue; actorName: string | null };

/**
 * The attendance form's page: the session, the record as it stands (the form's defaults), and its
 * history. Two statements, read side by side (a staff page held to the home pages' latency budget):
 * the session with its tutor's name and its seats, and the attendance events with their actors' names.
 */
export async function getAttendanceRecordView(viewer: StaffViewer, sessionId: string) {
  const [rows, history] = await Promise.all([
    readRows<ViewRow>(Prisma.sql`
      SELECT s.id, s.tutor_id AS "tutorId", s.title, s.subject, s.status, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.timezone,
             s.checked_in_at AS "checkedInAt", s.check_in_source AS "checkInSource", s.late_minutes AS "lateMinutes",
             s.checked_out_at AS "checkedOutAt", s.check_out_source AS "checkOutSource", s.actual_started_at AS "actualStartedAt",
             s.actual_ended_at AS "actualEndedAt", s.no_show_party AS "noShowParty", s.attendance_notes AS "attendanceNotes",
             (SELECT u.name FROM users u WHERE u.id = s.tutor_id) AS "tutorName",
             COALESCE((SELECT json_agg(json_build_object('id', p.id, 'studentId', p.student_id, 'bookedById', p.booked_by_id, 'name', u.name,
                                                         'attendanceStatus', p.attendance_status, 'attendanceLateMinutes', p.attendance_late_minutes)
                                       ORDER BY u.name, p.id)
                         FROM participants p JOIN users u ON u.id = p.student_id
                        WHERE p.session_id = s.id AND p.status = 'CONFIRMED'), '[]'::json) AS seats
        FROM tutoring_sessions s
       WHERE s.id = ${sessionId}`),
    readRows<HistoryRow>(Prisma.sql`
      SELECT e.id, e.action, e.occurred_at AS "occurredAt", e.reason, e.before, e.after, u.name AS "actorName"
        FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.subject_type = 'TutoringSession' AND e.subject_id = ${sessionId}
         AND e.action IN ('session.checked_in', 'session.checked_out', 'session.attendance_recorded', 'session.no_show')
       ORDER BY e.id DESC
       LIMIT 50`),
  ]);
  const session = rows[0];
  if (!session) throw new DomainError("NOT_FOUND", "That session does not exist.");
  // Staff is a matter of roles alone: no parent links to read for it.
  if (relationshipTo(viewer, { tutorId: session.tutorId, seats: session.seats }, []).staff === null) {
    throw new DomainError("FORBIDDEN", "Only coordinators and admins record attendance.");
  }
  const zone = viewer.timezone;
  const seatNames = new Map(session.seats.map((seat) => [seat.id, seat.name]));
  return {
    id: session.id,
    title: session.title || session.subject || "Tutoring session",
    tutorName: session.tutorName,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    status: describeStatus(session.status as SessionStatus),
    recordable: isRecordable(session.status as SessionStatus),
    durationMinutes: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
    current: {
      tutorAttendance: tutorAttendanceOf(session),
      tutorLateMinutes: session.lateMinutes ? String(session.lateMinutes) : "",
      actualStart: clockText(session.actualStartedAt ?? (session.checkedInAt ? session.startsAt : null), zone),
      actualEnd: clockText(session.actualEndedAt, zone),
      checkInSource: session.checkInSource ?? "admin_override",
      checkOutSource: session.checkOutSource ?? "admin_override",
      notes: session.attendanceNotes,
    },
    seats: session.seats.map((seat) => ({
      id: seat.id,
      name: seat.name,
      status: seat.attendanceStatus,
      lateMinutes: seat.attendanceLateMinutes,
      label: attendanceLabel(seat.attendanceStatus as AttendanceStatus, seat.attendanceLateMinutes),
    })),
    history: history.map((event) => ({
      id: event.id.toString(),
      action: event.action,
      at: event.occurredAt.toISOString(),
      by: event.actorName ?? "Tutordesk",
      reason: event.reason,
      changes: changedFields(event.before, event.after, zone, seatNames),
    })),
  };
}

const FIELD_LABELS: Record<string, string> = {
  status: "Status",
  tutorAttendance: "Tutor",
  checkedInAt: "Checked in",
  checkInSource: "Check-in from",
  source: "From",
  lateMinutes: "Tutor's minutes late",
  checkedOutAt: "Checked out",
  checkOutSource: "Check-out from",
  actualStartedAt: "Actual start",
  actualEndedAt: "Actual end",
  noShowParty: "No-show party",
  notes: "Notes",
  refunds: "Refunds",
};
const HIDDEN_FIELDS = new Set(["event", "policySnapshot", "dueAt"]);
type SeatEntry = { id?: string; seatId?: string; status?: string; lateMinutes?: number | null };

/**
 * The fields an audit event changed, old → new, in words a coordinator reads: statuses and sources by
 * their labels, instants in the viewer's zone, each learner's mark by name (`seats` on a record,
 * `marks` on a check-out).
 */
function changedFields(before: Prisma.JsonValue, after: Prisma.JsonValue, zone: string, seatNames: ReadonlyMap<string, string>): { field: string; from: string; to: string }[] {
  const old = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  const show = (key: string, value: unknown): string => {
    if (value === undefined || value === null || value === "") return "—";
    if (key === "status") return describeStatus(value as SessionStatus);
    if (key === "tutorAttendance") return TUTOR_ATTENDANCE_LABELS[value as TutorAttendance] ?? String(value);
    if (key === "checkInSource" || key === "checkOutSource" || key === "source") return SOURCE_LABELS[value as AttendanceSourceValue] ?? String(value);
    if (key === "noShowParty") return value === "tutor" ? "the tutor" : "the learners";
    if (key === "refunds") return Array.isArray(value) && value.length > 0 ? `${value.length} queued` : "—";
    if (typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value)) return formatInstant(new Date(value), zone);
    return typeof value === "string" ? value : JSON.stringify(value);
  };
  const changes: { field: string; from: string; to: string }[] = [];
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (HIDDEN_FIELDS.has(key)) continue;
    if (key === "seats" || key === "marks") {
      changes.push(...seatChanges((old[key] ?? []) as SeatEntry[], (now[key] ?? []) as SeatEntry[], seatNames));
      continue;
    }
    const [from, to] = [show(key, old[key]), show(key, now[key])];
    if (from !== to) changes.push({ field: FIELD_LABELS[key] ?? key, from, to });
  }
  return changes;
}

function seatChanges(before: readonly SeatEntry[], after: readonly SeatEntry[], names: ReadonlyMap<string, string>) {
  const idOf = (entry: SeatEntry) => entry.id ?? entry.seatId ?? "";
  const label = (entry: SeatEntry | undefined) => (entry?.status ? attendanceLabel(entry.status as AttendanceStatus, entry.lateMinutes) : "Not recorded");
  return after.flatMap((entry) => {
    const previous = before.find((candidate) => idOf(candidate) === idOf(entry));
    const [from, to] = [label(previous), label(entry)];
    return from === to ? [] : [{ field: names.get(idOf(entry)) ?? "A learner", from, to }];
  });
}

/**
 * A coordinator records or corrects a session's attendance. Under the tutor's lock (the documented
 * order), the domain decides what the record does; this writes it: the session's columns, each seat's
 * mark, refunds (a tutor's no-show refunds every learner what is left of their payment; a learner's
 * no-show the policy's share), the status through the state machine, and one audit event with the old
 * and new values and the reason. Bad input throws AttendanceFormError and writes nothing.
 */
export async function recordAttendance(
  viewer: StaffViewer,
  sessionId: string,
  input: AttendanceRecordInput,
  marks: Readonly<Record<string, string | undefined>>,
  meta: RequestMeta,
): Promise<{ status: SessionStatus }> {
  return sessionTransaction(async ({ tx, after }) => {
    await loadForStaff(tx, viewer, sessionId);
    await lockTutorOfSession(tx, sessionId);
    const session = await loadForStaff(tx, viewer, sessionId);
    const status = session.status as SessionStatus;
    if (!isRecordable(status)) {
      throw new DomainError("NOT_RECORDABLE", `This session is ${describeStatus(status).toLowerCase()}: its attendance is not recorded here.`);
    }
    const seats = session.participants.map((seat) => ({ id: seat.id, studentName: seat.student.name }));
    const money = session.participants.map(seatMoney);
    const policy = await getSessionPolicy(tx);
    const decided = attendanceRecordEffect(
      {
        status,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        zone: session.timezone,
        checkedInAt: session.checkedInAt,
        checkedOutAt: session.checkedOutAt,
        noShowParty: session.noShowParty,
        seats,
      },
      input,
      marks,
      { viewerZone: viewer.timezone, money, policy, now: clock.nowDate() },
    );
    if (!decided.ok) throw new AttendanceFormError(decided.errors);
    const { effect } = decided;

    const refunds = effect.tutorNoShow
      ? money
          .filter((seat) => seat.paymentId && seat.refundableMinor > 0)
          .map((seat) => ({ seatId: seat.seatId, paymentId: seat.paymentId!, amountMinor: seat.refundableMinor, percent: 100 }))
      : effect.refunds;
    await queueAttendanceRefunds({ tx, after }, refunds, session.participants, effect.tutorNoShow ? "TUTOR_NO_SHOW" : "STUDENT_NO_SHOW");

    for (const mark of effect.marks) {
      await tx.participant.updateMany({ where: { id: mark.seatId, status: "CONFIRMED" }, data: { attendanceStatus: mark.status, attendanceLateMinutes: mark.lateMinutes } });
    }
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    const before = {
      tutorAttendance: tutorAttendanceOf(session),
      checkedInAt: iso(session.checkedInAt),
      checkInSource: session.checkInSource,
      lateMinutes: session.lateMinutes,
      checkedOutAt: iso(session.checkedOutAt),
      checkOutSource: session.checkOutSource,
      actualStartedAt: iso(session.actualStartedAt),
      actualEndedAt: iso(session.actualEndedAt),
      noShowParty: session.noShowParty,
      notes: session.attendanceNotes,
      seats: session.participants.map((seat) => ({ id: seat.id, status: seat.attendanceStatus, lateMinutes: seat.attendanceLateMinutes })),
    };
    const written = effect.to === null && input.tutorAttendance === "pending" ? { attendanceNotes: effect.session.attendanceNotes } : effect.session;
    const afterValues = {
      tutorAttendance: input.tutorAttendance,
      checkedInAt: iso(effect.session.checkedInAt),
      checkInSource: effect.session.checkInSource,
      lateMinutes: effect.session.lateMinutes,
      checkedOutAt: iso(effect.session.checkedOutAt),
      checkOutSource: effect.session.checkOutSource,
      actualStartedAt: iso(effect.session.actualStartedAt),
      actualEndedAt: iso(effect.session.actualEndedAt),
      noShowParty: effect.session.noShowParty,
      notes: effect.session.attendanceNotes,
      seats: effect.marks.length > 0 ? effect.marks.map((mark) => ({ id: mark.seatId, status: mark.status, lateMinutes: mark.lateMinutes })) : before.seats,
      refunds: refunds.map((refund) => ({ seatId: refund.seatId, amountMinor: refund.amountMinor, percent: refund.percent })),
    };
    const audit = { actor: viewer, action: "session.attendance_recorded", reason: input.reason, before, after: afterValues, meta };
    if (effect.to) {
      await transitionSession(tx, { sessionId, from: status, to: effect.to, event: "attendance_recorded", data: written, audit });
      // The session happened after all: its bookers are asked to confirm the hours from now.
      if (effect.to === "AWAITING_CONFIRMATION") await openHoursConfirmation({ tx, after }, sessionId, clock.now());
      // Earnings follow the no-show (decision 030): a learners' no-show pays the policy's share; a
      // cleared one takes that back, append-only.
      if (status === "NO_SHOW" && (effect.to !== "NO_SHOW" || effect.session.noShowParty === "tutor")) await recordNoShowCleared(tx, sessionId, clock.nowDate());
      if (effect.to === "NO_SHOW" && effect.session.noShowParty) await recordNoShowEarnings(tx, sessionId, effect.session.noShowParty, clock.nowDate());
    } else {
      await tx.tutoringSession.update({ where: { id: sessionId }, data: written });
      await recordAudit(tx, { ...audit, subject: { type: "TutoringSession", id: sessionId }, before: { ...before, status }, after: { ...afterValues, status } });
    }
    return { status: effect.to ?? status };
  });
}
