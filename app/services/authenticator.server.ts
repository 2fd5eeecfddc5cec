import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import type { Role } from "~/domain/users/roles";
import { requestMeta } from "./request-meta.server";
import { verifyPasswordSignIn } from "./users.server";

/**
 * remix-auth 4 keeps no session of its own: the password strategy answers "who is this?" and the app
 * starts its own database-backed login session. Emailed codes are the app's own
 * (sign-in-codes.server.ts, decision 014): they need counters a stateless strategy cannot keep.
 */
type SignedIn = { id: string; roles: Role[] };

let authenticator: Authenticator<SignedIn> | undefined;

export function getAuthenticator(): Authenticator<SignedIn> {
  if (authenticator) return authenticator;
  authenticator = new Authenticator<SignedIn>();
  authenticator.use(
    new FormStrategy<SignedIn>(async ({ form, request }) => {
      return verifyPasswordSignIn({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") }, requestMeta(request));
    }),
    "password",
  );
  return authenticator;
}
