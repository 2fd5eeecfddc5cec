import { createHash, randomBytes } from "node:crypto";
import { createCookie, type AppLoadContext } from "@remix-run/node";
import { Prisma } from "@prisma/client";
import { hasRole, MAX_REDIRECT_PATH, type Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { signedCookieOptions } from "./cookies.server";
import { prisma, readRows, type Tx } from "./db.server";
import type { RequestMeta } from "./request-meta.server";
import { redirect } from "~/utils/http";

const LOGIN_SESSION_DAYS = 30;

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  timezone: string;
  roles: Role[];
  loginSessionId: string;
};

/** What loaders and actions receive: Remix's args. `context.memo` caches work within one request. */
export type RequestArgs = { request: Request; context: AppLoadContext };

let cookie: ReturnType<typeof createCookie> | undefined;

function loginCookie() {
  cookie ??= createCookie("td_session", signedCookieOptions({ path: "/", maxAge: LOGIN_SESSION_DAYS * 24 * 3600 }));
  return cookie;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a login session and returns the Set-Cookie header value for it. */
export async function startLoginSession(userId: string, method: LoginMethod, meta: RequestMeta): Promise<string> {
  return prisma.$transaction((tx) => startLoginSessionInTx(tx, userId, method, meta));
}

export type LoginMethod = "password" | "email-code" | "magic-link" | "sign-up";

/** The same, inside a caller's transaction (a sign-in code is used up in the one that signs in). */
export async function startLoginSessionInTx(tx: Tx, userId: string, method: LoginMethod, meta: RequestMeta): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const session = await tx.loginSession.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      method,
      expiresAt: clock.now().plus({ days: LOGIN_SESSION_DAYS }).toJSDate(),
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
    select: { id: true, user: { select: { roles: true } } },
  });
  await recordAudit(tx, {
    actor: { id: userId, roles: session.user.roles },
    action: "auth.signed_in",
    subject: { type: "LoginSession", id: session.id },
    after: { method },
    meta,
  });
  return loginCookie().serialize(token);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await loginCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

async function loadCurrentUser(request: Request): Promise<CurrentUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  // Every signed-in page asks this, so it is one indexed query, prepared once, without Prisma's compiler.
  const [row] = await readRows<Omit<CurrentUser, "loginSessionId"> & { login_session_id: string }>(Prisma.sql`
    SELECT u.id, u.name, u.email, u.timezone, u.roles::text[] AS roles, s.id AS login_session_id
      FROM login_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = ${hashToken(token)} AND s.revoked_at IS NULL AND s.expires_at > ${clock.nowDate()}`);
  if (!row) return null;
  const { login_session_id, ...user } = row;
  return { ...user, loginSessionId: login_session_id };
}

/** The signed-in person, or null. Looked up once per request however many loaders ask. */
export function getCurrentUser({ request, context }: RequestArgs): Promise<CurrentUser | null> {
  const memo = context.memo;
  const cached = memo.get("currentUser") as Promise<CurrentUser | null> | undefined;
  if (cached) return cached;
  const pending = loadCurrentUser(request);
  memo.set("currentUser", pending);
  return pending;
}

/**
 * The signed-in person, or a redirect to sign in (then back here). With `role`, someone without it
 * gets a 403 page, not a redirect: they are signed in, just not allowed.
 */
export async function requireUser(args: RequestArgs, options: { role?: Role } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    const back = args.request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
    // A destination sign-in would refuse anyway is not carried: encoded again, it could outgrow a header.
    throw redirect(back.length <= MAX_REDIRECT_PATH ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
  }
  if (options.role && !hasRole(user.roles, options.role)) {
    throw new Response("You do not have access to this page.", { status: 403 });
  }
  return user;
}

/** Ends this browser's login session on the server and returns the header that clears the cookie. */
export async function signOut(args: RequestArgs, meta: RequestMeta): Promise<string> {
  const user = await getCurrentUser(args);
  if (user) await revokeLoginSession(user, user.loginSessionId, meta);
  return loginCookie().serialize("", { maxAge: 0 });
}

/** Revokes one of the user's own login sessions (this browser or another). */
export async function revokeLoginSession(actor: { id: string; roles: readonly Role[] }, loginSessionId: string, meta: RequestMeta, ownerId: string = actor.id): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.loginSession.updateMany({
      where: { id: loginSessionId, userId: ownerId, revokedAt: null },
      data: { revokedAt: clock.nowDate() },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "auth.session_revoked",
      subject: { type: "LoginSession", id: loginSessionId },
      after: { ownerId },
      meta,
    });
    return true;
  });
}

/** Revokes every active login session of a user (an admin locking an account out, or "sign out everywhere"). */
export async function revokeAllLoginSessions(actor: { id: string; roles: readonly Role[] }, ownerId: string, meta: RequestMeta, reason?: string): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.loginSession.updateMany({
      where: { userId: ownerId, revokedAt: null, expiresAt: { gt: clock.nowDate() } },
      data: { revokedAt: clock.nowDate() },
    });
    await recordAudit(tx, {
      actor,
      action: "auth.all_sessions_revoked",
      subject: { type: "User", id: ownerId },
      after: { revoked: count },
      reason,
      meta,
    });
    return count;
  });
}

export type LoginSessionRow = {
  id: string;
  createdAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  method: string;
  current: boolean;
};

export async function listActiveLoginSessions(userId: string, currentId?: string): Promise<LoginSessionRow[]> {
  const rows = await prisma.loginSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: clock.nowDate() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, expiresAt: true, ip: true, userAgent: true, method: true },
  });
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === currentId,
  }));
}

/** Daily cleanup: drops sessions that ended more than a week ago (the audit trail keeps their history). */
export async function deleteStaleLoginSessions(now: Date): Promise<number> {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const { count } = await prisma.loginSession.deleteMany({
    where: { OR: [{ expiresAt: { lt: weekAgo } }, { revokedAt: { lt: weekAgo } }] },
  });
  await prisma.signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 24 * 3600 * 1000) } } });
  return count;
}
