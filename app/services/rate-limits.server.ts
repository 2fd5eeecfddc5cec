import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { prisma, type Db } from "./db.server";
import { env } from "./env.server";

/**
 * Requests per IP address to the sign-in, sign-up and code endpoints, counted in the database
 * (`rate_limits`, rate-limiter-flexible's Prisma store) so every app instance shares one count. If
 * the database cannot answer, each instance falls back to counting in its own memory rather than
 * refusing everyone or letting everyone through.
 */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

export type Allowance = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** `keyPrefix` keeps another count apart in the same table (the Telegram bot's link-code attempts per chat). */
export function createSignInLimiter(options: { db: Db; points: number; windowSeconds?: number; keyPrefix?: string }) {
  const duration = options.windowSeconds ?? SIGN_IN_WINDOW_SECONDS;
  const keyPrefix = options.keyPrefix ?? "sign-in";
  return new RateLimiterPrisma({
    storeClient: options.db,
    // The Prisma client's property for the RateLimit model.
    tableName: "rateLimit",
    keyPrefix,
    points: options.points,
    duration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: options.points, duration }),
  });
}

type Limiter = ReturnType<typeof createSignInLimiter>;

/** Counts one request for `key`; refused once the window's allowance is used up. */
export async function consumeAllowance(limiter: Limiter, key: string): Promise<Allowance> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    throw refusal;
  }
}

let signInLimiter: Limiter | undefined;

/** The app's own limiter (AUTH_RATE_LIMIT per 15 minutes per address); server.ts asks it before the sign-in routes. */
export function consumeSignInAllowance(ip: string): Promise<Allowance> {
  signInLimiter ??= createSignInLimiter({ db: prisma, points: env.authRateLimit });
  return consumeAllowance(signInLimiter, ip || "unknown");
}
