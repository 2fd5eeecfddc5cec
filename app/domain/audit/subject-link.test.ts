import { describe, expect, it } from "vitest";
import { auditSubjectHref } from "./subject-link";

describe("auditSubjectHref", () => {
  it.each([
    [{ type: "TutoringSession", id: "cm123" }, "/sessions/cm123"],
    [{ type: "User", id: "cm456" }, "/admin/users/cm456"],
    [{ type: "User", id: "a/b?c" }, "/admin/users/a%2Fb%3Fc"],
    [{ type: "Payment", id: "cm789" }, null],
    [{ type: "Policy", id: "booking_horizon" }, null],
  ])("%o links to %s", (subject, expected) => {
    expect(auditSubjectHref(subject)).toBe(expected);
  });
});
