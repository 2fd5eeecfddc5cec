/**
 * The app as Playwright sees it: the production build on a fresh database (a temporary embedded one,
 * or a new database on TEST_DATABASE_URL's server), seeded with the demo accounts, sending email to
 * the fake Resend.
 *
 * Beside it runs the same build "later" (later-instance.ts): a second instance on E2E_LATER_PORT,
 * on the same database, whose clock is LATER_BY_SECONDS ahead (CLOCK_OFFSET_SECONDS). A test opens an
 * emailed link there to see what its recipient sees days after it was sent. Nothing in the app
 * changes the time on request: the offset is fixed when the process starts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { run } from "../../db/launch";
import { embeddedDatabaseUrl } from "../../db/embedded";
import { createServerDatabase } from "../setup/global-db";
import { LATER_BY_SECONDS } from "./later-instance";

const port = process.env.E2E_PORT ?? "3100";
const laterPort = process.env.E2E_LATER_PORT ?? "3101";
const env: Record<string, string> = {
  NODE_ENV: "production",
  PORT: port,
  APP_URL: `http://127.0.0.1:${port}`,
  SESSION_SECRET: "e2e-session-secret",
  TOTP_SECRET: "e2e0".repeat(16),
  JOBS_SECRET: "e2e-jobs-secret",
  RESEND_API_KEY: "re_e2e_key",
  RESEND_BASE_URL: process.env.RESEND_BASE_URL ?? "http://127.0.0.1:4010",
  STRIPE_SECRET_KEY: "sk_test_e2e",
  STRIPE_WEBHOOK_SECRET: "whsec_e2e",
  STRIPE_API_BASE: process.env.STRIPE_API_BASE ?? "http://127.0.0.1:4020",
  // The Telegram bot, answering through the fake Bot API (dev/fake-telegram-server.ts); telegram.spec.ts posts updates with this secret.
  TELEGRAM_BOT_TOKEN: "4242:e2e-bot-token",
  TELEGRAM_WEBHOOK_SECRET: "e2e-telegram-secret",
  TELEGRAM_API_BASE: process.env.TELEGRAM_API_BASE ?? "http://127.0.0.1:4030",
  TELEGRAM_BOT_USERNAME: "tutordesk_e2e_bot",
  // Every test signs in from 127.0.0.1; the per-address throttle is still on and is tested.
  AUTH_RATE_LIMIT: "100000",
};

/** A port free right now on loopback (the OS picks it), or fails when `wanted` is taken. */
function freePort(wanted = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () => reject(new Error(`port ${wanted} is in use: stop that process or choose another port`)));
    probe.listen(wanted, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : wanted));
    });
  });
}

// Checked before anything starts: a test must never meet someone else's server on the later port.
await freePort(Number(laterPort));

let cleanup = async () => {};
/** Extra environment for the app instance itself (not for the setup script). */
const appEnv: Record<string, string> = {};
/** How the later instance reaches the same database. */
let sharedDatabaseUrl: string;
if (process.env.TEST_DATABASE_URL) {
  // One database per port, so two suites on one server (on different ports) never drop each other's.
  const database = await createServerDatabase(process.env.TEST_DATABASE_URL, port === "3100" ? "tutordesk_e2e" : `tutordesk_e2e_${port}`);
  env.DATABASE_URL = database.url;
  sharedDatabaseUrl = database.url;
  cleanup = database.drop;
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tutordesk-e2e-"));
  env.EMBEDDED_DATA_DIR = path.join(dir, "pglite");
  env.SKIP_MIGRATIONS = "1";
  // PGlite is one process's database: the app's embedded database serves it on this port, and the
  // later instance connects there like any PostgreSQL client instead of opening the files itself.
  const databasePort = await freePort(Number(process.env.E2E_DB_PORT ?? 0));
  appEnv.EMBEDDED_DB_PORT = String(databasePort);
  sharedDatabaseUrl = embeddedDatabaseUrl(databasePort);
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

await run("node_modules/.bin/tsx", ["scripts/db.ts", "setup"], env);
// Published for tests that read the database themselves (the fuzz test); playwright.config.ts names the file.
const databaseUrlFile = process.env.E2E_DATABASE_URL_FILE;
if (databaseUrlFile) writeFileSync(databaseUrlFile, sharedDatabaseUrl);

const servers: ChildProcess[] = [];
let stopping = false;
function startApp(name: string, extraEnv: Record<string, string>) {
  const child = spawn("node_modules/.bin/tsx", ["server.ts"], { env: { ...process.env, ...env, ...extraEnv }, stdio: "inherit" });
  child.once("exit", (code) => {
    if (!stopping) {
      console.error(`${name} exited (${code})`);
      void stop(1);
    }
  });
  servers.push(child);
}

startApp("the app", appEnv);
// Its first query waits for nothing at startup (Prisma connects on first use), so both start at once.
startApp("the later app", {
  PORT: laterPort,
  APP_URL: `http://127.0.0.1:${laterPort}`,
  DATABASE_URL: sharedDatabaseUrl,
  CLOCK_OFFSET_SECONDS: String(LATER_BY_SECONDS),
  // Jobs run on the real instance only: run at the later time, they would close other tests' holds and requests.
  DISABLE_JOB_TIMER: "1",
  // A low sign-in limit of its own: the count is shared with the first instance through the database,
  // so sign-ins there use it up here (security.spec.ts). No test signs in on this instance.
  AUTH_RATE_LIMIT: "5",
});

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // The later instance first: it holds connections to the database the first one serves.
  for (const server of [...servers].reverse()) {
    if (server.exitCode !== null || server.signalCode !== null) continue;
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
  await cleanup();
  if (databaseUrlFile) rmSync(databaseUrlFile, { force: true });
  process.exit(code);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
