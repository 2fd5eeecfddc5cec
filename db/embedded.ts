import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PGliteWireServer } from "./pglite-wire";

/**
 * Named in the embedded database's URL, so any process given that URL (a second app instance, the
 * tests) knows it talks to PGlite: one backend behind every connection (app/services/db.server.ts).
 */
export const EMBEDDED_APPLICATION_NAME = "tutordesk-embedded";

/** The URL of the embedded database served on `port` of loopback, for this process and any other. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable&application_name=${EMBEDDED_APPLICATION_NAME}`;
}

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/**
 * Opens the embedded PostgreSQL (PGlite) and serves it on loopback so the app, the Prisma CLI and
 * the tests all talk to it through the ordinary PostgreSQL wire protocol and @prisma/adapter-pg.
 * `dataDir` undefined keeps everything in memory (tests).
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port?: number }): Promise<EmbeddedDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { btree_gist } });
  const server = new PGliteWireServer(db);
  const port = await server.listen(options.port ?? 0, "127.0.0.1");
  return {
    url: embeddedDatabaseUrl(port),
    async stop() {
      await server.close();
      await db.close();
    },
  };
}
