import { z } from "zod";
import { clockTimeField } from "~/domain/time/clock-input";
import { ATTENDANCE_STATUSES, learnersOutcome, parseSeatMarks, type SeatMark, type SeatMoney } from "./attendance-marks";
import { actualTimeOnSessionDay, validateActualTimes } from "./attendance-windows";
import type { SessionStatus } from "./status";

/**
 * A coordinator's attendance record (the attendance form): what the tutor did, when the session really
 * ran, where the check-in and check-out came from, each learner's status, notes and the reason. The
 * domain decides what the record does to the session (`attendanceRecordEffect`); the service writes it.
 */

export const TUTOR_ATTENDANCE = ["pending", "present", "late", "no_show"] as const;
export type TutorAttendance = (typeof TUTOR_ATTENDANCE)[number];
export const ATTENDANCE_SOURCES = ["web", "telegram", "admin_override"] as const;
export type AttendanceSourceValue = (typeof ATTENDANCE_SOURCES)[number];

export const TUTOR_ATTENDANCE_LABELS: Record<TutorAttendance, string> = {
  pending: "Not recorded yet",
  present: "Present",
  late: "Late",
  no_show: "Did not come (no-show)",
};
export const SOURCE_LABELS: Record<AttendanceSourceValue, string> = { web: "Web", telegram: "Telegram", admin_override: "Recorded by staff" };

export const ATTENDANCE_NOTES_MAX = 2000;
export const ATTENDANCE_REASON_MIN = 5;
export const ATTENDANCE_REASON_MAX = 500;

const clockTime = clockTimeField("Enter a 24-hour time, such as 09:00 or 17:30.").optional();

/** The form's own fields (each learner's `mark-<seatId>` / `late-<seatId>` are read by parseSeatMarks). */
export const AttendanceRecordSchema = z.object({
  tutorAttendance: z.enum(TUTOR_ATTENDANCE, { error: "Choose how the tutor attended." }),
  tutorLateMinutes: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, { message: "Enter the tutor's minutes late as a whole number." })
    .optional(),
  actualStart: clockTime,
  actualEnd: clockTime,
  checkInSource: z.enum(ATTENDANCE_SOURCES, { error: "Choose where the check-in came from." }),
  checkOutSource: z.enum(ATTENDANCE_SOURCES, { error: "Choose where the check-out came from." }),
  notes: z
    .string()
    .max(ATTENDANCE_NOTES_MAX, { message: `Keep the notes to ${ATTENDANCE_NOTES_MAX} characters.` })
    .optional(),
  reason: z
    .string({ error: `Say why, in ${ATTENDANCE_REASON_MIN} to ${ATTENDANCE_REASON_MAX} characters.` })
    .trim()
    .min(ATTENDANCE_REASON_MIN, { message: `Say why, in ${ATTENDANCE_REASON_MIN} to ${ATTENDANCE_REASON_MAX} characters.` })
    .max(ATTENDANCE_REASON_MAX, { message: `Say why, in ${ATTENDANCE_REASON_MIN} to ${ATTENDANCE_REASON_MAX} characters.` }),
});
export type AttendanceRecordInput = z.output<typeof AttendanceRecordSchema>;

/** The session as the record finds it. */
export type RecordedSession = {
  status: SessionStatus;
  startsAt: Date;
  endsAt: Date;
  zone: string;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  noShowParty: "tutor" | "student" | null;
  seats: readonly { id: string; studentName: string }[];
};

/** Statuses whose attendance a coordinator records here. Completed and disputed sessions are corrected through their dispute. */
export const RECORDABLE_STATUSES = ["SCHEDULED", "IN_PROGRESS", "AWAITING_CONFIRMATION", "NO_SHOW"] as const satisfies readonly SessionStatus[];

export function isRecordable(status: SessionStatus): boolean {
  return (RECORDABLE_STATUSES as readonly string[]).includes(status);
}

export type AttendanceRecordEffect = {
  /** The new status, or null when it stays (the record only corrects details). */
  to: SessionStatus | null;
  /** The session's columns to write. */
  session: {
    checkedInAt: Date | null;
    checkInSource: AttendanceSourceValue | null;
    lateMinutes: number | null;
    checkedOutAt: Date | null;
    checkOutSource: AttendanceSourceValue | null;
    actualStartedAt: Date | null;
    actualEndedAt: Date | null;
    noShowParty: "tutor" | "student" | null;
    attendanceNotes: string;
  };
  marks: SeatMark[];
  /** The tutor did not come: every learner is refunded in full (as when the job finds no check-in). */
  tutorNoShow: boolean;
  /** Learner no-shows' refunds under the policy. */
  refunds: ReturnType<typeof learnersOutcome>["refunds"];
};

/**
 * What a coordinator's record does, or the errors beside each field. The rules:
 * - "pending" records nothing about the tutor: allowed only while the session is still scheduled.
 * - "no_show": the tutor did not come; the session becomes NO_SHOW (party: tutor), times cleared.
 * - present or late: the actual start and end are required (on the session's day, end after start);
 *   a check-in and check-out missing are filled from them, with the sources chosen; every learner a
 *   no-show makes it NO_SHOW (party: student), else it awaits confirmation (clearing a wrong no-show).
 */
