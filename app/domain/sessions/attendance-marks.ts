import type { SessionStatus } from "./status";

/** One learner's attendance (the seat's `attendance_status`). */
export type AttendanceStatus = "pending" | "present" | "absent" | "late" | "no_show";
export const ATTENDANCE_STATUSES = ["pending", "present", "absent", "late", "no_show"] as const satisfies readonly AttendanceStatus[];

/**
 * What a tutor marks at check-out. A learner who did not come is a no-show (party: student); "absent"
 * (excused, e.g. the family warned the agency) is the coordinators' call on the attendance form.
 */
export const TUTOR_MARKS = ["present", "late", "no_show"] as const satisfies readonly AttendanceStatus[];
export type TutorMark = (typeof TUTOR_MARKS)[number];

const LABELS: Record<AttendanceStatus, string> = {
  pending: "Not recorded",
  present: "Present",
  absent: "Absent (excused)",
  late: "Late",
  no_show: "No-show",
};

export function attendanceLabel(status: AttendanceStatus, lateMinutes?: number | null): string {
  if (status === "late" && lateMinutes) return `Late (${lateMinutes} minute${lateMinutes === 1 ? "" : "s"})`;
  return LABELS[status];
}

/** The words on the tutor's check-out choices. */
export function tutorMarkLabel(mark: TutorMark): string {
  return mark === "no_show" ? "Did not come" : LABELS[mark];
}

/** The learners whose attendance is marked: the confirmed seats (a seat still held was never paid for). */
export function markedSeats<Seat extends { status: string; student: { name: string } }>(seats: readonly Seat[]): (Seat & { studentName: string })[] {
  return seats.filter((seat) => seat.status === "CONFIRMED").map((seat) => ({ ...seat, studentName: seat.student.name }));
}

/** A posted form field that carries a seat's mark or late minutes (`mark-<seatId>`, `late-<seatId>`). */
export function isSeatMarkField(name: string): boolean {
  return /^(mark|late)-[A-Za-z0-9_-]{1,64}$/.test(name);
}

export type SeatMark = { seatId: string; status: AttendanceStatus; lateMinutes: number | null };
type MarkedSeat = { id: string; studentName: string };

/** The form's field names for one seat's mark and late minutes. */
export const markField = (seatId: string) => `mark-${seatId}`;
export const lateField = (seatId: string) => `late-${seatId}`;

/**
 * Reads one mark per seat from a form (`mark-<seatId>`, `late-<seatId>`): a blank mark is "present"
 * for the tutor's check-out (the usual case needs no clicks), late needs its minutes (1 to the
 * session's length), and a value outside `allowed` is refused. Minutes beside another mark are ignored.
 */
export function parseSeatMarks(
  seats: readonly MarkedSeat[],
  values: Readonly<Record<string, string | undefined>>,
  options: { allowed: readonly AttendanceStatus[]; blank: AttendanceStatus; durationMinutes: number },
): { ok: true; marks: SeatMark[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const marks: SeatMark[] = [];
  for (const seat of seats) {
    const raw = values[markField(seat.id)]?.trim() || options.blank;
    if (!(options.allowed as readonly string[]).includes(raw)) {
      errors[markField(seat.id)] = `Choose how ${seat.studentName} attended.`;
      continue;
    }
    const status = raw as AttendanceStatus;
    if (status !== "late") {
      marks.push({ seatId: seat.id, status, lateMinutes: null });
      continue;
    }
    const minutesText = values[lateField(seat.id)]?.trim() ?? "";
    const minutes = /^\d{1,4}$/.test(minutesText) ? Number(minutesText) : NaN;
    if (!(minutes >= 1 && minutes <= options.durationMinutes)) {
      errors[lateField(seat.id)] = `Enter how many minutes late ${seat.studentName} was, from 1 to ${options.durationMinutes}.`;
      continue;
    }
    marks.push({ seatId: seat.id, status, lateMinutes: minutes });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, marks };
}

/** A seat's money as the outcome needs it: what is left of its payment. */
export type SeatMoney = { seatId: string; paymentId: string | null; refundableMinor: number };

export type LearnersOutcome = {
  /** Where the session goes: awaiting confirmation, or a no-show when not one learner came. */
  to: Extract<SessionStatus, "AWAITING_CONFIRMATION" | "NO_SHOW">;
  noShowParty: "student" | null;
  /** A learner no-show's refund under `studentNoShowRefundPercent` (none at 0 %, the default). */
  refunds: { seatId: string; paymentId: string; amountMinor: number; percent: number }[];
};

/**
 * What the learners' marks do when the session's attendance is recorded (the tutor's check-out, or a
 * coordinator's record): every seat a no-show makes the session a NO_SHOW (party: student); otherwise
 * it awaits confirmation and each no-show affects only its seat. Each no-show seat is refunded the
 * policy's percentage of what is left of its payment, rounded down to the minor unit.
 */
export function learnersOutcome(marks: readonly SeatMark[], money: readonly SeatMoney[], policy: { studentNoShowRefundPercent: number }): LearnersOutcome {
  const everyoneMissed = marks.length > 0 && marks.every((mark) => mark.status === "no_show");
  const refunds: LearnersOutcome["refunds"] = [];
  const percent = policy.studentNoShowRefundPercent;
  for (const mark of marks) {
    if (mark.status !== "no_show" || percent <= 0) continue;
    const seat = money.find((candidate) => candidate.seatId === mark.seatId);
    if (!seat?.paymentId) continue;
    const amountMinor = Math.floor((seat.refundableMinor * percent) / 100);
    if (amountMinor > 0) refunds.push({ seatId: seat.seatId, paymentId: seat.paymentId, amountMinor, percent });
  }
  return { to: everyoneMissed ? "NO_SHOW" : "AWAITING_CONFIRMATION", noShowParty: everyoneMissed ? "student" : null, refunds };
}
