import { describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";

/**
 * The embedded database serves many connections through one PGlite backend; these hold it (and the
 * real server) to PostgreSQL's contract under concurrent load.
 */
describe("concurrent connections", () => {
  it("keep parameterised statements apart", async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        index % 3 === 0
          ? prisma.$queryRaw<{ v: number }[]>`SELECT ${index}::int AS v`
          : index % 3 === 1
            ? prisma.$queryRaw<{ v: number }[]>`SELECT (${index}::int + ${0}::int) AS v`
            : prisma.$queryRaw<{ v: number }[]>`SELECT (${index}::int + ${0}::int + ${0}::int + ${0}::int) AS v`,
      ),
    );
    expect(results.map((rows) => rows[0].v)).toEqual(Array.from({ length: 60 }, (_, index) => index));
  });

  it("keep each transaction's statements inside that transaction", async () => {
    await prisma.jobSchedule.create({ data: { name: "counter", intervalSeconds: 1 } });
    // Twenty read-modify-write transactions at once; each locks the row, so none loses an update.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        prisma.$transaction(async (tx) => {
          const [row] = await tx.$queryRaw<{ interval_seconds: number }[]>`SELECT interval_seconds FROM job_schedules WHERE name = 'counter' FOR UPDATE`;
          await tx.$executeRaw`UPDATE job_schedules SET interval_seconds = ${row.interval_seconds + 1} WHERE name = 'counter'`;
        }),
      ),
    );
    expect((await prisma.jobSchedule.findUniqueOrThrow({ where: { name: "counter" } })).intervalSeconds).toBe(21);
  });

  it("roll back a failed transaction without touching the others", async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        prisma.$transaction(async (tx) => {
          await tx.jobSchedule.create({ data: { name: `job-${index}`, intervalSeconds: 5 } });
          if (index % 2 === 1) throw new Error(`abort ${index}`);
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(5);
    const names = (await prisma.jobSchedule.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((row) => row.name);
    expect(names).toEqual(["job-0", "job-2", "job-4", "job-6", "job-8"]);
  });
});
