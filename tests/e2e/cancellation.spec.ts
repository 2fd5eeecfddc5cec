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
  const bookingUrl = page.url();

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

  // Later, with the flash message long gone, the booking's page still says what happened to the money (issue 13 B16).
  // The refund is sent to Stripe after the commit: look again until its row says it went through.
  await expect(async () => {
    await page.goto(bookingUrl);
    await expect(page.getByRole("region", { name: "Cancellation" }).getByRole("definition").nth(2)).toHaveText(`${amount}: refunded`, { timeout: 1_000 });
  }).toPass();
  await expect(page.getByRole("heading", { level: 1, name: "Booking cancelled" })).toBeVisible();
  const cancellation = page.getByRole("region", { name: "Cancellation" });
  await expect(cancellation.getByRole("term")).toHaveText(["Cancelled", "By", "Refund"]);
  await expect(cancellation.getByRole("definition").nth(0)).toHaveText(
    new RegExp(`^${DateTime.now().setZone(ZONE).toFormat("ccc d LLL yyyy")}, \\d\\d:\\d\\d GMT(\\+1)? \\(Europe/London\\)$`),
  );
  await expect(cancellation.getByRole("definition").nth(1)).toHaveText("The student");
  await expect(cancellation.getByRole("definition").nth(2)).toHaveText(`${amount}: refunded`);
  await expect(page.getByText("A refund of", { exact: false })).toHaveCount(0);
});

test("cancelling again from a second tab says the session changed meanwhile, inside the page, with a way back", async ({ page, context }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "recancel");
  await signUpByRequest(page.request, { name: `Recanceller ${testInfo.project.name}`, email: uniqueEmail("recanceller", testInfo.project.name), role: "STUDENT", timezone: ZONE });
  const start = DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");
  await page.getByRole("link", { name: "Open the session" }).click();
  await page.getByRole("link", { name: "Cancel session…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cancel this session?" })).toBeVisible();
  const cancelUrl = page.url();

  // The same person has the cancel page open twice; the first tab cancels.
  const second = await context.newPage();
  await second.goto(cancelUrl);
  for (const tab of [page, second]) {
    await tab.getByLabel("Why are you cancelling?").selectOption("Illness");
    await tab.getByLabel(/Tell the tutor more/).fill("I have the flu and cannot come, sorry.");
  }
  await page.getByRole("button", { name: "Cancel the session" }).click();
  await expect(page.getByText("The session was cancelled.", { exact: false })).toBeVisible();

  // The second tab's post is a conflict (409), not a missing page.
  const [response] = await Promise.all([
    second.waitForResponse((answer) => answer.url().startsWith(cancelUrl) && answer.request().method() === "POST"),
    second.getByRole("button", { name: "Cancel the session" }).click(),
  ]);
  expect(response.status()).toBe(409);
  await expect(second.getByRole("heading", { level: 1, name: "This changed meanwhile" })).toBeVisible();
  await expect(second.getByText("There is nothing of yours to cancel in this session: it may already be cancelled.")).toBeVisible();
  await expect(second.getByRole("heading", { name: "Page not found" })).toHaveCount(0);
  await expect(second.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" })).toBeVisible();
  await second.getByRole("link", { name: "← Back to the session" }).click();
  await expect(second.getByText("Cancelled", { exact: true }).first()).toBeVisible();
  await second.close();
});
