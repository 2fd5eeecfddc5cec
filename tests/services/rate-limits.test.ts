import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";
import { consumeAllowance, createSignInLimiter } from "../../app/services/rate-limits.server";

/** A second app instance's own connection pool and client on the same database. */
const otherInstance = new PrismaClient({ adapter: new PrismaPg(new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 }), { disposeExternalPool: true }) });
afterAll(() => otherInstance.$disconnect());

describe("the sign-in rate limit", () => {
  it("is one count for every instance on the database: 10 allowed in all, across two instances", async () => {
    const first = createSignInLimiter({ db: prisma, points: 10 });
    const second = createSignInLimiter({ db: otherInstance, points: 10 });
    const answers = [];
    for (let request = 0; request < 14; request++) answers.push(await consumeAllowance(request % 2 === 0 ? first : second, "203.0.113.7"));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(10);
    expect(answers.slice(10)).toEqual(Array(4).fill({ allowed: false, retryAfterSeconds: expect.any(Number) }));
    expect(await prisma.rateLimit.findUniqueOrThrow({ where: { key: "sign-in:203.0.113.7" }, select: { points: true } })).toEqual({ points: 14 });
  });

  it("counts simultaneous requests from both instances one by one", async () => {
    const first = createSignInLimiter({ db: prisma, points: 10 });
    const second = createSignInLimiter({ db: otherInstance, points: 10 });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, request) => consumeAllowance(request % 2 === 0 ? first : second, "203.0.113.8")));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(10);
  });

  it("keeps addresses apart and says how long to wait", async () => {
    const limiter = createSignInLimiter({ db: prisma, points: 1, windowSeconds: 900 });
    expect(await consumeAllowance(limiter, "198.51.100.1")).toEqual({ allowed: true });
    expect(await consumeAllowance(limiter, "198.51.100.2")).toEqual({ allowed: true });
    const refused = await consumeAllowance(limiter, "198.51.100.1");
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(890);
  });
});
