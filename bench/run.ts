/**
 * `npm run bench`: starts the production server on a fresh database, measures critical-path bytes
 * and latency/throughput per role, prints markdown and writes docs/benchmarks.md.
 * Exits 0 even when a budget is missed (it is a measurement); fails only if it could not measure.
 */
import { DateTime } from "luxon";
import { BENCH_TUTOR_ID } from "./seed-large";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed";
import { startFakeResend } from "../tests/fakes/resend";
import { assertPortFree, startApp, type BenchApp } from "./app-server";
import { criticalPath, load, signIn, type CriticalPath, type LoadResult } from "./measure";
import { criticalPathTable, criticalPathVerdict, document, loadTable, loadVerdicts, type Machine } from "./report";

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const SECONDS = 8;
const WARMUP_SECONDS = 2;
const CONNECTIONS = [10, 50];
const ROLES = [
  { role: "student", email: DEMO_USERS.student.email, home: "/student" },
  { role: "parent", email: DEMO_USERS.parent.email, home: "/parent" },
  { role: "tutor", email: DEMO_USERS.tutorNewYork.email, home: "/tutor" },
  { role: "coordinator", email: DEMO_USERS.coordinator.email, home: "/coordinator" },
  { role: "admin", email: DEMO_USERS.admin.email, home: "/admin" },
];

const root = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);

async function machine(): Promise<Machine> {
  const output = async (command: string, args: string[]) => (await run(command, args, { cwd: root })).stdout.trim();
  const dirty = (await output("git", ["status", "--porcelain"]).catch(() => "")) !== "";
  return {
    cpus: Number(await output("nproc", []).catch(() => String(os.availableParallelism()))),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    commit: `${await output("git", ["rev-parse", "--short", "HEAD"]).catch(() => "unknown")}${dirty ? " + uncommitted changes" : ""}`,
    date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
  };
}

/** The machine's ceiling: the cheapest possible Node HTTP response. */
function startBareServer(): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/plain" });
    response.end("ok");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The tutor search and a tutor's page, on the 500-tutor dataset (bench/seed-large.ts). */
const freeOn = DateTime.utc().plus({ days: 3 }).toISODate();
const PUBLIC_PAGES = [
  { name: "/tutors (search)", path: "/tutors?subject=Maths" },
  { name: "/tutors (free on a day)", path: `/tutors?subject=Maths&freeOn=${freeOn}&tz=Europe%2FLondon` },
  { name: "/tutors/:id (tutor page)", path: `/tutors/${BENCH_TUTOR_ID}?tz=Europe%2FLondon` },
];

/**
 * Staff pages held to the home-page budgets: the attendance form, on a scheduled session of the dataset
 * (issue 14), and the operations list unfiltered and filtered by a tutor and a date range (issue 16).
 */
const STAFF_PAGES = [
  { name: "/coordinator/sessions/:id/attendance", path: "/coordinator/sessions/bench-s-1-351/attendance", as: "/coordinator" },
  { name: "/coordinator/sessions (operations list)", path: "/coordinator/sessions", as: "/coordinator" },
  {
    name: "/coordinator/sessions (tutor, dates)",
    path: `/coordinator/sessions?tutor=Bench+Tutor+001&from=${DateTime.utc().minus({ days: 14 }).toISODate()}&to=${DateTime.utc().plus({ days: 7 }).toISODate()}`,
    as: "/coordinator",
  },
];

async function measure(app: BenchApp, bareUrl: string) {
  const sessions = new Map<string, string>();
  for (const { role, email, home } of ROLES) {
    const session = await signIn(app.url, email, DEMO_PASSWORD);
    if (session.home !== home) throw new Error(`${email} landed on ${session.home}, expected ${home}`);
    sessions.set(home, session.cookie);
    console.error(`Signed in as ${role}.`);
  }

  const paths: CriticalPath[] = [await criticalPath(app.url, "/login")];
  for (const [home, cookie] of sessions) paths.push(await criticalPath(app.url, home, cookie));
  for (const page of PUBLIC_PAGES) paths.push(await criticalPath(app.url, page.path));
  for (const page of STAFF_PAGES) paths.push(await criticalPath(app.url, page.path, sessions.get(page.as)));

  const targets = [
    ...[...sessions].map(([home, cookie]) => ({ name: home, url: `${app.url}${home}`, cookie })),
    ...PUBLIC_PAGES.map((page) => ({ name: page.name, url: `${app.url}${page.path}`, cookie: undefined })),
    ...STAFF_PAGES.map((page) => ({ name: page.name, url: `${app.url}${page.path}`, cookie: sessions.get(page.as) })),
    { name: "/login", url: `${app.url}/login`, cookie: undefined },
    { name: "/health", url: `${app.url}/health`, cookie: undefined },
    { name: "bare Node http", url: bareUrl, cookie: undefined },
  ];
  // One pass over every page first, so the server's JIT and caches are warm for whichever page is
  // measured first (otherwise the first page measured pays for everyone's warm-up).
  console.error("Warming up every page…");
  for (const target of targets) await load(target.name, target.url, 10, { cookie: target.cookie, seconds: 1, warmupSeconds: 1 });

  const results: LoadResult[] = [];
  for (const connections of CONNECTIONS) {
    for (const target of targets) {
      console.error(`Load: ${target.name} at ${connections} connections…`);
      results.push(await load(target.name, target.url, connections, { cookie: target.cookie, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }));
      app.assertAlive();
    }
  }
  return { paths, results, homes: new Set([...sessions.keys(), ...PUBLIC_PAGES.map((page) => page.name), ...STAFF_PAGES.map((page) => page.name)]) };
}

async function main() {
  await assertPortFree(PORT);
  const resend = await startFakeResend(0);
  const bare = await startBareServer();
  let app: BenchApp | undefined;
  // Ctrl-C must still stop the server, which runs in its own process group.
  const interrupt = () => void (app?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  try {
    app = await startApp({ port: PORT, resendUrl: resend.url });
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
    const { paths, results, homes } = await measure(app, bareUrl);

    const pathVerdicts = paths.map(criticalPathVerdict);
    const loadVerdictList = loadVerdicts(results, homes);
    const misses = [...pathVerdicts, ...loadVerdictList].flatMap((verdict) => (verdict.miss ? [verdict.miss] : []));
    const markdown = document({
      machine: await machine(),
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      database: process.env.DATABASE_URL ? "the PostgreSQL server in DATABASE_URL" : "embedded PGlite in a temp directory",
      criticalPath: criticalPathTable(paths, pathVerdicts),
      load: loadTable(results, loadVerdictList),
      misses,
    });
    await writeFile(path.join(root, "docs/benchmarks.md"), markdown);
    console.log(markdown);
    console.log(misses.length ? `\n${misses.length} budget miss(es):\n${misses.map((miss) => `  ✗ ${miss}`).join("\n")}` : "\nAll budgets met.");
    console.log("Wrote docs/benchmarks.md");
  } finally {
    await app?.stop();
    await resend.close();
    bare.close();
  }
}

await main();
