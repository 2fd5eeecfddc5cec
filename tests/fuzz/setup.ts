/**
 * Before the fuzz: every role signed in, a few real bookings (so session, booking and slot pages
 * have ids), each role's pages and forms crawled, and real emailed action links collected.
 */
import type { FuzzClient } from "./client";
import { readForms, readLinks, type PageForm } from "./html";
import { HOME, ROLE_EMAILS, type Role, type RoleName } from "./identities";
import { routeFor, type RouteInfo } from "./inventory";
import type { Planner } from "./planner";
import { urlEncoded } from "./generators";

export async function signInEveryone(client: FuzzClient) {
  for (const [name, email] of Object.entries(ROLE_EMAILS) as [Exclude<RoleName, "anonymous">, string][]) {
    const role = client.role(name);
    role.userId = await client.userIdOf(email);
    await client.signIn(role);
  }
}

/** Four bookings through the real forms: two free ones (payments turned off, as an admin would) and two held seats awaiting payment. */
export async function bookSessions(client: FuzzClient) {
  const admin = client.role("admin");
  for (const email of ["anita.tutor@tutordesk.test", "james.tutor@tutordesk.test"]) {
    const id = await client.userIdOf(email);
    await client.api.fetch(`/admin/users/${id}`, { method: "POST", headers: { origin: client.base, cookie: admin.cookie }, form: { intent: "payments" } });
  }
  await bookFirstTime(client, "student", "anita.tutor@tutordesk.test");
  await bookFirstTime(client, "parent", "james.tutor@tutordesk.test");
  await bookFirstTime(client, "student", "maria.tutor@tutordesk.test");
  await bookFirstTime(client, "parent", "maria.tutor@tutordesk.test");
  await refreshPools(client);
  await client.rebaseline();
}

/** Books the first open time on a tutor's page this week or next, through the details and review forms. */
async function bookFirstTime(client: FuzzClient, roleName: RoleName, tutorEmail: string) {
  const { api, base } = client;
  const role = client.role(roleName);
  const tutorId = await client.userIdOf(tutorEmail);
  const debug = (line: string) => process.env.FUZZ_DEBUG && console.log(line);
  for (const week of [0, 1]) {
    const page = await api.fetch(`/tutors/${tutorId}${week ? `?week=${isoWeekId(week)}` : ""}`, { headers: { cookie: role.cookie } });
    const link = readLinks(await page.text(), base).find((href) => href.startsWith(`/book/${tutorId}?`));
    if (!link) continue;
    const details = await api.fetch(link, { headers: { cookie: role.cookie } });
    const form = readForms(await details.text(), new URL(link, base).toString()).find((f) => f.method === "post" && f.action.startsWith(`/book/${tutorId}`));
    if (!form) continue;
    const fields = form.fields.map((field): [string, string] => [field.name, field.values.find((v) => v !== "") ?? field.values[0] ?? ""]);
    const posted = await api.fetch(form.action, { method: "POST", headers: { origin: base, cookie: role.cookie }, form: Object.fromEntries(fields) });
    const review = posted.headers().location;
    debug(`book ${roleName} ${tutorEmail}: ${link} → ${posted.status()} ${review ?? ""}`);
    if (posted.status() !== 302 || !review) continue;
    const reviewPage = await api.fetch(review, { headers: { cookie: role.cookie } });
    const confirm = readForms(await reviewPage.text(), new URL(review, base).toString()).find((f) => f.method === "post" && f.action.startsWith(`/book/${tutorId}/review`));
    if (!confirm) continue;
    const booked = await api.fetch(confirm.action, {
      method: "POST",
      headers: { origin: base, cookie: role.cookie },
      form: Object.fromEntries(confirm.fields.map((f) => [f.name, f.values[0] ?? ""])),
    });
    debug(`  review ${confirm.action} → ${booked.status()} ${booked.headers().location ?? ""}`);
    return;
  }
}

/** The ISO week `offset` weeks from now, as the pages' ?week= takes it ("2026-W49"). */
function isoWeekId(offset: number): string {
  const date = new Date(Date.now() + offset * 7 * 86_400_000);
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7)));
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86_400_000 / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export async function refreshPools(client: FuzzClient) {
  for (const role of client.roles.values()) role.pools = await client.db.idPools(role.userId);
}

