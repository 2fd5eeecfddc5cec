import { afterAll, beforeEach, inject } from "vitest";

// Services read DATABASE_URL when first imported, so set it before any test file imports them.
process.env.DATABASE_URL = inject("databaseUrl");

const { prisma } = await import("../../app/services/db.server");
// Each commit kicks the outbox, which delivers in the background; emptying or closing the database
// under it would leave a connection inside a transaction, so tests wait for it first.
const { outboxSettled } = await import("../../app/services/outbox.server");

/** Every table the migrations made, emptied before each test so tests never see each other's rows. */
const tables = await prisma.$queryRaw<{ tablename: string }[]>`
  SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;

beforeEach(async () => {
  await outboxSettled();
  if (tables.length === 0) return;
  await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((table) => `"${table.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
});

afterAll(async () => {
  await outboxSettled();
  await prisma.$disconnect();
});
