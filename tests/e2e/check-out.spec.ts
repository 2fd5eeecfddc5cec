import { expectAccessible } from "./accessibility";
import { expect, request as apiRequest, test, type TestInfo } from "@playwright/test";
import { DateTime } from "luxon";
import { bookAndPayFirstLength, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail } from "./helpers";
import { LATER_BY_SECONDS, laterInstanceUp, laterUrl } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

/**
 * A tutor with no weekly hours and one 30-minute 1:1 slot starting 5 to 10 minutes before the later
 * instance's now (three days on): there, check-in is open (late, before the 15-minute no-show mark)
 * and so is check-out (it opens 30 minutes before the end, which is the start).
 */
async function tutorWithSlotStartedOnLaterInstance(testInfo: TestInfo) {
  const email = uniqueEmail("checkout-tutor", testInfo.project.name);
  const name = `Tutor checkout ${testInfo.project.name}`;
  const laterNow = DateTime.now().plus({ seconds: LATER_BY_SECONDS }).setZone(ZONE);
  const start = laterNow.minus({ minutes: 5 + (laterNow.minute % 5) }).startOf("minute");
  // A slot stays on its day: near midnight it is shorter (check-out opens 30 minutes before its end, so still at once).
  const end = DateTime.min(start.plus({ minutes: 30 }), start.endOf("day").startOf("minute"));
  const minutes = end.diff(start, "minutes").minutes;
  const request = await apiRequest.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    await signUpByRequest(request, { name, email, role: "TUTOR", timezone: ZONE });
    const profile = {
      headline: "Slots only",
      bio: "",
      subjects: "Chemistry",
      gradeLevels: "HIGH",
      hourlyRate: "40",
      currency: "GBP",
      durations: "30",
      bufferMinutes: "0",
      timezone: ZONE,
    };
    expect((await request.post("/tutor/profile", { form: profile, maxRedirects: 0 })).status()).toBe(302);
    const slot = { date: start.toISODate()!, start: start.toFormat("HH:mm"), end: end.toFormat("HH:mm"), kind: "ONE_TO_ONE" };
    const response = await request.post("/tutor/slots", { form: slot, maxRedirects: 0 });
    expect(response.status(), await response.text()).toBe(302);
  } finally {
    await request.dispose();
  }
  // £40 an hour, for the slot's minutes.
  return { name, email, start, price: `£${((40 * minutes) / 60).toFixed(2)}`, minutes };
}

test("a tutor checks in late, checks out with a mistake explained and the input kept, marks the student late, and both see it", async ({ page, browser }, testInfo) => {
  const tutor = await tutorWithSlotStartedOnLaterInstance(testInfo);
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
