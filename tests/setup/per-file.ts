import { afterAll, beforeEach, inject } from "vitest";

// Services read DATABASE_URL when first imported, so set it before any test file imports them.
process.env.DATABASE_URL = inject("databaseUrl");

const { prisma } = await import("../../app/services/db.server");

/** Every table the migrations made, emptied before each test so tests never see each other's rows. */
const tables = await prisma.$queryRaw<{ tablename: string }[]>`
  SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;

beforeEach(async () => {
  if (tables.length === 0) return;
  await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((table) => `"${table.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
});

afterAll(async () => {
  await prisma.$disconnect();
});
