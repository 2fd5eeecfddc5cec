/**
 * Tutordesk's HTTP server: security headers with a per-request CSP nonce, an Origin check on every
 * state-changing request, rate limits on the sign-in endpoints, compression, static assets and the
 * Remix handler. Opens the embedded database when DATABASE_URL is not set.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { migrate, openDatabase } from "./db/launch";
import { appBaseUrl } from "./app/services/env.server";
import { loopbackRedirect } from "./server/app-url";
import { drainUnreadBodies, refuseOversizedBodies, refuseUnreadableUrls } from "./server/guards";

const isProduction = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

// Payments: production needs real Stripe keys; development without them clicks through a local fake.
const paymentsOn = process.env.PAYMENTS !== "off";
if (paymentsOn && isProduction && (!process.env.STRIPE_SECRET_KEY || !process.env.STRIPE_WEBHOOK_SECRET)) {
  console.error("Payments are on: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or PAYMENTS=off to run without payments).");
  process.exit(1);
}
const fakeStripe =
  paymentsOn && !isProduction && !process.env.STRIPE_SECRET_KEY
    ? await import("./dev/fake-stripe").then(({ startFakeStripe }) =>
        startFakeStripe({ port: Number(process.env.FAKE_STRIPE_PORT ?? port + 1000), webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`, webhookSecret: "whsec_dev_fake" }),
      )
    : undefined;
if (fakeStripe) {
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_dev_fake", STRIPE_WEBHOOK_SECRET: "whsec_dev_fake", STRIPE_API_BASE: fakeStripe.url });
  console.log(`No STRIPE_SECRET_KEY: payments go to the local test checkout at ${fakeStripe.url}`);
}
// Telegram: production shows the feature only with TELEGRAM_BOT_TOKEN; development without one talks to a
// local fake Bot API (its /__fake/chat page plays the tutor's Telegram), unless TELEGRAM=off.
const fakeTelegram =
  !isProduction && !process.env.TELEGRAM_BOT_TOKEN && process.env.TELEGRAM !== "off"
    ? await import("./dev/fake-telegram").then(({ startFakeTelegram }) =>
        startFakeTelegram({
          port: Number(process.env.FAKE_TELEGRAM_PORT ?? port + 1030),
          token: "123456:dev-fake-telegram",
          webhookUrl: `http://127.0.0.1:${port}/webhooks/telegram`,
          webhookSecret: "dev-telegram-webhook-secret",
        }),
      )
    : undefined;
if (fakeTelegram) {
  Object.assign(process.env, {
    TELEGRAM_BOT_TOKEN: "123456:dev-fake-telegram",
    TELEGRAM_WEBHOOK_SECRET: "dev-telegram-webhook-secret",
    TELEGRAM_API_BASE: fakeTelegram.url,
    TELEGRAM_BOT_USERNAME: "tutordesk_dev_bot",
  });
  console.log(`No TELEGRAM_BOT_TOKEN: the bot talks to a local fake; chat with it at ${fakeTelegram.url}/__fake/chat`);
}
/** Where the booking form's redirect to Checkout lands: form-action must allow it (browsers check redirects too). */
const checkoutOrigin = paymentsOn ? (process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE).origin : "https://checkout.stripe.com") : null;

const database = await openDatabase({ dataDir: process.env.EMBEDDED_DATA_DIR ?? path.resolve("data/pglite") });
process.env.DATABASE_URL = database.url;
if (database.embedded) {
  process.env.TUTORDESK_EMBEDDED_DB = "1";
  if (process.env.SKIP_MIGRATIONS !== "1") await migrate(database.url);
}

const viteDevServer = isProduction ? undefined : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

async function loadBuild(): Promise<ServerBuild> {
  if (viteDevServer) return (await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  // @ts-expect-error -- produced by `npm run build`
  return (await import("./build/server/index.js")) as ServerBuild;
}

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, set TRUST_PROXY (e.g. "1") so rate limits and the audit trail see the client's address.
app.set("trust proxy", process.env.TRUST_PROXY ?? false);

// The client address every later layer reads; a client-sent value is always replaced.
app.use((req, _res, next) => {
  req.headers["x-tutordesk-client-ip"] = req.ip ?? "";
  next();
});

app.use(refuseUnreadableUrls, refuseOversizedBodies, drainUnreadBodies);

// One host name for the app on this machine: its links (emails, magic links, Stripe's return) use
// appBaseUrl, and a login cookie set on 127.0.0.1 is not sent to localhost.
const baseUrl = appBaseUrl();
app.use((req, res, next) => {
  const to = loopbackRedirect({ method: req.method, protocol: req.protocol, host: req.get("host"), url: req.originalUrl }, baseUrl);
  if (to) res.redirect(302, to);
  else next();
});

app.use((_req, res, next) => {
  res.locals.nonce = randomBytes(16).toString("base64");
  next();
});

app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.nonce}'`],
        // Vite injects styles from JavaScript in development only.
        "style-src": isProduction ? ["'self'"] : ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": isProduction ? ["'self'"] : ["'self'", "ws:"],
        "form-action": ["'self'", ...(checkoutOrigin ? [checkoutOrigin] : []), ...(process.env.CSP_FORM_ACTION_EXTRA?.split(" ").filter(Boolean) ?? [])],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        ...(isProduction && process.env.APP_URL?.startsWith("https://") ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: isProduction && process.env.APP_URL?.startsWith("https://") ? undefined : false,
    referrerPolicy: { policy: "same-origin" },
  }),
);

