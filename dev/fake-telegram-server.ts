/**
 * Runs the fake Telegram Bot API as its own process, for Playwright's web servers (and by hand).
 * Point the app's TELEGRAM_API_BASE at the printed URL.
 */
import { startFakeTelegram } from "./fake-telegram";

const fake = await startFakeTelegram({
  port: Number(process.env.FAKE_TELEGRAM_PORT ?? 4030),
  token: process.env.FAKE_TELEGRAM_TOKEN || undefined,
  webhookUrl: process.env.FAKE_TELEGRAM_WEBHOOK_URL || undefined,
  webhookSecret: process.env.FAKE_TELEGRAM_WEBHOOK_SECRET || undefined,
});
console.log(`fake Telegram on ${fake.url}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
