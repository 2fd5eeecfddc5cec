import { createHmac, randomBytes, randomInt } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { Prisma } from "@prisma/client";
import {
  CODE_VALID_MINUTES,
  codeState,
  LINK_FROM_ANOTHER_BROWSER,
  MAX_WRONG_CODES,
  NO_CODE_IN_THIS_BROWSER,
  normaliseCodeInput,
  unusableMessage,
  wrongCodeMessage,
} from "~/domain/auth/sign-in-code";
import type { Role } from "~/domain/users/roles";
import { noAccountEmail, signInCodeEmail } from "~/emails/sign-in-code";
import { hashToken, startLoginSessionInTx, type LoginMethod } from "./auth.server";
import { clock } from "./clock.server";
import { signedCookieOptions } from "./cookies.server";
import { prisma, type Tx } from "./db.server";
import { env } from "./env.server";
import { enqueueEmail, kickOutbox } from "./outbox.server";
import type { RequestMeta } from "./request-meta.server";
import { normaliseEmail } from "./users.server";

/**
 * Emailed sign-in codes and links, kept in `sign_in_codes` (decision 014). The browser that asks gets
 * a random token in a cookie; the row holds its hash, so the code and the link work only there. Every
 * check-and-count is one UPDATE on the row: wrong tries and single use hold across app instances and
 * concurrent requests.
 */

let cookie: ReturnType<typeof createCookie> | undefined;

/** Lives exactly as long as the code: the email, this cookie and the row's expiry say the same. */
function codeCookie() {
  cookie ??= createCookie("td_code", signedCookieOptions({ path: "/login", maxAge: CODE_VALID_MINUTES * 60 }));
  return cookie;
}

async function browserTokenOf(request: Request): Promise<string | null> {
  try {
    const value = await codeCookie().parse(request.headers.get("cookie"));
    return typeof value === "string" && value.length > 0 ? value : null;
  } catch {
    return null; // an unreadable cookie is no cookie
  }
}

export function clearCodeCookie(): Promise<string> {
  return codeCookie().serialize("", { maxAge: 0 });
}

/** Keyed with the server's secret, so a copy of the table does not give the codes away by brute force. */
function codeHash(browserTokenHash: string, code: string): string {
  return createHmac("sha256", env.totpSecret).update(`${browserTokenHash}:${code}`).digest("hex");
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * Emails a new code and link for the address (or, for an address without an account, an email saying
 * so: the page looks the same, so it reveals nothing), and returns the cookie that binds them to this
 * browser. Older codes for the address stop working: only the latest email's code does.
 */
export async function requestSignInCode(input: { email: string; redirectTo: string | null }): Promise<{ setCookie: string }> {
  const email = normaliseEmail(input.email);
  const browserToken = randomBytes(32).toString("base64url");
  const linkToken = randomBytes(32).toString("base64url");
  const browserTokenHash = hashToken(browserToken);
  const code = newCode();
  const now = clock.now();
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true } });
    await tx.signInCode.updateMany({ where: { email, usedAt: null, supersededAt: null }, data: { supersededAt: now.toJSDate() } });
    await tx.signInCode.create({
      data: {
        email,
        userId: user?.id ?? null,
        // Without an account no code is sent, so the stored one is a random one nobody knows.
        codeHash: codeHash(browserTokenHash, user ? code : newCode() + randomBytes(8).toString("hex")),
        linkTokenHash: hashToken(linkToken),
        browserTokenHash,
        redirectTo: input.redirectTo,
        expiresAt: now.plus({ minutes: CODE_VALID_MINUTES }).toJSDate(),
      },
    });
    const message = user
      ? { template: "sign-in-code", ...signInCodeEmail({ code, magicLink: `${env.appUrl}/login/magic?t=${linkToken}`, validMinutes: CODE_VALID_MINUTES }) }
      : { template: "sign-in-no-account", ...noAccountEmail({ appUrl: env.appUrl }) };
    await enqueueEmail(tx, { ...message, to: { address: email, name: user?.name } });
  });
  kickOutbox();
  return { setCookie: await codeCookie().serialize(browserToken) };
}

export type PendingCode =
  | { state: "usable"; email: string; triesLeft: number; redirectTo: string | null }
  | { state: "unusable"; email: string | null; message: string; redirectTo: string | null; otherBrowser?: boolean };

const CODE_SELECT = {
  email: true,
  wrongAttempts: true,
  expiresAt: true,
  usedAt: true,
  supersededAt: true,
  redirectTo: true,
  browserTokenHash: true,
} as const;

type CodeRowRead = Prisma.SignInCodeGetPayload<{ select: typeof CODE_SELECT }>;

function describe(row: CodeRowRead | null, now: Date): PendingCode {
  if (!row) return { state: "unusable", email: null, message: NO_CODE_IN_THIS_BROWSER, redirectTo: null };
  const state = codeState(row, now);
  if (state === "usable") return { state, email: row.email, triesLeft: MAX_WRONG_CODES - row.wrongAttempts, redirectTo: row.redirectTo };
  return { state: "unusable", email: row.email, message: unusableMessage(state), redirectTo: row.redirectTo };
}

/** The code this browser is waiting for, if any: the verify page's state. */
export async function describePendingCode(request: Request): Promise<PendingCode> {
  const browserToken = await browserTokenOf(request);
  if (!browserToken) return describe(null, clock.nowDate());
  const row = await prisma.signInCode.findUnique({ where: { browserTokenHash: hashToken(browserToken) }, select: CODE_SELECT });
  return describe(row, clock.nowDate());
}

