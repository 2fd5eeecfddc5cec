import { randomBytes } from "node:crypto";
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
  const pool = new pg.Pool({
    connectionString: env.databaseUrl,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // The embedded database keeps prepared statements after their connection closes (see readRows),
    // so its connections stay open; a server frees them with the connection, so idle ones may close.
    idleTimeoutMillis: env.embeddedDatabase ? 0 : 10_000,
  });
  // An idle connection dropped by the server (a restart, or the embedded database stopping first on
  // shutdown) must not crash the process; the pool opens another when one is next needed.
  pool.on("error", () => {});
  return pool;
}

function createDatabase(): Database {
  // Prisma and the read helper below share one pool; prisma.$disconnect() ends it.
  const pool = createPool();
  const statementNameGenerator = servesOneBackend(env.databaseUrl) ? undefined : preparedStatementName;
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator }) }) };
}

/**
 * True for the embedded database (its URL says so: db/embedded.ts), where every connection shares ONE
 * backend: a statement prepared under a name by one connection collides with the next connection
 * preparing the same name, so Prisma's queries stay unnamed there.
 */
function servesOneBackend(url: string): boolean {
  if (env.embeddedDatabase) return true;
  try {
    return new URL(url).searchParams.get("application_name") === "tutordesk-embedded"; // EMBEDDED_APPLICATION_NAME in db/embedded.ts
  } catch {
    return false;
  }
}

/** Statement names: this process's own prefix, so two processes on one database never share one. */
const processTag = randomBytes(4).toString("hex");
const prismaStatementNames = new Map<string, string>();
/** The distinct texts Prisma sends number a few hundred; past this bound a text goes unnamed rather than kept. */
const MAX_PRISMA_STATEMENTS = 2000;

/**
 * On a PostgreSQL server, each SQL text Prisma sends is prepared once per connection under a name of
 * its own, so the server stops parsing and planning it on every call (a booking's transaction spent
 * more time in planning than in executing). One text, one name, for the life of the process.
 */
function preparedStatementName(query: { sql: string }): string {
  let name = prismaStatementNames.get(query.sql);
  if (name === undefined && prismaStatementNames.size < MAX_PRISMA_STATEMENTS) prismaStatementNames.set(query.sql, (name = `tdp_${processTag}_${prismaStatementNames.size + 1}`));
  // pg sends an unnamed statement for an empty name: planned each time, kept nowhere.
  return name ?? "";
}

const database = (globalThis.__tutordeskDatabase ??= createDatabase());

export const prisma: PrismaClient = database.prisma;

const clientTags = new WeakMap<pg.PoolClient, string>();
let clientCount = 0;
const statementIds = new Map<string, number>();
/** The read queries are a handful of texts; beyond this, a text is sent unprepared rather than kept. */
const MAX_STATEMENTS = 64;

/**
 * Rows of a read-only query, straight from the pool. For the hot public pages (search, a tutor's
 * page), whose raw SQL gains nothing from Prisma: its client still compiles every $queryRaw and
 * converts every row, which costs more CPU than the query itself. Services only, like `prisma`, and
 * never inside a transaction callback: that would wait for a second connection (on the embedded
 * database, for the transaction's own, which never comes); use the `tx` there.
 *
 * Each text is prepared once per connection, so the database stops planning it every time (the
 * availability query took as long to plan as to run). The names are unique per connection, not just
 * per text: the embedded database serves every connection from ONE backend, where two connections
 * preparing the same name would collide ("prepared statement already exists"). A server frees a
 * connection's statements when it closes; the embedded database keeps its connections open.
 */
export async function readRows<Row>(query: Prisma.Sql): Promise<Row[]> {
  // prisma.$disconnect() (tests, scripts) ends the shared pool; Prisma then opens its own on reconnect.
  if (database.pool.ended || database.pool.ending) database.pool = createPool();
  // Instants as ISO strings with their zone, as Prisma sends them in UTC: never the process's local time.
  const values = query.values.map((value) => (value instanceof Date ? value.toISOString() : value));
  let statementId = statementIds.get(query.text);
  if (statementId === undefined && statementIds.size < MAX_STATEMENTS) statementIds.set(query.text, (statementId = statementIds.size + 1));
  const client = await database.pool.connect();
  try {
    let clientTag = clientTags.get(client);
    if (!clientTag) clientTags.set(client, (clientTag = `${processTag}_${++clientCount}`));
    const name = statementId === undefined ? undefined : `td_${clientTag}_${statementId}`;
    const result = await client.query({ name, text: query.text, values });
    return result.rows as Row[];
  } finally {
    client.release();
  }
}

/** True when `error` is a unique-constraint violation (optionally on the given column). */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!column) return true;
  const target = JSON.stringify(error.meta ?? {});
  return target.includes(column);
}
