import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, openFirstSession, proposeTime, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

test("a tutor proposes a new time, the student suggests another, and the tutor accepts from the emailed link", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "move");
  const studentEmail = uniqueEmail("mover", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Mover ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });

  const booked = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 3, hours: 10 });
  await bookAndPayFirstLength(page, tutor.name, booked, "£20.00");

  // The tutor, in their own browser, proposes the next day at 11:00.
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  await expect(tutorPage).toHaveURL(/\/tutor/);
  await openFirstSession(tutorPage);
  await tutorPage.getByRole("link", { name: "Propose a new time…" }).click();
  const proposed = booked.plus({ days: 1, hours: 1 });
  await proposeTime(tutorPage, proposed, "short", "Send the proposal");
  await expect(tutorPage.getByText(/Write at least 10 characters/)).toBeVisible();
  await proposeTime(tutorPage, proposed, "I have a school meeting that morning.", "Send the proposal");
  await expect(tutorPage.getByText("Your proposal was sent. The session keeps its time until it is accepted.")).toBeVisible();
  await expect(tutorPage.getByText(/You proposed a new time/)).toBeVisible();

  // The student is emailed; they answer on the session page with another time.
  const asked = await waitForEmail(page.request, studentEmail, /asks to move/);
  expect(asked.text).toContain("I have a school meeting that morning.");
  const staleAccept = asked.text.match(/Accept the new time: (\S+)/)![1];
  await page.goto("/sessions");
  await page.getByRole("link", { name: "View session" }).first().click();
  await page.getByRole("link", { name: "Answer the request" }).click();
  await expect(page.getByRole("heading", { name: "A new time is proposed" })).toBeVisible();
  const countered = booked.plus({ days: 1, hours: 4 });
  await proposeTime(page, countered, "Mornings are hard for me; the afternoon works.", "Send this time instead");
  await expect(page.getByText("Your proposal was sent.")).toBeVisible();

  // The first email's link now says its proposal was replaced, and leads to the current one (issue 13 B8).
  await page.goto(staleAccept);
  await expect(page.getByRole("heading", { level: 1, name: "This proposal was replaced" })).toBeVisible();
  await expect(page.getByText(/After this email was sent, you proposed another time, so this link no longer answers anything\. The current proposal is/)).toBeVisible();
  await page.getByRole("link", { name: "See the current proposal" }).click();
  await expect(page.getByRole("heading", { name: "Waiting for an answer" })).toBeVisible();

  // The tutor accepts from the email: the link's page asks first, then acts once.
  const suggested = await waitForEmail(page.request, tutor.email, /suggests another time/);
  const accept = suggested.text.match(/Accept the new time: (\S+)/)![1];
  await tutorPage.goto(accept);
  await expect(tutorPage.getByRole("heading", { level: 1, name: "Accept the new time?" })).toBeVisible();
  await tutorPage.getByRole("button", { name: "Accept the new time" }).click();
  await expect(tutorPage.getByRole("heading", { level: 1, name: "Answer recorded" })).toBeVisible();
  await expect(tutorPage.getByText(/The request is now accepted/)).toBeVisible();

  // The session moved, for both sides.
  await waitForEmail(page.request, studentEmail, /has moved/);
  await page.goto("/sessions");
  await expect(page.getByRole("listitem").filter({ hasText: `${countered.toFormat("ccc d LLL yyyy")}, ${countered.toFormat("HH:mm")}` })).toBeVisible();

  // The student's link from the first email stopped working when they answered with another time: a clear page, no change.
  await page.goto(staleAccept);
  await expect(page.getByRole("heading", { level: 1, name: "This proposal was replaced" })).toBeVisible();
  await expect(page.getByText(/The request is now accepted/)).toBeVisible();
  await page.goto("/a/not-a-real-token-at-all-1234567890");
  await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();
  await tutorContext.close();
});
