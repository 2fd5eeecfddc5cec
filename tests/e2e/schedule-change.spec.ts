import { expect, test, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { expectAccessible } from "./accessibility";
import { alwaysOpenTutor, bookAndPayFirstLength, COORDINATOR_ZONE, parentWithOneChild, signedInBrowser, ZONE } from "./booking-helpers";
import { DEMO_PASSWORD, waitForEmail } from "./helpers";

/**
 * Staff's schedule changes (issue 16, docs/decisions/031), with JavaScript on and off: a coordinator
 * cancels with a 50 % refund and no pay for the tutor, reschedules without negotiation, and an admin
 * cancels two ticked sessions from the operations list in one go.
 */

/** A half-hour time two days ahead in London, at `hour`:30 (inside the always-open tutor's day). */
const twoDaysAhead = (hour: number) => DateTime.now().setZone(ZONE).plus({ days: 2 }).set({ hour, minute: 30, second: 0, millisecond: 0 });

/** The parent's new booking (they are on its "Booking confirmed" page): its page's URL and its session's id. */
async function bookedSession(page: Page, tutorName: string, start: DateTime) {
  await bookAndPayFirstLength(page, tutorName, start, "£20.00");
  const bookingUrl = page.url();
  const sessionHref = (await page.getByRole("link", { name: "Open the session" }).getAttribute("href"))!;
  return { bookingUrl, sessionId: sessionHref.split("/").pop()! };
}

test("a coordinator cancels with a 50% refund and no pay; the staff page and the parent's booking show it", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "schedcancel");
  const { parentEmail } = await parentWithOneChild(page, testInfo, "Schedcancel");
  const { bookingUrl, sessionId } = await bookedSession(page, tutor.name, twoDaysAhead(10));

  const { context, page: staff } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goto(`/coordinator/sessions/${sessionId}`);
  await staff.getByRole("link", { name: "Reschedule, cancel or move to another tutor" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: /^Change / })).toBeVisible();
  await expect(staff.getByRole("link", { name: "Move to another tutor" })).toHaveAttribute("href", `/coordinator/sessions/${sessionId}/reassign`);
  await staff.getByRole("link", { name: "Cancel", exact: true }).click();
  await expect(staff.getByRole("button", { name: "Preview the cancellation" })).toBeVisible();

  // A short note is explained beside its field, the choices kept.
  await staff.getByRole("radio", { name: "Tutor unavailable" }).check();
  await staff.getByLabel("Refund or credit, % of what is left of each payment").fill("50");
  await staff.getByLabel(/^Notes/).fill("Ill");
  await staff.getByRole("button", { name: "Preview the cancellation" }).click();
  await expect(staff.getByText("Write at least 10 characters, so the trail explains the change.")).toBeVisible();
  await expect(staff.getByLabel("Refund or credit, % of what is left of each payment")).toHaveValue("50");
  await staff.getByLabel(/^Notes/).fill("The tutor is ill this week, sorry.");
  await staff.getByRole("button", { name: "Preview the cancellation" }).click();
  const preview = staff.getByRole("region", { name: "What cancelling does" });
  await expect(preview).toContainText("£20.00 left of the payment; refund 50%: £10.00, through Stripe.");
  await expect(preview).toContainText(`${tutor.name}'s pay: £0.00 (no pay; full pay is £20.00)`);
  await expect(preview).toContainText(parentEmail);
  await expectAccessible(staff, testInfo);
  await staff.screenshot({ path: testInfo.outputPath("change-cancel-preview.png"), fullPage: true });
  await preview.getByRole("button", { name: "Cancel the session and refund £10.00" }).click();

  await expect(staff.getByText("The session was cancelled. Refunding £10.00.")).toBeVisible();
  await expect(staff).toHaveURL(new RegExp(`/coordinator/sessions/${sessionId}$`));
  await expect(staff.getByText(/^Cancelled \(coordinator\)/)).toBeVisible();
  await expect(staff.getByText(/refunded £10\.00|£10\.00 not yet processed/)).toBeVisible();
  await context.close();

  await waitForEmail(page.request, parentEmail, /^Cancelled:/);
  await waitForEmail(page.request, tutor.email, /^Cancelled:/);
  // The refund goes to Stripe after the commit: look again until its row says it went through.
  await expect(async () => {
    await page.goto(bookingUrl);
    await expect(page.getByRole("region", { name: "Cancellation" }).getByRole("definition").nth(2)).toHaveText("£10.00: refunded", { timeout: 1_000 });
  }).toPass();
  await expect(page.getByRole("region", { name: "Cancellation" })).toContainText("A coordinator");
});

