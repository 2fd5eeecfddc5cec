import { createCookie } from "@remix-run/node";
import { isValidTimeZone } from "~/domain/time/zones";
import { getCurrentUser, type RequestArgs } from "./auth.server";

const zoneCookie = createCookie("td_zone", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

/** The most common zones first, for the visitor's zone chooser. */
export const DEFAULT_VISITOR_ZONE = "UTC";

/**
 * The zone to show times in: a zone chosen on the page (?tz=, remembered in a cookie for visitors),
 * else the signed-in person's profile zone, else the visitor's remembered choice, else UTC.
 */
export async function resolveViewerZone(args: RequestArgs): Promise<{ zone: string; chosen: boolean; setCookie: string | null }> {
  const requested = new URL(args.request.url).searchParams.get("tz");
  if (requested && isValidTimeZone(requested)) return { zone: requested, chosen: true, setCookie: await zoneCookie.serialize(requested) };
  const user = await getCurrentUser(args);
  if (user) return { zone: user.timezone, chosen: true, setCookie: null };
  const remembered = await zoneCookie.parse(args.request.headers.get("cookie"));
  if (typeof remembered === "string" && isValidTimeZone(remembered)) return { zone: remembered, chosen: true, setCookie: null };
  return { zone: DEFAULT_VISITOR_ZONE, chosen: false, setCookie: null };
}
