/** Who the fuzz test is: one request identity per role, signed in with the demo accounts. */
import type { PageForm } from "./html";

export const PASSWORD = "tutordesk-demo";

export type RoleName = "anonymous" | "student" | "parent" | "tutor" | "coordinator" | "admin";

export const ROLES: RoleName[] = ["anonymous", "student", "parent", "tutor", "coordinator", "admin"];

export const ROLE_EMAILS: Record<Exclude<RoleName, "anonymous">, string> = {
  student: "sam.student@tutordesk.test",
  parent: "pat.parent@tutordesk.test",
  tutor: "maria.tutor@tutordesk.test",
  coordinator: "coordinator@tutordesk.test",
  admin: "admin@tutordesk.test",
};

/** Where each role's crawl starts, besides every route filled with real ids. */
export const HOME: Record<RoleName, string[]> = {
  anonymous: ["/", "/tutors", "/login", "/signup", "/login/code"],
  student: ["/", "/student", "/sessions", "/tutors", "/account"],
  parent: ["/", "/parent", "/parent/children/new", "/sessions", "/tutors", "/account"],
  tutor: ["/", "/tutor", "/tutor/profile", "/tutor/schedule", "/tutor/slots", "/tutor/slots?view=list", "/sessions", "/account"],
  coordinator: ["/", "/coordinator", "/sessions", "/tutors", "/account"],
  admin: ["/", "/admin", "/admin/users", "/admin/audit", "/admin/policies", "/sessions", "/account"],
};

/** One identity: its login cookie, the ids it can see first, and the pages and forms its crawl found. */
export type Role = { name: RoleName; userId: string | null; cookie: string; pools: Record<string, string[]>; urls: Set<string>; forms: PageForm[] };

export function newRoles(): Map<RoleName, Role> {
  return new Map(ROLES.map((name) => [name, { name, userId: null, cookie: "", pools: {}, urls: new Set<string>(), forms: [] }]));
}
