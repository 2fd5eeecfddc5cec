import { describe, expect, it } from "vitest";
import { lateField, markField } from "./attendance-marks";
import { attendanceRecordEffect, AttendanceRecordSchema, isRecordable, type AttendanceRecordInput, type RecordedSession } from "./attendance-record";

// 10:00–11:00 UTC on Monday 3 March 2031; the coordinator records at 12:00 UTC and reads London time (GMT, = UTC).
const base: RecordedSession = {
  status: "SCHEDULED",
  startsAt: new Date("2031-03-03T10:00:00Z"),
  endsAt: new Date("2031-03-03T11:00:00Z"),
  zone: "Europe/London",
  checkedInAt: null,
  checkedOutAt: null,
  noShowParty: null,
  seats: [
    { id: "s1", studentName: "Ada" },
    { id: "s2", studentName: "Ben" },
  ],
};
const context = {
  viewerZone: "Europe/London",
  money: [
    { seatId: "s1", paymentId: "p1", refundableMinor: 4000 },
    { seatId: "s2", paymentId: "p2", refundableMinor: 4000 },
  ],
  policy: { studentNoShowRefundPercent: 0 },
  now: new Date("2031-03-03T12:00:00Z"),
};
const input = (overrides: Partial<AttendanceRecordInput> = {}): AttendanceRecordInput => ({
  tutorAttendance: "present",
  actualStart: "10:00",
  actualEnd: "11:00",
  checkInSource: "admin_override",
  checkOutSource: "admin_override",
  reason: "Tutor forgot to check in",
  ...overrides,
});
const present = { [markField("s1")]: "present", [markField("s2")]: "present" };

