import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, openFirstSession, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

test("a tutor cancels, another tutor is offered, and the student continues with them from the emailed link", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // A subject only these two tutors teach, so the replacement is found among them alone.
  const subject = `Latin ${testInfo.project.name}`;
  const leaving = await alwaysOpenTutor(testInfo, "leaving", subject);
  const cover = await alwaysOpenTutor(testInfo, "cover", subject);
  const studentEmail = uniqueEmail("replaced", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Replaced ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  const booked = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 3, hours: 10 });
  await bookAndPayFirstLength(page, leaving.name, booked, "£20.00");

  // The tutor cancels from their own browser; the page says a replacement will be sought.
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, leaving.email, "a long e2e password");
  await expect(tutorPage).toHaveURL(/\/tutor/);
  await openFirstSession(tutorPage);
  await tutorPage.getByRole("link", { name: "Cancel session…" }).click();
  await expect(tutorPage.getByText(/We look for another tutor of the subject who is free at this time/)).toBeVisible();
  await tutorPage.getByLabel("Why are you cancelling?").selectOption("Tutor unavailable");
  await tutorPage.getByLabel(/Tell the students more/).fill("I have to travel for a family emergency.");
  await tutorPage.getByRole("button", { name: "Cancel the session" }).click();
  await expect(tutorPage.getByText(`You cancelled. ${cover.name} is free at that time and has been offered the session; the student decides.`)).toBeVisible();
  await tutorContext.close();

  // The student's session waits for their choice: the usual actions are hidden.
  await page.goto("/sessions");
  await expect(page.getByText("Tutor cancelled: your choice is needed")).toBeVisible();
  await page.getByRole("link", { name: "Choose what happens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Choose what happens" })).toBeVisible();
  await expect(page.getByRole("button", { name: `Continue with ${cover.name}` })).toBeVisible();
  await page.getByRole("link", { name: "← Back to the session" }).click();
  await expect(page.getByRole("heading", { name: "Tutor changed: waiting for the student" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Cancel session…" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Propose a new time…" })).toHaveCount(0);

  // The emailed link asks first (a GET changes nothing), then acts once.
  const email = await waitForEmail(page.request, studentEmail, /cancelled: .* can take/);
  expect(email.text).toContain("I have to travel for a family emergency.");
  const link = email.text.match(/(https?:\/\/\S+\/a\/[A-Za-z0-9_-]+)/)![1];
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: `Continue with ${cover.name}?` })).toBeVisible();
  await page.getByRole("button", { name: `Continue with ${cover.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `You are continuing with ${cover.name}` })).toBeVisible();
  await expect(page.getByText(/is now settled: it goes ahead/)).toBeVisible();

  // Used again, the link explains itself and changes nothing.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "This link has been used" })).toBeVisible();

  // The new tutor hears, and the session is theirs for the student at the booked time.
  await waitForEmail(page.request, cover.email, /^New session/);
  await page.goto("/sessions");
  const row = page.getByRole("listitem").filter({ hasText: `${booked.toFormat("ccc d LLL yyyy")}, ${booked.toFormat("HH:mm")}` });
  await expect(row).toContainText(cover.name);
  await expect(row).toContainText("Confirmed");
});
