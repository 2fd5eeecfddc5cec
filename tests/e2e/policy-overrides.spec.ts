import { expect, test, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail } from "./helpers";

/**
 * The student cutoff for this spec: 4 hours, so a session booked about two hours ahead is inside it,
 * while the cancellation spec's session six hours ahead stays outside.
 */
const CUTOFF_HOURS = "4";

/** Sets the student cancel cutoff on the admin's policy page, unless it already has that value. */
async function ensureCutoff(admin: Page) {
  await admin.goto("/admin/policies");
  const field = admin.getByLabel("Students cannot cancel within");
  if ((await field.inputValue()) === CUTOFF_HOURS) return;
  await field.fill(CUTOFF_HOURS);
  await admin.getByRole("button", { name: "Save policies" }).click();
  await expect(admin.getByText(/Saved \d+ changes?|Nothing changed/)).toBeVisible();
}

test("inside the cutoff a student's cancel is refused until an admin lifts it for the session; then the student cancels", async ({ page, browser }, testInfo) => {
  // Three people in three browsers (student, admin, coordinator) on a machine shared with other runs.
  test.slow();
  const tutor = await alwaysOpenTutor(testInfo, "override");
  await signUpByRequest(page.request, {
    name: `Override student ${testInfo.project.name}`,
    email: uniqueEmail("override-student", testInfo.project.name),
    role: "STUDENT",
    timezone: ZONE,
  });

  // About two hours from now, on the half hour, inside the tutor's day (which ends at 23:30).
  let start = DateTime.now().setZone(ZONE).plus({ hours: 2 }).startOf("hour").plus({ minutes: 30 });
  if (start.hour === 23) start = start.plus({ hours: 1 });
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");
  await page.getByRole("link", { name: "Open the session" }).click();
  await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionPath = new URL(page.url()).pathname;
  // Students do not see the staff link, nor may they open the page.
  await expect(page.getByRole("link", { name: "Policy overrides" })).toHaveCount(0);
  expect((await page.request.get(`${sessionPath}/overrides`, { maxRedirects: 0 })).status()).toBe(403);

  const { context: adminContext, page: admin } = await signedInBrowser(browser, testInfo, "admin@tutordesk.test");

  // The policy is shared with tests running at the same time (the policy spec saves the whole form),
  // so set it and look at the student's refusal together, again if another save put the old value back.
  await expect(async () => {
    await ensureCutoff(admin);
    await page.goto(`${sessionPath}/cancel`);
    await expect(page.getByRole("alert")).toContainText(`Sessions can be cancelled up to ${CUTOFF_HOURS} hours before they start`, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Cancel the session" })).toHaveCount(0);

  // The admin opens the session, then its overrides.
  await admin.goto(sessionPath);
  await admin.getByRole("link", { name: "Policy overrides" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Policy overrides" })).toBeVisible();
  await expect(admin.getByText("No override is active for this session.")).toBeVisible();

  // A reason that is too short is refused beside the field, with what was typed kept.
  await admin.getByLabel("Lasts").selectOption("UNTIL_START");
  await admin.getByLabel(/^Reason/).fill("Flu");
  await admin.getByRole("button", { name: "Lift the policy" }).click();
  await expect(admin.getByText("Write at least 10 characters: the reason stays in the audit trail.")).toBeVisible();
  await expect(admin.getByLabel(/^Reason/)).toHaveValue("Flu");

  const reason = `Student has the flu; doctor's note seen (${testInfo.project.name}).`;
  await admin.getByLabel(/^Reason/).fill(reason);
  await admin.getByRole("button", { name: "Lift the policy" }).click();
  await expect(admin.getByText("The cancellation cutoff is lifted for this session.")).toBeVisible();
  await expect(admin.getByText(/Lift the student cancellation cutoff · Active until/)).toBeVisible();
  await expect(admin.getByText(`Reason: ${reason}`)).toBeVisible();

  // Bad posts are answered, never a server error: an unknown intent, a kind that does not exist, a second override.
  const post = (form: Record<string, string>) => admin.request.post(`${sessionPath}/overrides`, { form, maxRedirects: 0 });
  expect((await post({ intent: "delete-everything" })).status()).toBe(400);
  expect((await post({ intent: "create", kind: "ANYTHING", expiry: "UNTIL_START", reason })).status()).toBe(400);
  expect((await post({ intent: "create", kind: "CANCEL_CUTOFF", expiry: "UNTIL_START", reason })).status()).toBe(409);
  expect((await post({ intent: "revoke", overrideId: "no-such-override" })).status()).toBe(409);

  // A coordinator sees the override but cannot change it.
  const { context: coordinatorContext, page: coordinator } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test");
  await coordinator.goto(`${sessionPath}/overrides`);
  await expect(coordinator.getByText(`Reason: ${reason}`)).toBeVisible();
  await expect(coordinator.getByText("Only an admin can lift a policy for a session.")).toBeVisible();
  await expect(coordinator.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect((await coordinator.request.post(`${sessionPath}/overrides`, { form: { intent: "revoke", overrideId: "x" }, maxRedirects: 0 })).status()).toBe(403);
  await coordinatorContext.close();

  // Revoked early, the cutoff applies again; the row stays in the history.
  await admin.getByLabel("Why revoke it (optional)").fill("Lifted by mistake, doing it again.");
  await admin.getByRole("button", { name: "Revoke" }).click();
  await expect(admin.getByText("The override was revoked")).toBeVisible();
  await expect(admin.getByText(/Lift the student cancellation cutoff · Revoked by Alex Admin/)).toBeVisible();
  await expect(async () => {
    await ensureCutoff(admin);
    await page.goto(`${sessionPath}/cancel`);
    await expect(page.getByRole("alert")).toContainText(`Sessions can be cancelled up to ${CUTOFF_HOURS} hours before they start`, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await admin.goto(`${sessionPath}/overrides`);
  await admin.getByLabel(/^Reason/).fill(reason);
  await admin.getByRole("button", { name: "Lift the policy" }).click();
  await expect(admin.getByText(/Lift the student cancellation cutoff · Active until/)).toBeVisible();

  // The student can now cancel, and the page says why.
  await page.goto(`${sessionPath}/cancel`);
  await expect(page.getByText(/An administrator has lifted the cancellation cutoff for this session until/)).toBeVisible();
  await page.getByLabel("Why are you cancelling?").selectOption("Illness");
  await page.getByLabel(/Tell the tutor more/).fill("I have the flu and cannot come, sorry.");
  await page.getByRole("button", { name: "Cancel the session" }).click();
  await expect(page.getByText(/^The session was cancelled\./)).toBeVisible();
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible();

  // The audit trail keeps who lifted it, why, and the cutoff it lifted.
  await admin.goto("/admin/audit?action=policy_override.");
  await expect(admin.locator("main ol")).toContainText(reason);

  await adminContext.close();
});
