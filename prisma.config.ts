import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./db/migration-adapter";

// Prisma 6.19 with the JavaScript schema engine: migrations run through @prisma/adapter-pg, so no
// native engine binary is ever downloaded (see docs/decisions/001-database.md).
export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (run through scripts/db.ts)");
    return migrationAdapter(connectionString);
  },
});
