import { describe, expect, it } from "vitest";
import { DomainError, httpStatusFor } from "./errors";

describe("the HTTP status of a refusal", () => {
  it.each([
    ["NOT_FOUND", 404],
    ["NOT_YOURS", 404],
    ["FORBIDDEN", 403],
    ["INVALID_INPUT", 400],
    ["INVALID_TIME", 400],
    ["INVALID_TRANSITION", 409],
    ["STUDENT_BUSY", 409],
    ["CHANGED_MEANWHILE", 409],
  ] as const)("%s → %i", (code, status) => {
    expect(httpStatusFor(new DomainError(code, "…"))).toBe(status);
  });
});
