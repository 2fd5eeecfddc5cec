import { Form } from "@remix-run/react";
import { SubmitButton } from "./forms";
import { Card } from "./layout";

/** Payments on or off for a tutor, as one button that flips it (the tutor's profile page and the admin's user page). */
export function PaymentsToggle({ enabled, who }: { enabled: boolean; who: "you" | "tutor" }) {
  return (
    <Card title="Payments">
      <p className="mb-3 text-sm text-slate-700">
        {enabled
          ? `Students pay when they book ${who === "you" ? "you" : "this tutor"}, at the hourly rate.`
          : `Bookings with ${who === "you" ? "you" : "this tutor"} are free consultations: they confirm without payment.`}
      </p>
      <Form method="post">
        <input type="hidden" name="paymentsEnabled" value={enabled ? "off" : "on"} />
        <SubmitButton name="intent" value="payments" tone="plain">
          {enabled ? "Make bookings free" : "Take payments again"}
        </SubmitButton>
      </Form>
    </Card>
  );
}
