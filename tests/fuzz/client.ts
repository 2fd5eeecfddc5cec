/**
 * Sends the fuzz test's requests, one at a time, and judges each: no 5xx, and a request answered
 * 4xx leaves the database as it was (fingerprinted after every request). Keeps every identity
 * signed in, and reports the distinct failures at the end.
 */
import http from "node:http";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { changedTables, type Fingerprint, type FuzzDatabase } from "./database";
import { multipart, summarise, urlEncoded, type Random, type RawBody } from "./generators";
import { PASSWORD, type Role, type RoleName } from "./identities";
import { routeFor, type RouteInfo } from "./inventory";

export type Planned = {
  role: RoleName;
  method: "GET" | "POST";
  url: string;
  /** A form body (encoded by `encoding`), or a raw body. */
  fields?: [string, string][];
  encoding?: "urlencoded" | "multipart";
  raw?: RawBody;
  /** Extra cookies, sent instead of the role's own. */
  cookie?: string;
  headers?: Record<string, string>;
  label: string;
};

type Failure = { kind: "5xx" | "4xx-changed-db"; method: string; url: string; role: RoleName; body: string; status: number; detail: string; label: string };

export type Answer = { status: number; text: string; location: string | null };

/** Node's default --max-http-header-size: the request line and headers together. */
const MAX_HEADER_BYTES = 16 * 1024;

export class FuzzClient {
  readonly failures: Failure[] = [];
  readonly counts = { requests: 0, byStatus: new Map<number, number>(), inconclusive: 0, reSignIns: 0, checked4xx: 0 };
  private last: Fingerprint | null = null;

  constructor(
    readonly api: APIRequestContext,
    readonly db: FuzzDatabase,
    readonly base: string,
    readonly roles: Map<RoleName, Role>,
    private readonly random: Random,
  ) {}

  role(name: RoleName): Role {
    return this.roles.get(name)!;
  }

  /** What the harness itself wrote (sign-ins, setup bookings) is the new baseline, not a finding. */
  async rebaseline() {
    this.last = await this.db.fingerprint();
  }

  async send(plan: Planned): Promise<Answer> {
    const role = this.role(plan.role);
    const cookie = plan.cookie ?? role.cookie;
    const { data, contentType, summary } = this.bodyOf(plan);
    let answer: Answer;
    try {
      answer =
        plan.method === "POST" && plan.raw && plan.raw.contentType === null
          ? await this.postWithoutContentType(plan.url, cookie, plan.raw.body)
          : await this.fetch(plan, cookie, contentType, data);
    } catch (error) {
      const message = String((error as Error).message).split("\n")[0];
      // Node's HTTP parser refuses a request head over its 16 KiB limit with 431 and closes the socket,
      // which the client may see as a reset while it is still writing: that is the refusal, not a crash.
      // Anything else with no answer (reset, timeout) is as bad as a 5xx.
      const refusedHead = plan.url.length + cookie.length > MAX_HEADER_BYTES && /ECONNRESET|EPIPE|socket hang up/.test(message);
      answer = refusedHead ? { status: 431, text: message, location: null } : { status: 599, text: `no response: ${message}`, location: null };
    }
    const { status } = answer;
    this.counts.requests += 1;
    this.counts.byStatus.set(status, (this.counts.byStatus.get(status) ?? 0) + 1);
    const failure = { method: plan.method, url: plan.url, role: plan.role, body: summary, status, label: plan.label };
    if (status >= 500) this.failures.push({ ...failure, kind: "5xx", detail: firstLineOf(answer.text) });

    const now = await this.db.fingerprint();
    if (status >= 400 && status < 500 && this.last) {
      this.counts.checked4xx += 1;
      const changed = changedTables(this.last, now);
      // Two writers besides the request itself: a job run, and a webhook the fake Stripe sends on its own
      // (e.g. `checkout.session.expired` after the app expires a Checkout): its event id lands in webhook_events.
      const background = now.jobs !== this.last.jobs || (changed.includes("webhook_events") && !(await this.recordedThisEvent(plan)));
      if (changed.length > 0) {
        if (background) this.counts.inconclusive += 1;
        else this.failures.push({ ...failure, kind: "4xx-changed-db", detail: `changed: ${changed.join(", ")}` });
      }
    }
    this.last = now;
    // A request that signed this identity out (or revoked its login session) must not end the fuzz for it.
    if (role.userId && answer.location?.startsWith("/login?redirectTo") && !plan.cookie) await this.ensureSignedIn(role);
    return answer;
  }

  /** Whether the webhook_events row that appeared is this request's own event (a refused one must not write it). */
  private async recordedThisEvent(plan: Planned): Promise<boolean> {
    if (plan.url !== "/webhooks/stripe" || !plan.raw) return false;
    let eventId: unknown;
    try {
      eventId = (JSON.parse(plan.raw.body.toString()) as { id?: unknown }).id;
    } catch {
      return false;
    }
    if (typeof eventId !== "string") return false;
    return (await this.db.query("SELECT 1 FROM webhook_events WHERE id = $1", [eventId])).length > 0;
  }

