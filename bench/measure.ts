/**
 * The measurements: signing in, critical-path bytes on the wire, and latency/throughput with
 * autocannon (with percentiles computed from every request's latency, since autocannon has no p95).
 */
import http from "node:http";
import { gunzipSync } from "node:zlib";
import autocannon, { type Result as CannonResult } from "autocannon";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; wireBytes: number; body: Buffer };

/**
 * node:http does not decompress, so the counted bytes are the ones actually transferred
 * (fetch() would hand back the decompressed body).
 */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const wire = Buffer.concat(chunks);
        const body = res.headers["content-encoding"] === "gzip" ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes: wire.length, body });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Signs in with the password form; returns the session cookie and where the app sent the user. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<{ cookie: string; home: string }> {
  const response = await request(`${baseUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ email, password, redirectTo: "" }).toString(),
  });
  const session = (response.headers["set-cookie"] ?? []).find((cookie) => cookie.startsWith("td_session="));
  if (response.status !== 302 || !session) throw new Error(`signing in as ${email} gave ${response.status} without a td_session cookie`);
  return { cookie: session.split(";")[0], home: new URL(String(response.headers.location), baseUrl).pathname };
}

export type CriticalPath = { page: string; htmlBytes: number; cssBytes: number; stylesheets: number; encoding: string };

/** Hrefs of render-blocking stylesheets: <link rel="stylesheet" href="…"> in any attribute order. */
function stylesheetHrefs(html: string): string[] {
  const hrefs = new Set<string>();
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\brel=["']?stylesheet\b/i.test(tag)) continue;
    const href = tag.match(/\bhref=["']?([^"'\s>]+)/i)?.[1];
    if (href) hrefs.add(href.replace(/&amp;/g, "&"));
  }
  return [...hrefs];
}

export async function criticalPath(baseUrl: string, page: string, cookie?: string): Promise<CriticalPath> {
  const headers: Record<string, string> = { "Accept-Encoding": "gzip", ...(cookie ? { Cookie: cookie } : {}) };
  const html = await request(`${baseUrl}${page}`, { headers });
  if (html.status !== 200) throw new Error(`GET ${page} gave ${html.status}, expected 200`);
  const hrefs = stylesheetHrefs(html.body.toString("utf8"));
  let cssBytes = 0;
  for (const href of hrefs) {
    const css = await request(new URL(href, `${baseUrl}${page}`).toString(), { headers: { "Accept-Encoding": "gzip" } });
    if (css.status !== 200) throw new Error(`GET ${href} gave ${css.status}, expected 200`);
    cssBytes += css.wireBytes;
  }
  return { page, htmlBytes: html.wireBytes, cssBytes, stylesheets: hrefs.length, encoding: html.headers["content-encoding"] ?? "identity" };
}

export type LoadResult = {
  target: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  samples: number;
  /** Non-2xx responses, errors and timeouts: any of them makes the run invalid. */
  failures: number;
  failureDetail: string;
};

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function cannon(url: string, connections: number, seconds: number, headers: Record<string, string>) {
  return new Promise<{ result: CannonResult; latencies: number[] }>((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon({ url, connections, duration: seconds, headers }, (error, result) => (error ? reject(error) : resolve({ result, latencies })));
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
}

/** A short unrecorded warm-up (JIT, connection pools, caches), then the measured run. */
export async function load(target: string, url: string, connections: number, options: { cookie?: string; seconds: number; warmupSeconds: number }): Promise<LoadResult> {
  // Accept-Encoding like a browser, so compression is part of the measured work.
  const headers: Record<string, string> = { "Accept-Encoding": "gzip", ...(options.cookie ? { Cookie: options.cookie } : {}) };
  await cannon(url, connections, options.warmupSeconds, headers);
  const { result, latencies } = await cannon(url, connections, options.seconds, headers);
  latencies.sort((a, b) => a - b);
  const odd = Object.entries(result.statusCodeStats)
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, { count }]) => `${count}× ${code}`);
  // autocannon counts a timeout as an error too.
  if (result.errors - result.timeouts) odd.push(`${result.errors - result.timeouts} connection errors`);
  if (result.timeouts) odd.push(`${result.timeouts} timeouts`);
  return {
    target,
    connections,
    requestsPerSecond: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    samples: latencies.length,
    failures: result.non2xx + result.errors,
    failureDetail: odd.join(", "),
  };
}
