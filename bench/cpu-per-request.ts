/**
 * CPU milliseconds per request for the public pages, beside autocannon's numbers: less noisy than
 * requests/s when the machine is shared, since it counts the server's own CPU time rather than
 * wall-clock time. Measures an already seeded embedded database directory against the production
 * build of a checkout, so two checkouts can be compared in alternating turns:
 *
 *   tsx bench/cpu-per-request.ts --repo /path/to/checkout --data /tmp/db-dir [--port 3400] [--only search,free-day] [--homes]
 *
 * Prepare the data directory once with `EMBEDDED_DATA_DIR=<dir> tsx scripts/db.ts setup` and
 * `EMBEDDED_DATA_DIR=<dir> tsx bench/seed-large.ts` (run in the same checkout).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed";
import { PRODUCTION_NODE_OPTIONS } from "./app-server";
import { load, signIn } from "./measure";
import { BENCH_TUTOR_ID } from "./seed-large";

const { values } = parseArgs({
  options: {
    repo: { type: "string", default: path.resolve(import.meta.dirname, "..") },
    data: { type: "string" },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3400" },
    seconds: { type: "string", default: "6" },
    connections: { type: "string", default: "10" },
    only: { type: "string" },
    snapshot: { type: "string" },
    homes: { type: "boolean", default: false },
  },
});
if (!values.data) throw new Error("--data <seeded embedded database directory> is required");
const repo = path.resolve(values.repo!);
const url = `http://127.0.0.1:${values.port}`;
const freeOn = DateTime.utc().plus({ days: 3 }).toISODate();
const TARGETS: { name: string; path: string; cookie?: string }[] = [
  { name: "search", path: "/tutors?subject=Maths" },
  { name: "free-day", path: `/tutors?subject=Maths&freeOn=${freeOn}&tz=Europe%2FLondon` },
  { name: "tutor page", path: `/tutors/${BENCH_TUTOR_ID}?tz=Europe%2FLondon` },
  { name: "/health", path: "/health" },
].filter((target) => !values.only || values.only.split(",").includes(target.name));
// --homes: also the signed-in home pages of the demo student, parent and tutor, as the benchmark signs in.
const HOMES = [
  { name: "/student", email: DEMO_USERS.student.email },
  { name: "/parent", email: DEMO_USERS.parent.email },
  { name: "/tutor", email: DEMO_USERS.tutorNewYork.email },
];

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** user + system CPU of a process, in milliseconds. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Processes in the server's process group, split into the web process and the embedded database. */
function groupProcesses(groupId: number): { web: number[]; db: number[] } {
  const web: number[] = [];
  const db: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== groupId) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes("embedded-process")) db.push(Number(entry));
      else web.push(Number(entry));
    } catch {
      // Gone.
    }
  }
  return { web, db };
}

const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuMs(pid), 0);

// SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (NODE_OPTIONS refuses --cpu-prof).
const nodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
const server = spawn(process.execPath, ["--import", "tsx", ...nodeArgs, "server.ts"], {
  cwd: repo,
  detached: true,
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    NODE_ENV: "production",
    NODE_OPTIONS: `${PRODUCTION_NODE_OPTIONS} ${process.env.NODE_OPTIONS ?? ""}`.trim(),
    PORT: values.port,
    HOST: "127.0.0.1",
    APP_URL: url,
    EMBEDDED_DATA_DIR: path.resolve(values.data),
    SESSION_SECRET: "bench-session-secret-not-for-production",
    TOTP_SECRET: "b".repeat(64),
    JOBS_SECRET: "bench-jobs-secret",
    RESEND_API_KEY: "re_bench",
    RESEND_BASE_URL: "http://127.0.0.1:9",
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: "whsec_bench",
    STRIPE_API_BASE: "http://127.0.0.1:9",
    DISABLE_JOB_TIMER: "1",
    SKIP_MIGRATIONS: "1",
  },
});

try {
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (tries > 240 || server.exitCode !== null) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { web, db } = groupProcesses(server.pid!);
  if (values.homes) for (const home of HOMES) TARGETS.push({ name: home.name, path: home.name, cookie: (await signIn(url, home.email, DEMO_PASSWORD)).cookie });
  // --snapshot <dir>: each page's HTML (nonces blanked), to check that two checkouts serve the same pages.
  if (values.snapshot) {
    mkdirSync(values.snapshot, { recursive: true });
    for (const target of TARGETS) {
      const html = (await (await fetch(`${url}${target.path}`, { headers: target.cookie ? { Cookie: target.cookie } : {} })).text()).replace(/nonce="[^"]*"/g, 'nonce=""');
      writeFileSync(path.join(values.snapshot, `${target.name.replace(/\W+/g, "-")}.html`), html);
    }
  }
  const connections = Number(values.connections);
  // Warm every page first, as the benchmark does.
  for (const target of TARGETS) await load(target.name, `${url}${target.path}`, 10, { cookie: target.cookie, seconds: 2, warmupSeconds: 1 });
  console.log(`| ${path.basename(repo)} | page | conns | req/s | p95 ms | web CPU ms/req | db CPU ms/req | load |`);
  for (const target of TARGETS) {
    const webBefore = sum(web);
    const dbBefore = sum(db);
    const result = await load(target.name, `${url}${target.path}`, connections, { cookie: target.cookie, seconds: Number(values.seconds), warmupSeconds: 0 });
    const webCpu = (sum(web) - webBefore) / result.samples;
    const dbCpu = (sum(db) - dbBefore) / result.samples;
    const loadavg = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    if (result.failures) console.log(`  ! ${result.failures} failures: ${result.failureDetail}`);
    console.log(
      `| ${path.basename(repo)} | ${target.name} | ${connections} | ${result.requestsPerSecond.toFixed(0)} | ${result.p95.toFixed(1)} | ${webCpu.toFixed(2)} | ${dbCpu.toFixed(2)} | ${loadavg} |`,
    );
  }
} finally {
  if (server.exitCode === null && server.signalCode === null) {
    // The server stops its embedded database itself; signalling the whole group would race it.
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
}
