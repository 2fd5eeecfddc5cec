import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { handleStripeEvent } from "~/services/payments.server";
import { verifyWebhook } from "~/services/stripe.server";

/**
 * Stripe's webhook: the source of truth for payments. The signature is checked against the exact
 * bytes received; a bad one gets 400 and nothing is written. So does a signed event of a handled type
 * without a Checkout session to apply (logged and audited, its id not marked processed). A failure
 * after that answers 500, so Stripe delivers the event again (the event id makes the retry safe).
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Use POST." }, { status: 405 });
  const body = await request.text();
  let event;
  try {
    event = verifyWebhook(body, request.headers.get("stripe-signature"));
  } catch {
    return json({ error: "The signature does not match this body." }, { status: 400 });
  }
  const outcome = await handleStripeEvent(event);
  // Signed, but with nothing to apply (no Checkout session in data.object): a 400, not a 500 to retry.
  if (outcome === "rejected") return json({ error: "The event carries no Checkout session in data.object.", outcome }, { status: 400 });
  return json({ received: true, outcome });
}

export async function loader() {
  return json({ error: "Stripe posts events here." }, { status: 405, headers: { Allow: "POST" } });
}
