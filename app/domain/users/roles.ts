export const ROLES = ["STUDENT", "PARENT", "TUTOR", "COORDINATOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** Roles a visitor may choose when signing up; staff roles are granted by an admin. */
export const SELF_SERVICE_ROLES = ["STUDENT", "PARENT", "TUTOR"] as const satisfies readonly Role[];

const HOME: Record<Role, string> = {
  ADMIN: "/admin",
  COORDINATOR: "/coordinator",
  TUTOR: "/tutor",
  PARENT: "/parent",
  STUDENT: "/student",
};

const LABEL: Record<Role, string> = {
  ADMIN: "Admin",
  COORDINATOR: "Coordinator",
  TUTOR: "Tutor",
  PARENT: "Parent",
  STUDENT: "Student",
};

/** Most powerful first: an account with several roles lands on the home of its first. */
const PRECEDENCE: Role[] = ["ADMIN", "COORDINATOR", "TUTOR", "PARENT", "STUDENT"];

export function primaryRole(roles: readonly Role[]): Role {
  const role = PRECEDENCE.find((candidate) => roles.includes(candidate));
  if (!role) throw new Error("an account always has at least one role");
  return role;
}

export function homePathFor(roles: readonly Role[]): string {
  return HOME[primaryRole(roles)];
}

export type NavLink = { to: string; label: string };

/** The navigation for an account: one home link per role it holds, the tutor search for those who book, then the account page. */
export function navigationFor(roles: readonly Role[]): NavLink[] {
  const links = PRECEDENCE.filter((role) => roles.includes(role)).map((role) => ({ to: HOME[role], label: LABEL[role] }));
  const books = roles.includes("STUDENT") || roles.includes("PARENT");
  const hasSessions = books || roles.includes("TUTOR");
  return [
    ...links,
    ...(hasSessions ? [{ to: "/sessions", label: "Sessions" }] : []),
    ...(books ? [{ to: "/tutors", label: "Find a tutor" }] : []),
    { to: "/account", label: "Account" },
  ];
}

/** Admins may do everything coordinators may. */
export function hasRole(roles: readonly Role[], wanted: Role): boolean {
  if (roles.includes(wanted)) return true;
  return wanted === "COORDINATOR" && roles.includes("ADMIN");
}

export function roleLabel(role: Role): string {
  return LABEL[role];
}

/** Where a post-sign-in redirect may go: same-site paths only, never "//evil.example". */
export function safeRedirectPath(candidate: string | null | undefined, fallback: string): string {
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return fallback;
  return candidate;
}
