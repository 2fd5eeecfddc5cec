import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { TOTPStrategy } from "remix-auth-totp";
import { signInCodeEmail } from "~/emails/sign-in-code";
import { emailLayout, escapeHtml } from "~/emails/layout";
import { DomainError } from "~/domain/shared/errors";
import type { Role } from "~/domain/users/roles";
import { startLoginSession } from "./auth.server";
import { prisma } from "./db.server";
import { env } from "./env.server";
import { enqueueEmail, kickOutbox } from "./outbox.server";
import { requestMeta } from "./request-meta.server";
import { normaliseEmail, verifyPasswordSignIn } from "./users.server";

export const CODE_VALID_MINUTES = 10;
/** A used link, an expired one and one opened in another browser look the same from here. */
const LINK_NO_LONGER_VALID =
  "This sign-in link or code has expired, was already used, or was opened in a different browser from the one that asked for it. Ask for a new code below.";

export const CODE_PATHS = { request: "/login/code", verify: "/login/code/verify", magicLink: "/login/magic" } as const;

/**
 * remix-auth 4 keeps no session of its own: a strategy answers "who is this?" and the app starts its
 * own database-backed login session. The TOTP strategy throws its success redirect after calling
 * `verify`, so `verify` starts the login session and leaves the cookie here for the route to attach.
 */
const verifiedByCode = new WeakMap<Request, string>();

export function loginCookieFromCodeSignIn(request: Request): string | undefined {
  return verifiedByCode.get(request);
}

type SignedIn = { id: string; roles?: Role[] };

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

  authenticator.use(
    new TOTPStrategy<SignedIn>(
      {
        secret: env.totpSecret,
        magicLinkPath: CODE_PATHS.magicLink,
        emailSentRedirect: CODE_PATHS.verify,
        successRedirect: "/",
        failureRedirect: CODE_PATHS.verify,
        totpGeneration: { period: CODE_VALID_MINUTES * 60, maxAttempts: 5, digits: 6, charSet: "0123456789" },
        cookieOptions: { httpOnly: true, sameSite: "Lax", path: "/", ...(env.appUrl.startsWith("https://") ? { secure: true as const } : {}) },
        customErrors: {
          invalidTotp: "That code is not right. Check the latest email and try again.",
          expiredTotp: "That code has expired or was already used. Ask for a new one below.",
          missingSessionTotp: LINK_NO_LONGER_VALID,
          missingSessionEmail: LINK_NO_LONGER_VALID,
          rateLimitExceeded: "Too many wrong codes. Ask for a new one below.",
        },
        async sendTOTP({ email, code, magicLink }) {
          await sendSignInCode(normaliseEmail(email), code, magicLink);
        },
      },
      async ({ email, request }) => {
        const user = await prisma.user.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true } });
        if (!user) throw new DomainError("NO_ACCOUNT", "There is no account for that address. Sign up first.");
        verifiedByCode.set(request, await startLoginSession(user.id, "email-code", requestMeta(request)));
        return user;
      },
    ),
    "email-code",
  );
  return authenticator;
}

/**
 * Someone asking for a code for an address with no account gets an email saying so instead of a
 * code: the page looks the same either way, so it does not reveal which addresses have accounts.
 */
async function sendSignInCode(email: string, code: string, magicLink: string) {
  const user = await prisma.user.findUnique({ where: { email }, select: { name: true } });
  const message = user
    ? { template: "sign-in-code", ...signInCodeEmail({ code, magicLink, validMinutes: CODE_VALID_MINUTES }) }
    : {
        template: "sign-in-no-account",
        subject: "Signing in to Tutordesk",
        text: `Someone asked to sign in to Tutordesk with this address, but it has no account. Create one at ${env.appUrl}/signup. If it was not you, ignore this email.`,
        html: emailLayout(
          "No account for this address",
          `<p>Someone asked to sign in to Tutordesk with this address, but it has no account.</p><p><a href="${escapeHtml(env.appUrl)}/signup">Create an account</a>. If it was not you, ignore this email.</p>`,
        ),
      };
  await enqueueEmail(prisma, { ...message, to: { address: email, name: user?.name } });
  kickOutbox();
}

/** What the emailed-code flow remembers in its own cookie: the address and the last error, if any. */
export function readCodeSignInState(request: Request): { email: string | null; error: string | null; pending: boolean } {
  const raw = request.headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("_totp="));
  if (!raw) return { email: null, error: null, pending: false };
  const params = new URLSearchParams(decodeURIComponent(raw.slice("_totp=".length)));
  return { email: params.get("email"), error: params.get("error"), pending: params.has("totp") };
}

/**
 * Runs the emailed-code strategy. Its answer is always a redirect: on success, this adds the new
 * login session's cookie to it.
 */
export async function authenticateWithCode(request: Request): Promise<Response> {
  // Called on the strategy itself: Authenticator#authenticate copies the request, and `verify`
  // must see this very object to hand back the login cookie.
  const strategy = getAuthenticator().get<TOTPStrategy<SignedIn>>("email-code");
  if (!strategy) throw new Error("the email-code strategy is not registered");
  try {
    await strategy.authenticate(request);
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    const loginCookie = loginCookieFromCodeSignIn(request);
    if (!loginCookie) return thrown;
    const headers = new Headers(thrown.headers);
    headers.append("Set-Cookie", loginCookie);
    return new Response(null, { status: thrown.status, headers });
  }
  throw new Error("the emailed-code strategy always answers with a redirect");
}
