/**
 * The operations list alone (issue 16), on the benchmark dataset (500 tutors, 200,000 sessions):
 * critical path and latency at 10 and 50 connections for the unfiltered list and one filtered by a
 * tutor and a date range, /health beside them, and the CSV export of every session (time, rows,
 * bytes, the server's peak memory). `BENCH_PORT=3350 npx tsx bench/operations-list.ts`; prints, writes nothing.
 */
import { execFileSync } from "node:child_process";
import { DateTime } from "luxon";
import { DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed";
import { startFakeResend } from "../tests/fakes/resend";
import { assertPortFree, startApp } from "./app-server";
import { criticalPath, load, signIn } from "./measure";

const PORT = Number(process.env.BENCH_PORT ?? 3350);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const today = DateTime.utc();
const PAGES = [
  { name: "operations list", path: "/coordinator/sessions" },
  { name: "tutor + dates", path: `/coordinator/sessions?tutor=Bench+Tutor+001&from=${today.minus({ days: 14 }).toISODate()}&to=${today.plus({ days: 7 }).toISODate()}` },
  { name: "status + sort by created", path: "/coordinator/sessions?status=SCHEDULED&sort=created" },
];

/** The resident memory (KiB) of every process listening on the port's server: the node child. */
function serverRss(): number {
  const pids = execFileSync("bash", ["-c", `ss -ltnpH 'sport = :${PORT}' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u`])
    .toString()
    .trim()
    .split("\n")
    .filter(Boolean);
  return pids.reduce((sum, pid) => sum + Number(execFileSync("ps", ["-o", "rss=", "-p", pid]).toString().trim() || 0), 0);
}

await assertPortFree(PORT);
const resend = await startFakeResend(0);
const app = await startApp({ port: PORT, resendUrl: resend.url });
try {
  const { cookie } = await signIn(app.url, DEMO_USERS.coordinator.email, DEMO_PASSWORD);
  for (const page of PAGES) {
    const path = await criticalPath(app.url, page.path, cookie);
    console.log(`${page.name}: critical path ${((path.htmlBytes + path.cssBytes) / 1024).toFixed(1)} KB (${path.encoding})`);
  }
  for (const connections of [10, 50]) {
    // The coordinator's home (within budget in docs/benchmarks.md) and /health, measured in the same run for reference.
    for (const page of [...PAGES, { name: "/coordinator (reference)", path: "/coordinator" }, { name: "/health", path: "/health" }]) {
      const result = await load(page.name, `${app.url}${page.path}`, connections, { cookie, seconds: SECONDS, warmupSeconds: 2 });
      console.log(
        `${page.name} @${connections}: p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, ${result.requestsPerSecond.toFixed(0)} req/s, failures ${result.failures}`,
      );
      app.assertAlive();
    }
  }
  const before = serverRss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRss())), 200);
  const started = Date.now();
  const response = await fetch(`${app.url}/coordinator/sessions.csv`, { headers: { cookie } });
  let bytes = 0;
  let lines = 0;
  let firstByte = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstByte) firstByte = Date.now() - started;
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  clearInterval(sampler);
  console.log(
    `CSV export: status ${response.status}, ${lines - 1} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s (first byte ${firstByte} ms); server RSS ${(before / 1024).toFixed(0)} MB before, peak ${(peak / 1024).toFixed(0)} MB`,
  );
} finally {
  await app.stop();
  await resend.close();
}
