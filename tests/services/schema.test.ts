import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { startEmbeddedDatabase } from "../../db/embedded";
import { prisma } from "../../app/services/db.server";
import { createServerDatabase } from "../setup/global-db";

const run = promisify(execFile);

/**
 * What Prisma's schema language can express, read from PostgreSQL's catalogue: columns, enums,
 * indexes, primary/unique/foreign keys. Checks, triggers, exclusion constraints and partial indexes are
 * raw SQL the schema cannot state, so they are left out on purpose.
 */
async function catalogue(connectionString: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const columns = await client.query(`
      SELECT table_name, column_name, udt_name, is_nullable, column_default
        FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
       ORDER BY 1, 2`);
    const enums = await client.query(`
      SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1`);
    const indexes = await client.query(`
      SELECT indexname, indexdef FROM pg_indexes
       WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
         AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'x')
         AND indexdef NOT LIKE '% WHERE %'
       ORDER BY 1`);
    const keys = await client.query(`
      SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u', 'f')
         AND conrelid::regclass::text <> '_prisma_migrations'
       ORDER BY 1`);
    return { columns: columns.rows, enums: enums.rows, indexes: indexes.rows, keys: keys.rows };
  } finally {
    await client.end();
  }
}

describe("the migrated database", () => {
  it("matches prisma/schema.prisma (no drift between the migrations and the schema)", async () => {
    const { stdout: schemaSql } = await run("node_modules/.bin/prisma", ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    });

    // A second, empty database built straight from the schema, to compare with the migrated one.
    const serverUrl = process.env.TEST_DATABASE_URL;
    const reference = serverUrl
      ? await createServerDatabase(serverUrl, `tutordesk_schema_${process.pid}`).then((db) => ({ url: db.url, stop: db.drop }))
      : await startEmbeddedDatabase({});
    try {
      const client = new pg.Client({ connectionString: reference.url });
      await client.connect();
      await client.query(schemaSql);
      await client.end();
      expect(await catalogue(inject("databaseUrl"))).toEqual(await catalogue(reference.url));
    } finally {
      await reference.stop();
    }
  }, 120_000);

  it("refuses to change or delete audit events", async () => {
    await prisma.auditEvent.create({ data: { action: "test.event", subjectType: "Test", subjectId: "1" } });
    await expect(prisma.$executeRaw`UPDATE audit_events SET action = 'tampered'`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM audit_events`).rejects.toThrow(/append-only/);
    expect(await prisma.auditEvent.count({ where: { action: "test.event" } })).toBe(1);
  });

  it("keeps emails normalised, accounts with a role, and people from being their own parent", async () => {
    await expect(prisma.user.create({ data: { email: "Mixed@Case.test", name: "X", timezone: "UTC", roles: ["STUDENT"] } })).rejects.toThrow();
    await expect(prisma.user.create({ data: { email: "noroles@case.test", name: "X", timezone: "UTC", roles: [] } })).rejects.toThrow();
    const user = await prisma.user.create({ data: { email: "solo@case.test", name: "X", timezone: "UTC", roles: ["PARENT"] } });
    await expect(prisma.parentLink.create({ data: { parentId: user.id, studentId: user.id } })).rejects.toThrow();
  });
});
