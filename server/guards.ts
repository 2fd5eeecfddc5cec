/**
 * Request guards that run before Remix: what no route should ever see. A URL with control characters
 * or broken percent-escapes, and bodies too large for a form, are answered here; a body that an
 * early answer left unread is drained so the keep-alive connection stays usable.
 */
import type { NextFunction, Request, Response } from "express";

/** Forms are small; uploads, when they come, get their own route-level limit. */
export const MAX_FORM_BYTES = 1024 * 1024;
function page(title: string, message: string): string {
  return `<!doctype html><meta name="viewport" content="width=device-width"><title>${title}</title><h1>${title}</h1><p>${message}</p><p><a href="/">Back to Tutordesk</a></p>`;
}

/** C0 controls (NUL included) and DEL. PostgreSQL refuses NUL in text, and no real link carries the others. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** True when the path or query has a broken escape or decodes to a control character. */
export function unreadableUrl(url: string): boolean {
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  try {
    if (CONTROL_CHARACTERS.test(decodeURIComponent(path))) return true;
    if (queryStart === -1) return false;
    // Query values decode with "+" as a space, as URLSearchParams and the routes read them.
    const query = url.slice(queryStart + 1).replace(/\+/g, " ");
    return query.split("&").some((pair) => CONTROL_CHARACTERS.test(decodeURIComponent(pair)));
  } catch {
    return true;
  }
}

export function refuseUnreadableUrls(req: Request, res: Response, next: NextFunction) {
  if (!unreadableUrl(req.originalUrl)) return next();
  res.status(400).type("html").send(page("That address does not work", "It contains characters a link never has. Check the address, or start again from the home page."));
}

export function refuseOversizedBodies(req: Request, res: Response, next: NextFunction) {
  const length = Number(req.get("content-length") ?? 0);
  if (!(length > MAX_FORM_BYTES)) return next();
  res.set("Connection", "close");
  res.status(413).type("html").send(page("That was too much to send", "A form on this site never sends that much. Go back and try again."));
}

/**
 * Node leaves a body alone once Remix has started reading it, so an answer given before reading it
 * all (a redirect to sign in, say) left the connection stuck until the client gave up. After the
 * answer, the rest is read and discarded.
 */
export function drainUnreadBodies(req: Request, res: Response, next: NextFunction) {
  res.once("finish", () => {
    if (req.complete || req.destroyed) return;
    // A chunked body has no announced end to wait for: close rather than read without bound.
    if (req.get("content-length") === undefined) {
      req.socket.destroy();
      return;
    }
    // Whoever was reading (Remix's stream pump) is done: drop its listener and let the rest flow away.
    // The length was checked against MAX_FORM_BYTES before anything read it.
    req.removeAllListeners("data");
    req.resume();
  });
  next();
}
