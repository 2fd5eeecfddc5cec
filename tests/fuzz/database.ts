/**
 * The fuzz test's view of the database tests/e2e/server.ts created (its URL is in the file
 * playwright.config.ts names): a fingerprint of every business table, and real ids to put in URLs.
 */
import { readFileSync } from "node:fs";
import pg from "pg";

/**
 * Tables a refused request may legitimately write, or that background work writes at any time:
 * password attempts (the per-address throttle counts failures), sign-in codes (a wrong code is
 * counted: that is the 5-tries rule), the per-IP rate-limit counters (refused requests count too),
 * the email outbox (sign-in codes, delivery attempts), job bookkeeping, and the trigger-written
 * availability change log. Everything else must not change when a request is answered 4xx.
 */
export const EXCLUDED_TABLES = new Set([
  "_prisma_migrations",
  "sign_in_attempts",
  "sign_in_codes",
  "rate_limits",
  "email_messages",
  "job_schedules",
  "job_runs",
  "availability_changes",
]);
/** Audit events that record a refusal on purpose (a signed but unusable Stripe event); every other audit event counts. */
const REFUSAL_AUDIT_ACTIONS = ["stripe.event_rejected"];
/** Written only by the job runner: a change here during a request means a job ran beside it. */
const JOB_TABLES = ["job_runs", "job_schedules"];

export function databaseUrl(): string {
  const file = process.env.E2E_DATABASE_URL_FILE;
  if (!file) throw new Error("E2E_DATABASE_URL_FILE is not set: run the fuzz test through playwright.config.ts");
  return readFileSync(file, "utf8").trim();
}

export type Fingerprint = { tables: Record<string, string>; jobs: string };

export class FuzzDatabase {
  private fingerprintSql = "";
  /** Times the connection dropped and was opened again. */
  reconnects = 0;
  private constructor(private client: pg.Client) {}

  private static async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: databaseUrl() });
    client.on("error", () => {}); // a dropped connection surfaces on the next query, which reconnects
    await client.connect();
    return client;
  }

  static async connect(): Promise<FuzzDatabase> {
    const client = await FuzzDatabase.open();
    const database = new FuzzDatabase(client);
    const { rows } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const refusals = REFUSAL_AUDIT_ACTIONS.map((action) => `'${action}'`).join(", ");
    const digest = (table: string) =>
      `SELECT '${table}' AS name, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS digest FROM "${table}" t` +
      (table === "audit_events" ? ` WHERE t.action NOT IN (${refusals})` : "");
    const tables = rows.map((row) => row.name).filter((name) => !EXCLUDED_TABLES.has(name));
    database.fingerprintSql = [...tables, ...JOB_TABLES].map(digest).join(" UNION ALL ");
    return database;
  }

  async close() {
    await this.client.end();
  }

  /** One query: a digest per business table, plus one for the job tables. */
  async fingerprint(): Promise<Fingerprint> {
    const rows = await this.query<{ name: string; digest: string }>(this.fingerprintSql);
    const tables: Record<string, string> = {};
    let jobs = "";
    for (const row of rows) {
      if (JOB_TABLES.includes(row.name)) jobs += row.digest;
      else tables[row.name] = row.digest;
    }
    return { tables, jobs };
  }

  async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    try {
      return (await this.client.query<T>(sql, values)).rows;
    } catch (error) {
      if (!/Connection terminated|not queryable|ECONNRESET/.test(String((error as Error).message))) throw error;
      // The embedded database's wire server dropped this connection: open another, once per query.
      this.reconnects += 1;
      await this.client.end().catch(() => {});
      this.client = await FuzzDatabase.open();
      return (await this.client.query<T>(sql, values)).rows;
    }
  }

  /** Real ids for each kind of path param, the ones a role can see first. */
  async idPools(userId: string | null): Promise<Record<string, string[]>> {
    const user = userId ?? "";
    const ids = async (sql: string) => (await this.query<{ id: string }>(sql, [user])).map((row) => row.id);
    return {
      tutorId: await ids(`SELECT u.id FROM users u JOIN tutor_profiles p ON p.user_id = u.id ORDER BY (u.id = $1) DESC, u.id LIMIT 6`),
      userId: await ids(`SELECT id FROM users ORDER BY (id = $1) DESC, created_at DESC LIMIT 8`),
      studentId: await ids(
        `SELECT u.id FROM users u LEFT JOIN parent_links l ON l.student_id = u.id AND l.parent_id = $1 WHERE 'STUDENT' = ANY(u.roles) ORDER BY (l.parent_id IS NOT NULL) DESC, u.id LIMIT 6`,
      ),
      sessionId: await ids(
        `SELECT s.id FROM tutoring_sessions s LEFT JOIN participants p ON p.session_id = s.id AND (p.student_id = $1 OR p.booked_by_id = $1)
          GROUP BY s.id, s.tutor_id, s.starts_at ORDER BY (s.tutor_id = $1 OR count(p.id) > 0) DESC, s.starts_at DESC LIMIT 10`,
      ),
      slotId: await ids(`SELECT id FROM slots ORDER BY (tutor_id = $1) DESC, starts_at DESC LIMIT 8`),
      participantId: await ids(`SELECT id FROM participants ORDER BY (student_id = $1 OR booked_by_id = $1) DESC, id DESC LIMIT 8`),
      messageId: await ids(`SELECT id FROM email_messages WHERE $1::text IS NOT NULL ORDER BY created_at DESC LIMIT 3`),
    };
  }
}

/** The names of the tables whose digest differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before.tables, ...after.tables }).filter((name) => before.tables[name] !== after.tables[name]);
}
