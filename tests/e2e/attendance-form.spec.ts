import { expectAccessible } from "./accessibility";
import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookSessionOverOnLaterInstance, COORDINATOR_ZONE, ZONE } from "./booking-helpers";
import { signIn, signUpByRequest, uniqueEmail } from "./helpers";
import { laterInstanceUp, laterUrl } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

/**
 * A session the tutor never checked in to, seen three days on (the later instance) when it is over: a
 * coordinator records that it happened, with a mistake explained first, and sees the record in the
 * session's history with the old and new values and the reason.
 */
test("a coordinator records attendance for a session without a check-in and sees the change in its history", async ({ page }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "attendance-form");
  const studentName = `Attendance student ${testInfo.project.name}`;
  await signUpByRequest(page.request, { name: studentName, email: uniqueEmail("attendance-student", testInfo.project.name), role: "STUDENT", timezone: ZONE });
  const { start, sessionPath } = await bookSessionOverOnLaterInstance(page, tutor.name);

  // The coordinator works in New York: the form's times are typed there.
  await page.context().clearCookies();
  await signIn(page, "coordinator@tutordesk.test");
  await page.goto(`${laterUrl}${sessionPath}`);
  await page.getByRole("link", { name: "Attendance", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Attendance:");
  await expect(page.getByText(/^Status: Scheduled$/)).toBeVisible();

  const form = page.getByRole("form", { name: "Record attendance" });
  const newYork = (instant: DateTime) => instant.setZone(COORDINATOR_ZONE).toFormat("HH:mm");
  await form
    .getByRole("group", { name: `Tutor: ${tutor.name}` })
    .getByRole("radio", { name: "Present" })
    .check();
  await form.getByLabel("Actual start").fill(newYork(start.plus({ minutes: 20 })));
  await form.getByLabel("Actual end").fill(newYork(start.plus({ minutes: 10 })));
  const learner = form.getByRole("group", { name: studentName });
  await learner.getByRole("radio", { name: "Late", exact: true }).check();
  await learner.getByLabel(/^Minutes late/).fill("5");
  await form.getByLabel(/^Why are you recording this\?/).fill("The tutor's phone died; the family confirmed the lesson");
  await form.getByRole("button", { name: "Save attendance" }).click();

  // The end before the start is explained beside it, and everything typed is kept.
  await expect(form.getByText(/^Enter an end after the start \(.+\)\.$/)).toBeVisible();
  await expect(learner.getByRole("radio", { name: "Late", exact: true })).toBeChecked();
  await expect(learner.getByLabel(/^Minutes late/)).toHaveValue("5");
  await expect(form.getByLabel(/^Why are you recording this\?/)).toHaveValue("The tutor's phone died; the family confirmed the lesson");

  await form.getByLabel("Actual start").fill(newYork(start));
  await form.getByLabel("Actual end").fill(newYork(start.plus({ minutes: 30 })));
  await form.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByText("Attendance saved. The change is in the history below and in the audit trail.")).toBeVisible();
  await expect(page.getByText(/^Status: Awaiting confirmation$/)).toBeVisible();

  const entry = page.getByRole("listitem").filter({ hasText: "Attendance recorded by staff" });
  await expect(entry).toContainText("Why: The tutor's phone died; the family confirmed the lesson");
  await expect(entry).toContainText("Scheduled → Awaiting confirmation");
  await expect(entry).toContainText("Not recorded yet → Present");
  await expect(entry).toContainText("Not recorded → Late (5 minutes)");
  await expectAccessible(page, testInfo);

  // The session page shows the learner's mark.
  await page.goto(`${laterUrl}${sessionPath}`);
  await expect(page.getByRole("definition").filter({ hasText: /^Awaiting confirmation$/ })).toBeVisible();
  await expect(page.getByText("Late (5 minutes)")).toBeVisible();
});
