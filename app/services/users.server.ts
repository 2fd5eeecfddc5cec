import { signInThrottle } from "~/domain/auth/throttle";
import { DomainError } from "~/domain/shared/errors";
import type { Role } from "~/domain/users/roles";
import { childAccountEmail } from "~/emails/child-account";
import { welcomeEmail } from "~/emails/welcome";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { isUniqueViolation, prisma } from "./db.server";
import { lockSignInAddress } from "./locks.server";
import { env } from "./env.server";
import { enqueueEmail, kickOutbox } from "./outbox.server";
import { hashPassword, verifyPassword } from "./password.server";
import type { RequestMeta } from "./request-meta.server";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type SignUpInput = {
  name: string;
  email: string;
  password: string;
  timezone: string;
  role: "STUDENT" | "PARENT" | "TUTOR";
};

/** Creates the account and its welcome email in one transaction. A taken address is a field error. */
export async function signUp(input: SignUpInput, meta: RequestMeta): Promise<{ id: string; roles: Role[] }> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { name: input.name.trim(), email, timezone: input.timezone, roles: [input.role], passwordHash },
        select: { id: true, roles: true, name: true },
      });
      await recordAudit(tx, {
        actor: { id: created.id, roles: created.roles },
        action: "user.signed_up",
        subject: { type: "User", id: created.id },
        after: { email, role: input.role, timezone: input.timezone },
        meta,
      });
      await enqueueEmail(tx, {
        template: "welcome",
        to: { address: email, name: created.name },
        ...welcomeEmail({ name: created.name, appUrl: env.appUrl, zone: input.timezone }),
      });
      return created;
    });
    kickOutbox();
    return user;
  } catch (error) {
    if (isUniqueViolation(error, "email")) {
      throw new DomainError("EMAIL_TAKEN", "An account with this email already exists. Sign in instead, or use another address.", "email");
    }
    throw error;
  }
}

const GENERIC_SIGN_IN_FAILURE = "That email and password do not match an account.";

/**
 * Checks a password. Every failure gives the same message whether or not the address exists, and
 * counts toward the per-address throttle, which lives in the database so it holds across app
 * instances. Deciding and counting are one step per address: under a transaction-scoped advisory
 * lock on the address, the attempt is recorded as a failure before the (slow) password check and
 * turned into a success after it, so 25 simultaneous tries still get exactly `maxFailures` checks.
 */
export async function verifyPasswordSignIn(input: { email: string; password: string }, meta: RequestMeta): Promise<{ id: string; roles: Role[] }> {
  const email = normaliseEmail(input.email);
  const { throttle, attemptId } = await prisma.$transaction(async (tx) => {
    await lockSignInAddress(tx, email);
    const now = clock.nowDate();
    const lastSuccess = await tx.signInAttempt.findFirst({
      where: { email, succeeded: true },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const failures = await tx.signInAttempt.findMany({
      where: { email, succeeded: false, createdAt: { gt: lastSuccess?.createdAt ?? new Date(0) } },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { createdAt: true },
    });
    const decision = signInThrottle({ failuresSinceLastSuccess: failures.map((row) => row.createdAt), now });
    const attempt = await tx.signInAttempt.create({ data: { email, ip: meta.ip, succeeded: false, createdAt: now }, select: { id: true } });
    return { throttle: decision, attemptId: attempt.id };
  });
  if (!throttle.allowed) {
    throw new DomainError(
      "SIGN_IN_THROTTLED",
      `Too many failed attempts for this address. Try again in ${throttle.retryAfterMinutes} minute${throttle.retryAfterMinutes === 1 ? "" : "s"}, or sign in with an emailed code.`,
    );
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, roles: true, passwordHash: true } });
  const valid = await verifyPassword(input.password, user?.passwordHash);
  if (!valid || !user) throw new DomainError("SIGN_IN_FAILED", GENERIC_SIGN_IN_FAILURE);
  await prisma.signInAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
  return { id: user.id, roles: user.roles };
}

export async function findUserIdByEmail(email: string): Promise<string | null> {
  const user = await prisma.user.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true } });
  return user?.id ?? null;
}

