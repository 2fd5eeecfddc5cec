import { expectAccessible } from "./accessibility";
import { expect, test } from "@playwright/test";
import { alwaysOpenTutor, bookSessionOverOnLaterInstance, openTutorFromList, parentWithOneChild, recordSessionHappened, signedInBrowser } from "./booking-helpers";
import { DEMO_PASSWORD, signIn, waitForEmail } from "./helpers";
import { later, laterInstanceUp, laterUrl } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

/**
 * Three days on (the later instance) a session is over; a coordinator records that it happened, and
 * the parent who booked it for their child is emailed a link to confirm the hours. The link's page
 * shows what the tutor recorded; a comment without stars is explained beside the stars, the comment
 * kept; then the parent confirms with 5 stars, and the tutor's public page counts the rating.
 */
test("a parent confirms the hours from the emailed link and rates the session", async ({ page, browser }, testInfo) => {
  // Four people in turn (parent, coordinator, tutor, admin) on two instances: a long flow.
  test.slow();
  const tutor = await alwaysOpenTutor(testInfo, "hours");
  const { parentName, parentEmail, childName } = await parentWithOneChild(page, testInfo, "Hours");
  const { start, sessionPath } = await bookSessionOverOnLaterInstance(page, tutor.name);

  // A coordinator records the session (the tutor never checked in); the booker is then asked to confirm.
  await recordSessionHappened(browser, testInfo, { tutorName: tutor.name, sessionPath, start, minutes: 30 });

  const email = await waitForEmail(page.request, parentEmail, /^Please confirm the hours: /);
  expect(email.text).toContain(`Actual time: ${start.toFormat("cccc d LLLL yyyy, HH:mm")}–${start.plus({ minutes: 30 }).toFormat("HH:mm")}`);
  const link = later(email.text.match(/(https?:\/\/\S+\/a\/[A-Za-z0-9_-]+)/)![1]);

  // The link's page, opened signed out: the recorded hours and the form; opening it changed nothing.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm the hours" })).toBeVisible();
  await expect(page.getByText(`${tutor.name} recorded`)).toContainText("30 minutes");
  const confirmForm = page.getByRole("form", { name: "Confirm the hours" });
  await confirmForm.getByLabel("Comment (optional)").fill("Clear explanations & <patient>");
  await confirmForm.getByRole("button", { name: "Confirm the hours" }).click();
  await expect(confirmForm.getByText("Choose the stars for your comment, from 1 to 5.")).toBeVisible();
  await expect(confirmForm.getByLabel("Comment (optional)")).toHaveValue("Clear explanations & <patient>");
  await expectAccessible(page, testInfo);

  await confirmForm.getByRole("radio", { name: "5 · Excellent" }).check();
  await confirmForm.getByRole("button", { name: "Confirm the hours" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you: the hours are confirmed" })).toBeVisible();

  // The link is used; the session is completed, with the rating, on the parent's session page.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "This link has been used" })).toBeVisible();
  await signIn(page, parentEmail, "a long e2e password");
  await page.goto(`${laterUrl}${sessionPath}`);
  await expect(page.getByRole("definition").filter({ hasText: /^Completed$/ })).toBeVisible();
  await expect(page.getByText(new RegExp(`^Hours confirmed by ${parentName}, `))).toBeVisible();
  const rating = page.getByRole("form", { name: "Your rating" });
  await expect(rating.getByRole("radio", { name: "5 · Excellent" })).toBeChecked();
  await expect(rating.getByLabel("Comment (optional)")).toHaveValue("Clear explanations & <patient>");

  // Everyone looking for a tutor sees the rating counted.
  await openTutorFromList(page, tutor.name);
  await expect(page.getByText("Rated 5.0 out of 5 from 1 rating")).toBeAttached();

  // The completed session is in the tutor's earnings (the £20.00 price, no platform fee by default)…
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  await tutorPage.goto(`${laterUrl}/tutor`);
  await tutorPage.getByRole("link", { name: "Earnings" }).click();
  await expect(tutorPage.getByRole("heading", { level: 1, name: "Earnings" })).toBeVisible();
  const month = tutorPage
    .getByRole("table", { name: /^Earnings in / })
    .getByRole("row")
    .filter({ hasText: childName });
  await expect(month).toContainText("Session completed");
  await expect(month).toContainText("£20.00");
  await expectAccessible(tutorPage, testInfo);
  await tutorContext.close();

  // …and in the admins' payroll for a period around it (days in the admin's London zone).
  const { context: adminContext, page: adminPage } = await signedInBrowser(browser, testInfo, "admin@tutordesk.test", DEMO_PASSWORD);
  await adminPage.goto(`${laterUrl}/admin/payroll`);
  const laterDay = start.setZone("Europe/London");
  await adminPage.getByLabel("First day").fill(laterDay.minus({ days: 1 }).toISODate()!);
  await adminPage.getByLabel("Last day").fill(laterDay.plus({ days: 1 }).toISODate()!);
  await adminPage.getByRole("button", { name: "Show" }).click();
  const tutorRow = adminPage.getByRole("row").filter({ hasText: tutor.name });
  await expect(tutorRow).toContainText("1 seat");
  await expect(tutorRow).toContainText("Earned £20.00");
  await expectAccessible(adminPage, testInfo);
  await adminContext.close();
});
