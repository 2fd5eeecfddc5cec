import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@prisma/client";
import { env } from "./env.server";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

declare global {
  // Survives Vite's module reloads in development so each edit does not open a new pool.
  var __tutordeskPrisma: PrismaClient | undefined;
}

function createClient() {
  const adapter = new PrismaPg({
    connectionString: env.databaseUrl,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  return new PrismaClient({ adapter });
}

export const prisma: PrismaClient = (globalThis.__tutordeskPrisma ??= createClient());

/** True when `error` is a unique-constraint violation (optionally on the given column). */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!column) return true;
  const target = JSON.stringify(error.meta ?? {});
  return target.includes(column);
}
