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
  // Staff see every session there (until the operations console exists).
  const hasSessions = books || roles.includes("TUTOR") || hasRole(roles, "COORDINATOR");
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

/** The longest destination kept through sign-in; a longer one is not a page anyone links to. */
export const MAX_REDIRECT_PATH = 2000;

/** A host no request ever has: what a candidate resolves against to see whether it stays on this site. */
const PROBE_ORIGIN = "https://same-site.tutordesk.invalid";

/**
 * Where a redirect may go after sign-in: a path on this site, or `fallback`. The candidate is read
 * the way a browser reads a Location header (the WHATWG URL parser drops tabs and newlines, turns
 * "\" into "/", resolves "." and ".." segments and decodes nothing else), and the answer is that
 * normalised path, so what was checked is exactly what is sent. "//evil.example", "/\evil.example",
 * "/\t/evil.example", "https://evil.example" and the like all fall back.
 */
export function safeRedirectPath(candidate: string | null | undefined, fallback: string): string {
  if (!candidate || candidate.length > MAX_REDIRECT_PATH || !candidate.startsWith("/")) return fallback;
  // Control characters and backslashes never belong in a path we hand out; browsers treat some as separators.
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  let url: URL;
  try {
    url = new URL(candidate, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser would read as a host.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
