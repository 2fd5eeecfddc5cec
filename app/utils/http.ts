import { redirect as remixRedirect } from "@remix-run/node";
import { httpStatusFor, isDomainError } from "~/domain/shared/errors";

/**
 * The HTTP edge every action shares: reading a posted form and answering with a redirect. Bad input
 * (a body that is not a form, control characters, a target a header cannot carry) ends here as a
 * 4xx, never as a 500 from deeper down.
 */

/** C0 controls and DEL, except tab, line feed and carriage return, which text areas legitimately send. */
const UNWANTED_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function stripControlCharacters(value: string): string {
  return value.replace(UNWANTED_CONTROLS, "");
}

export function badRequest(message: string): Response {
  return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * The posted form, with control characters removed from every text value (PostgreSQL refuses NUL,
 * and nobody types the others). A body that is not a readable form (JSON, text/plain, a broken
 * multipart body, no Content-Type) is answered 400 here, once for every action.
 */
export async function readFormData(request: Request): Promise<FormData> {
  let raw: FormData;
  try {
    raw = await request.formData();
  } catch {
    throw badRequest("This page expects a form submission. Go back, reload the page and submit the form again.");
  }
  const clean = new FormData();
  for (const [name, value] of raw.entries()) {
    clean.append(stripControlCharacters(name), typeof value === "string" ? stripControlCharacters(value) : value);
  }
  return clean;
}

/**
 * Makes a redirect target safe for the Location header: characters outside printable ASCII (an emoji
 * from a path, a full-width space from a query) are percent-encoded as UTF-8; existing escapes stay.
 */
export function encodeLocation(target: string): string {
  return target.replace(/%(?![0-9A-Fa-f]{2})|[^\x21-\x7e]/gu, (character) => {
    try {
      return encodeURIComponent(character);
    } catch {
      return "%EF%BF%BD"; // a lone surrogate has no UTF-8 form: send the replacement character
    }
  });
}

/** Remix's redirect, with the target encoded so any path or query can be sent back. */
export function redirect(target: string, init?: number | ResponseInit): Response {
  return remixRedirect(encodeLocation(target), init);
}

/**
 * The same request with `form` as its body: for code that reads the form again itself (remix-auth's
 * form strategy), so it sees the cleaned fields readFormData returned, not the raw ones.
 */
export function withForm(request: Request, form: FormData): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-type");
  headers.delete("content-length");
  return new Request(request.url, { method: request.method, headers, body: form });
}

/**
 * For a loader or action: a DomainError becomes the HTTP answer its code maps to (httpStatusFor:
 * 404, 403, 400 or 409), rendered by the route's error boundary; anything else is rethrown unchanged.
 */
export function throwAsResponse(error: unknown): never {
  if (isDomainError(error)) throw new Response(error.message, { status: httpStatusFor(error) });
  throw error;
}
