import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, describeStatus, FORCE_CANCELLABLE_STATUSES, isForceCancellable, type SessionStatus } from "./status";

describe("session status transitions", () => {
  it.each([
    ["PENDING_PAYMENT", "SCHEDULED", "payment_received", true],
    ["PENDING_PAYMENT", "CANCELLED", "hold_expired", true],
    ["PENDING_PAYMENT", "IN_PROGRESS", "check_in", false],
    ["SCHEDULED", "SCHEDULED", "payment_received", false],
    ["SCHEDULED", "CANCELLED", "cancel", true],
    ["SCHEDULED", "CANCELLED", "hold_expired", false],
    ["COMPLETED", "CANCELLED", "cancel", false],
    ["SCHEDULED", "IN_PROGRESS", "check_in", true],
    ["SCHEDULED", "NO_SHOW", "no_show", true],
    ["IN_PROGRESS", "NO_SHOW", "no_show", false],
    ["IN_PROGRESS", "AWAITING_CONFIRMATION", "check_out", true],
    ["IN_PROGRESS", "NO_SHOW", "check_out", true],
    ["SCHEDULED", "AWAITING_CONFIRMATION", "check_out", false],
    ["SCHEDULED", "AWAITING_CONFIRMATION", "attendance_recorded", true],
    ["NO_SHOW", "AWAITING_CONFIRMATION", "attendance_recorded", true],
    ["NO_SHOW", "AWAITING_CONFIRMATION", "check_out", false],
    ["NO_SHOW", "SCHEDULED", "attendance_recorded", false],
    ["AWAITING_CONFIRMATION", "NO_SHOW", "attendance_recorded", true],
    ["COMPLETED", "AWAITING_CONFIRMATION", "attendance_recorded", false],
    ["CANCELLED", "AWAITING_CONFIRMATION", "attendance_recorded", false],
    ["AWAITING_CONFIRMATION", "DISPUTED", "dispute", true],
    ["COMPLETED", "DISPUTED", "dispute", false],
    ["DISPUTED", "COMPLETED", "resolve", true],
    ["DISPUTED", "CANCELLED", "resolve", true],
    ["DISPUTED", "AWAITING_CONFIRMATION", "resolve", true],
    ["DISPUTED", "COMPLETED", "confirm", false],
    ["DISPUTED", "CANCELLED", "cancel", false],
    // An admin's force cancel: from every status that is neither final nor before the start.
    ["IN_PROGRESS", "CANCELLED", "force_cancel", true],
    ["AWAITING_CONFIRMATION", "CANCELLED", "force_cancel", true],
    ["NO_SHOW", "CANCELLED", "force_cancel", true],
    ["DISPUTED", "CANCELLED", "force_cancel", true],
    ["IN_PROGRESS", "CANCELLED", "cancel", false],
    ["AWAITING_CONFIRMATION", "CANCELLED", "cancel", false],
    ["NO_SHOW", "CANCELLED", "cancel", false],
    ["SCHEDULED", "CANCELLED", "force_cancel", false],
    ["PENDING_PAYMENT", "CANCELLED", "force_cancel", false],
    ["COMPLETED", "CANCELLED", "force_cancel", false],
    ["CANCELLED", "CANCELLED", "force_cancel", false],
    ["SCHEDULED", "COMPLETED", "force_complete", true],
    ["IN_PROGRESS", "COMPLETED", "force_complete", true],
    ["AWAITING_CONFIRMATION", "COMPLETED", "force_complete", true],
    ["DISPUTED", "COMPLETED", "force_complete", false],
    ["NO_SHOW", "COMPLETED", "force_complete", false],
    ["CANCELLED", "COMPLETED", "force_complete", false],
    ["PENDING_PAYMENT", "COMPLETED", "force_complete", false],
    ["SCHEDULED", "COMPLETED", "confirm", false],
    ["NO_SHOW", "AWAITING_CONFIRMATION", "clear_no_show", true],
    ["NO_SHOW", "COMPLETED", "clear_no_show", false],
    ["AWAITING_CONFIRMATION", "AWAITING_CONFIRMATION", "clear_no_show", false],
    ["SCHEDULED", "AWAITING_CONFIRMATION", "clear_no_show", false],
  ] as const)("%s → %s by %s: %s", (from, to, event, allowed) => {
    expect(canTransition(from, to, event)).toBe(allowed);
  });

  it("revives only a session whose hold expired, never one somebody cancelled", () => {
    expect(canTransition("CANCELLED", "SCHEDULED", "late_payment_revived", { cancelCause: "HOLD_EXPIRED" })).toBe(true);
    expect(canTransition("CANCELLED", "SCHEDULED", "late_payment_revived", { cancelCause: "STUDENT" })).toBe(false);
    expect(canTransition("CANCELLED", "SCHEDULED", "late_payment_revived")).toBe(false);
  });

  it("explains a refused change in words", () => {
    expect(() => assertTransition("COMPLETED", "CANCELLED", "cancel")).toThrow("This session is completed, so it cannot be cancelled now.");
    expect(describeStatus("PENDING_PAYMENT")).toBe("Awaiting payment");
  });
});

describe("force cancel", () => {
  it("names exactly the statuses the table lets force_cancel end", () => {
    const all: SessionStatus[] = ["PENDING_PAYMENT", "SCHEDULED", "IN_PROGRESS", "AWAITING_CONFIRMATION", "COMPLETED", "DISPUTED", "CANCELLED", "NO_SHOW"];
    expect(all.filter((status) => canTransition(status, "CANCELLED", "force_cancel"))).toEqual([...FORCE_CANCELLABLE_STATUSES].sort((a, b) => all.indexOf(a) - all.indexOf(b)));
    expect(all.filter(isForceCancellable)).toEqual(["IN_PROGRESS", "AWAITING_CONFIRMATION", "DISPUTED", "NO_SHOW"]);
  });
});
