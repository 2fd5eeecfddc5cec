/**
 * Runs the fake Stripe as its own process, for `npm run dev` and for Playwright's web servers.
 * Point the app's Stripe client at the printed URL and its webhook secret at FAKE_STRIPE_WEBHOOK_SECRET.
 */
import { startFakeStripe } from "./fake-stripe";

const fake = await startFakeStripe({
  port: Number(process.env.FAKE_STRIPE_PORT ?? 4020),
  webhookUrl: process.env.FAKE_STRIPE_WEBHOOK_URL || undefined,
  webhookSecret: process.env.FAKE_STRIPE_WEBHOOK_SECRET || "whsec_fake",
});
console.log(`fake Stripe on ${fake.url}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
