import { expectAccessible } from "./accessibility";
import { expect, test } from "@playwright/test";
import { bookAndPayFirstLength, signedInBrowser, ZONE, tutorWithSlotStartedOnLaterInstance } from "./booking-helpers";
import { signUpByRequest, uniqueEmail } from "./helpers";
import { laterInstanceUp, laterUrl } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

test("a tutor checks in late, checks out with a mistake explained and the input kept, marks the student late, and both see it", async ({ page, browser }, testInfo) => {
  const tutor = await tutorWithSlotStartedOnLaterInstance(testInfo, "checkout");
  const studentName = `Checkout student ${testInfo.project.name}`;
  await signUpByRequest(page.request, { name: studentName, email: uniqueEmail("checkout-student", testInfo.project.name), role: "STUDENT", timezone: ZONE });
  await bookAndPayFirstLength(page, tutor.name, tutor.start, tutor.price);

  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  await tutorPage.goto("/sessions");
  const sessionPath = (await tutorPage.getByRole("link", { name: "View session" }).first().getAttribute("href"))!;

  // Three days on, the session started a few minutes ago: the tutor checks in late.
  await tutorPage.goto(`${laterUrl}${sessionPath}`);
  await tutorPage.getByRole("form", { name: "Check in" }).getByRole("button", { name: "Check in" }).click();
  await expect(tutorPage.getByText(/^You checked in at .+, \d+ minutes? late\.$/)).toBeVisible();

  // The check-out form: one learner to mark. A wrong end is explained beside it, and the marks are kept.
  const checkOut = tutorPage.getByRole("form", { name: "Check out" });
  const learner = checkOut.getByRole("group", { name: studentName });
  await expect(learner.getByRole("radio", { name: "Present" })).toBeChecked();
  await learner.getByRole("radio", { name: "Late" }).check();
  await learner.getByLabel(/^Minutes late/).fill("7");
  await checkOut.getByLabel("Actual end").fill("25:00");
  await checkOut.getByRole("button", { name: "Check out" }).click();
  await expect(checkOut.getByText("Enter a 24-hour time, such as 09:00 or 17:30.")).toBeVisible();
  await expect(learner.getByRole("radio", { name: "Late" })).toBeChecked();
  await expect(learner.getByLabel(/^Minutes late/)).toHaveValue("7");
  await expectAccessible(tutorPage, testInfo);

  // Late without its minutes is explained beside the minutes.
  await learner.getByLabel(/^Minutes late/).fill("");
  await checkOut.getByLabel("Actual end").fill("");
  await checkOut.getByRole("button", { name: "Check out" }).click();
  await expect(checkOut.getByText(`Enter how many minutes late ${studentName} was, from 1 to ${tutor.minutes}.`)).toBeVisible();

  await learner.getByRole("radio", { name: "Late" }).check();
  await learner.getByLabel(/^Minutes late/).fill("7");
  await checkOut.getByRole("button", { name: "Check out" }).click();
  await expect(tutorPage.getByText("You checked out. The session now waits for confirmation.")).toBeVisible();
  await expect(tutorPage.getByRole("definition").filter({ hasText: /^Awaiting confirmation$/ })).toBeVisible();
  await expect(tutorPage.getByRole("term").filter({ hasText: "Checked out" })).toBeVisible();
  await expect(tutorPage.getByText("Late (7 minutes)")).toBeVisible();
  await expect(tutorPage.getByRole("form", { name: "Check out" })).toHaveCount(0);
  await tutorContext.close();

  // The student sees the session's record, and nothing to check in or out.
  await page.goto(`${laterUrl}${sessionPath}`);
  await expect(page.getByRole("definition").filter({ hasText: /^Awaiting confirmation$/ })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: "Actual time" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Check (in|out)/ })).toHaveCount(0);
  // The tutor checked out before the scheduled end: nobody confirms the hours of a session that has not finished.
  await expect(page.getByText(/^The session has not finished yet: its hours can be confirmed from .+\.$/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Confirm the hours" })).toHaveCount(0);
});
