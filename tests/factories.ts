import type { Role } from "@prisma/client";
import { prisma } from "../app/services/db.server";
import { hashPassword } from "../app/services/password.server";

let counter = 0;
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "a long test password";

/** A user with a unique email and the test password (hashed once per file: scrypt is slow on purpose). */
export async function createUser(overrides: { roles?: Role[]; email?: string; name?: string; timezone?: string } = {}) {
  counter += 1;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return prisma.user.create({
    data: {
      email: overrides.email ?? `user${counter}-${Date.now()}@example.test`,
      name: overrides.name ?? `Test User ${counter}`,
      timezone: overrides.timezone ?? "Europe/London",
      roles: overrides.roles ?? ["STUDENT"],
      passwordHash: await cachedHash,
    },
    select: { id: true, email: true, name: true, roles: true, timezone: true },
  });
}

export const noMeta = { ip: "127.0.0.1", userAgent: "vitest" };
