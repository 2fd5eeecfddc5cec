import { describe, expect, it } from "vitest";
import { assertPreviewStillHolds, resolutionPreview, ResolutionFormSchema, type ResolutionBasis, type ResolutionDecision } from "./resolution";

// $60.00 paid for a 60-minute seat; the tutor recorded 45 minutes.
const basis: ResolutionBasis = { paidMinor: 6000, refundedMinor: 0, seatPriceMinor: 6000, bookedMinutes: 60, tutorMinutes: 45, platformFeePercent: 0 };
const decision = (overrides: Partial<ResolutionDecision>): ResolutionDecision => ({
  outcome: "completed_as_is",
  approvedMinutes: null,
  refundPercent: 0,
  tutorPay: "full",
  ...overrides,
});

describe("a resolution's amounts", () => {
  it.each([
    // label, decision, basis changes, refund, capped, approved minutes, tutor pay
    ["as recorded, no refund, full pay", {}, {}, 0, false, 45, 6000],
    ["50% refund of what was paid", { refundPercent: 50 }, {}, 3000, false, 45, 6000],
    ["100% refund", { refundPercent: 100 }, {}, 6000, false, 45, 6000],
    ["a refund rounds down to a whole cent", { refundPercent: 33 }, { paidMinor: 1001 }, 330, false, 45, 6000],
    ["never more than is left after an earlier refund", { refundPercent: 100 }, { refundedMinor: 2500 }, 3500, true, 45, 6000],
    ["nothing left, nothing refunded", { refundPercent: 50 }, { refundedMinor: 6000 }, 0, true, 45, 6000],
    ["nothing paid (a free seat), nothing refunded", { refundPercent: 100 }, { paidMinor: 0 }, 0, false, 45, 6000],
    ["adjusted minutes with partial pay by them", { outcome: "completed_adjusted", approvedMinutes: 30, tutorPay: "partial" }, {}, 0, false, 30, 3000],
    ["partial pay rounds down", { outcome: "completed_adjusted", approvedMinutes: 7, tutorPay: "partial" }, {}, 0, false, 7, 700],
    ["partial pay never exceeds full pay (more minutes than booked)", { outcome: "completed_adjusted", approvedMinutes: 90, tutorPay: "partial" }, {}, 0, false, 90, 6000],
    ["partial pay as recorded follows the tutor's minutes", { tutorPay: "partial" }, {}, 0, false, 45, 4500],
    ["cancelled: no minutes approved, no pay", { outcome: "cancelled", refundPercent: 100, tutorPay: "none" }, {}, 6000, false, 0, 0],
    ["the platform fee comes off the tutor's pay", {}, { platformFeePercent: 20 }, 0, false, 45, 4800],
  ] as const)("%s", (_label, change, basisChange, refund, capped, approved, pay) => {
    const preview = resolutionPreview(decision(change), { ...basis, ...basisChange });
    expect(preview).toMatchObject({ refundMinor: refund, refundCapped: capped, approvedMinutes: approved, tutorPayMinor: pay });
  });

  it("refuses money that is not a whole, non-negative amount", () => {
    expect(() => resolutionPreview(decision({}), { ...basis, paidMinor: -1 })).toThrow(RangeError);
    expect(() => resolutionPreview(decision({}), { ...basis, refundedMinor: 1.5 })).toThrow(RangeError);
  });

  it("resolving refuses when the amounts changed since the preview", () => {
    const preview = resolutionPreview(decision({ refundPercent: 50 }), basis);
    expect(() => assertPreviewStillHolds({ shownRefundMinor: 3000, shownTutorPayMinor: 6000 }, preview)).not.toThrow();
    expect(() => assertPreviewStillHolds({ shownRefundMinor: 6000, shownTutorPayMinor: 6000 }, preview)).toThrow(expect.objectContaining({ code: "PREVIEW_CHANGED" }));
    expect(() => assertPreviewStillHolds({ shownRefundMinor: null, shownTutorPayMinor: null }, preview)).toThrow(expect.objectContaining({ code: "PREVIEW_CHANGED" }));
  });
});

describe("the resolution form", () => {
  const valid = { outcome: "completed_as_is", refundPercent: "50", tutorPay: "full", noteToBooker: "We refund half.", noteToTutor: "Please start on time." };
  const parse = (input: Record<string, string>) => ResolutionFormSchema.safeParse(input);
  const fieldsOf = (input: Record<string, string>) => parse(input).error?.issues.map((issue) => issue.path[0]);

  it("reads a preview by default, with whole numbers", () => {
    expect(parse(valid).data).toMatchObject({ step: "preview", refundPercent: 50, approvedMinutes: null, shownRefundMinor: null });
  });

  it.each([
    ["a refund above 100%", { refundPercent: "101" }, "refundPercent"],
    ["a fractional refund", { refundPercent: "12.5" }, "refundPercent"],
    ["an empty refund", { refundPercent: "" }, "refundPercent"],
    ["adjusted minutes without the minutes", { outcome: "completed_adjusted" }, "approvedMinutes"],
    ["partial pay for a cancelled session", { outcome: "cancelled", tutorPay: "partial" }, "tutorPay"],
    ["no note to the tutor", { noteToTutor: "   " }, "noteToTutor"],
    ["a note beyond 2,000 characters", { noteToBooker: "x".repeat(2001) }, "noteToBooker"],
    ["an unknown outcome", { outcome: "refund_everything" }, "outcome"],
  ])("refuses %s beside its field", (_label, change, field) => {
    expect(fieldsOf({ ...valid, ...change })).toContain(field);
  });
});
