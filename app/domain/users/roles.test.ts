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
    expect(navigationFor(["COORDINATOR"]).map((link) => link.to)).toEqual(["/coordinator", "/sessions", "/account"]);
    expect(navigationFor(["ADMIN"]).map((link) => link.to)).toEqual(["/admin", "/sessions", "/account"]);
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
    ["/sessions/abc#notes", "/sessions/abc#notes"],
    ["/book/t1/review?start=2027-01-01T10:00", "/book/t1/review?start=2027-01-01T10:00"],
    // Normalised as a browser would, and sent that way.
    ["/tutors/../account", "/account"],
    ["/\u3000/x", "/%E3%80%80/x"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    [null, "/home"],
    ["", "/home"],
  ])("safeRedirectPath(%j) → %j", (candidate, expected) => {
    expect(safeRedirectPath(candidate, "/home")).toBe(expected);
  });

  /** Known ways to turn a "path" into another site in a browser's Location handling. */
  it.each([
    "//evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "/\t/evil.example/phish",
    "/\t\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\u0000/evil.example",
    "/\u001f/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/.//evil.example",
    "/./..//evil.example",
    "/..//evil.example",
    "/%2e%2e//evil.example",
    "https://evil.example",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "@evil.example",
    "/" + "a".repeat(2001),
  ])("refuses %j", (candidate) => {
    expect(safeRedirectPath(candidate, "/home")).toBe("/home");
  });
});
