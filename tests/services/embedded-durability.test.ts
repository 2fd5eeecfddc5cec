import { fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openEmbedded(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.resolve("db/embedded-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, EMBEDDED_DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.once("message", (message: { url: string }) => resolve({ child, url: message.url }));
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded database on disk", () => {
  it("keeps every committed row and none of an open transaction when its process is killed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tutordesk-durability-"));
    dirs.push(dir);
    const dataDir = path.join(dir, "pglite");

    const first = await openEmbedded(dataDir);
    await query(first.url, "CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
    await query(first.url, "INSERT INTO notes SELECT n, 'committed ' || n FROM generate_series(1, 100) AS n");
    const inFlight = new pg.Client({ connectionString: first.url });
    await inFlight.connect();
    await inFlight.query("BEGIN");
    await inFlight.query("INSERT INTO notes VALUES (1000, 'never committed')");
    inFlight.on("error", () => {});

    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(existsSync(`${dataDir}.lock`)).toBe(true); // left behind by the crash

    const second = await openEmbedded(dataDir);
    try {
      expect(await query(second.url, "SELECT count(*)::int AS n FROM notes")).toEqual([{ n: 100 }]);
      expect(await query(second.url, "SELECT count(*)::int AS n FROM notes WHERE id = 1000")).toEqual([{ n: 0 }]);
      await query(second.url, "INSERT INTO notes VALUES (101, 'after restart')");
    } finally {
      second.child.send("stop");
      await new Promise((resolve) => second.child.once("exit", resolve));
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  }, 120_000);

  it("refuses to open files another live process holds", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tutordesk-lock-"));
    dirs.push(dir);
    const dataDir = path.join(dir, "pglite");
    writeFileSync(`${dataDir}.lock`, String(process.pid)); // this test process is alive
    await expect(openEmbedded(dataDir)).rejects.toThrow(/open in another process/);
  }, 60_000);
});
