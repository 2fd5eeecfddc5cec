import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

const fakeStripe = `http://127.0.0.1:${process.env.FAKE_STRIPE_PORT ?? 4020}`;

test("a student cancels a paid session between 2 and 24 hours ahead and gets the partial refund the page promised", async ({ page }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "cancel");
  const studentEmail = uniqueEmail("canceller", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Canceller ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });

  // About six hours from now, on the half hour, inside the tutor's day (which ends at 23:30).
  let start = DateTime.now().setZone(ZONE).plus({ hours: 6 }).startOf("hour").plus({ minutes: 30 });
  if (start.hour === 23) start = start.plus({ hours: 1 });
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");

  await page.getByRole("link", { name: "Open the session" }).click();
  await page.getByRole("link", { name: "Cancel session…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cancel this session?" })).toBeVisible();
  const promise = page.getByText(/: paid £20\.00 · (\d+)% refund: (£[\d.]+)/);
  await expect(promise).toBeVisible();
  const [, percent, amount] = (await promise.textContent())!.match(/(\d+)% refund: (£[\d.]+)/)!;
  expect(Number(percent)).toBeLessThan(100);
  expect(amount).toBe(`£${(Math.floor((2000 * Number(percent)) / 100) / 100).toFixed(2)}`);

  // A reason is required; the choice is kept when it is too short.
  await page.getByLabel("Why are you cancelling?").selectOption("Illness");
  await page.getByLabel(/Tell the tutor more/).fill("Sick");
  await page.getByRole("button", { name: "Cancel the session" }).click();
  await expect(page.getByText("Write at least 10 characters, so the other side understands.")).toBeVisible();
  await expect(page.getByLabel("Why are you cancelling?")).toHaveValue("ILLNESS");
  await page.getByLabel(/Tell the tutor more/).fill("I have the flu and cannot come, sorry.");
  await page.getByRole("button", { name: "Cancel the session" }).click();

  await expect(page.getByText(`The session was cancelled. A refund of ${amount} is on its way.`)).toBeVisible();
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Cancel session…" })).toHaveCount(0);

  // The money really went back through Stripe, once, and both sides were told.
  await expect
    .poll(async () => {
      const refunds = (await (await page.request.get(`${fakeStripe}/__fake/refunds`)).json()) as { amount: number; metadata: Record<string, string> }[];
      return refunds.filter((refund) => refund.amount === Math.round(Number(amount.slice(1)) * 100)).length;
    })
    .toBeGreaterThanOrEqual(1);
  await waitForEmail(page.request, studentEmail, /^Cancelled:/);
  await waitForEmail(page.request, tutor.email, /^Cancelled:/);
});
