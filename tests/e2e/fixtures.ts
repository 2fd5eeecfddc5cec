import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { test as base } from "@playwright/test";

/** A port the OS says is free on loopback now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export type DevelopmentApp = { url: string; stop: () => Promise<void> };

/**
 * The app as a developer runs it (`tsx server.ts`, NODE_ENV=development, Vite's dev server, no Resend
 * key, so /dev/mailbox exists), on the suite's database and its own free ports, beside the suite's
 * production instance. It only reads: no job timer (it would deliver other tests' email) and no
 * payments and no bot (without PAYMENTS=off and TELEGRAM=off it would start fakes of Stripe and Telegram
 * of its own, on the suite's ports).
 * Resolves once /dev/mailbox answers 200, which also means Vite has compiled the app.
 */
export async function startDevelopmentApp(timeoutMs = 200_000): Promise<DevelopmentApp> {
  const [port, hmrPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    PORT: String(port),
    HMR_PORT: String(hmrPort),
    APP_URL: url,
    DATABASE_URL: readFileSync(process.env.E2E_DATABASE_URL_FILE!, "utf8").trim(),
    DISABLE_JOB_TIMER: "1",
    PAYMENTS: "off",
    // Nor a fake Telegram of its own: it would take the port of the suite's fake.
    TELEGRAM: "off",
  };
  delete env.RESEND_API_KEY;
  delete env.RESEND_BASE_URL;
  const child = spawn("node_modules/.bin/tsx", ["server.ts"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // The first request compiles the app: give it time rather than abort and ask again.
    const status = await fetch(`${url}/dev/mailbox`, { signal: AbortSignal.timeout(60_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return { url, stop };
    if (child.exitCode !== null) throw new Error(`the development app exited (${child.exitCode}): ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`the development app at ${url} did not serve /dev/mailbox in time: ${errors}`);
}

/**
 * Playwright's test with the suite's shared fixtures. `devApp` is a worker fixture: started on first
 * use in a worker (so only by the tests that ask for it) and stopped when the worker ends.
 */
export const test = base.extend<object, { devApp: DevelopmentApp }>({
  devApp: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter.
    async ({}, use) => {
      const app = await startDevelopmentApp();
      try {
        await use(app);
      } finally {
        await app.stop();
      }
    },
    { scope: "worker", timeout: 240_000 },
  ],
});

export { expect } from "@playwright/test";
