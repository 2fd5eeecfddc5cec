import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, openFirstSession, proposeTime, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";
import { later, laterInstanceUp, laterUrl } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

/**
 * An emailed link opened after its answer window closed. Real time cannot pass inside a test, so the
 * link is opened on the later instance: the same app and database, three days on (later-instance.ts).
 */
test("a reschedule link opened after it expired explains what happened and changes nothing", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "late");
  const studentEmail = uniqueEmail("late-answer", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Late ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });

  // Far enough ahead that the session is still to come on the later instance.
  const booked = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 6, hours: 10 });
  const bookedText = booked.toFormat("ccc d LLL yyyy, HH:mm");
  await bookAndPayFirstLength(page, tutor.name, booked, "£20.00");

  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  await expect(tutorPage).toHaveURL(/\/tutor/);
  await openFirstSession(tutorPage);
  await expect(tutorPage).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionPath = new URL(tutorPage.url()).pathname;
  await tutorPage.getByRole("link", { name: "Propose a new time…" }).click();
  await proposeTime(tutorPage, booked.plus({ days: 1, hours: 1 }), "A training day was moved onto that morning.", "Send the proposal");
  await expect(tutorPage.getByText("Your proposal was sent. The session keeps its time until it is accepted.")).toBeVisible();
  await tutorContext.close();

  const asked = await waitForEmail(page.request, studentEmail, /asks to move/);
  const accept = asked.text.match(/Accept the new time: (\S+)/)![1];
  // Today the link works (opening it only asks).
  await page.goto(accept);
  await expect(page.getByRole("heading", { level: 1, name: "Accept the new time?" })).toBeVisible();

  // Three days later the answer window (48 hours) has closed: a clear page, the state now, a way on.
  const response = await page.goto(later(accept));
  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();
  await expect(page.getByText("The request is now expired.")).toBeVisible();
  await expect(page.getByText(`The session is on ${bookedText}`)).toBeVisible();
  await expect(page.getByText("You can still propose another time or cancel from the session's page.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the session" })).toHaveAttribute("href", sessionPath);
  await expect(page.getByRole("button", { name: /Accept|Keep/ })).toHaveCount(0);

  // Posting the link anyway (a replayed form, a script) is refused without acting and leaves it unused.
  const post = await page.request.post(later(accept), { form: {}, headers: { Origin: laterUrl }, maxRedirects: 0 });
  expect(post.status()).toBe(303);
  expect(post.headers().location).toBe(new URL(later(accept)).pathname);
  await page.goto(later(accept));
  await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();

  // Back in the present, nothing moved: the session keeps its time and the request still waits.
  await page.goto("/sessions");
  await expect(page.getByRole("listitem").filter({ hasText: bookedText })).toBeVisible();
  await page.goto(sessionPath);
  await expect(page.getByText(/A new time is proposed/)).toBeVisible();
  await page.goto(accept);
  await expect(page.getByRole("heading", { level: 1, name: "Accept the new time?" })).toBeVisible();
});
