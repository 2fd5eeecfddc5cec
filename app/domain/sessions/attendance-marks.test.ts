import { describe, expect, it } from "vitest";
import { attendanceLabel, lateField, learnersOutcome, markField, parseSeatMarks, TUTOR_MARKS, type SeatMark } from "./attendance-marks";

const seats = [
  { id: "s1", studentName: "Ada" },
  { id: "s2", studentName: "Ben" },
];
const tutorOptions = { allowed: TUTOR_MARKS, blank: "present" as const, durationMinutes: 60 };

describe("parseSeatMarks", () => {
  it("reads a blank mark as present, so the usual check-out needs no clicks", () => {
    expect(parseSeatMarks(seats, {}, tutorOptions)).toEqual({
      ok: true,
      marks: [
        { seatId: "s1", status: "present", lateMinutes: null },
        { seatId: "s2", status: "present", lateMinutes: null },
      ],
    });
  });

  it.each([
    ["1", 1],
    ["60", 60],
    [" 15 ", 15],
  ])("takes late with %j minutes", (minutes, expected) => {
    const result = parseSeatMarks(seats, { [markField("s1")]: "late", [lateField("s1")]: minutes }, tutorOptions);
    expect(result.ok && result.marks[0]).toEqual({ seatId: "s1", status: "late", lateMinutes: expected });
  });

  it.each(["", "0", "61", "-3", "5.5", "ten", "99999"])("refuses late with %j minutes, beside that seat's field", (minutes) => {
    const result = parseSeatMarks(seats, { [markField("s2")]: "late", [lateField("s2")]: minutes }, tutorOptions);
    expect(result).toEqual({ ok: false, errors: { [lateField("s2")]: "Enter how many minutes late Ben was, from 1 to 60." } });
  });

  it("ignores minutes beside a mark that is not late", () => {
    const result = parseSeatMarks(seats, { [markField("s1")]: "present", [lateField("s1")]: "12" }, tutorOptions);
    expect(result.ok && result.marks[0]).toEqual({ seatId: "s1", status: "present", lateMinutes: null });
  });

  it("refuses a mark the form does not offer (the tutor cannot excuse an absence, nor leave it pending)", () => {
    for (const forged of ["absent", "pending", "gone"]) {
      expect(parseSeatMarks(seats, { [markField("s1")]: forged }, tutorOptions)).toEqual({ ok: false, errors: { [markField("s1")]: "Choose how Ada attended." } });
    }
  });

  it("lets a coordinator's form offer every status", () => {
    const result = parseSeatMarks(
      seats,
      { [markField("s1")]: "absent", [markField("s2")]: "pending" },
      { allowed: ["pending", "present", "absent", "late", "no_show"], blank: "pending", durationMinutes: 60 },
    );
    expect(result.ok && result.marks.map((mark) => mark.status)).toEqual(["absent", "pending"]);
  });
});

describe("learnersOutcome", () => {
  const money = [
    { seatId: "s1", paymentId: "p1", refundableMinor: 2000 },
    { seatId: "s2", paymentId: "p2", refundableMinor: 1999 },
  ];
  const mark = (seatId: string, status: SeatMark["status"]): SeatMark => ({ seatId, status, lateMinutes: status === "late" ? 5 : null });

  it("awaits confirmation when anyone came, and refunds nothing at the default 0 %", () => {
    expect(learnersOutcome([mark("s1", "present"), mark("s2", "no_show")], money, { studentNoShowRefundPercent: 0 })).toEqual({
      to: "AWAITING_CONFIRMATION",
      noShowParty: null,
      refunds: [],
    });
    expect(learnersOutcome([mark("s1", "late")], money, { studentNoShowRefundPercent: 100 })).toEqual({ to: "AWAITING_CONFIRMATION", noShowParty: null, refunds: [] });
  });

  it("makes the session a learners' no-show when every learner missed it", () => {
    expect(learnersOutcome([mark("s1", "no_show"), mark("s2", "no_show")], money, { studentNoShowRefundPercent: 0 })).toMatchObject({ to: "NO_SHOW", noShowParty: "student" });
  });

  it("an excused absence is not a no-show", () => {
    expect(learnersOutcome([mark("s1", "absent")], money, { studentNoShowRefundPercent: 50 })).toEqual({ to: "AWAITING_CONFIRMATION", noShowParty: null, refunds: [] });
  });

  it("refunds each no-show seat the policy's share of what is left, rounded down, and only those seats", () => {
    expect(learnersOutcome([mark("s1", "present"), mark("s2", "no_show")], money, { studentNoShowRefundPercent: 50 }).refunds).toEqual([
      { seatId: "s2", paymentId: "p2", amountMinor: 999, percent: 50 },
    ]);
  });

  it("has nothing to refund for a free seat or one already refunded", () => {
    const free = [
      { seatId: "s1", paymentId: null, refundableMinor: 0 },
      { seatId: "s2", paymentId: "p2", refundableMinor: 0 },
    ];
    expect(learnersOutcome([mark("s1", "no_show"), mark("s2", "no_show")], free, { studentNoShowRefundPercent: 100 }).refunds).toEqual([]);
  });

  it("a session without seats is not a learners' no-show", () => {
    expect(learnersOutcome([], money, { studentNoShowRefundPercent: 0 }).to).toBe("AWAITING_CONFIRMATION");
  });
});

describe("attendanceLabel", () => {
  it.each([
    ["pending", null, "Not recorded"],
    ["late", 1, "Late (1 minute)"],
    ["late", 12, "Late (12 minutes)"],
    ["no_show", null, "No-show"],
    ["absent", null, "Absent (excused)"],
  ] as const)("%s %s → %s", (status, minutes, label) => {
    expect(attendanceLabel(status, minutes)).toBe(label);
  });
});