/**
 * Each role's pages from its home links and every route (filled with real ids), following links
 * and GET forms: at most 70 pages and 3 per route each. POST forms are kept for the fuzz.
 */
export async function crawl(client: FuzzClient, planner: Planner, routes: RouteInfo[]) {
  for (const role of client.roles.values()) {
    const queue: string[] = [...HOME[role.name]];
    for (const route of routes) if (route.hasLoader) queue.push(planner.instantiate(route, role));
    const seen = new Set<string>();
    const perRoute = new Map<string, number>();
    while (queue.length > 0 && seen.size < 70) {
      const url = queue.shift()!;
      if (seen.has(url) || !planner.allowed(role, url)) continue;
      const route = routeFor(routes, url.split("?")[0])?.route.pattern ?? url;
      if ((perRoute.get(route) ?? 0) >= 3) continue;
      perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
      seen.add(url);
      role.urls.add(url);
      const { status, text } = await client.send({ role: role.name, method: "GET", url, label: "crawl" });
      if (status !== 200) continue;
      const pageUrl = new URL(url, client.base).toString();
      for (const form of readForms(text, pageUrl)) {
        if (form.method === "get") queue.push(form.action.split("?")[0] + "?" + urlEncoded(form.fields.map((f) => [f.name, f.values[0] ?? ""])));
        else if (planner.allowed(role, form.action) && !role.forms.some((known) => sameForm(known, form))) role.forms.push(form);
      }
      for (const link of readLinks(text, pageUrl)) if (!seen.has(link) && link !== "/logout") queue.push(link);
    }
  }
  await requestReschedule(client);
  await harvestEmailLinks(client);
  await client.rebaseline();
}

function sameForm(a: PageForm, b: PageForm): boolean {
  return a.action === b.action && a.fields.map((f) => f.name).join() === b.fields.map((f) => f.name).join() && a.buttons.join() === b.buttons.join();
}

/** A reschedule request, so its emailed accept/reject links (/a/…) give real action tokens. */
async function requestReschedule(client: FuzzClient) {
  const student = client.role("student");
  const form = student.forms.find((f) => /\/reschedule/.test(f.action) && f.fields.some((x) => x.name === "startsAt"));
  if (!form) return;
  const fields = form.fields.map((f): [string, string] => [f.name, f.name === "reason" ? "Fuzz setup" : (f.values[0] ?? "")]);
  await client.api.fetch(form.action, { method: "POST", headers: { origin: client.base, cookie: student.cookie }, form: Object.fromEntries(fields) });
}

/** Links from delivered emails (action links, sign-in links): real tokens for /a/:token and /login/magic. */
export async function harvestEmailLinks(client: FuzzClient) {
  const resend = `http://127.0.0.1:${process.env.FAKE_RESEND_PORT ?? 4010}/_test/emails`;
  const emails = (await (await client.api.fetch(resend, { headers: { cookie: "" } })).json().catch(() => [])) as { text?: string }[];
  const escaped = client.base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const email of emails) {
    for (const match of (email.text ?? "").matchAll(new RegExp(`${escaped}(/[^\\s)>"]*)`, "g"))) {
      const path = match[1];
      if (!path.startsWith("/a/") && !path.startsWith("/login/magic")) continue;
      for (const role of client.roles.values()) addEmailedLink(role, path);
    }
  }
}

function addEmailedLink(role: Role, path: string) {
  role.urls.add(path);
  if (path.startsWith("/a/") && !role.forms.some((f) => f.action === path)) {
    role.forms.push({
      method: "post",
      action: path,
      fields: [],
      buttons: [
        ["intent", "accept"],
        ["intent", "cancel"],
        ["intent", "reject"],
      ],
    });
  }
}

export function describeCrawl(client: FuzzClient) {
  for (const role of client.roles.values()) {
    console.log(`${role.name}: ${role.urls.size} pages, pools ${JSON.stringify(Object.fromEntries(Object.entries(role.pools).map(([k, v]) => [k, v.length])))}`);
    for (const url of role.urls) console.log(`  GET ${url}`);
    for (const form of role.forms)
      console.log(`  POST ${form.action} ${form.fields.map((f) => `${f.name}(${f.type}:${f.values.length})`).join(" ")} ${form.buttons.map((b) => b.join("=")).join(" ")}`);
  }
}
