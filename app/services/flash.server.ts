import { createCookieSessionStorage } from "@remix-run/node";
import { signedCookieOptions } from "./cookies.server";
import { redirect } from "~/utils/http";

type FlashData = { message: string; tone: "success" | "info" | "error" };

let storage: ReturnType<typeof createCookieSessionStorage<Record<string, never>, { flash: FlashData }>> | undefined;

function flashStorage() {
  storage ??= createCookieSessionStorage<Record<string, never>, { flash: FlashData }>({
    cookie: { name: "td_flash", ...signedCookieOptions({ path: "/" }) },
  });
  return storage;
}

/** Post/redirect/get with a one-time message shown on the next page. */
export async function redirectWithFlash(request: Request, to: string, message: string, options: { tone?: FlashData["tone"]; headers?: HeadersInit } = {}) {
  const session = await flashStorage().getSession(request.headers.get("cookie"));
  session.flash("flash", { message, tone: options.tone ?? "success" });
  const headers = new Headers(options.headers);
  headers.append("Set-Cookie", await flashStorage().commitSession(session));
  return redirect(to, { headers });
}

/** Reads (and clears) the flash message; returns the Set-Cookie header when there was one. */
export async function readFlash(request: Request): Promise<{ flash: FlashData | null; setCookie: string | null }> {
  const cookieHeader = request.headers.get("cookie");
  if (!cookieHeader?.includes("td_flash=")) return { flash: null, setCookie: null };
  const session = await flashStorage().getSession(cookieHeader);
  const flash = session.get("flash") ?? null;
  return { flash, setCookie: flash ? await flashStorage().commitSession(session) : null };
}
