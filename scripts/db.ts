/**
 * Database chores for a fresh machine or a deploy:
 *   tsx scripts/db.ts setup    migrate, then seed demo data if there are no users yet
 *   tsx scripts/db.ts migrate  prisma migrate deploy
 *   tsx scripts/db.ts seed     add the demo accounts (idempotent)
 *   tsx scripts/db.ts reset    embedded only: delete ./data and set up again
 * With DATABASE_URL set they act on that server; otherwise on the embedded database in ./data.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { migrate, openDatabase } from "../db/launch";
import { DEMO_PASSWORD, seedDemoData } from "../prisma/seed";

const command = process.argv[2] ?? "setup";
const dataDir = process.env.EMBEDDED_DATA_DIR ?? path.resolve("data/pglite");

if (command === "reset") {
  if (process.env.DATABASE_URL) throw new Error("reset only deletes the embedded database; drop a server database yourself");
  rmSync(dataDir, { recursive: true, force: true });
}

const database = await openDatabase({ dataDir });
try {
  if (["setup", "migrate", "reset"].includes(command)) {
    await migrate(database.url);
    console.log("Migrations applied.");
  }
  if (["setup", "seed", "reset"].includes(command)) {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    try {
      const users = await prisma.user.count();
      if (command === "seed" || users === 0) {
        await seedDemoData(prisma);
        console.log(`Demo accounts ready (password "${DEMO_PASSWORD}").`);
      } else {
        console.log(`The database already has ${users} users; demo data left as it is.`);
      }
    } finally {
      await prisma.$disconnect();
    }
  }
} finally {
  await database.stop();
}
