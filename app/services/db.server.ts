import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@prisma/client";
import pg from "pg";
import { env } from "./env.server";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

type Database = { prisma: PrismaClient; pool: pg.Pool };

declare global {
  // Survives Vite's module reloads in development so each edit does not open a new pool.
  var __tutordeskDatabase: Database | undefined;
}

function createPool() {
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection dropped by the server must not crash the process; the pool opens another.
  pool.on("error", (error) => console.error("database pool: idle connection failed", error.message));
  return pool;
}

function createDatabase(): Database {
  // Prisma and the read helper below share one pool; prisma.$disconnect() ends it.
  const pool = createPool();
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) };
}

const database = (globalThis.__tutordeskDatabase ??= createDatabase());

export const prisma: PrismaClient = database.prisma;

/**
 * Rows of a read-only query, straight from the pool. For the hot public pages (search, a tutor's
 * page), whose raw SQL gains nothing from Prisma: its client still compiles every $queryRaw and
 * converts every row, which costs more CPU than the query itself. Services only, like `prisma`, and
 * never inside a transaction callback: that would wait for a second connection (on the embedded
 * database, for the transaction's own, which never comes); use the `tx` there.
 *
 * Statements are unnamed (plain parameterised queries), so nothing stays prepared on the server:
 * the embedded database gives all connections one backend, where two connections preparing the
 * same statement name would collide.
 */
export async function readRows<Row>(query: Prisma.Sql): Promise<Row[]> {
  // prisma.$disconnect() (tests, scripts) ends the shared pool; Prisma then opens its own on reconnect.
  if (database.pool.ended || database.pool.ending) database.pool = createPool();
  // Instants as ISO strings with their zone, as Prisma sends them in UTC: never the process's local time.
  const values = query.values.map((value) => (value instanceof Date ? value.toISOString() : value));
  const result = await database.pool.query(query.text, values);
  return result.rows as Row[];
}

/** True when `error` is a unique-constraint violation (optionally on the given column). */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!column) return true;
  const target = JSON.stringify(error.meta ?? {});
  return target.includes(column);
}
