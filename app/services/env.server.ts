/**
 * The one place that reads process.env. Values are read lazily so importing a service in a test
 * never fails on a variable that test does not need.
 */
const DEV_DEFAULTS = {
  SESSION_SECRET: "dev-only-session-secret-change-me",
  TOTP_SECRET: "0".repeat(63) + "1",
  JOBS_SECRET: "dev-jobs-secret",
} as const;

function isProduction() {
  return process.env.NODE_ENV === "production";
}

function secret(name: keyof typeof DEV_DEFAULTS): string {
  const value = process.env[name];
  if (value) return value;
  if (isProduction()) throw new Error(`${name} must be set in production`);
  return DEV_DEFAULTS[name];
}

/**
 * The one base every link to the app is built from: emails, emailed action links (/a/…), magic
 * sign-in links and Stripe Checkout's success and cancel pages. APP_URL, or in development
 * http://localhost:PORT. server.ts prints it and sends a browser that arrives on another loopback
 * name (127.0.0.1, [::1]) to it: cookies belong to one host name, so a person who browsed one name
 * and followed an emailed link to the other would arrive signed out.
 */
export function appBaseUrl(source: Record<string, string | undefined> = process.env): string {
  return (source.APP_URL || `http://localhost:${source.PORT || 3000}`).replace(/\/+$/, "");
}

export const env = {
  get isProduction() {
    return isProduction();
  },
  get databaseUrl(): string {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app through server.ts, which opens the embedded database");
    return url;
  },
  /** True when server.ts opened the embedded PGlite database for this process. */
  get embeddedDatabase() {
    return process.env.TUTORDESK_EMBEDDED_DB === "1";
  },
  get sessionSecret() {
    return secret("SESSION_SECRET");
  },
  /** The key sign-in codes are hashed with (HMAC-SHA-256); 64 hexadecimal characters. */
  get totpSecret() {
    return secret("TOTP_SECRET");
  },
  get jobsSecret() {
    return secret("JOBS_SECRET");
  },
  /** The app's one public base (see appBaseUrl): every link in an email, a magic link and Stripe's return start with it. */
  get appUrl() {
    return appBaseUrl();
  },
  get resendApiKey() {
    return process.env.RESEND_API_KEY || undefined;
  },
  get emailFrom() {
    return process.env.EMAIL_FROM ?? "Tutordesk <no-reply@tutordesk.test>";
  },
  /** Emails stay in the outbox and show on /dev/mailbox: development without a Resend key. */
  get devMailbox() {
    return !isProduction() && !process.env.RESEND_API_KEY;
  },
  /** Requests per 15 minutes per IP address on the sign-in, sign-up and code endpoints. */
  get authRateLimit() {
    return Number(process.env.AUTH_RATE_LIMIT ?? 30);
  },
  /** PAYMENTS=off runs the app without Stripe: every booking confirms free of charge. */
  get paymentsEnabled() {
    return process.env.PAYMENTS !== "off";
  },
  /** Set in production (and by server.ts to the local fake in development). Never sent to a browser. */
  get stripeSecretKey() {
    const key = process.env.STRIPE_SECRET_KEY;
    if (!key) throw new Error("STRIPE_SECRET_KEY is not set: production needs it when payments are on; development starts the local fake Stripe");
    return key;
  },
  get stripeWebhookSecret() {
    const secretValue = process.env.STRIPE_WEBHOOK_SECRET;
    if (!secretValue) throw new Error("STRIPE_WEBHOOK_SECRET is not set");
    return secretValue;
  },
  /** Another Stripe API host, e.g. http://127.0.0.1:4020 for the local fake; unset means api.stripe.com. */
  get stripeApiBase() {
    return process.env.STRIPE_API_BASE || undefined;
  },
  /** The Telegram bot's token; unset hides the Telegram feature (no profile section, the webhook answers 404). */
  get telegramBotToken() {
    return process.env.TELEGRAM_BOT_TOKEN || undefined;
  },
  /**
   * What Telegram sends in X-Telegram-Bot-Api-Secret-Token (setWebhook's secret_token). Required in
   * production once a bot token is set: without it anyone could post updates to the webhook.
   */
  get telegramWebhookSecret() {
    const value = process.env.TELEGRAM_WEBHOOK_SECRET;
    if (value) return value;
    if (isProduction()) throw new Error("TELEGRAM_WEBHOOK_SECRET must be set in production when TELEGRAM_BOT_TOKEN is");
    return "dev-telegram-webhook-secret";
  },
  /** Another Bot API root, e.g. http://127.0.0.1:4030 for the local fake; unset means Telegram's. */
  get telegramApiBase() {
    return (process.env.TELEGRAM_API_BASE || "https://api.telegram.org").replace(/\/+$/, "");
  },
  /** The bot's @username, for the profile's "send /link CODE to @…"; optional. */
  get telegramBotUsername() {
    return process.env.TELEGRAM_BOT_USERNAME?.replace(/^@/, "") || undefined;
  },
  /**
   * Which summarizer writes the generated summary of a tutor's notes (app/services/session-notes.server.ts):
   * "local" (the default: extractive, offline), or the name of another registered there.
   */
  get notesSummarizer() {
    return process.env.NOTES_SUMMARIZER?.trim() || "local";
  },
  /** Seconds added to the real clock; lets end-to-end tests move time without fake timers. */
  get clockOffsetSeconds() {
    return Number(process.env.CLOCK_OFFSET_SECONDS ?? 0);
  },
};
