/**
 * What the fuzz test sends: the fixed seeds of issue 12, and seeded random variations of the pages,
 * links and forms each role's crawl found. Every choice comes from one seeded Random, so a seed
 * always plans the same requests.
 */
import Stripe from "stripe";
import type { Planned } from "./client";
import type { FuzzDatabase } from "./database";
import { BAD_DATES, BAD_DATETIMES, BAD_WEEKS, badBody, badCookie, encodeComponent, mutatePathSegment, mutateValue, type Random, type RawBody } from "./generators";
import type { PageForm } from "./html";
import { PASSWORD, ROLE_EMAILS, ROLES, type Role, type RoleName } from "./identities";
import { fillPattern, routeFor, type RouteInfo } from "./inventory";

/** Query names read through helpers rather than `searchParams.get` in the route file. */
const EXTRA_QUERY_NAMES = ["code", "token", "redirectTo", "week", "day", "start", "slot", "duration", "student", "subject", "meetingType"];
const WEBHOOK_SECRET = "whsec_e2e";
const CHECKOUT_EVENTS = ["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed", "checkout.session.expired"];

export class Planner {
  private readonly stripe = new Stripe("sk_test_x");

  constructor(
    private readonly random: Random,
    private readonly roles: Map<RoleName, Role>,
    private readonly routes: RouteInfo[],
    private readonly db: FuzzDatabase,
  ) {}

  /** A route's URL with real ids the role can see (a random word when it sees none). */
  instantiate(route: RouteInfo, role: Role): string {
    const segments: Record<string, string> = {};
    for (const param of route.params) {
      const pool = role.pools[param] ?? [];
      segments[param] = pool.length > 0 ? encodeURIComponent(this.random.pick(pool.slice(0, 3))) : this.random.word(20);
    }
    return fillPattern(route, segments);
  }

  /** Signing the fuzzer out is no finding. */
  allowed(role: Role, url: string): boolean {
    return !(role.userId && url.split("?")[0] === "/logout");
  }

  /** Action URLs a role can post to: its forms' actions, and every route with an action (index routes with ?index). */
  actionUrls(role: Role): string[] {
    const fromForms = role.forms.map((f) => f.action);
    const fromRoutes = this.routes.filter((r) => r.hasAction).map((r) => this.instantiate(r, role) + (r.index ? "?index" : ""));
    return [...new Set([...fromForms, ...fromRoutes])].filter((url) => this.allowed(role, url));
  }

  // ---- forms ---------------------------------------------------------------------------------

  private placeholder(name: string): string {
    if (/email/i.test(name)) return `fuzz.${this.random.word(8)}@example.test`;
    if (/password/i.test(name)) return `fuzz-${this.random.word(12)}`;
    if (/code/i.test(name)) return String(this.random.int(1_000_000)).padStart(6, "0");
    if (/name|title|reason|note|headline|bio|description|location/i.test(name)) return `Fuzz ${this.random.word(6)}`;
    return this.random.word(8);
  }

  /** The form as a browser would submit it: current values, one choice per select, one submit button. */
  baseFields(form: PageForm): [string, string][] {
    const fields: [string, string][] = [];
    for (const field of form.fields) {
      if ((field.type === "checkbox" || field.type === "radio") && this.random.chance(0.4)) continue;
      const choices = field.values.filter((v) => v !== "");
      const value = field.type === "select" && choices.length > 0 ? (this.random.chance(0.6) ? choices[0] : this.random.pick(choices)) : (field.values[0] ?? "");
      fields.push([field.name, value === "" && field.type !== "select" && field.type !== "hidden" ? this.placeholder(field.name) : value]);
    }
    if (form.buttons.length > 0) fields.push(this.random.pick(form.buttons));
    return fields;
  }

