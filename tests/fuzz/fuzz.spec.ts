/**
 * Issue 12: a bounded, seeded fuzz of every route with a form or a parameter, as every role.
 *
 * 1. Signs in one request identity per role and books a few sessions, so session, booking and slot
 *    pages have real ids (setup.ts).
 * 2. Crawls each role's pages (starting from every route in app/routes, filled with real ids) to
 *    collect links and forms: field names, their current values and choices, and `intent` buttons.
 * 3. Sends the fixed seeds of issue 12 (non-form bodies, NUL bytes, out-of-range dates, non-Latin-1
 *    redirect targets, malformed cookies, a signed webhook without data), then random variations
 *    around them until FUZZ_REQUESTS requests or FUZZ_SECONDS have passed (planner.ts).
 *
 * One request at a time; after each one the database is fingerprinted. No answer may be 5xx, and a
 * request answered 4xx must leave the database as it was (client.ts). Every failure is collected and
 * the test fails once, at the end, with the distinct failures and the seed (FUZZ_SEED reruns the
 * same inputs).
 *
 * Run it on its own: `playwright test --project fuzz` (scripts/test-all.ts does).
 */
import { test } from "@playwright/test";
import { FuzzClient } from "./client";
import { FuzzDatabase } from "./database";
import { Random } from "./generators";
import { newRoles } from "./identities";
import { readRoutes } from "./inventory";
import { Planner } from "./planner";
import { bookSessions, crawl, describeCrawl, harvestEmailLinks, refreshPools, signInEveryone } from "./setup";

const SEED = Number(process.env.FUZZ_SEED ?? 12012);
const MAX_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const MAX_SECONDS = Number(process.env.FUZZ_SECONDS ?? 120);
/** Ids and emailed links are read again this often, so new bookings and requests get fuzzed too. */
const REFRESH_EVERY = 300;

test("fuzz: no 5xx, and refused requests change nothing", async ({ playwright, baseURL }) => {
  test.setTimeout((MAX_SECONDS + 150) * 1000);
  const started = Date.now();
  const random = new Random(SEED);
  const routes = readRoutes();
  const db = await FuzzDatabase.connect();
  const api = await playwright.request.newContext({ baseURL, maxRedirects: 0, timeout: 30_000 });
  const roles = newRoles();
  const client = new FuzzClient(api, db, baseURL!, roles, random);
  const planner = new Planner(random, roles, routes, db);
  try {
    await client.rebaseline();
    await signInEveryone(client);
    await bookSessions(client);
    const crawlStart = Date.now();
    await crawl(client, planner, routes);
    const crawlSeconds = (Date.now() - crawlStart) / 1000;
    if (process.env.FUZZ_DEBUG) describeCrawl(client);

    for (const plan of planner.seeds()) await client.send(plan);
    const seeds = client.counts.requests;

    const deadline = started + MAX_SECONDS * 1000;
    let sinceRefresh = 0;
    while (client.counts.requests < MAX_REQUESTS && Date.now() < deadline) {
      if (++sinceRefresh >= REFRESH_EVERY) {
        sinceRefresh = 0;
        await refreshPools(client);
        await harvestEmailLinks(client);
      }
      const plan = await planner.next();
      if (plan) await client.send(plan);
    }

    console.log(client.summary({ seed: SEED, seeds, seconds: (Date.now() - started) / 1000, crawlSeconds }));
    const distinct = client.distinctFailures(routes);
    if (distinct.length > 0) {
      throw new Error(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} reruns it): ${client.failures.length} failing requests, ${distinct.length} distinct\n${distinct.join("\n")}`);
    }
  } finally {
    await db.close();
    await api.dispose();
  }
});
