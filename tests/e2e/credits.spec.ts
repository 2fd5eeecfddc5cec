import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { expectAccessible } from "./accessibility";
import { goToWeek, weekLabel } from "./availability-helpers";
import { alwaysOpenTutor, bookLink, openTutorFromList, parentWithOneChild, signedInBrowser, ZONE } from "./booking-helpers";
import { DEMO_PASSWORD } from "./helpers";

/**
 * Issue 16's credits: an admin grants a parent a goodwill credit (a reason too short is explained beside
 * its field, the amount kept); the parent sees it on their account, books a £20.00 session it covers
 * (no Stripe page: confirmed at once), and cancelling three days ahead returns the £20.00 as credit.
 */
test("an admin grants credit, the parent books a session it covers without Stripe, and cancelling returns it", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "credit");
  const { parentName, parentEmail } = await parentWithOneChild(page, testInfo, "Credit");

  const { context: adminContext, page: adminPage } = await signedInBrowser(browser, testInfo, "admin@tutordesk.test", DEMO_PASSWORD);
  await adminPage.goto(`/admin/users?q=${encodeURIComponent(parentEmail)}`);
  await adminPage.getByRole("link", { name: parentName }).click();
  const credit = adminPage.getByRole("form", { name: "Credit" }).or(adminPage.locator("form#credit"));
  await credit.getByLabel("Amount").fill("25.00");
  await credit.getByLabel("Currency").selectOption("GBP");
  await credit.getByLabel("Reason (shown to the payer)").fill("Sorry");
  await credit.getByRole("button", { name: "Save credit" }).click();
  await expect(adminPage.getByText("Say why in at least 10 characters.")).toBeVisible();
  await expect(adminPage.getByLabel("Amount")).toHaveValue("25.00");
  await adminPage.getByLabel("Reason (shown to the payer)").fill("Goodwill after a cancelled lesson");
  await adminPage.getByRole("button", { name: "Save credit" }).click();
  await expect(adminPage.getByText("Granted £25.00 of credit. The balance is now £25.00.")).toBeVisible();
  await expectAccessible(adminPage, testInfo);
  await adminContext.close();

  // The parent sees the credit on their account.
  await page.goto("/account");
  const creditCard = page.getByRole("region", { name: "Credit" });
  await expect(creditCard.getByText("£25.00", { exact: false }).first()).toBeVisible();
  await expect(creditCard.getByText("Credit from Tutordesk")).toBeVisible();
  await expect(creditCard.getByText(/Goodwill after a cancelled lesson/)).toBeVisible();
  await expectAccessible(page, testInfo);

  // Three days on, 10:00 London: the credit covers the £20.00 session.
  const start = DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  await openTutorFromList(page, tutor.name);
  await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(start));
  await bookLink(page, start).click();
  await page.getByRole("button", { name: "Continue to review" }).click();
  await expect(page.getByText("£25.00 available")).toBeVisible();
  const figures = page.getByRole("definition");
  await expect(figures.filter({ hasText: /^£20\.00$/ })).toHaveCount(2); // the price and the credit applied
  await expect(figures.filter({ hasText: /^£0\.00$/ })).toHaveCount(1); // to pay
  await expectAccessible(page, testInfo);
  await page.getByRole("button", { name: "Confirm and pay with credit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Booking confirmed" })).toBeVisible();
  expect(new URL(page.url()).port).toBe(new URL(testInfo.project.use.baseURL!).port);

  await page.goto("/account");
  await expect(page.getByRole("region", { name: "Credit" }).getByText("Used for a booking")).toBeVisible();
  await expect(page.getByRole("region", { name: "Credit" }).getByRole("listitem").first()).toContainText("£5.00");

  // Cancelling three days ahead: the whole £20.00 comes back as credit.
  await page.goto("/sessions");
  await page.getByRole("link", { name: "View session" }).first().click();
  await page.getByRole("link", { name: "Cancel session…" }).click();
  await expect(page.getByText(/100% refund: £20\.00 as credit/)).toBeVisible();
  await page.getByLabel("Why are you cancelling?").selectOption("Illness");
  await page.getByLabel(/Tell the tutor more/).fill("My child is ill and cannot come, sorry.");
  await page.getByRole("button", { name: "Cancel the session" }).click();
  await expect(page.getByText("The session was cancelled.", { exact: false })).toBeVisible();

  await page.goto("/account");
  const after = page.getByRole("region", { name: "Credit" });
  await expect(after.getByRole("listitem").first()).toContainText("£25.00");
  await expect(after.getByText("Returned from a cancelled booking")).toBeVisible();
});
