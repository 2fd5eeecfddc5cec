import { expect, test } from "@playwright/test";
import { expectAccessible } from "./accessibility";
import { alwaysOpenTutor, signedInBrowser } from "./booking-helpers";
import { DEMO_PASSWORD } from "./helpers";

/**
 * An admin marks a tutor not verified from the tutor's user page (then verified again); a coordinator
 * cannot reach the page. Who is offered replacement sessions is the service test's business
 * (tests/services/replacements.test.ts); this is the admin's form, with JavaScript on and off.
 */
test("an admin marks a tutor not verified, then verified again", async ({ browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "vetting");
  const { context, page } = await signedInBrowser(browser, testInfo, "admin@tutordesk.test", DEMO_PASSWORD);
  await page.goto(`/admin/users?q=${encodeURIComponent(tutor.email)}`);
  await page.getByRole("link", { name: tutor.name }).click();
  await expect(page.getByText("Verified: this tutor can be offered a session another tutor gives up.")).toBeVisible();
  await page.getByRole("button", { name: "Mark as not verified" }).click();
  await expect(page.getByText("The tutor is marked not verified: they are no longer offered other tutors' sessions.")).toBeVisible();
  await expect(page.getByText("Not verified: this tutor keeps their own bookings but is never offered another tutor's session.")).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole("button", { name: "Mark as verified" }).click();
  await expect(page.getByText("Verified: this tutor can be offered a session another tutor gives up.")).toBeVisible();
  const userPath = new URL(page.url()).pathname;
  await context.close();

  const { context: coordinatorContext, page: coordinatorPage } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  const refused = await coordinatorPage.goto(userPath);
  expect(refused?.status()).toBe(403);
  await coordinatorContext.close();
});
