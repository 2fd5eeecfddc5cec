/**
 * One database for the whole vitest run: the embedded PGlite (in memory, served from this process),
 * or, with TEST_DATABASE_URL, a fresh database created on that PostgreSQL server. Migrations are
 * applied with `prisma migrate deploy`, exactly as in production.
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../db/embedded";
import { migrate } from "../../db/launch";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "embedded" | "postgres";
  }
}

export async function createServerDatabase(adminUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let url: string;
  let teardown: () => Promise<void>;
  if (serverUrl) {
    const database = await createServerDatabase(serverUrl, `tutordesk_vitest_${process.pid}`);
    url = database.url;
    teardown = database.drop;
  } else {
    const database = await startEmbeddedDatabase({});
    url = database.url;
    teardown = database.stop;
  }
  await migrate(url);
  project.provide("databaseUrl", url);
  project.provide("databaseKind", serverUrl ? "postgres" : "embedded");
  return teardown;
}
