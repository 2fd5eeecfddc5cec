import { describe, expect, it } from "vitest";
import { hasRole, homePathFor, navigationFor, primaryRole, safeRedirectPath } from "./roles";

describe("roles", () => {
  it.each([
    [["STUDENT"], "/student"],
    [["PARENT"], "/parent"],
    [["TUTOR"], "/tutor"],
    [["COORDINATOR"], "/coordinator"],
    [["ADMIN"], "/admin"],
    [["STUDENT", "TUTOR"], "/tutor"],
    [["PARENT", "COORDINATOR"], "/coordinator"],
  ] as const)("%j lands on %s", (roles, path) => {
    expect(homePathFor(roles)).toBe(path);
  });

  it("lists one home per role, most powerful first, the tutor search for those who book, then the account page", () => {
    expect(navigationFor(["STUDENT", "TUTOR"]).map((link) => link.to)).toEqual(["/tutor", "/student", "/sessions", "/tutors", "/account"]);
    expect(navigationFor(["TUTOR"]).map((link) => link.to)).toEqual(["/tutor", "/sessions", "/account"]);
    expect(navigationFor(["PARENT"]).map((link) => link.to)).toEqual(["/parent", "/sessions", "/tutors", "/account"]);
  });

  it("lets admins act as coordinators but not as tutors", () => {
    expect(hasRole(["ADMIN"], "COORDINATOR")).toBe(true);
    expect(hasRole(["ADMIN"], "TUTOR")).toBe(false);
    expect(hasRole(["COORDINATOR"], "ADMIN")).toBe(false);
  });

  it("refuses an account without roles", () => {
    expect(() => primaryRole([])).toThrow();
  });

  it.each([
    ["/tutor", "/tutor"],
    ["/account?tab=1", "/account?tab=1"],
    ["//evil.example/x", "/home"],
    ["/\\evil.example", "/home"],
    ["https://evil.example", "/home"],
    [null, "/home"],
  ])("safeRedirectPath(%s) → %s", (candidate, expected) => {
    expect(safeRedirectPath(candidate, "/home")).toBe(expected);
  });
});
