/**
 * The app as Playwright sees it: the production build on a fresh database (a temporary embedded one,
 * or a new database on TEST_DATABASE_URL's server), seeded with the demo accounts, sending email to
 * the fake Resend.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { run } from "../../db/launch";
import { createServerDatabase } from "../setup/global-db";

const port = process.env.E2E_PORT ?? "3100";
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
  // Every test signs in from 127.0.0.1; the per-address throttle is still on and is tested.
  AUTH_RATE_LIMIT: "100000",
};

let cleanup = async () => {};
if (process.env.TEST_DATABASE_URL) {
  const database = await createServerDatabase(process.env.TEST_DATABASE_URL, "tutordesk_e2e");
  env.DATABASE_URL = database.url;
  cleanup = database.drop;
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tutordesk-e2e-"));
  env.EMBEDDED_DATA_DIR = path.join(dir, "pglite");
  env.SKIP_MIGRATIONS = "1";
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

await run("node_modules/.bin/tsx", ["scripts/db.ts", "setup"], env);

const server = spawn("node_modules/.bin/tsx", ["server.ts"], { env: { ...process.env, ...env }, stdio: "inherit" });
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await cleanup();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
server.once("exit", (code) => {
  if (!stopping) {
    console.error(`the app exited (${code})`);
    void cleanup().then(() => process.exit(1));
  }
});
