import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
/** The same app with its clock days ahead, on the same database (tests/e2e/later-instance.ts). */
const laterPort = Number(process.env.E2E_LATER_PORT ?? 3101);
const resendPort = Number(process.env.FAKE_RESEND_PORT ?? 4010);
const stripePort = Number(process.env.FAKE_STRIPE_PORT ?? 4020);
const telegramPort = Number(process.env.FAKE_TELEGRAM_PORT ?? 4030);
/** The bot token the e2e app uses; the fake Bot API accepts only it (tests/e2e/server.ts sets the app's). */
const telegramToken = "4242:e2e-bot-token";
// Workers read it to ask the fake Telegram for the bot's replies (tests/e2e/telegram.spec.ts).
process.env.FAKE_TELEGRAM_PORT ??= String(telegramPort);
/**
 * tests/e2e/server.ts writes the URL of the database it created here, so a test can read the
 * database directly (the fuzz test fingerprints it). Set in this process, so workers inherit it.
 */
process.env.E2E_DATABASE_URL_FILE ??= path.join(os.tmpdir(), `tutordesk-e2e-${port}.database-url`);

export default defineConfig({
  testDir: "tests/e2e",
  // Whole flows (sign up, book, pay through the fake Stripe, act on two instances, run axe) on two cores
  // shared with the app servers: a minute was too tight under load (CI lost check-in.spec.ts to it).
  // Each step still fails on its own 10-second expectation.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.PLAYWRIGHT_JSON ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  // `playwright test` alone runs every project, the fuzz one included, at the same time: run the fuzz
  // project on its own (`--project fuzz`, as scripts/test-all.ts does), since it checks that refused
  // requests leave the database unchanged and so needs nothing else writing to it.
  projects: [
    { name: "js-on", use: { javaScriptEnabled: true } },
    { name: "js-off", use: { javaScriptEnabled: false } },
    // Issue 12: seeded random requests over every route (tests/fuzz); request contexts only, no browser.
    { name: "fuzz", testDir: "tests/fuzz", timeout: 300_000 },
  ],
  webServer: [
    {
      command: "node_modules/.bin/tsx tests/fakes/resend-server.ts",
      url: `http://127.0.0.1:${resendPort}/_test/emails`,
      env: { FAKE_RESEND_PORT: String(resendPort) },
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The local fake of Stripe: Checkout's test page, and signed webhooks to the app.
      command: "node_modules/.bin/tsx dev/fake-stripe-server.ts",
      url: `http://127.0.0.1:${stripePort}/__fake/health`,
      env: { FAKE_STRIPE_PORT: String(stripePort), FAKE_STRIPE_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/stripe`, FAKE_STRIPE_WEBHOOK_SECRET: "whsec_e2e" },
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The local fake of Telegram's Bot API: records the bot's replies (issue 14).
      command: "node_modules/.bin/tsx dev/fake-telegram-server.ts",
      url: `http://127.0.0.1:${telegramPort}/__fake/health`,
      env: { FAKE_TELEGRAM_PORT: String(telegramPort), FAKE_TELEGRAM_TOKEN: telegramToken },
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: "node_modules/.bin/tsx tests/e2e/server.ts",
      url: `http://127.0.0.1:${port}/health`,
      env: {
        E2E_PORT: String(port),
        E2E_LATER_PORT: String(laterPort),
        E2E_DATABASE_URL_FILE: process.env.E2E_DATABASE_URL_FILE,
        RESEND_BASE_URL: `http://127.0.0.1:${resendPort}`,
        STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
        TELEGRAM_API_BASE: `http://127.0.0.1:${telegramPort}`,
      },
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
