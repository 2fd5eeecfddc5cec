/**
 * Runs the embedded database in its own process (its own core on a 2-core machine) and tells the
 * parent its URL over IPC. Stops cleanly when the parent says so or goes away, so PGlite always
 * closes its files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase } from "./embedded";

const dataDir = process.env.EMBEDDED_DATA_DIR || undefined;
const port = Number(process.env.EMBEDDED_DB_PORT ?? 0);

function processAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// PGlite is one process's database: a second process opening the same files would corrupt them.
const lockFile = dataDir ? `${dataDir.replace(/\/$/, "")}.lock` : null;
if (lockFile && existsSync(lockFile)) {
  const holder = Number(readFileSync(lockFile, "utf8"));
  if (holder && holder !== process.pid && processAlive(holder)) {
    console.error(`The embedded database in ${dataDir} is open in another process (pid ${holder}). Stop that process first.`);
    process.exit(3);
  }
}
if (lockFile) {
  mkdirSync(path.dirname(lockFile), { recursive: true });
  writeFileSync(lockFile, String(process.pid));
}

const database = await startEmbeddedDatabase({ dataDir, port });
let stopping = false;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  try {
    await database.stop();
  } finally {
    if (lockFile) rmSync(lockFile, { force: true });
    process.exit(code);
  }
}

process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.on("message", (message) => {
  if (message === "stop") void stop();
});

if (process.send) process.send({ url: database.url });
else console.log(database.url);
