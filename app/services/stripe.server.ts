import Stripe from "stripe";
import { env } from "./env.server";

let client: Stripe | undefined;
let clientKey: string | undefined;

/**
 * The Stripe SDK, pointed at STRIPE_API_BASE when set (the local fake in development and tests).
 * Built lazily: pages that never touch payments must not need a key.
 */
export function stripe(): Stripe {
  const key = env.stripeSecretKey;
  if (client && clientKey === key) return client;
  const base = env.stripeApiBase ? new URL(env.stripeApiBase) : null;
  client = new Stripe(key, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol.replace(":", "") as "http" | "https" } : {}),
  });
  clientKey = key;
  return client;
}

/** Checks the Stripe-Signature header against the raw body; throws when it does not match. */
export function verifyWebhook(rawBody: string, signature: string | null): Stripe.Event {
  if (!signature) throw new Error("The Stripe-Signature header is missing");
  return stripe().webhooks.constructEvent(rawBody, signature, env.stripeWebhookSecret);
}

export type CheckoutSession = Stripe.Checkout.Session;