export type ChildRow = { id: string; name: string; email: string; timezone: string };

export async function listChildren(parentId: string): Promise<ChildRow[]> {
  const links = await prisma.parentLink.findMany({
    where: { parentId },
    orderBy: { student: { name: "asc" } },
    select: { student: { select: { id: true, name: true, email: true, timezone: true } } },
  });
  return links.map((link) => link.student);
}

/** The child, if this parent is linked to them; null otherwise (the caller answers 404). */
export async function findChildOfParent(parentId: string, studentId: string): Promise<ChildRow | null> {
  const link = await prisma.parentLink.findUnique({
    where: { parentId_studentId: { parentId, studentId } },
    select: { student: { select: { id: true, name: true, email: true, timezone: true } } },
  });
  return link?.student ?? null;
}

/** Throws unless `parentId` is linked to `studentId`. Every action a parent takes for a child calls it. */
export async function assertParentOf(parentId: string, studentId: string): Promise<ChildRow> {
  const child = await findChildOfParent(parentId, studentId);
  if (!child) throw new DomainError("NOT_YOUR_CHILD", "That student is not linked to your account.");
  return child;
}

/**
 * A parent creates a student account for a child and is linked to it. The child signs in with an
 * emailed code; the parent books for them.
 */
export async function addChild(
  parent: { id: string; name: string; roles: readonly Role[] },
  input: { name: string; email: string; timezone: string },
  meta: RequestMeta,
): Promise<{ id: string }> {
  const email = normaliseEmail(input.email);
  try {
    const child = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          name: input.name.trim(),
          email,
          timezone: input.timezone,
          roles: ["STUDENT"],
          parents: { create: { parentId: parent.id } },
        },
        select: { id: true, name: true },
      });
      await recordAudit(tx, {
        actor: parent,
        action: "parent.child_added",
        subject: { type: "User", id: created.id },
        after: { email, parentId: parent.id },
        meta,
      });
      await enqueueEmail(tx, {
        template: "child-account",
        to: { address: email, name: created.name },
        ...childAccountEmail({ studentName: created.name, parentName: parent.name, appUrl: env.appUrl }),
      });
      return created;
    });
    kickOutbox();
    return child;
  } catch (error) {
    if (isUniqueViolation(error, "email")) {
      throw new DomainError("EMAIL_TAKEN", "This email already has a Tutordesk account. Ask a coordinator to link it to yours.", "email");
    }
    throw error;
  }
}

export async function updateProfile(user: { id: string; roles: readonly Role[] }, input: { name: string; timezone: string }, meta: RequestMeta): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true, timezone: true } });
    const after = await tx.user.update({
      where: { id: user.id },
      data: { name: input.name.trim(), timezone: input.timezone },
      select: { name: true, timezone: true },
    });
    await recordAudit(tx, { actor: user, action: "user.profile_updated", subject: { type: "User", id: user.id }, before, after, meta });
  });
}

export type UserRow = { id: string; name: string; email: string; roles: Role[]; timezone: string; createdAt: string };

export async function listUsers(filter: { query?: string; role?: Role; take?: number }): Promise<UserRow[]> {
  const query = filter.query?.trim();
  const rows = await prisma.user.findMany({
    where: {
      roles: filter.role ? { has: filter.role } : undefined,
      OR: query ? [{ name: { contains: query, mode: "insensitive" } }, { email: { contains: query.toLowerCase() } }] : undefined,
    },
    orderBy: { name: "asc" },
    take: filter.take ?? 100,
    select: { id: true, name: true, email: true, roles: true, timezone: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export async function listParentsOfStudent(studentId: string): Promise<{ id: string; name: string; email: string }[]> {
  const links = await prisma.parentLink.findMany({
    where: { studentId },
    orderBy: { parent: { name: "asc" } },
    select: { parent: { select: { id: true, name: true, email: true } } },
  });
  return links.map((link) => link.parent);
}

export async function findUserForAdmin(userId: string) {
  return prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      timezone: true,
      roles: true,
      createdAt: true,
      children: { select: { student: { select: { id: true, name: true } } } },
      parents: { select: { parent: { select: { id: true, name: true } } } },
    },
  });
}
