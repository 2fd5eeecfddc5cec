import { expect, test, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, ZONE } from "./booking-helpers";
import { signIn, signUpByRequest, uniqueEmail } from "./helpers";

/**
 * Staff and sessions (issue 13, B4 and B5; issue 16): a coordinator finds a booked session on the
 * operations list, opens it, sees only the actions staff may take, and cancels it; the admin's audit trail
 * links that cancellation to the session, and a sign-up to the person.
 */

/** The operations list's row for `tutorName`'s sessions: filtered by the tutor (specs running beside this one add sessions too). */
async function staffRow(page: Page, tutorName: string) {
  await expect(page.getByRole("heading", { level: 1, name: "Operations list" })).toBeVisible();
  await page.getByLabel("Tutor's name").fill(tutorName);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]tutor=/);
  const rows = page.getByRole("table", { name: "Sessions" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  return rows.first();
}

test("a coordinator lists every session, opens one with only staff actions, cancels it, and the audit trail links to it", async ({ page }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "staff-list");
  const studentName = `Staff List Student ${testInfo.project.name}`;
  await signUpByRequest(page.request, { name: studentName, email: uniqueEmail("staff-list", testInfo.project.name), role: "STUDENT", timezone: ZONE });
  // Two days ahead, on the half hour, inside the tutor's day (which ends at 23:30).
  let start = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf("hour").plus({ minutes: 30 });
  if (start.hour === 23) start = start.plus({ hours: 1 });
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");

  // The coordinator (New York) reaches every session from the header: no 403.
  await page.context().clearCookies();
  await signIn(page, "coordinator@tutordesk.test");
  await expect(page).toHaveURL(/\/coordinator$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions", exact: true }).click();
  const row = await staffRow(page, tutor.name);
  await expect(row).toContainText(start.setZone("America/New_York").toFormat("ccc d LLL yyyy, HH:mm"));
  await expect(row).toContainText(tutor.name);
  await expect(row).toContainText(studentName);
  await expect(row).toContainText("Scheduled");
  await row.getByRole("link", { name: /^Open the session/ }).click();
  await expect(page).toHaveURL(/\/sessions\/[^/?]+$/);
  const sessionUrl = page.url();
  const sessionId = new URL(sessionUrl).pathname.split("/").pop()!;

  // Only what staff may do: no move (the sides' page), a way back that works, and the cancel.
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Propose a new time…" })).toHaveCount(0);
  await page.getByRole("link", { name: "← Sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Operations list" })).toBeVisible();
  await page.goto(sessionUrl);
  await page.getByRole("link", { name: "Cancel session…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cancel this session?" })).toBeVisible();
  const reason = `The tutor is away this week (${testInfo.project.name} ${Date.now()}).`;
  await page.getByLabel("Why are you cancelling?").selectOption("Tutor unavailable");
  await page.getByLabel(/Tell the students more/).fill(reason);
  await page.getByRole("button", { name: "Cancel the session" }).click();
  await expect(page.getByText(/^The session was cancelled\./)).toBeVisible();

  // The admin's audit trail links the cancellation to the session, and a sign-up to the person.
  await page.context().clearCookies();
  await signIn(page, "admin@tutordesk.test");
  await page.goto("/admin/audit?action=session.cancelled");
  const cancelled = page.getByRole("listitem").filter({ hasText: reason });
  await expect(cancelled).toContainText("Casey Coordinator");
  await cancelled.getByRole("link", { name: `TutoringSession ${sessionId}` }).click();
  await expect(page).toHaveURL(sessionUrl);
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible();

  await page.goto("/admin/audit?action=user.signed_up");
  await page
    .getByRole("listitem")
    .filter({ hasText: studentName })
    .getByRole("link", { name: /^User / })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: studentName })).toBeVisible();
});
