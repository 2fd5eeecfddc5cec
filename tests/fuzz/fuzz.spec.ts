/**
 * Issue 12: a bounded, seeded fuzz of every route with a form or a parameter, as every role.
 *
 * 1. Signs in one request identity per role and books a few sessions, so session, booking and slot
 *    pages have real ids.
 * 2. Crawls each role's pages (starting from every route in app/routes, filled with real ids) to
 *    collect links and forms: field names, their current values and choices, and `intent` buttons.
 * 3. Sends the fixed seeds of issue 12 (non-form bodies, NUL bytes, out-of-range dates, non-Latin-1
 *    redirect targets, malformed cookies, a signed webhook without data), then random variations
 *    around them until FUZZ_REQUESTS requests or FUZZ_SECONDS have passed.
 *
 * One request at a time; after each one the database is fingerprinted. No answer may be 5xx, and a
 * request answered 4xx must leave the database as it was. Every failure is collected and the test
 * fails once, at the end, with the distinct failures and the seed (FUZZ_SEED reruns the same inputs).
 *
 * Run it on its own: `playwright test --project fuzz` (scripts/test-all.ts does).
 */
import http from "node:http";
import { test, type APIRequestContext, type APIResponse } from "@playwright/test";
import Stripe from "stripe";
import { changedTables, FuzzDatabase, type Fingerprint } from "./database";
import {
  BAD_DATES,
  BAD_DATETIMES,
  BAD_WEEKS,
  badBody,
  badCookie,
  encodeComponent,
  multipart,
  mutatePathSegment,
  mutateValue,
  Random,
  summarise,
  urlEncoded,
  type RawBody,
} from "./generators";
import { readForms, readLinks, type PageForm } from "./html";
import { fillPattern, readRoutes, routeFor, type RouteInfo } from "./inventory";

const SEED = Number(process.env.FUZZ_SEED ?? 12012);
const MAX_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const MAX_SECONDS = Number(process.env.FUZZ_SECONDS ?? 120);
const PASSWORD = "tutordesk-demo";
const WEBHOOK_SECRET = "whsec_e2e";

type RoleName = "anonymous" | "student" | "parent" | "tutor" | "coordinator" | "admin";
const ROLE_EMAILS: Record<Exclude<RoleName, "anonymous">, string> = {
  student: "sam.student@tutordesk.test",
  parent: "pat.parent@tutordesk.test",
  tutor: "maria.tutor@tutordesk.test",
  coordinator: "coordinator@tutordesk.test",
  admin: "admin@tutordesk.test",
};
const ROLES: RoleName[] = ["anonymous", "student", "parent", "tutor", "coordinator", "admin"];
const HOME: Record<RoleName, string[]> = {
  anonymous: ["/", "/tutors", "/login", "/signup", "/login/code"],
  student: ["/", "/student", "/sessions", "/tutors", "/account"],
  parent: ["/", "/parent", "/parent/children/new", "/sessions", "/tutors", "/account"],
  tutor: ["/", "/tutor", "/tutor/profile", "/tutor/schedule", "/tutor/slots", "/tutor/slots?view=list", "/sessions", "/account"],
  coordinator: ["/", "/coordinator", "/sessions", "/tutors", "/account"],
  admin: ["/", "/admin", "/admin/users", "/admin/audit", "/admin/policies", "/sessions", "/account"],
};
/** Query names read through helpers rather than `searchParams.get` in the route file. */
const EXTRA_QUERY_NAMES = ["code", "token", "redirectTo", "week", "day", "start", "slot", "duration", "student", "subject", "meetingType"];

type Role = { name: RoleName; userId: string | null; cookie: string; pools: Record<string, string[]>; urls: Set<string>; forms: PageForm[] };