describe("a coordinator's attendance record", () => {
  it("records a session that happened without a check-in: awaiting confirmation, check-in and out filled from the actual times, staff as the source", () => {
    const result = attendanceRecordEffect(base, input({ notes: "  Phoned the family  " }), present, context);
    expect(result).toEqual({
      ok: true,
      effect: {
        to: "AWAITING_CONFIRMATION",
        session: {
          checkedInAt: new Date("2031-03-03T10:00:00Z"),
          checkInSource: "admin_override",
          lateMinutes: 0,
          checkedOutAt: new Date("2031-03-03T11:00:00Z"),
          checkOutSource: "admin_override",
          actualStartedAt: new Date("2031-03-03T10:00:00Z"),
          actualEndedAt: new Date("2031-03-03T11:00:00Z"),
          noShowParty: null,
          attendanceNotes: "Phoned the family",
        },
        marks: [
          { seatId: "s1", status: "present", lateMinutes: null },
          { seatId: "s2", status: "present", lateMinutes: null },
        ],
        tutorNoShow: false,
        refunds: [],
      },
    });
  });

  it("clears a wrong no-show: NO_SHOW → awaiting confirmation, the no-show party gone", () => {
    const result = attendanceRecordEffect({ ...base, status: "NO_SHOW", noShowParty: "tutor" }, input({ tutorAttendance: "late", tutorLateMinutes: "10" }), present, context);
    expect(result.ok && [result.effect.to, result.effect.session.noShowParty, result.effect.session.lateMinutes]).toEqual(["AWAITING_CONFIRMATION", null, 10]);
  });

  it("keeps a recorded check-in and check-out and only corrects the times: no status change when it already awaits confirmation", () => {
    const checkedIn = new Date("2031-03-03T09:50:00Z");
    const checkedOut = new Date("2031-03-03T11:02:00Z");
    const result = attendanceRecordEffect(
      { ...base, status: "AWAITING_CONFIRMATION", checkedInAt: checkedIn, checkedOutAt: checkedOut },
      input({ actualStart: "10:05", actualEnd: "10:55", checkInSource: "web", checkOutSource: "telegram" }),
      present,
      context,
    );
    expect(result.ok && result.effect.to).toBeNull();
    expect(result.ok && result.effect.session).toMatchObject({ checkedInAt: checkedIn, checkedOutAt: checkedOut, checkInSource: "web", checkOutSource: "telegram" });
  });

  it("makes it a learners' no-show when every learner is one, and refunds them under the policy", () => {
    const allMissed = { [markField("s1")]: "no_show", [markField("s2")]: "no_show" };
    const result = attendanceRecordEffect(base, input(), allMissed, { ...context, policy: { studentNoShowRefundPercent: 50 } });
    expect(result.ok && [result.effect.to, result.effect.session.noShowParty, result.effect.refunds.map((refund) => refund.amountMinor)]).toEqual([
      "NO_SHOW",
      "student",
      [2000, 2000],
    ]);
  });

  it("records the tutor's no-show: NO_SHOW (party: tutor), times cleared, learners back to not recorded, refunded in full", () => {
    const result = attendanceRecordEffect(
      { ...base, status: "IN_PROGRESS", checkedInAt: new Date("2031-03-03T10:00:00Z") },
      input({ tutorAttendance: "no_show" }),
      present,
      context,
    );
    expect(result.ok && result.effect).toMatchObject({
      to: "NO_SHOW",
      tutorNoShow: true,
      session: { noShowParty: "tutor", checkedInAt: null, actualStartedAt: null },
      marks: [
        { seatId: "s1", status: "pending" },
        { seatId: "s2", status: "pending" },
      ],
    });
  });

  it.each([
    [
      "pending once recorded",
      { ...base, status: "IN_PROGRESS" as const },
      input({ tutorAttendance: "pending" }),
      {},
      { tutorAttendance: "The tutor's attendance is already recorded: choose present, late or did not come." },
    ],
    [
      "learners before the tutor",
      base,
      input({ tutorAttendance: "pending" }),
      { [markField("s1")]: "present" },
      { tutorAttendance: "Record the tutor's attendance before the learners'." },
    ],
    [
      "no times",
      base,
      input({ actualStart: undefined, actualEnd: undefined }),
      present,
      { actualStart: "Enter when the session really started.", actualEnd: "Enter when the session really ended." },
    ],
    ["an end before the start", base, input({ actualStart: "10:30", actualEnd: "10:00" }), present, { actualEnd: "Enter an end after the start (Mon 3 Mar 2031, 10:30)." }],
    ["late without minutes", base, input({ tutorAttendance: "late" }), present, { tutorLateMinutes: "Enter the tutor's minutes late, from 1 to 60." }],
    [
      "a learner late without minutes",
      base,
      input(),
      { [markField("s1")]: "late", [lateField("s1")]: "" },
      { [lateField("s1")]: "Enter how many minutes late Ada was, from 1 to 60." },
    ],
  ])("refuses %s, beside the field", (_case, session, record, marks, errors) => {
    expect(attendanceRecordEffect(session, record, marks, context)).toEqual({ ok: false, errors });
  });

  it("refuses attendance before the session starts", () => {
    const early = { ...context, now: new Date("2031-03-03T09:59:59Z") };
    expect(attendanceRecordEffect(base, input(), present, early)).toEqual({
      ok: false,
      errors: { tutorAttendance: "The session has not started yet: attendance is recorded after its start." },
    });
    expect(attendanceRecordEffect(base, input({ tutorAttendance: "no_show" }), present, early)).toEqual({
      ok: false,
      errors: { tutorAttendance: "The session has not started yet: a no-show is recorded after its start." },
    });
  });

  it("is open to scheduled, in-progress, awaiting and no-show sessions only", () => {
    expect(
      ["SCHEDULED", "IN_PROGRESS", "AWAITING_CONFIRMATION", "NO_SHOW", "COMPLETED", "DISPUTED", "CANCELLED", "PENDING_PAYMENT"].map((status) => isRecordable(status as never)),
    ).toEqual([true, true, true, true, false, false, false, false]);
  });

  it("asks for a reason of 5 to 500 characters and notes of at most 2000", () => {
    const parsed = AttendanceRecordSchema.safeParse({ tutorAttendance: "present", checkInSource: "web", checkOutSource: "web", reason: "  ok ", notes: "x".repeat(2001) });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["notes", "Keep the notes to 2000 characters."],
      ["reason", "Say why, in 5 to 500 characters."],
    ]);
  });
});
