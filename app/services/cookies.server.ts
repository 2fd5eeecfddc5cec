import type { CookieOptions } from "@remix-run/node";
import { env } from "./env.server";

/**
 * The flags every signed cookie of the app carries: HttpOnly, SameSite=Lax, Secure whenever the app
 * is served over https, signed with the session secret. Each cookie adds its own path and lifetime.
 */
export function signedCookieOptions(own: { path: string; maxAge?: number }): CookieOptions {
  return { httpOnly: true, sameSite: "lax", secure: env.appUrl.startsWith("https://"), secrets: [env.sessionSecret], ...own };
}
