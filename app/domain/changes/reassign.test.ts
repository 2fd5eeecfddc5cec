import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/shared/errors";
import { assertReassignPreviewHolds, ReassignFormSchema, reassignRefusal } from "./reassign";

const NOW = new Date("2031-03-03T10:00:00Z");
const later = new Date("2031-03-04T10:00:00Z");
const earlier = new Date("2031-03-03T09:00:00Z");

describe("reassignRefusal", () => {
  it.each([
    ["a booked 1:1 session tomorrow", "SCHEDULED", "ONE_TO_ONE", later, 1, null],
    ["unpaid", "PENDING_PAYMENT", "ONE_TO_ONE", later, 0, "not paid for yet"],
    ["cancelled", "CANCELLED", "ONE_TO_ONE", later, 1, "no longer can"],
    ["under way", "IN_PROGRESS", "ONE_TO_ONE", earlier, 1, "no longer can"],
    ["a group", "SCHEDULED", "GROUP", later, 3, "group session"],
    ["no paid seat", "SCHEDULED", "ONE_TO_ONE", later, 0, "Nobody has a paid place"],
    ["starting now", "SCHEDULED", "ONE_TO_ONE", NOW, 1, "already started"],
    ["started", "SCHEDULED", "ONE_TO_ONE", earlier, 1, "already started"],
  ] as const)("%s", (_case, status, kind, startsAt, confirmedSeats, words) => {
    const refusal = reassignRefusal({ status, kind, startsAt, confirmedSeats }, NOW);
    if (words === null) expect(refusal).toBeNull();
    else {
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal!.code).toBe("NOT_REASSIGNABLE");
      expect(refusal!.message).toContain(words);
    }
  });
});

describe("assertReassignPreviewHolds", () => {
  const now = { fromTutorId: "t1", takeoverMinor: 4000, payoutMinor: 1500 };
  const codeOf = (shown: Partial<typeof now>) => {
    try {
      assertReassignPreviewHolds(shown, now, { fromTutorName: "Ana" });
      return null;
    } catch (error) {
      return error instanceof DomainError ? `${error.code}: ${error.message.slice(0, 24)}` : "other";
    }
  };
  it.each([
    ["as shown", { fromTutorId: "t1", takeoverMinor: 4000, payoutMinor: 1500 }, null],
    ["moved meanwhile", { fromTutorId: "t2", takeoverMinor: 4000, payoutMinor: 1500 }, "PREVIEW_CHANGED: This session is now with"],
    ["no preview carried", {}, "PREVIEW_CHANGED: This session is now with"],
    ["takeover pay changed", { fromTutorId: "t1", takeoverMinor: 3600, payoutMinor: 1500 }, "PREVIEW_CHANGED: The amounts changed sinc"],
    ["payout changed", { fromTutorId: "t1", takeoverMinor: 4000, payoutMinor: 0 }, "PREVIEW_CHANGED: The amounts changed sinc"],
  ] as const)("%s", (_case, shown, expected) => {
    expect(codeOf(shown)).toBe(expected);
  });
});

describe("ReassignFormSchema", () => {
  const base = { tutorId: "t2", payout: "full", reason: "The tutor is ill this week." };
  it("defaults to a preview and reads an unticked notify box as no", () => {
    expect(ReassignFormSchema.parse(base)).toMatchObject({ step: "preview", notify: false, payoutAmount: null });
    expect(ReassignFormSchema.parse({ ...base, notify: "yes" }).notify).toBe(true);
  });
  it.each([
    ["a short reason", { ...base, reason: "ill" }, "reason"],
    ["no tutor", { ...base, tutorId: "" }, "tutorId"],
    ["partial pay without an amount", { ...base, payout: "partial" }, "payoutAmount"],
    ["partial pay not a number", { ...base, payout: "partial", payoutAmount: "ten" }, "payoutAmount"],
    ["no payout choice", { ...base, payout: undefined }, "payout"],
  ])("refuses %s on its field", (_case, form, field) => {
    const result = ReassignFormSchema.safeParse(form);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toContain(field);
  });
});
