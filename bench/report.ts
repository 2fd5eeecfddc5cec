/**
 * Budget verdicts and the markdown written to stdout and docs/benchmarks.md.
 */
import type { CriticalPath, LoadResult } from "./measure";

export const BUDGETS = {
  criticalPathBytes: 14 * 1024,
  homeP95Ms: 50,
  /** At 50 connections a home page must serve at least this share of /health's requests/s. */
  homeShareOfHealth: 0.5,
};

export type Machine = { cpus: number; cpuModel: string; memory: string; node: string; commit: string; date: string };

export type Verdict = { text: string; miss?: string };

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "—");
const PASS = "✅ pass";
const MISS = "❌ miss";

export function criticalPathVerdict(row: CriticalPath): Verdict {
  const total = row.htmlBytes + row.cssBytes;
  if (total <= BUDGETS.criticalPathBytes) return { text: PASS };
  return { text: MISS, miss: `${row.page}: critical path ${kb(total)} KB > 14 KB` };
}

/** Verdicts for the latency rows; `homes` are the role home-page targets. */
export function loadVerdicts(results: LoadResult[], homes: Set<string>): Verdict[] {
  const health50 = results.find((row) => row.target === "/health" && row.connections === 50);
  return results.map((row) => {
    if (row.failures > 0) return { text: `⚠️ invalid run (${row.failureDetail})`, miss: `${row.target} @${row.connections}: invalid run, ${row.failureDetail}` };
    if (!homes.has(row.target)) return { text: "—" };
    if (row.connections === 10) {
      const ok = row.p95 <= BUDGETS.homeP95Ms;
      return ok ? { text: `${PASS} (p95 ≤ 50 ms)` } : { text: `${MISS} (p95 ≤ 50 ms)`, miss: `${row.target} @10: p95 ${ms(row.p95)} ms > 50 ms` };
    }
    if (row.connections === 50 && health50) {
      if (health50.failures > 0) return { text: "⚠️ no valid /health run to compare with", miss: `${row.target} @50: /health run invalid` };
      const floor = health50.requestsPerSecond * BUDGETS.homeShareOfHealth;
      const ok = row.requestsPerSecond >= floor;
      const text = `${ok ? PASS : MISS} (≥ ½ /health = ${floor.toFixed(0)} req/s)`;
      return ok ? { text } : { text, miss: `${row.target} @50: ${row.requestsPerSecond.toFixed(0)} req/s < ${floor.toFixed(0)} req/s (half of /health)` };
    }
    return { text: "—" };
  });
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function criticalPathTable(rows: CriticalPath[], verdicts: Verdict[]): string {
  return table(
    ["Page", "HTML KB (gzip)", "CSS KB (gzip)", "Stylesheets", "Total KB", "Budget ≤ 14 KB"],
    rows.map((row, index) => [
      row.page,
      row.encoding === "gzip" ? kb(row.htmlBytes) : `${kb(row.htmlBytes)} (${row.encoding})`,
      kb(row.cssBytes),
      String(row.stylesheets),
      kb(row.htmlBytes + row.cssBytes),
      verdicts[index].text,
    ]),
  );
}

export function loadTable(rows: LoadResult[], verdicts: Verdict[]): string {
  return table(
    ["Target", "Connections", "Requests/s", "p50 ms", "p95 ms", "p99 ms", "Requests", "Non-2xx/errors", "Budget"],
    rows.map((row, index) => [
      row.target,
      String(row.connections),
      row.requestsPerSecond.toFixed(0),
      ms(row.p50),
      ms(row.p95),
      ms(row.p99),
      String(row.samples),
      String(row.failures),
      verdicts[index].text,
    ]),
  );
}

export function document(parts: { machine: Machine; seconds: number; warmupSeconds: number; database: string; criticalPath: string; load: string; misses: string[] }): string {
  const { machine } = parts;
  return `# Benchmarks

Measured by \`npm run bench\` (\`bench/run.ts\`), which overwrites this file with its latest run.
It migrates and seeds a fresh database (${parts.database}), starts the production build
(\`NODE_ENV=production tsx server.ts\`, in-process job timer off, sign-in rate limit lifted), signs in
as each demo role, then measures:

- **Critical path**: bytes on the wire, gzip, for each page's HTML plus its render-blocking
  stylesheets (\`<link rel="stylesheet">\`); response headers are not counted. Budget: ≤ 14 KB, what
  fits in TCP's first round trip (initial congestion window of 10 segments).
- **Latency and throughput**: autocannon, ${parts.seconds} s per run after an unrecorded ${parts.warmupSeconds} s warm-up, at 10
  and 50 connections, with \`Accept-Encoding: gzip\` and each role's session cookie. Percentiles are
  computed from every request's latency. \`/health\` is a Remix page with no loader (the framework's
  ceiling); "bare Node" is \`http.createServer\` answering "ok" inside the bench process (the
  machine's ceiling; it shares a core with autocannon). Budgets: home pages p95 ≤ 50 ms at 10
  connections; at 50 connections each home page serves ≥ half of \`/health\`'s requests/s.
  A run with any non-2xx response, error or timeout is invalid.

The benchmark exits 0 even when a budget is missed: it measures, it does not gate.

Machine: ${machine.cpus} CPU cores (${machine.cpuModel}), ${machine.memory} RAM, Node ${machine.node}.
Commit \`${machine.commit}\`, ${machine.date}. The load generator runs on the same machine as the server.

## Critical path

${parts.criticalPath}

## Latency and throughput

${parts.load}

## Budget misses

${parts.misses.length ? parts.misses.map((miss) => `- ${miss}`).join("\n") : "None."}
`;
}
