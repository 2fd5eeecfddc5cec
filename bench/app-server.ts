/**
 * Starts the production Tutordesk server for the benchmark: a fresh embedded database in a temp
 * directory (or DATABASE_URL when set), migrated and seeded, then `tsx server.ts` as a child process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");

/** The server's whole output, kept after the run (bench/results/ is git-ignored). */
export const SERVER_LOG = path.join(root, "bench/results/server.log");

/** `assertAlive` throws when the server died mid-run, so a crash is reported as a crash, not as slow numbers. */
export type BenchApp = { url: string; stop: () => Promise<void>; assertAlive: () => void };

/** Fails early when something already listens on the port: /health would otherwise answer from the wrong server. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () => reject(new Error(`port ${port} is in use; stop that process or set BENCH_PORT`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** Keeps the last lines a child printed, to show them when it fails; optionally copies everything to a file. */
function captureOutput(child: ChildProcess, logFile?: string): () => string {
  let output = "";
  const log = logFile ? createWriteStream(logFile) : undefined;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    log?.write(chunk);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", () => log?.end());
  return () => output;
}

function runToCompletion(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    const output = captureOutput(child);
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`tsx ${args.join(" ")} exited with ${code}\n${output()}`))));
  });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the server exited (${server.exitCode ?? server.signalCode}) before answering\n${output()}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`GET ${url}/health did not answer 200 within ${timeoutMs / 1000} s\n${output()}`);
}

/**
 * The V8 flags `npm start` gives the production server (package.json): a 64 MB young generation, so
 * a page's short-lived objects (rows, React elements, strings) are collected less often. Measured:
 * 10–20 % less CPU per request on the pages with data, none on /health (docs/benchmarks.md).
 */
export const PRODUCTION_NODE_OPTIONS = "--max-semi-space-size=64";

export async function startApp(options: { port: number; resendUrl: string; stripeUrl?: string }): Promise<BenchApp> {
  const url = `http://127.0.0.1:${options.port}`;
  const useServerDatabase = Boolean(process.env.DATABASE_URL);
  // The lock file sits next to the data directory, so the data goes one level down to keep both inside tempDir.
  const tempDir = useServerDatabase ? null : await mkdtemp(path.join(tmpdir(), "tutordesk-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NODE_OPTIONS: `${PRODUCTION_NODE_OPTIONS} ${process.env.NODE_OPTIONS ?? ""}`.trim(),
    PORT: String(options.port),
    HOST: "127.0.0.1",
    APP_URL: url,
    ...(tempDir ? { EMBEDDED_DATA_DIR: path.join(tempDir, "db") } : {}),
    SESSION_SECRET: "bench-session-secret-not-for-production",
    TOTP_SECRET: "b".repeat(64),
    JOBS_SECRET: "bench-jobs-secret",
    RESEND_API_KEY: "re_bench",
    RESEND_BASE_URL: options.resendUrl,
    // Production refuses to start without Stripe keys while payments are on; the bench's Stripe is the local fake.
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: "whsec_bench",
    STRIPE_API_BASE: options.stripeUrl ?? "http://127.0.0.1:9",
    AUTH_RATE_LIMIT: "1000000",
    DISABLE_JOB_TIMER: "1",
    // scripts/db.ts setup has just applied them.
    SKIP_MIGRATIONS: "1",
  };

  let server: ChildProcess | undefined;
  let output = () => "";
  let stopping: Promise<void> | undefined;
  // Idempotent: both the normal path and a Ctrl-C handler may call it.
  const stop = () => (stopping ??= stopAndClean());
  const stopAndClean = async () => {
    if (server) {
      server.kill("SIGTERM"); // server.ts closes the embedded database cleanly on SIGTERM
      if (!(await exited(server, 10_000)) && server.pid) {
        try {
          process.kill(-server.pid, "SIGKILL"); // the whole group: tsx, node and the database child
        } catch {
          // Already gone.
        }
        await exited(server, 5_000);
      }
    }
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };

  try {
    console.error(`Setting up the database (${tempDir ? `embedded, in ${tempDir}` : "DATABASE_URL"})…`);
    await runToCompletion(["scripts/db.ts", "setup"], env);
    console.error("Seeding the benchmark dataset (500 tutors, 200,000 sessions)…");
    await runToCompletion(["bench/seed-large.ts"], env);
    console.error(`Starting the production server on ${url}…`);
    // Its own process group, so a stuck server can be killed with everything it forked.
    server = spawn(tsx, ["server.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
    output = captureOutput(server, SERVER_LOG);
    await waitForHealth(url, server, output);
  } catch (error) {
    await stop();
    throw error;
  }
  const assertAlive = () => {
    if (stopping || !server || (server.exitCode === null && server.signalCode === null)) return;
    throw new Error(`the server died during the benchmark (${server.exitCode ?? server.signalCode}); full log in ${SERVER_LOG}\n${output()}`);
  };
  return { url, stop, assertAlive };
}
