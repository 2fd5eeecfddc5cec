import { fork, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type RunningDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

/**
 * The database for this process: DATABASE_URL when set, otherwise the embedded PGlite in a child
 * process (files under `dataDir`, or in memory when dataDir is null).
 */
export async function openDatabase(options: { dataDir: string | null }): Promise<RunningDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  const child = fork(path.join(root, "db/embedded-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, EMBEDDED_DATA_DIR: options.dataDir ?? "" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (message: { url?: string }) => (message.url ? resolve(message.url) : reject(new Error("no url"))));
    child.once("exit", (code) => reject(new Error(`the embedded database exited early (code ${code})`)));
  });
  return { url, embedded: true, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.send("stop");
  });
}

/** `prisma migrate deploy` against `url`, asynchronously (the embedded database may live in this process tree). */
export function migrate(url: string): Promise<void> {
  return run(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { DATABASE_URL: url });
}

export function run(command: string, args: string[], extraEnv: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} failed (${code})\n${output}`))));
  });
}
