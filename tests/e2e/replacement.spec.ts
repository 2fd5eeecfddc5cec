import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, openFirstSession, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";
import { later, laterInstanceUp, LATER_BY_SECONDS } from "./later-instance";

/** The student of the first test reads times in New York: the tutor's and the server's zone (London) would hide a wrong zone. */
const STUDENT_ZONE = "America/New_York";

/** The offset as the pages name it: "GMT", "GMT-5", "GMT+5:45". */
const offsetLabel = (at: DateTime) => (at.offset === 0 ? "GMT" : `GMT${at.toFormat("Z")}`);

test("a tutor cancels, another tutor is offered, and the student continues with them from the emailed link", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // A subject only these two tutors teach, so the replacement is found among them alone.
  const subject = `Latin ${testInfo.project.name}`;
  const leaving = await alwaysOpenTutor(testInfo, "leaving", subject);
  const cover = await alwaysOpenTutor(testInfo, "cover", subject);
  const studentEmail = uniqueEmail("replaced", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Replaced ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: STUDENT_ZONE });
  // 10:00 in New York is 15:00 in London, inside the tutor's hours.
  const booked = DateTime.now().setZone(STUDENT_ZONE).startOf("day").plus({ days: 3, hours: 10 });
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
  // The reply deadline (the 2-hour policy before the start), in the student's zone with its offset named.
  const deadline = booked.minus({ hours: 2 });
  await expect(
    page.getByText(`Continue, choose another tutor, or cancel for a full refund, by ${deadline.toFormat("ccc d LLL yyyy, HH:mm")} ${offsetLabel(deadline)} (${STUDENT_ZONE}).`),
  ).toBeVisible();
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

/**
 * Between the reply deadline and the closing job, no page offers an answer the server would refuse.
 * The session starts a little over three days from now, so on the later instance (three days on, no
 * jobs) its deadline has passed but not its start, and the session is still waiting on the student.
 */
test("past the reply deadline the choice page, the emailed link and the session page say the time to choose has passed, without forms", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await laterInstanceUp();
  const subject = `Greek ${testInfo.project.name}`;
  const leaving = await alwaysOpenTutor(testInfo, "deadline", subject);
  const studentEmail = uniqueEmail("deadline", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Deadline ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  // The first half hour at least 15 minutes after "three days on" (the tutor's last start is 23:00).
  const later3Days = DateTime.now().setZone(ZONE).plus({ seconds: LATER_BY_SECONDS, minutes: 15 });
  let booked = later3Days.startOf("hour").plus({ minutes: later3Days.minute < 30 ? 30 : 60 });
  if (booked.hour === 23 && booked.minute === 30) booked = booked.plus({ minutes: 30 });
  await bookAndPayFirstLength(page, leaving.name, booked, "£20.00");
  const sessionPath = await (async () => {
    await openFirstSession(page);
    await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
    return new URL(page.url()).pathname;
  })();

  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, leaving.email, "a long e2e password");
  await expect(tutorPage).toHaveURL(/\/tutor/);
  await tutorPage.goto(`${sessionPath}/cancel`);
  await tutorPage.getByLabel("Why are you cancelling?").selectOption("Tutor unavailable");
  await tutorPage.getByLabel(/Tell the students more/).fill("I have to travel for a family emergency.");
  await tutorPage.getByRole("button", { name: "Cancel the session" }).click();
  await expect(tutorPage.getByText("You cancelled. No other tutor is free at that time, so the student is choosing another tutor or a full refund.")).toBeVisible();
  await tutorContext.close();

  // Today the choice is open: the page has its forms.
  const deadline = booked.minus({ hours: 2 });
  const deadlineText = `${deadline.toFormat("ccc d LLL yyyy, HH:mm")} ${offsetLabel(deadline)} (${ZONE})`;
  await page.goto(`${sessionPath}/replacement`);
  await expect(page.getByRole("heading", { level: 1, name: "Choose what happens" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel for a full refund" })).toBeVisible();
  const email = await waitForEmail(page.request, studentEmail, /choose what happens$/);
  const link = email.text.match(/(https?:\/\/\S+\/a\/[A-Za-z0-9_-]+)/)![1];

  // Three days on: past the deadline, before the start, the job not yet run.
  await page.goto(later(new URL(`${sessionPath}/replacement`, link).toString()));
  await expect(page.getByRole("heading", { level: 1, name: "The time to choose has passed" })).toBeVisible();
  await expect(
    page.getByText(
      `The choice closed at ${deadlineText} without an answer. The session is being cancelled and everything paid for it refunded in full; an email confirms it within a few minutes.`,
    ),
  ).toBeVisible();
  await expect(page.locator("main form")).toHaveCount(0);
  await expect(page.locator("main").getByRole("button")).toHaveCount(0);

  await page.goto(later(new URL(sessionPath, link).toString()));
  await expect(page.getByRole("heading", { name: "Tutor cancelled: the time to choose has passed" })).toBeVisible();
  await expect(page.getByText(`no choice was made by ${deadlineText}. The session is being cancelled and everything paid for it refunded in full.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Choose what happens" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Cancel session…" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Propose a new time…" })).toHaveCount(0);

  const response = await page.goto(later(link));
  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1, name: "The time to choose has passed" })).toBeVisible();
  await expect(page.getByText(`The choice closed at ${deadlineText} without an answer, so everything paid for the session is refunded in full`)).toBeVisible();
  await expect(page.locator("main form")).toHaveCount(0);
  await expect(page.locator("main").getByRole("button")).toHaveCount(0);

  // Back in the present nothing changed: the choice is still open.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Your tutor cancelled: choose what happens" })).toBeVisible();
});