export function attendanceRecordEffect(
  session: RecordedSession,
  input: AttendanceRecordInput,
  marksInput: Readonly<Record<string, string | undefined>>,
  context: { viewerZone: string; money: readonly SeatMoney[]; policy: { studentNoShowRefundPercent: number }; now: Date },
): { ok: true; effect: AttendanceRecordEffect } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const durationMinutes = Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
  const notes = input.notes?.trim() ?? "";
  const marks = parseSeatMarks(session.seats, marksInput, { allowed: ATTENDANCE_STATUSES, blank: "pending", durationMinutes });
  if (!marks.ok) Object.assign(errors, marks.errors);

  if (input.tutorAttendance === "pending") {
    if (session.status !== "SCHEDULED") errors.tutorAttendance = "The tutor's attendance is already recorded: choose present, late or did not come.";
    else if (marks.ok && marks.marks.some((mark) => mark.status !== "pending")) errors.tutorAttendance = "Record the tutor's attendance before the learners'.";
    return finish(errors, { to: null, session: { ...unchanged(session), attendanceNotes: notes }, marks: [], tutorNoShow: false, refunds: [] });
  }
  if (input.tutorAttendance === "no_show") {
    if (session.startsAt.getTime() > context.now.getTime()) errors.tutorAttendance = "The session has not started yet: a no-show is recorded after its start.";
    const cleared = { checkedInAt: null, checkInSource: null, lateMinutes: null, checkedOutAt: null, checkOutSource: null, actualStartedAt: null, actualEndedAt: null };
    return finish(errors, {
      to: session.status === "NO_SHOW" ? (session.noShowParty === "tutor" ? null : "NO_SHOW") : "NO_SHOW",
      session: { ...cleared, noShowParty: "tutor", attendanceNotes: notes },
      // The tutor's absence is not the learners': their marks go back to not recorded.
      marks: session.seats.map((seat) => ({ seatId: seat.id, status: "pending" as const, lateMinutes: null })),
      tutorNoShow: true,
      refunds: [],
    });
  }

  if (session.startsAt.getTime() > context.now.getTime()) errors.tutorAttendance = "The session has not started yet: attendance is recorded after its start.";
  let tutorLateMinutes = 0;
  if (input.tutorAttendance === "late") {
    const minutes = input.tutorLateMinutes ? Number(input.tutorLateMinutes) : NaN;
    if (!(minutes >= 1 && minutes <= durationMinutes)) errors.tutorLateMinutes = `Enter the tutor's minutes late, from 1 to ${durationMinutes}.`;
    else tutorLateMinutes = minutes;
  }
  if (!input.actualStart) errors.actualStart = "Enter when the session really started.";
  if (!input.actualEnd) errors.actualEnd = "Enter when the session really ended.";
  let actualStart: Date | null = null;
  let actualEnd: Date | null = null;
  if (input.actualStart && input.actualEnd) {
    const times = {
      actualStart: actualTimeOnSessionDay(input.actualStart, "start", session, context.viewerZone),
      actualEnd: actualTimeOnSessionDay(input.actualEnd, "end", session, context.viewerZone),
    };
    const valid = validateActualTimes(times, session, context.viewerZone);
    if (valid.ok) ({ actualStart, actualEnd } = valid.value);
    else Object.assign(errors, valid.errors);
  }
  if (Object.keys(errors).length > 0 || !marks.ok || !actualStart || !actualEnd) return { ok: false, errors };

  const learners = learnersOutcome(marks.marks, context.money, context.policy);
  const target = learners.to;
  const checkedInAt = session.checkedInAt ?? actualStart;
  // The check-out is never before the check-in (a database rule): a missing one is the actual end, or the check-in itself.
  const checkedOutAt = session.checkedOutAt ?? new Date(Math.max(actualEnd.getTime(), checkedInAt.getTime()));
  return {
    ok: true,
    effect: {
      to: target === session.status ? null : target,
      session: {
        checkedInAt,
        checkInSource: input.checkInSource,
        lateMinutes: tutorLateMinutes,
        checkedOutAt,
        checkOutSource: input.checkOutSource,
        actualStartedAt: actualStart,
        actualEndedAt: actualEnd,
        noShowParty: learners.noShowParty,
        attendanceNotes: notes,
      },
      marks: marks.marks,
      tutorNoShow: false,
      refunds: learners.refunds,
    },
  };
}

function unchanged(session: RecordedSession): Omit<AttendanceRecordEffect["session"], "attendanceNotes"> {
  return {
    checkedInAt: session.checkedInAt,
    checkInSource: null,
    lateMinutes: null,
    checkedOutAt: session.checkedOutAt,
    checkOutSource: null,
    actualStartedAt: null,
    actualEndedAt: null,
    noShowParty: session.noShowParty,
  };
}

function finish(errors: Record<string, string>, effect: AttendanceRecordEffect): { ok: true; effect: AttendanceRecordEffect } | { ok: false; errors: Record<string, string> } {
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, effect };
}
