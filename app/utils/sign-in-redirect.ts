import { homePathFor, safeRedirectPath, type Role } from "~/domain/users/roles";
import { redirect } from "~/utils/http";

/** After any sign-in: to the page the person was heading for (same-site only), else their home. */
export function signedInRedirect(signedIn: { roles: Role[]; redirectTo: string | null | undefined; setCookies: string[] }): Response {
  const headers = new Headers();
  for (const value of signedIn.setCookies) headers.append("Set-Cookie", value);
  return redirect(safeRedirectPath(signedIn.redirectTo, homePathFor(signedIn.roles)), { headers });
}
