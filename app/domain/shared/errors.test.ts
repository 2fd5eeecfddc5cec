import { describe, expect, it } from "vitest";
import { DomainError, statusForDomainError } from "./errors";

describe("statusForDomainError", () => {
  it.each([
    ["NOT_FOUND", 404],
    ["NOT_YOURS", 404],
    ["NOT_YOUR_CHILD", 404],
    ["SLOT_NOT_FOUND", 404],
    ["FORBIDDEN", 403],
    ["NOT_A_BOOKER", 403],
    ["INVALID_TIME", 400],
    ["ENDS_BEFORE_START", 400],
    ["PROPOSED_TIME_PAST", 400],
    ["CHANGED_MEANWHILE", 409],
    ["NOTHING_TO_CANCEL", 409],
    ["NOT_FREE", 409],
    ["SOMETHING_NEW", 409],
    ["INVALID_INPUT", 400],
    ["INVALID_TRANSITION", 409],
    ["STUDENT_BUSY", 409],
  ] as const)("%s → %i", (code, status) => {
    expect(statusForDomainError(new DomainError(code, "message"))).toBe(status);
  });
});
