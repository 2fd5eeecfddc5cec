import { describe, expect, it } from "vitest";
import { decideReport, defaultPriority, isDiscrepancy, recordedMinutes, ReportProblemSchema, TutorSideSchema, tutorSideRefusal } from "./report";

const ZONE = "America/New_York";
const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);
const policy = { confirmationWindowHours: 48, autoConfirmAfterHours: 0 };

// Booked 15:00–16:00 New York; the tutor recorded 15:10–15:55 (45 minutes).
const session = {
  status: "AWAITING_CONFIRMATION" as const,
  startsAt: at("2026-12-10T20:00:00Z"),
  endsAt: at("2026-12-10T21:00:00Z"),
  actualStartedAt: at("2026-12-10T20:10:00Z"),
  actualEndedAt: at("2026-12-10T20:55:00Z"),
  confirmationOpenedAt: at("2026-12-10T20:56:00Z"),
};
const seat = { status: "CONFIRMED", hoursConfirmedAt: null, dispute: null };
const report = { category: "shorter_than_booked" as const, description: "We stopped after half an hour.", claimedMinutes: 30 };
const context = { nowMs: ms("2026-12-11T00:00:00Z"), zone: ZONE };

describe("reporting a problem", () => {
  it("records the tutor's minutes beside the claim, and moves the session to DISPUTED", () => {
    expect(decideReport(session, seat, report, policy, context)).toEqual({ tutorMinutes: 45, priority: "normal", discrepancy: true, disputesSession: true });
  });

  it("is no discrepancy when the claimed minutes are the tutor's, or none are claimed", () => {
    expect(decideReport(session, seat, { ...report, claimedMinutes: 45 }, policy, context).discrepancy).toBe(false);
    expect(decideReport(session, seat, { ...report, claimedMinutes: null }, policy, context).discrepancy).toBe(false);
  });

  it("finds a group already DISPUTED by another seat's report, and leaves its status", () => {
    expect(decideReport({ ...session, status: "DISPUTED" }, seat, report, policy, context).disputesSession).toBe(false);
  });

  it.each([
    ["before the scheduled end", { ...context, nowMs: ms("2026-12-10T20:59:59Z") }, seat, "CONFIRM_TOO_EARLY"],
    ["on confirmed hours", context, { ...seat, hoursConfirmedAt: at("2026-12-10T23:00:00Z") }, "ALREADY_CONFIRMED"],
    ["twice", context, { ...seat, dispute: { status: "open" as const, outcome: null } }, "ALREADY_DISPUTED"],
    ["on a cancelled place", context, { ...seat, status: "CANCELLED" }, "NOT_A_SEAT"],
  ])("is refused %s", (_label, when, which, code) => {
    expect(() => decideReport(session, which, report, policy, when)).toThrow(expect.objectContaining({ code }));
  });

  it("is still open after the window passed (the coordinators follow up; a report is still welcome)", () => {
    expect(decideReport(session, seat, report, policy, { ...context, nowMs: ms("2026-12-20T00:00:00Z") }).tutorMinutes).toBe(45);
  });

  it("counts the booked length when no actual times were recorded", () => {
    expect(recordedMinutes({ ...session, actualStartedAt: null, actualEndedAt: null })).toBe(60);
  });

  it.each([
    ["behaviour", "urgent"],
    ["tutor_absent", "high"],
    ["technical", "normal"],
  ] as const)("a %s report starts at %s priority", (category, priority) => {
    expect(defaultPriority(category)).toBe(priority);
  });

  it("isDiscrepancy compares the claimed minutes with the tutor's", () => {
    expect(isDiscrepancy({ claimedMinutes: 0, tutorMinutes: 60 })).toBe(true);
    expect(isDiscrepancy({ claimedMinutes: null, tutorMinutes: 60 })).toBe(false);
  });
});

describe("the report form", () => {
  const parse = (input: Record<string, string>) => ReportProblemSchema.safeParse(input);

  it("takes a category, 10 to 2,000 characters and optional whole minutes", () => {
    expect(parse({ category: "quality", description: "  The lesson was\r\nunprepared.  " }).data).toEqual({
      category: "quality",
      description: "The lesson was\nunprepared.",
      claimedMinutes: null,
    });
    expect(parse({ category: "other", description: "x".repeat(10), claimedMinutes: "0" }).data?.claimedMinutes).toBe(0);
  });

  it.each([
    ["no category", { description: "Something went wrong." }, "category"],
    ["nine characters", { category: "other", description: "too short" }, "description"],
    ["2,001 characters", { category: "other", description: "x".repeat(2001) }, "description"],
    ["minutes beyond a day", { category: "other", description: "Far too long.", claimedMinutes: "1441" }, "claimedMinutes"],
    ["fractional minutes", { category: "other", description: "Far too long.", claimedMinutes: "30.5" }, "claimedMinutes"],
    ["negative minutes", { category: "other", description: "Far too long.", claimedMinutes: "-5" }, "claimedMinutes"],
  ])("refuses %s beside its field", (_label, input, field) => {
    const result = parse(input as Record<string, string>);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field);
  });

  it("counts an emoji as one character, as the database does", () => {
    expect(parse({ category: "other", description: "😀".repeat(2000) }).success).toBe(true);
  });
});

describe("the tutor's side", () => {
  it("is added once, while the problem is open", () => {
    expect(tutorSideRefusal({ status: "open", tutorRespondedAt: null })).toBeNull();
    expect(tutorSideRefusal({ status: "open", tutorRespondedAt: at("2026-12-11T00:00:00Z") })?.code).toBe("ALREADY_RESPONDED");
    expect(tutorSideRefusal({ status: "resolved", tutorRespondedAt: null })?.code).toBe("DISPUTE_RESOLVED");
  });

  it("needs 10 to 2,000 characters", () => {
    expect(TutorSideSchema.safeParse({ response: "We did the full hour." }).success).toBe(true);
    expect(TutorSideSchema.safeParse({ response: "No." }).success).toBe(false);
  });
});