/** What the emailed link will do in this browser: the GET page shows it and changes nothing. */
export async function describeLink(request: Request, linkToken: string): Promise<PendingCode> {
  const row = await prisma.signInCode.findUnique({ where: { linkTokenHash: hashToken(linkToken) }, select: CODE_SELECT });
  const found = describe(row, clock.nowDate());
  if (found.state !== "usable") return found;
  const browserToken = await browserTokenOf(request);
  if (!browserToken || hashToken(browserToken) !== row?.browserTokenHash) {
    return { state: "unusable", email: found.email, message: LINK_FROM_ANOTHER_BROWSER, redirectTo: found.redirectTo, otherBrowser: true };
  }
  return found;
}

export type CodeOutcome =
  | { kind: "signed-in"; setCookies: string[]; userId: string; roles: Role[]; redirectTo: string | null }
  | { kind: "wrong"; message: string }
  | { kind: "unusable"; message: string };

type Claimed = { user_id: string | null; signed_in: boolean; wrong_attempts: number; redirect_to: string | null };

/**
 * Checks a typed code. One UPDATE claims the try: it counts a wrong code, or marks a right one used,
 * only while the code is unused, current, unexpired and under the try limit, so concurrent tries and
 * replays are counted one by one and at most one of them signs in.
 */
export async function verifySignInCode(request: Request, typedCode: string, meta: RequestMeta): Promise<CodeOutcome> {
  const browserToken = await browserTokenOf(request);
  if (!browserToken) return { kind: "unusable", message: NO_CODE_IN_THIS_BROWSER };
  const browserTokenHash = hashToken(browserToken);
  const hash = codeHash(browserTokenHash, normaliseCodeInput(typedCode));
  const now = clock.nowDate();
  return finish("email-code", meta, async (tx) => {
    const [claimed] = await tx.$queryRaw<Claimed[]>`
      UPDATE sign_in_codes
         SET wrong_attempts = wrong_attempts + CASE WHEN code_hash = ${hash} AND user_id IS NOT NULL THEN 0 ELSE 1 END,
             used_at = CASE WHEN code_hash = ${hash} AND user_id IS NOT NULL THEN ${now}::timestamptz END
       WHERE browser_token_hash = ${browserTokenHash} AND used_at IS NULL AND superseded_at IS NULL
         AND expires_at > ${now} AND wrong_attempts < ${MAX_WRONG_CODES}
      RETURNING user_id, used_at IS NOT NULL AS signed_in, wrong_attempts, redirect_to`;
    if (!claimed) return { unusable: await explain(tx, { browserTokenHash }, now) };
    if (!claimed.signed_in || !claimed.user_id) return { wrong: wrongCodeMessage(claimed.wrong_attempts) };
    return { userId: claimed.user_id, redirectTo: claimed.redirect_to };
  });
}

/** Signs in with the emailed link, once, and only in the browser that asked for it. */
export async function signInWithLink(request: Request, linkToken: string, meta: RequestMeta): Promise<CodeOutcome> {
  const browserToken = await browserTokenOf(request);
  const linkTokenHash = hashToken(linkToken);
  const now = clock.nowDate();
  return finish("magic-link", meta, async (tx) => {
    const [claimed] = browserToken
      ? await tx.$queryRaw<Claimed[]>`
          UPDATE sign_in_codes SET used_at = ${now}::timestamptz
           WHERE link_token_hash = ${linkTokenHash} AND browser_token_hash = ${hashToken(browserToken)}
             AND user_id IS NOT NULL AND used_at IS NULL AND superseded_at IS NULL
             AND expires_at > ${now} AND wrong_attempts < ${MAX_WRONG_CODES}
          RETURNING user_id, true AS signed_in, wrong_attempts, redirect_to`
      : [];
    if (!claimed?.user_id) {
      const message = await explain(tx, { linkTokenHash }, now);
      return { unusable: message === null ? LINK_FROM_ANOTHER_BROWSER : message };
    }
    return { userId: claimed.user_id, redirectTo: claimed.redirect_to };
  });
}

/** Why no code was claimed; null when the code itself is fine (so the link came from another browser). */
async function explain(tx: Tx, where: { browserTokenHash: string } | { linkTokenHash: string }, now: Date): Promise<string | null> {
  const row = await tx.signInCode.findUnique({ where, select: CODE_SELECT });
  const found = describe(row, now);
  return found.state === "unusable" ? found.message : null;
}

type Claim = { userId: string; redirectTo: string | null } | { wrong: string } | { unusable: string | null };

/** Runs a claim and, when it names a user, starts their login session in the same transaction. */
async function finish(method: LoginMethod, meta: RequestMeta, claim: (tx: Tx) => Promise<Claim>): Promise<CodeOutcome> {
  const outcome = await prisma.$transaction(async (tx): Promise<CodeOutcome> => {
    const claimed = await claim(tx);
    if ("wrong" in claimed) return { kind: "wrong", message: claimed.wrong };
    if ("unusable" in claimed) return { kind: "unusable", message: claimed.unusable ?? NO_CODE_IN_THIS_BROWSER };
    const user = await tx.user.findUniqueOrThrow({ where: { id: claimed.userId }, select: { roles: true } });
    const loginCookie = await startLoginSessionInTx(tx, claimed.userId, method, meta);
    return { kind: "signed-in", setCookies: [loginCookie], userId: claimed.userId, roles: user.roles, redirectTo: claimed.redirectTo };
  });
  if (outcome.kind === "signed-in") outcome.setCookies.push(await clearCodeCookie());
  return outcome;
}

/** Daily cleanup: codes are worthless once expired; a day later they are dropped. */
export async function deleteOldSignInCodes(now: Date): Promise<number> {
  const { count } = await prisma.signInCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600 * 1000) } } });
  return count;
}
