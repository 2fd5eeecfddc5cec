import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { expectAccessible } from "./accessibility";
import { alwaysOpenTutor, bookAndPayFirstLength, signedInBrowser, ZONE } from "./booking-helpers";
import { DEMO_PASSWORD, signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

/**
 * A student books and pays a £20 half hour with one tutor; a coordinator moves it to another tutor of
 * the subject who is free then, paying the first tutor £7.50 (a bad first try is explained beside its
 * fields, the input kept); the student's page names the new tutor, and the first tutor's list no
 * longer has it.
 */
test("a coordinator moves a booked session to another tutor with partial pay", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // A subject only these two tutors teach, so the list of candidates is exactly the other one.
  const subject = `Welsh ${testInfo.project.name}`;
  const first = await alwaysOpenTutor(testInfo, "moved-from", subject);
  const second = await alwaysOpenTutor(testInfo, "moved-to", subject);
  const studentEmail = uniqueEmail("moved", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Moved ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  const booked = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 2, hours: 11 });
  await bookAndPayFirstLength(page, first.name, booked, "£20.00");
  await page.getByRole("link", { name: "Open the session" }).click();
  await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionPath = new URL(page.url()).pathname;
  const sessionId = sessionPath.split("/").pop()!;

  // The coordinator finds the move from the session's staff page.
  const { context: staffContext, page: staffPage } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  await staffPage.goto(`/coordinator/sessions/${sessionId}`);
  await staffPage.getByRole("link", { name: "Move to another tutor", exact: true }).click();
  await expect(staffPage.getByRole("heading", { level: 1, name: "Move to another tutor" })).toBeVisible();
  const candidates = staffPage.getByRole("group", { name: "The tutor who takes the session" });
  await expect(candidates.getByRole("radio")).toHaveCount(1);
  await expect(candidates).toContainText(`${second.name} · paid £20.00`);
  await expectAccessible(staffPage, testInfo);

  // A first try without a tutor, with partial pay and no amount, and a short reason.
  await staffPage.getByRole("radio", { name: "Partial pay: an amount" }).check();
  await staffPage.getByLabel(/^Reason/).fill("Away");
  await staffPage.getByRole("button", { name: "Preview the move" }).click();
  await expect(staffPage.getByText("Choose the tutor who takes the session.")).toBeVisible();
  await expect(staffPage.getByText(/^Write at least 10 characters/)).toBeVisible();
  await expect(staffPage.getByLabel(/^Reason/)).toHaveValue("Away");

  await staffPage.getByRole("radio", { name: new RegExp(second.name) }).check();
  await staffPage.getByRole("radio", { name: "Partial pay: an amount" }).check();
  await staffPage.getByLabel("Amount, for partial pay").fill("7.50");
  await staffPage.getByLabel(/^Reason/).fill("The first tutor is away at a conference that week.");
  await staffPage.getByRole("button", { name: "Preview the move" }).click();
  const preview = staffPage.getByRole("region", { name: "What moving does" });
  await expect(preview).toContainText(`The session moves from ${first.name} to ${second.name}`);
  await expect(preview).toContainText(`${second.name} is paid £20.00 for teaching it.`);
  await expect(preview).toContainText("partial pay: an amount, £7.50 (full pay is £20.00)");
  await expectAccessible(staffPage, testInfo);
  await preview.getByRole("button", { name: `Move the session to ${second.name}` }).click();
  await expect(staffPage.getByText(`The session moved to ${second.name}. Everyone is emailed.`)).toBeVisible();
  await expect(staffPage.getByText("Moved to another tutor by staff").first()).toBeVisible();
  await staffContext.close();

  // The student's page names the new tutor; everyone is told.
  await page.goto(sessionPath);
  await expect(page.getByText(second.name).first()).toBeVisible();
  await expect(page.getByText(first.name)).toHaveCount(0);
  await waitForEmail(page.request, studentEmail, /^New tutor: /);
  await waitForEmail(page.request, second.email, /^New session: /);
  const away = await waitForEmail(page.request, first.email, /^No longer yours: /);
  expect(away.text).toContain("You are paid £7.50 for it.");

  // The first tutor's upcoming sessions no longer list it, and its page is not theirs any more.
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, first.email, "a long e2e password");
  await tutorPage.goto("/sessions");
  await expect(tutorPage.locator(`a[href="${sessionPath}"]`)).toHaveCount(0);
  const gone = await tutorPage.goto(sessionPath);
  expect(gone?.status()).toBe(404);
  await tutorContext.close();
});