test("a coordinator cancels and credits the payer instead; the parent's account shows the credit", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "schedcredit");
  await parentWithOneChild(page, testInfo, "Schedcredit");
  const { sessionId } = await bookedSession(page, tutor.name, twoDaysAhead(12));

  const { context, page: staff } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goto(`/coordinator/sessions/${sessionId}/change?type=cancel`);
  await staff.getByRole("radio", { name: "Tutor unavailable" }).check();
  await staff.getByRole("radio", { name: "Credit the payer's account instead" }).check();
  await staff.getByLabel("Refund or credit, % of what is left of each payment").fill("50");
  await staff.getByLabel(/^Notes/).fill("The tutor is ill this week, sorry.");
  await staff.getByRole("button", { name: "Preview the cancellation" }).click();
  const preview = staff.getByRole("region", { name: "What cancelling does" });
  await expect(preview).toContainText("£20.00 left of the payment; credit 50%: £10.00 as credit to");
  await expect(preview).toContainText("nothing through Stripe.");
  await staff.screenshot({ path: testInfo.outputPath("change-cancel-credit-preview.png"), fullPage: true });
  await preview.getByRole("button", { name: "Cancel the session and credit £10.00" }).click();
  await expect(staff.getByText("The session was cancelled. Crediting £10.00 to the payers' accounts.")).toBeVisible();
  await context.close();

  await page.goto("/account");
  const creditCard = page.getByRole("region", { name: "Credit" });
  await expect(creditCard.getByRole("listitem").first()).toContainText("£10.00");
  await expect(creditCard.getByText(/credited instead of refunded/)).toBeVisible();
});

test("a coordinator reschedules a session to a new time, and everyone is emailed it", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "schedmove");
  const { parentEmail } = await parentWithOneChild(page, testInfo, "Schedmove");
  const start = twoDaysAhead(11);
  const { sessionId } = await bookedSession(page, tutor.name, start);

  const { context, page: staff } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goto(`/coordinator/sessions/${sessionId}/change?type=reschedule`);
  // The coordinator types the new time in their own zone (New York): three hours later, an hour long.
  const moved = start.plus({ hours: 3 }).setZone(COORDINATOR_ZONE);
  await staff.getByLabel("Date").fill(moved.toISODate()!);
  await staff.getByLabel("Start").fill(moved.toFormat("HH:mm"));
  await staff.getByLabel("End").fill(moved.plus({ hours: 1 }).toFormat("HH:mm"));
  await staff.getByLabel("Why it moves").fill("The family asked for a later time that day.");
  await staff.getByRole("button", { name: "Preview the new time" }).click();
  const preview = staff.getByRole("region", { name: "What rescheduling does" });
  await expect(preview).toContainText(`New time: ${moved.toFormat("ccc d LLL yyyy, HH:mm")}`);
  await expect(preview).toContainText(parentEmail);
  await expect(preview).toContainText(tutor.email);
  await expectAccessible(staff, testInfo);
  await staff.screenshot({ path: testInfo.outputPath("change-reschedule-preview.png"), fullPage: true });
  await preview.getByRole("button", { name: "Reschedule the session" }).click();
  await expect(staff.getByText(/^Moved to /)).toBeVisible();
  await context.close();

  const email = await waitForEmail(page.request, parentEmail, /^New time: /);
  // The parent's zone is London: the new time as they read it.
  expect(email.text).toContain(start.plus({ hours: 3 }).toFormat("HH:mm"));
  await waitForEmail(page.request, tutor.email, /^New time: /);
  await page.goto(`/sessions/${sessionId}`);
  await expect(page.getByText(start.plus({ hours: 3 }).toFormat("HH:mm")).first()).toBeVisible();
});

test("an admin ticks two sessions on the operations list and cancels both in one go", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "schedbulk");
  await parentWithOneChild(page, testInfo, "Schedbulk");
  await bookedSession(page, tutor.name, twoDaysAhead(12));
  await bookedSession(page, tutor.name, twoDaysAhead(14));

  const { context, page: admin } = await signedInBrowser(browser, testInfo, "admin@tutordesk.test", DEMO_PASSWORD);
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.goto(`/coordinator/sessions?tutor=${encodeURIComponent(tutor.name)}`);
  const boxes = admin.getByRole("checkbox", { name: /^Select for cancelling:/ });
  await expect(boxes).toHaveCount(2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await admin.getByRole("button", { name: "Cancel the ticked sessions…" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Cancel sessions in bulk" })).toBeVisible();
  await expect(admin.getByText("2 ticked; 2 can be cancelled.", { exact: false })).toBeVisible();
  await expectAccessible(admin, testInfo);
  await admin.getByRole("radio", { name: "Tutor unavailable" }).check();
  await admin.getByLabel(/^Notes/).fill("The tutor has left the agency.");
  await admin.getByRole("button", { name: "Preview the refunds" }).click();
  const confirm = admin.getByRole("region", { name: /^Confirm: cancel 2 sessions/ });
  await expect(confirm.getByText(/: £20\.00 left, refund £20\.00/)).toHaveCount(2);
  await admin.screenshot({ path: testInfo.outputPath("bulk-cancel-confirm.png"), fullPage: true });
  await confirm.getByRole("button", { name: "Cancel 2 sessions and refund £40.00" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Bulk cancel: the result" })).toBeVisible();
  await expect(admin.getByText("2 of 2 cancelled.")).toBeVisible();
  await expect(admin.getByText("Cancelled; refunding £20.00.")).toHaveCount(2);
  await expectAccessible(admin, testInfo);
  await context.close();
});