  private async fetch(plan: Planned, cookie: string, contentType: string | null | undefined, data: Buffer | string | undefined): Promise<Answer> {
    const headers: Record<string, string> = { cookie, ...plan.headers };
    if (plan.method === "POST") headers.origin = this.base;
    if (contentType) headers["content-type"] = contentType;
    const response: APIResponse = await this.api.fetch(plan.url, { method: plan.method, headers, data });
    return { status: response.status(), text: await response.text().catch(() => ""), location: response.headers().location ?? null };
  }

  private bodyOf(plan: Planned): { data?: Buffer | string; contentType?: string | null; summary: string } {
    if (plan.raw) {
      const shown = plan.url === "/webhooks/stripe" ? "" : ` ${summarise(plan.raw.body.toString(), 80)}`;
      return { data: plan.raw.body, contentType: plan.raw.contentType, summary: `[${plan.raw.label}]${shown}` };
    }
    if (!plan.fields) return { summary: "" };
    const summary = summarise(urlEncoded(plan.fields.map(([n, v]) => [n, v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v])), 160);
    if (plan.encoding === "multipart") {
      const boundary = `----fuzz${this.random.word(16)}`;
      return { data: multipart(plan.fields, boundary), contentType: `multipart/form-data; boundary=${boundary}`, summary: `[multipart] ${summary}` };
    }
    return { data: urlEncoded(plan.fields), contentType: "application/x-www-form-urlencoded", summary };
  }

  /** A POST with no Content-Type header at all (Playwright always sends one with a body). */
  private postWithoutContentType(url: string, cookie: string, body: Buffer | string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const target = new URL(url, this.base);
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: "POST",
          headers: { Origin: this.base, Cookie: cookie, "Content-Length": Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), location: (response.headers.location as string | undefined) ?? null }),
          );
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  // ---- identities ----------------------------------------------------------------------------

  async userIdOf(email: string): Promise<string> {
    return (await this.db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]))[0].id;
  }

  async signIn(role: Role) {
    const [{ email }] = await this.db.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [role.userId]);
    const response = await this.api.fetch("/login", { method: "POST", headers: { origin: this.base, cookie: "" }, form: { email, password: PASSWORD } });
    const setCookie = response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === "set-cookie")
      .map((h) => h.value.split(";")[0]);
    const session = setCookie.find((c) => c.startsWith("td_session="));
    if (response.status() !== 302 || !session) throw new Error(`could not sign in as ${email}: ${response.status()} ${firstLineOf(await response.text())}`);
    role.cookie = session;
    await this.rebaseline(); // signing in writes a login session and an audit event: that is the harness, not the fuzz
  }

  private async ensureSignedIn(role: Role) {
    const response = await this.api.fetch("/account", { headers: { cookie: role.cookie } });
    if (response.status() === 200) return;
    this.counts.reSignIns += 1;
    await this.signIn(role);
  }

  // ---- report --------------------------------------------------------------------------------

  summary(details: { seed: number; seeds: number; seconds: number; crawlSeconds: number }): string {
    const statuses = [...this.counts.byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(" ");
    const formsPerRole = [...this.roles.values()].map((r) => `${r.name} ${r.forms.length}`).join(", ");
    return (
      `fuzz: seed ${details.seed}, ${this.counts.requests} requests (${details.seeds} seeds) in ${details.seconds.toFixed(1)} s (crawl ${details.crawlSeconds.toFixed(1)} s); forms: ${formsPerRole}; ` +
      `statuses ${statuses}; 4xx checked ${this.counts.checked4xx}, inconclusive (a job or a fake-Stripe webhook ran beside it) ${this.counts.inconclusive}; ` +
      `re-sign-ins ${this.counts.reSignIns}; database reconnects ${this.db.reconnects}`
    );
  }

  /** One line per distinct failure (route, method, status, first line of the answer), with a count and the first example. */
  distinctFailures(routes: RouteInfo[]): string[] {
    const groups = new Map<string, { first: Failure; count: number }>();
    for (const failure of this.failures) {
      const path = failure.url.split("?")[0];
      const pattern = routeFor(routes, path)?.route.pattern ?? path;
      const key = `${failure.kind} ${failure.method} ${pattern} ${failure.status} ${failure.detail}`;
      const group = groups.get(key);
      if (group) group.count += 1;
      else groups.set(key, { first: failure, count: 1 });
    }
    return [...groups.values()].map(
      ({ first, count }) =>
        `${first.kind} ×${count}: ${first.method} ${first.url.length > 160 ? `${first.url.slice(0, 157)}…` : first.url} [${first.role}]` +
        `${first.body ? ` body ${first.body}` : ""} → ${first.status} ${first.detail} (${first.label})`,
    );
  }
}

export function firstLineOf(text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1]?.replace(/<[^>]*>/g, "");
  const line = [title, h1].filter(Boolean).join(" / ") || text.split("\n").find((l) => l.trim()) || "";
  return summarise(line.trim(), 140);
}