/** Machine endpoints authenticate themselves (bearer secret, webhook signature) instead of by Origin. */
const MACHINE_ENDPOINTS = new Set(["/jobs/run", "/webhooks/stripe", "/webhooks/telegram"]);

/**
 * Refuses cross-site state changes: a POST whose Origin is another site, or that the browser marks
 * cross-site, gets 403 before it reaches any action. Together with SameSite=Lax cookies this is
 * the CSRF defence.
 */
function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method) || MACHINE_ENDPOINTS.has(req.path)) return next();
  const origin = req.get("origin");
  const allowed = new Set([`${req.protocol}://${req.get("host")}`, process.env.APP_URL?.replace(/\/$/, "")]);
  const crossSite = origin ? !allowed.has(origin) : req.get("sec-fetch-site") === "cross-site";
  if (crossSite) {
    res.status(403).type("text/plain").send("Cross-site form submissions are refused.");
    return;
  }
  next();
}
app.use(sameOriginOnly);

const TOO_MANY_ATTEMPTS_PAGE =
  '<!doctype html><meta name="viewport" content="width=device-width"><title>Too many attempts</title><h1>Too many attempts</h1><p>Please wait a few minutes before trying again.</p><p><a href="/">Back to Tutordesk</a></p>';

/**
 * Per-address limit on sign-in, sign-up and code POSTs. The count lives in the database (the app's
 * rate-limits service, reached through the server build like the job runner), so several instances
 * behind a load balancer share it.
 */
async function signInRateLimit(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "POST") return next();
  try {
    const serverBuild = typeof build === "function" ? await build() : build;
    const limits = serverBuild.entry.module as unknown as { consumeSignInAllowance: (ip: string) => Promise<{ allowed: boolean; retryAfterSeconds?: number }> };
    const allowance = await limits.consumeSignInAllowance(req.ip ?? "");
    if (allowance.allowed) return next();
    res.status(429).set("Retry-After", String(allowance.retryAfterSeconds)).type("html").send(TOO_MANY_ATTEMPTS_PAGE);
  } catch (error) {
    next(error);
  }
}
app.use(["/login", "/signup"], signInRateLimit);

app.use(compression());

/** Static files only for paths that name a file: page requests then skip the file-system lookups. */
function filesOnly(handler: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => (path.extname(req.path) ? handler(req, res, next) : next());
}

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Fingerprinted assets never change, so browsers may keep them for a year.
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", fallthrough: false }));
  app.use(filesOnly(express.static("build/client", { maxAge: "1h" })));
}
app.use(filesOnly(express.static("public", { maxAge: "1h" })));

const build = viteDevServer ? loadBuild : await loadBuild();

app.all(
  "*",
  createRequestHandler({
    build,
    mode: isProduction ? "production" : "development",
    getLoadContext: (_req, res) => ({ nonce: res.locals.nonce as string, memo: new Map<string, unknown>() }),
  }),
);

const server = app.listen(port, host, () => {
  // The base every emailed link uses (appBaseUrl), so the address people open is the one links return to.
  console.log(`Tutordesk on ${appBaseUrl()} (${database.embedded ? "embedded database" : "DATABASE_URL"})`);
});
// Node closes an idle kept-alive connection after 5 s, the interval at which some clients (proxies,
// the job poller in the e2e tests) send their next request on it: a request that crosses the close is
// reset (ECONNRESET). Keep connections longer than any such client waits; headers just above that.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// Embedded or development: no external scheduler is expected, so run due jobs every minute here.
let jobTimer: NodeJS.Timeout | undefined;
if ((database.embedded || !isProduction) && process.env.DISABLE_JOB_TIMER !== "1") {
  const tick = async () => {
    try {
      const serverBuild = typeof build === "function" ? await build() : build;
      const runner = serverBuild.entry.module as unknown as { runDueJobs?: () => Promise<unknown> };
      await runner.runDueJobs?.();
    } catch (error) {
      console.error("in-process job run failed", error);
    }
  };
  jobTimer = setInterval(tick, 60_000);
  setTimeout(tick, 5_000);
}

let shuttingDown = false;
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal}: closing`);
  clearInterval(jobTimer);
  server.close();
  await viteDevServer?.close();
  await fakeStripe?.close();
  await fakeTelegram?.close();
  await database.stop();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