type Planned = {
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

test("fuzz: no 5xx, and refused requests change nothing", async ({ playwright, baseURL }) => {
  test.setTimeout((MAX_SECONDS + 150) * 1000);
  const base = baseURL!;
  const random = new Random(SEED);
  const routes = readRoutes();
  const db = await FuzzDatabase.connect();
  const api = await playwright.request.newContext({ baseURL: base, maxRedirects: 0, timeout: 30_000 });
  const started = Date.now();
  const failures: Failure[] = [];
  const counts = { requests: 0, byStatus: new Map<number, number>(), inconclusive: 0, reSignIns: 0, checked4xx: 0 };
  let last: Fingerprint = await db.fingerprint();

  const roles = new Map<RoleName, Role>();
  for (const name of ROLES) roles.set(name, { name, userId: null, cookie: "", pools: {}, urls: new Set(), forms: [] });

  // ---- sending -------------------------------------------------------------------------------

  function bodyOf(plan: Planned): { data?: Buffer | string; contentType?: string | null; summary: string } {
    if (plan.raw) return { data: plan.raw.body, contentType: plan.raw.contentType, summary: plan.url === "/webhooks/stripe" ? `[${plan.raw.label}]` : `[${plan.raw.label}] ${summarise(plan.raw.body.toString(), 80)}` };
    if (!plan.fields) return { summary: "" };
    const summary = summarise(urlEncoded(plan.fields.map(([n, v]) => [n, v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v])), 160);
    if (plan.encoding === "multipart") {
      const boundary = `----fuzz${random.word(16)}`;
      return { data: multipart(plan.fields, boundary), contentType: `multipart/form-data; boundary=${boundary}`, summary: `[multipart] ${summary}` };
    }
    return { data: urlEncoded(plan.fields), contentType: "application/x-www-form-urlencoded", summary };
  }

  /** A POST with no Content-Type header at all (Playwright always sends one with a body). */
  function postWithoutContentType(url: string, cookie: string, body: Buffer | string): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
    return new Promise((resolve, reject) => {
      const target = new URL(url, base);
      const request = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: "POST", headers: { Origin: base, Cookie: cookie, "Content-Length": Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), headers: response.headers }));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  async function send(plan: Planned): Promise<{ status: number; text: string; location: string | null }> {
    const role = roles.get(plan.role)!;
    const cookie = plan.cookie ?? role.cookie;
    const { data, contentType, summary } = bodyOf(plan);
    let status = 0;
    let text = "";
    let location: string | null = null;
    try {
      if (plan.method === "POST" && plan.raw && plan.raw.contentType === null) {
        const response = await postWithoutContentType(plan.url, cookie, plan.raw.body);
        status = response.status;
        text = response.text;
        location = (response.headers.location as string | undefined) ?? null;
      } else {
        const headers: Record<string, string> = { cookie, ...plan.headers };
        if (plan.method === "POST") headers.origin = base;
        if (contentType) headers["content-type"] = contentType;
        const response: APIResponse = await api.fetch(plan.url, { method: plan.method, headers, data });
        status = response.status();
        text = await response.text().catch(() => "");
        location = response.headers().location ?? null;
      }
    } catch (error) {
      status = 599; // no answer at all (connection reset, timeout): as bad as a 5xx
      text = `no response: ${String((error as Error).message).split("\n")[0]}`;
    }
    counts.requests += 1;
    counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
    const firstLine = firstLineOf(text);
    if (status >= 500) failures.push({ kind: "5xx", method: plan.method, url: plan.url, role: plan.role, body: summary, status, detail: firstLine, label: plan.label });

    const now = await db.fingerprint();
    if (status >= 400 && status < 500) {
      counts.checked4xx += 1;
      const changed = changedTables(last, now);
      // Two writers besides the request itself: a job run, and a webhook the fake Stripe sends on its own
      // (e.g. `checkout.session.expired` after the app expires a Checkout) — its event id lands in webhook_events.
      const background = now.jobs !== last.jobs || (changed.includes("webhook_events") && plan.url !== "/webhooks/stripe");
      if (changed.length > 0) {
        if (background) counts.inconclusive += 1;
        else failures.push({ kind: "4xx-changed-db", method: plan.method, url: plan.url, role: plan.role, body: summary, status, detail: `changed: ${changed.join(", ")}`, label: plan.label });
      }
    }
    last = now;
    // A request that signed this identity out (or revoked its login session) must not end the fuzz for it.
    if (role.userId && location?.startsWith("/login?redirectTo") && !plan.cookie) await ensureSignedIn(role);
    return { status, text, location };
  }

  function firstLineOf(text: string): string {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1]?.replace(/<[^>]*>/g, "");
    const line = [title, h1].filter(Boolean).join(" / ") || text.split("\n").find((l) => l.trim()) || "";
    return summarise(line.trim(), 140);
  }

  // ---- identities ----------------------------------------------------------------------------

  async function signIn(role: Role) {
    const [{ email }] = await db.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [role.userId]);
    const response = await api.fetch("/login", { method: "POST", headers: { origin: base, cookie: "" }, form: { email, password: PASSWORD } });
    const setCookie = response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value.split(";")[0]);
    const session = setCookie.find((c) => c.startsWith("td_session="));
    if (response.status() !== 302 || !session) throw new Error(`could not sign in as ${email}: ${response.status()} ${firstLineOf(await response.text())}`);
    role.cookie = session;
    last = await db.fingerprint(); // signing in writes a login session and an audit event: that is the harness, not the fuzz
  }

  async function ensureSignedIn(role: Role) {
    const response = await api.fetch("/account", { headers: { cookie: role.cookie } });
    if (response.status() === 200) return;
    counts.reSignIns += 1;
    await signIn(role);
  }

  for (const [name, email] of Object.entries(ROLE_EMAILS) as [Exclude<RoleName, "anonymous">, string][]) {
    const role = roles.get(name)!;
    role.userId = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]))[0].id;
    await signIn(role);
  }

  // ---- setup: a few real bookings, so session and booking pages have ids -----------------------

  async function refreshPools() {
    for (const role of roles.values()) role.pools = await db.idPools(role.userId);
  }

  /** Books the first open time on a tutor's page through the real forms (details, then review). */
  async function bookFirstTime(roleName: RoleName, tutorEmail: string) {
    const role = roles.get(roleName)!;
    const [{ id: tutorId }] = await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [tutorEmail]);
    for (const week of [0, 1]) {
      const page = await api.fetch(`/tutors/${tutorId}${week ? `?week=${nextWeekId(week)}` : ""}`, { headers: { cookie: role.cookie } });
      const link = readLinks(await page.text(), base).find((href) => href.startsWith(`/book/${tutorId}?`));
      if (!link) continue;
      const details = await api.fetch(link, { headers: { cookie: role.cookie } });
      const form = readForms(await details.text(), new URL(link, base).toString()).find((f) => f.method === "post" && f.action.startsWith(`/book/${tutorId}`));
      if (!form) continue;
      const fields = form.fields.map((field): [string, string] => [field.name, field.values.find((v) => v !== "") ?? field.values[0] ?? ""]);
      const posted = await api.fetch(form.action, { method: "POST", headers: { origin: base, cookie: role.cookie }, form: Object.fromEntries(fields) });
      const review = posted.headers().location;
      if (process.env.FUZZ_DEBUG) console.log(`book ${roleName} ${tutorEmail}: ${link} → ${posted.status()} ${review ?? (await posted.text()).slice(0, 300)}`);
      if (posted.status() !== 302 || !review) continue;
      const reviewPage = await api.fetch(review, { headers: { cookie: role.cookie } });
      const confirm = readForms(await reviewPage.text(), new URL(review, base).toString()).find((f) => f.method === "post" && f.action.startsWith(`/book/${tutorId}/review`));
      if (!confirm) continue;
      const booked = await api.fetch(confirm.action, { method: "POST", headers: { origin: base, cookie: role.cookie }, form: Object.fromEntries(confirm.fields.map((f) => [f.name, f.values[0] ?? ""])) });
      if (process.env.FUZZ_DEBUG) console.log(`  review ${confirm.action} ${JSON.stringify(confirm.fields)} → ${booked.status()} ${booked.headers().location ?? (await booked.text()).slice(0, 300)}`);
      return;
    }
  }

  function nextWeekId(offset: number): string {
    const date = new Date(Date.now() + offset * 7 * 86_400_000);
    const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7)));
    const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
    const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / 86_400_000 / 7 - (3 - ((firstThursday.getUTCDay() + 6) % 7)) / 7);
    return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
  }

  // Free bookings confirm at once: turn payments off for two tutors (as an admin would), keep Maria's on.
  const admin = roles.get("admin")!;
  for (const email of ["anita.tutor@tutordesk.test", "james.tutor@tutordesk.test"]) {
    const [{ id }] = await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
    await api.fetch(`/admin/users/${id}`, { method: "POST", headers: { origin: base, cookie: admin.cookie }, form: { intent: "payments" } });
  }
  await bookFirstTime("student", "anita.tutor@tutordesk.test");
  await bookFirstTime("parent", "james.tutor@tutordesk.test");
  await bookFirstTime("student", "maria.tutor@tutordesk.test"); // paid: stays a held seat awaiting payment
  await bookFirstTime("parent", "maria.tutor@tutordesk.test");
  await refreshPools();
  last = await db.fingerprint();

  // ---- crawl: each role's links and forms ----------------------------------------------------

  function instantiate(route: RouteInfo, role: Role): string {
    const segments: Record<string, string> = {};
    for (const param of route.params) {
      const pool = role.pools[param] ?? [];
      segments[param] = pool.length > 0 ? encodeURIComponent(random.pick(pool.slice(0, 3))) : random.word(20);
    }
    return fillPattern(route, segments);
  }

  function allowed(role: Role, url: string, method: "GET" | "POST"): boolean {
    const path = url.split("?")[0];
    if (role.userId && path === "/logout") return false; // signing the fuzzer out is no finding
    if (method === "GET" && (path === "/login/magic" || path.startsWith("/a/"))) return true;
    return true;
  }

  const crawlStart = Date.now();
  for (const role of roles.values()) {
    const queue: string[] = [...HOME[role.name]];
    for (const route of routes) if (route.hasLoader) queue.push(instantiate(route, role));
    const seen = new Set<string>();
    const perRoute = new Map<string, number>();
    while (queue.length > 0 && seen.size < 70) {
      const url = queue.shift()!;
      if (seen.has(url) || !allowed(role, url, "GET")) continue;
      const route = routeFor(routes, url.split("?")[0])?.route.pattern ?? url;
      if ((perRoute.get(route) ?? 0) >= 3) continue;
      perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
      seen.add(url);
      role.urls.add(url);
      const { status, text } = await send({ role: role.name, method: "GET", url, label: "crawl" });
      if (status !== 200) continue;
      const pageUrl = new URL(url, base).toString();
      for (const form of readForms(text, pageUrl)) {
        if (form.method === "get") queue.push(form.action.split("?")[0] + "?" + urlEncoded(form.fields.map((f) => [f.name, f.values[0] ?? ""])));
        else if (allowed(role, form.action, "POST") && !role.forms.some((known) => sameForm(known, form))) role.forms.push(form);
      }
      for (const link of readLinks(text, pageUrl)) if (!seen.has(link) && link !== "/logout") queue.push(link);
    }
  }
  // A reschedule request, so its emailed accept/reject links (/a/…) give real action tokens.
  const rescheduleForm = roles.get("student")!.forms.find((f) => /\/reschedule/.test(f.action) && f.fields.some((x) => x.name === "startsAt"));
  if (rescheduleForm) {
    const fields = rescheduleForm.fields.map((f): [string, string] => [f.name, f.name === "reason" ? "Fuzz setup" : (f.values[0] ?? "")]);
    await api.fetch(rescheduleForm.action, { method: "POST", headers: { origin: base, cookie: roles.get("student")!.cookie }, form: Object.fromEntries(fields) });
  }
  await harvestEmailLinks();
  last = await db.fingerprint();
  const crawlSeconds = (Date.now() - crawlStart) / 1000;
  if (process.env.FUZZ_DEBUG) {
    for (const role of roles.values()) {
      console.log(`${role.name}: ${role.urls.size} pages, pools ${JSON.stringify(Object.fromEntries(Object.entries(role.pools).map(([k, v]) => [k, v.length])))}`);
      for (const url of role.urls) console.log(`  GET ${url}`);
      for (const form of role.forms) console.log(`  POST ${form.action} ${form.fields.map((f) => `${f.name}(${f.type}:${f.values.length})`).join(" ")} ${form.buttons.map((b) => b.join("=")).join(" ")}`);
    }
  }

  function sameForm(a: PageForm, b: PageForm): boolean {
    return a.action === b.action && a.fields.map((f) => f.name).join() === b.fields.map((f) => f.name).join() && a.buttons.join() === b.buttons.join();
  }

  /** Links from delivered emails (action links, sign-in links): real tokens for /a/:token and /login/magic. */
  async function harvestEmailLinks() {
    const resend = `http://127.0.0.1:${process.env.FAKE_RESEND_PORT ?? 4010}/_test/emails`;
    const emails = (await (await api.fetch(resend, { headers: { cookie: "" } })).json().catch(() => [])) as { text?: string }[];
    const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const email of emails) {
      for (const match of (email.text ?? "").matchAll(new RegExp(`${escaped}(/[^\\s)>"]*)`, "g"))) {
        const path = match[1];
        if (!path.startsWith("/a/") && !path.startsWith("/login/magic")) continue;
        for (const role of roles.values()) {
          role.urls.add(path);
          if (path.startsWith("/a/") && !role.forms.some((f) => f.action === path)) {
            role.forms.push({ method: "post", action: path, fields: [], buttons: [["intent", "accept"], ["intent", "cancel"], ["intent", "reject"]] });
          }
        }
      }
    }
  }

  // ---- building requests ---------------------------------------------------------------------

  function placeholder(name: string): string {
    if (/email/i.test(name)) return `fuzz.${random.word(8)}@example.test`;
    if (/password/i.test(name)) return `fuzz-${random.word(12)}`;
    if (/code/i.test(name)) return String(random.int(1_000_000)).padStart(6, "0");
    if (/name|title|reason|note|headline|bio|description|location/i.test(name)) return `Fuzz ${random.word(6)}`;
    return random.word(8);
  }

  /** The form as a browser would submit it: current values, one choice per select, one submit button. */
  function baseFields(form: PageForm): [string, string][] {
    const fields: [string, string][] = [];
    for (const field of form.fields) {
      if ((field.type === "checkbox" || field.type === "radio") && random.chance(0.4)) continue;
      const choices = field.values.filter((v) => v !== "");
      const value = field.type === "select" && choices.length > 0 ? (random.chance(0.6) ? choices[0] : random.pick(choices)) : (field.values[0] ?? "");
      fields.push([field.name, value === "" && field.type !== "select" && field.type !== "hidden" ? placeholder(field.name) : value]);
    }
    if (form.buttons.length > 0) fields.push(random.pick(form.buttons));
    return fields;
  }

  function mutateFields(fields: [string, string][], form: PageForm | null): { fields: [string, string][]; label: string } {
    const out = fields.map(([n, v]) => [n, v] as [string, string]);
    const labels: string[] = [];
    const steps = 1 + random.int(3);
    for (let i = 0; i < steps; i += 1) {
      const kind = random.weighted<string>([
        [8, "value"],
        [2, "drop"],
        [2, "unknown"],
        [2, "array"],
        [1, "intent"],
        [1, "empty-all"],
      ]);
      if (kind === "value" && out.length > 0) {
        const index = random.int(out.length);
        const mutated = mutateValue(out[index][1], random);
        out[index] = [out[index][0], mutated.value];
        labels.push(`${out[index][0]}:${mutated.mutation}`);
      } else if (kind === "drop" && out.length > 0) {
        const [removed] = out.splice(random.int(out.length), 1);
        labels.push(`drop:${removed[0]}`);
      } else if (kind === "unknown") {
        out.push([random.chance(0.5) ? `fuzz_${random.word(5)}` : mutateValue("field", random).value, mutateValue("x", random).value]);
        labels.push("unknown-field");
      } else if (kind === "array" && out.length > 0) {
        const [name, value] = random.pick(out);
        out.push([name, random.chance(0.5) ? value : mutateValue(value, random).value]);
        labels.push(`array:${name}`);
      } else if (kind === "intent") {
        const intents = [...new Set(roles.get("admin")!.forms.concat(...[...roles.values()].map((r) => r.forms)).flatMap((f) => f.buttons.map(([, v]) => v)))];
        const value = random.chance(0.7) && intents.length > 0 ? random.pick(intents) : mutateValue("intent", random).value;
        const at = out.findIndex(([n]) => n === "intent");
        if (at >= 0) out[at] = ["intent", value];
        else out.push(["intent", value]);
        labels.push("intent");
      } else if (kind === "empty-all") {
        out.splice(0, out.length, ...(form?.buttons.length ? [random.pick(form.buttons)] : []));
        labels.push("empty");
      }
    }
    return { fields: out, label: labels.join(",") };
  }

  /** A URL with one path param or query value replaced, or a query param added, duplicated or removed. */
  function mutateUrl(url: string, role: Role): { url: string; label: string } {
    const [path, query = ""] = url.split("?");
    const params = new URLSearchParams(query);
    const entries: [string, string][] = [...params.entries()];
    const match = routeFor(routes, path);
    const kind = random.weighted<string>([
      [match?.route.params.length ? 4 : 0, "path"],
      [match?.route.params.length ? 1 : 0, "other-id"],
      [entries.length ? 5 : 0, "query-value"],
      [3, "query-add"],
      [entries.length ? 1 : 0, "query-array"],
      [entries.length ? 1 : 0, "query-drop"],
    ]);
    let newPath = path;
    let label = kind;
    if ((kind === "path" || kind === "other-id") && match) {
      const param = random.pick(match.route.params);
      const segments: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.values)) segments[name] = value;
      if (kind === "path") {
        const mutated = mutatePathSegment(decodeURIComponentSafe(match.values[param]), random);
        segments[param] = mutated.segment;
        label = `path ${param}:${mutated.mutation}`;
      } else {
        const pools = Object.values(role.pools).filter((pool) => pool.length > 0);
        segments[param] = pools.length ? encodeURIComponent(random.pick(random.pick(pools))) : random.word(10);
        label = `other-id ${param}`;
      }
      newPath = fillPattern(match.route, segments);
    } else if (kind === "query-value") {
      const index = random.int(entries.length);
      const mutated = mutateValue(entries[index][1], random);
      entries[index] = [entries[index][0], mutated.value];
      label = `query ${entries[index][0]}:${mutated.mutation}`;
    } else if (kind === "query-add") {
      const names = [...(match?.route.queryNames ?? []), ...EXTRA_QUERY_NAMES];
      const name = random.pick(names);
      const value = random.weighted<() => string>([
        [2, () => random.pick(BAD_DATES)],
        [2, () => random.pick(BAD_DATETIMES)],
        [2, () => random.pick(BAD_WEEKS)],
        [4, () => mutateValue(random.pick(["2026-06-01", "1", "x", "2026-W23", "2026-06-01T10:00:00.000Z"]), random).value],
      ])();
      entries.push([name, value]);
      label = `query +${name}`;
    } else if (kind === "query-array") {
      const [name, value] = random.pick(entries);
      entries.push([name, mutateValue(value, random).value]);
      label = `query array ${name}`;
    } else if (kind === "query-drop") {
      entries.splice(random.int(entries.length), 1);
    }
    const search = entries.map(([n, v]) => `${encodeComponent(n)}=${encodeComponent(v)}`).join("&");
    return { url: search ? `${newPath}?${search}` : newPath, label };
  }

  function decodeURIComponentSafe(value: string): string {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }

  /** Action URLs a role can post to: its forms' actions, and every route with an action (index routes with ?index). */
  function actionUrls(role: Role): string[] {
    const fromForms = role.forms.map((f) => f.action);
    const fromRoutes = routes.filter((r) => r.hasAction).map((r) => instantiate(r, role) + (r.index ? "?index" : ""));
    return [...new Set([...fromForms, ...fromRoutes])].filter((url) => allowed(role, url, "POST"));
  }

  function formFor(roleName: RoleName, actionPrefix: string, field?: string): PageForm | undefined {
    return roles.get(roleName)!.forms.find((f) => f.action.startsWith(actionPrefix) && (!field || f.fields.some((x) => x.name === field)));
  }

  const stripe = new Stripe("sk_test_x");
  function webhook(data: unknown, type = "checkout.session.completed"): Planned {
    const payload = JSON.stringify({ id: `evt_fuzz_${random.word(16)}`, object: "event", type, api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), data });
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const shown = JSON.stringify(data) ?? "undefined";
    return { role: "anonymous", method: "POST", url: "/webhooks/stripe", raw: { label: `webhook ${type} data=${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}`, contentType: "application/json", body: payload }, headers: { "stripe-signature": signature }, label: "webhook", cookie: "" };
  }

  async function webhookObject(): Promise<unknown> {
    const [payment] = await db.query<{ id: string; participant_id: string; checkout_session_id: string | null }>(
      "SELECT id, participant_id, checkout_session_id FROM payments ORDER BY random() LIMIT 1",
    );
    const metadata = random.weighted<() => unknown>([
      [3, () => (payment ? { paymentId: payment.id, participantId: payment.participant_id } : {})],
      [2, () => ({ paymentId: mutateValue(payment?.id ?? "p", random).value })],
      [1, () => null],
      [1, () => "string"],
    ])();
    const object: Record<string, unknown> = {
      id: random.chance(0.6) && payment?.checkout_session_id ? payment.checkout_session_id : `cs_fuzz_${random.word(12)}`,
      object: "checkout.session",
      metadata,
      payment_status: random.pick(["paid", "unpaid", "no_payment_required", 7, null]),
      payment_intent: random.pick([`pi_${random.word(10)}`, null, {}, 12]),
      amount_total: random.pick([0, -1, 1e308, "100", null, 2500]),
      currency: random.pick(["usd", "USD", "", null, "🙂"]),
    };
    for (const key of Object.keys(object)) if (random.chance(0.15)) delete object[key];
    return random.weighted<() => unknown>([
      [3, () => ({ object })],
      [1, () => ({})],
      [1, () => ({ object: null })],
      [1, () => null],
      [1, () => ({ object: [] })],
      [1, () => ({ object: "cs_x" })],
    ])();
  }

  // ---- the seeds of issue 12 -----------------------------------------------------------------

  const seeds: Planned[] = [];
  const student = roles.get("student")!;
  const tutorId = student.pools.tutorId[0];
  // Non-form bodies, to every action each role has (a role without a form for it posts as anonymous).
  const bodyClasses: RawBody[] = [
    { label: "json", contentType: "application/json", body: '{"intent":"profile","name":"x"}' },
    { label: "text-plain", contentType: "text/plain", body: "intent=profile\r\nname=x" },
    { label: "no-content-type", contentType: null, body: "intent=profile&name=x" },
    { label: "multipart-no-boundary", contentType: "multipart/form-data", body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n" },
    { label: "multipart-truncated", contentType: "multipart/form-data; boundary=x", body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb" },
  ];
  const seededActions = new Set<string>();
  for (const role of roles.values()) {
    for (const url of actionUrls(role)) {
      const key = `${role.userId ? "in" : "out"} ${routeFor(routes, url.split("?")[0])?.route.pattern ?? url}`;
      if (seededActions.has(key)) continue;
      seededActions.add(key);
      for (const raw of bodyClasses) seeds.push({ role: role.name, method: "POST", url, raw, label: `seed body ${raw.label}` });
    }
  }
  // NUL bytes in ids, queries and form fields.
  seeds.push({ role: "anonymous", method: "GET", url: "/tutors/%00", label: "seed nul" });
  seeds.push({ role: "student", method: "GET", url: "/tutors?subject=%00", label: "seed nul" });
  seeds.push({ role: "admin", method: "GET", url: "/admin/users?q=%00", label: "seed nul" });
  seeds.push({ role: "student", method: "GET", url: "/sessions/%00", label: "seed nul" });
  seeds.push({ role: "tutor", method: "GET", url: "/tutor/slots/%00", label: "seed nul" });
  seeds.push({ role: "student", method: "GET", url: `/book/%00?start=2026-06-01T10:00:00.000Z`, label: "seed nul" });
  seeds.push({ role: "student", method: "POST", url: "/account", fields: [["intent", "profile"], ["name", "a\u0000b"], ["email", ROLE_EMAILS.student], ["timezone", "Australia/Sydney"]], label: "seed nul" });
  // Dates out of range.
  for (const start of ["9999-12-31", "+275760-09-13T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "0000-01-01"]) {
    seeds.push({ role: "student", method: "GET", url: `/book/${tutorId}?start=${encodeComponent(start)}`, label: "seed date" });
  }
  for (const week of ["9999-W52", "+275760-W01", "0000-W01", "2026-W54"]) {
    seeds.push({ role: "student", method: "GET", url: `/sessions?view=week&week=${encodeComponent(week)}`, label: "seed week" });
    seeds.push({ role: "tutor", method: "GET", url: `/sessions?view=week&week=${encodeComponent(week)}`, label: "seed week" });
    seeds.push({ role: "tutor", method: "GET", url: `/tutor/slots?week=${encodeComponent(week)}`, label: "seed week" });
    seeds.push({ role: "anonymous", method: "GET", url: `/tutors/${tutorId}?week=${encodeComponent(week)}`, label: "seed week" });
  }
  seeds.push({ role: "anonymous", method: "GET", url: `/tutors/${tutorId}?day=9999-12-31`, label: "seed date" });
  seeds.push({ role: "anonymous", method: "GET", url: "/tutors?freeOn=9999-12-31", label: "seed date" });
  const slotForm = formFor("tutor", "/tutor/slots", "date");
  for (const date of ["2026-02-30", "2027-13-01", "0000-00-00", "9999-12-31", "+275760-09-13"]) {
    if (slotForm) {
      const fields = baseFields(slotForm).filter(([n]) => n !== "intent" || !slotForm.buttons.length).map(([n, v]): [string, string] => [n, n === "date" ? date : v]);
      seeds.push({ role: "tutor", method: "POST", url: slotForm.action, fields, label: "seed slot date" });
    }
    const exceptionForm = formFor("tutor", "/tutor/schedule", "date") ?? formFor("tutor", "/tutor/schedule");
    if (exceptionForm) {
      const fields = exceptionForm.fields.map((f): [string, string] => [f.name, /date|day|from|to/i.test(f.name) ? date : f.values[0] ?? ""]);
      seeds.push({ role: "tutor", method: "POST", url: exceptionForm.action, fields, label: "seed exception date" });
    }
  }
  // Characters outside Latin-1 in a redirect target.
  seeds.push({ role: "student", method: "GET", url: "/book/%F0%9F%99%82/review", label: "seed redirect" });
  seeds.push({ role: "student", method: "GET", url: `/book/${tutorId}/review?start=%F0%9F%99%82`, label: "seed redirect" });
  seeds.push({ role: "anonymous", method: "POST", url: "/a/%F0%9F%99%82", fields: [["intent", "accept"]], label: "seed redirect" });
  seeds.push({ role: "student", method: "POST", url: "/a/%F0%9F%99%82", fields: [["intent", "cancel"]], label: "seed redirect" });
  seeds.push({ role: "anonymous", method: "POST", url: "/login", fields: [["email", ROLE_EMAILS.coordinator], ["password", PASSWORD], ["redirectTo", "/\u3000/x"]], label: "seed redirect" });
  seeds.push({ role: "anonymous", method: "POST", url: "/login", fields: [["email", ROLE_EMAILS.coordinator], ["password", PASSWORD], ["redirectTo", "/🙂"]], label: "seed redirect" });
  seeds.push({ role: "anonymous", method: "GET", url: "/sessions/%F0%9F%99%82", label: "seed redirect" });
  seeds.push({ role: "anonymous", method: "GET", url: "/tutor/slots?week=%F0%9F%99%82", label: "seed redirect" });
  // Malformed cookies.
  for (const [url, method] of [["/login/code/verify", "GET"], ["/login/code/verify", "POST"], ["/login/magic?code=123456", "GET"], ["/account", "GET"], ["/", "GET"], ["/login", "POST"]] as const) {
    for (const cookie of ["_totp=%E0%A4%A", "td_session=%E0%A4%A", "td_flash=%E0%A4%A", "td_zone=%E0%A4%A", "_totp=e30%3D", "td_flash=eyJ"]) {
      seeds.push({ role: "anonymous", method, url, cookie, fields: method === "POST" ? [["code", "123456"], ["email", "x@example.test"], ["password", "x"]] : undefined, label: "seed cookie" });
    }
  }
  // A signed webhook without data.
  for (const type of ["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed", "checkout.session.expired"]) {
    for (const data of [{}, { object: null }, { object: {} }, null]) seeds.push(webhook(data, type));
  }

  // ---- run -----------------------------------------------------------------------------------

  for (const plan of seeds) await send(plan);
  const seedCount = counts.requests;

  const deadline = started + MAX_SECONDS * 1000;
  let sincePoolRefresh = 0;
  while (counts.requests < MAX_REQUESTS && Date.now() < deadline) {
    if (++sincePoolRefresh >= 300) {
      sincePoolRefresh = 0;
      await refreshPools();
      await harvestEmailLinks();
    }
    const role = roles.get(random.pick(ROLES))!;
    const kind = random.weighted<string>([
      [30, "get"],
      [38, "form"],
      [14, "bad-body"],
      [6, "cookie"],
      [5, "webhook"],
      [7, "form-url"],
    ]);
    let plan: Planned;
    if (kind === "get" || (kind !== "webhook" && kind !== "bad-body" && role.forms.length === 0 && kind !== "cookie")) {
      const urls = [...role.urls];
      const start = random.chance(0.75) && urls.length > 0 ? random.pick(urls) : instantiate(random.pick(routes.filter((r) => r.hasLoader)), role);
      const first = mutateUrl(start, role);
      const second = random.chance(0.3) ? mutateUrl(first.url, role) : null;
      plan = { role: role.name, method: "GET", url: second?.url ?? first.url, label: `get ${first.label}${second ? ` + ${second.label}` : ""}` };
    } else if (kind === "form" || kind === "form-url") {
      const form = random.pick(role.forms);
      const mutated = mutateFields(baseFields(form), form);
      const url = kind === "form-url" ? mutateUrl(form.action, role) : { url: form.action, label: "" };
      plan = { role: role.name, method: "POST", url: url.url, fields: mutated.fields, encoding: random.chance(0.2) ? "multipart" : "urlencoded", label: `form ${mutated.label}${url.label ? ` url ${url.label}` : ""}` };
    } else if (kind === "bad-body") {
      const url = random.pick(actionUrls(role));
      const form = role.forms.find((f) => f.action === url);
      const raw = badBody(form ? baseFields(form) : [["intent", "x"]], random);
      plan = { role: role.name, method: "POST", url, raw, label: `bad-body ${raw.label}` };
    } else if (kind === "cookie") {
      const cookie = badCookie(random);
      const post = random.chance(0.3);
      const anonymous = roles.get("anonymous")!;
      const url = post ? random.pick(actionUrls(anonymous)) : random.pick([...anonymous.urls, ...role.urls]);
      const form = anonymous.forms.find((f) => f.action === url);
      plan = { role: "anonymous", method: post ? "POST" : "GET", url, cookie: cookie.header, fields: post ? (form ? baseFields(form) : [["intent", "x"]]) : undefined, label: `cookie ${cookie.label}` };
    } else {
      plan = webhook(await webhookObject(), random.pick(["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed", "checkout.session.expired"]));
    }
    if (!allowed(role, plan.url, plan.method)) continue;
    await send(plan);
  }

  // ---- report --------------------------------------------------------------------------------

  await db.close();
  await api.dispose();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const statuses = [...counts.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(" ");
  const formsPerRole = [...roles.values()].map((r) => `${r.name} ${r.forms.length}`).join(", ");
  console.log(
    `fuzz: seed ${SEED}, ${counts.requests} requests (${seedCount} seeds) in ${seconds} s (crawl ${crawlSeconds.toFixed(1)} s); forms: ${formsPerRole}; ` +
      `statuses ${statuses}; 4xx checked ${counts.checked4xx}, inconclusive (a job or a fake-Stripe webhook ran beside it) ${counts.inconclusive}; re-sign-ins ${counts.reSignIns}; database reconnects ${db.reconnects}`,
  );
  if (failures.length > 0) {
    // Distinct failures: one line per route, method, status and first line of the answer.
    const groups = new Map<string, { first: Failure; count: number }>();
    for (const failure of failures) {
      const path = failure.url.split("?")[0];
      const pattern = routeFor(routes, path)?.route.pattern ?? path;
      const key = `${failure.kind} ${failure.method} ${pattern} ${failure.status} ${failure.detail}`;
      const group = groups.get(key);
      if (group) group.count += 1;
      else groups.set(key, { first: failure, count: 1 });
    }
    const lines = [...groups.values()].map(
      ({ first, count }) =>
        `${first.kind} ×${count}: ${first.method} ${first.url.length > 160 ? `${first.url.slice(0, 157)}…` : first.url} [${first.role}]` +
        `${first.body ? ` body ${first.body}` : ""} → ${first.status} ${first.detail} (${first.label})`,
    );
    throw new Error(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} reruns it): ${failures.length} failing requests, ${groups.size} distinct\n${lines.join("\n")}`);
  }
});
