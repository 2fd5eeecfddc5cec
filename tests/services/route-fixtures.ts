/**
 * Calling a route's loader or action as a browser without JavaScript does: a signed-in cookie (or
 * none), a url-encoded form, the clock frozen at `at`; a thrown Response (a redirect, an error page)
 * is returned like any other.
 */
import type { DateTime } from "luxon";
import { startLoginSession } from "../../app/services/auth.server";
import { noMeta, withClockFrozenAt } from "../factories";

type RouteFunction = (args: never) => unknown;

export async function callRoute(
  run: RouteFunction,
  input: { userId: string | null; path: string; params: Record<string, string>; at: DateTime; fields?: Record<string, string> },
): Promise<Response> {
  const cookie = input.userId ? (await startLoginSession(input.userId, "password", noMeta)).split(";")[0] : "";
  const request = new Request(`http://localhost${input.path}`, {
    method: input.fields ? "POST" : "GET",
    headers: { ...(cookie ? { cookie } : {}), ...(input.fields ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: input.fields ? new URLSearchParams(input.fields).toString() : undefined,
  });
  const args = { request, params: input.params, context: { memo: new Map(), nonce: "" } } as never;
  try {
    return (await withClockFrozenAt(input.at, async () => run(args))) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