  private mutateFields(fields: [string, string][], form: PageForm | null): { fields: [string, string][]; label: string } {
    const random = this.random;
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
        const intents = [
          ...new Set(
            this.role("admin")
              .forms.concat(...[...this.roles.values()].map((r) => r.forms))
              .flatMap((f) => f.buttons.map(([, v]) => v)),
          ),
        ];
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

  // ---- links ---------------------------------------------------------------------------------

  /** A URL with one path param or query value replaced, or a query param added, duplicated or removed. */
  private mutateUrl(url: string, role: Role): { url: string; label: string } {
    const random = this.random;
    const [path, query = ""] = url.split("?");
    const entries: [string, string][] = [...new URLSearchParams(query).entries()];
    const match = routeFor(this.routes, path);
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
      const segments: Record<string, string> = { ...match.values };
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
      const name = random.pick([...(match?.route.queryNames ?? []), ...EXTRA_QUERY_NAMES]);
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

  // ---- webhooks ------------------------------------------------------------------------------

  private webhook(data: unknown, type = "checkout.session.completed"): Planned {
    const payload = JSON.stringify({ id: `evt_fuzz_${this.random.word(16)}`, object: "event", type, api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), data });
    const signature = this.stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const shown = JSON.stringify(data) ?? "undefined";
    const label = `webhook ${type} data=${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}`;
    return {
      role: "anonymous",
      method: "POST",
      url: "/webhooks/stripe",
      raw: { label, contentType: "application/json", body: payload },
      headers: { "stripe-signature": signature },
      label: "webhook",
      cookie: "",
    };
  }

  /** A Checkout session as Stripe might send it, often with wrong types or missing parts, or none at all. */
  private async webhookData(): Promise<unknown> {
    const random = this.random;
    const [payment] = await this.db.query<{ id: string; participant_id: string; checkout_session_id: string | null }>(
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

  seeds(): Planned[] {
    const seeds: Planned[] = [];
    const tutorId = this.role("student").pools.tutorId[0];
    // Non-form bodies, to every action each role has (a role without a form for it posts as anonymous).
    const bodyClasses: RawBody[] = [
      { label: "json", contentType: "application/json", body: '{"intent":"profile","name":"x"}' },
      { label: "text-plain", contentType: "text/plain", body: "intent=profile\r\nname=x" },
      { label: "no-content-type", contentType: null, body: "intent=profile&name=x" },
      { label: "multipart-no-boundary", contentType: "multipart/form-data", body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n' },
      { label: "multipart-truncated", contentType: "multipart/form-data; boundary=x", body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb' },
    ];
    const seededActions = new Set<string>();
    for (const role of this.roles.values()) {
      for (const url of this.actionUrls(role)) {
        const key = `${role.userId ? "in" : "out"} ${routeFor(this.routes, url.split("?")[0])?.route.pattern ?? url}`;
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
    seeds.push({
      role: "student",
      method: "POST",
      url: "/account",
      fields: [
        ["intent", "profile"],
        ["name", "a\u0000b"],
        ["email", ROLE_EMAILS.student],
        ["timezone", "Australia/Sydney"],
      ],
      label: "seed nul",
    });
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
    const slotForm = this.formFor("tutor", "/tutor/slots", "date");
    for (const date of ["2026-02-30", "2027-13-01", "0000-00-00", "9999-12-31", "+275760-09-13"]) {
      if (slotForm) {
        const fields = this.baseFields(slotForm)
          .filter(([n]) => n !== "intent" || !slotForm.buttons.length)
          .map(([n, v]): [string, string] => [n, n === "date" ? date : v]);
        seeds.push({ role: "tutor", method: "POST", url: slotForm.action, fields, label: "seed slot date" });
      }
      const exceptionForm = this.formFor("tutor", "/tutor/schedule", "date") ?? this.formFor("tutor", "/tutor/schedule");
      if (exceptionForm) {
        const fields = exceptionForm.fields.map((f): [string, string] => [f.name, /date|day|from|to/i.test(f.name) ? date : (f.values[0] ?? "")]);
        seeds.push({ role: "tutor", method: "POST", url: exceptionForm.action, fields, label: "seed exception date" });
      }
    }
    // Characters outside Latin-1 in a redirect target.
    seeds.push({ role: "student", method: "GET", url: "/book/%F0%9F%99%82/review", label: "seed redirect" });
    seeds.push({ role: "student", method: "GET", url: `/book/${tutorId}/review?start=%F0%9F%99%82`, label: "seed redirect" });
    seeds.push({ role: "anonymous", method: "POST", url: "/a/%F0%9F%99%82", fields: [["intent", "accept"]], label: "seed redirect" });
    seeds.push({ role: "student", method: "POST", url: "/a/%F0%9F%99%82", fields: [["intent", "cancel"]], label: "seed redirect" });
    for (const redirectTo of ["/\u3000/x", "/🙂"]) {
      seeds.push({
        role: "anonymous",
        method: "POST",
        url: "/login",
        fields: [
          ["email", ROLE_EMAILS.coordinator],
          ["password", PASSWORD],
          ["redirectTo", redirectTo],
        ],
        label: "seed redirect",
      });
    }
    seeds.push({ role: "anonymous", method: "GET", url: "/sessions/%F0%9F%99%82", label: "seed redirect" });
    seeds.push({ role: "anonymous", method: "GET", url: "/tutor/slots?week=%F0%9F%99%82", label: "seed redirect" });
    // Malformed cookies.
    for (const [url, method] of [
      ["/login/code/verify", "GET"],
      ["/login/code/verify", "POST"],
      ["/login/magic?t=abc", "GET"],
      ["/login/magic", "POST"],
      ["/account", "GET"],
      ["/", "GET"],
      ["/login", "POST"],
    ] as const) {
      for (const cookie of ["_totp=%E0%A4%A", "td_code=%E0%A4%A", "td_session=%E0%A4%A", "td_flash=%E0%A4%A", "td_zone=%E0%A4%A", "td_code=e30%3D", "td_flash=eyJ"]) {
        const fields: [string, string][] | undefined =
          method === "POST"
            ? [
                ["code", "123456"],
                ["email", "x@example.test"],
                ["password", "x"],
              ]
            : undefined;
        seeds.push({ role: "anonymous", method, url, cookie, fields, label: "seed cookie" });
      }
    }
    // A signed webhook without data.
    for (const type of CHECKOUT_EVENTS) {
      for (const data of [{}, { object: null }, { object: {} }, null]) seeds.push(this.webhook(data, type));
    }
    return seeds;
  }

  // ---- random variations ---------------------------------------------------------------------

  /** The next random request, or null when it would sign the fuzzer out. */
  async next(): Promise<Planned | null> {
    const random = this.random;
    const role = this.role(random.pick(ROLES));
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
      const start = random.chance(0.75) && urls.length > 0 ? random.pick(urls) : this.instantiate(random.pick(this.routes.filter((r) => r.hasLoader)), role);
      const first = this.mutateUrl(start, role);
      const second = random.chance(0.3) ? this.mutateUrl(first.url, role) : null;
      plan = { role: role.name, method: "GET", url: second?.url ?? first.url, label: `get ${first.label}${second ? ` + ${second.label}` : ""}` };
    } else if (kind === "form" || kind === "form-url") {
      const form = random.pick(role.forms);
      const mutated = this.mutateFields(this.baseFields(form), form);
      const url = kind === "form-url" ? this.mutateUrl(form.action, role) : { url: form.action, label: "" };
      const encoding = random.chance(0.2) ? "multipart" : "urlencoded";
      plan = { role: role.name, method: "POST", url: url.url, fields: mutated.fields, encoding, label: `form ${mutated.label}${url.label ? ` url ${url.label}` : ""}` };
    } else if (kind === "bad-body") {
      const url = random.pick(this.actionUrls(role));
      const form = role.forms.find((f) => f.action === url);
      const raw = badBody(form ? this.baseFields(form) : [["intent", "x"]], random);
      plan = { role: role.name, method: "POST", url, raw, label: `bad-body ${raw.label}` };
    } else if (kind === "cookie") {
      const cookie = badCookie(random);
      const post = random.chance(0.3);
      const anonymous = this.role("anonymous");
      const url = post ? random.pick(this.actionUrls(anonymous)) : random.pick([...anonymous.urls, ...role.urls]);
      const form = anonymous.forms.find((f) => f.action === url);
      const fields = post ? (form ? this.baseFields(form) : ([["intent", "x"]] as [string, string][])) : undefined;
      plan = { role: "anonymous", method: post ? "POST" : "GET", url, cookie: cookie.header, fields, label: `cookie ${cookie.label}` };
    } else {
      plan = this.webhook(await this.webhookData(), random.pick(CHECKOUT_EVENTS));
    }
    return this.allowed(role, plan.url) ? plan : null;
  }

  private role(name: RoleName): Role {
    return this.roles.get(name)!;
  }

  private formFor(roleName: RoleName, actionPrefix: string, field?: string): PageForm | undefined {
    return this.role(roleName).forms.find((f) => f.action.startsWith(actionPrefix) && (!field || f.fields.some((x) => x.name === field)));
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
