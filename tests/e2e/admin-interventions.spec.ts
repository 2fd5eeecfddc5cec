import { expect, request as apiRequest, test, type TestInfo } from "@playwright/test";
import { DateTime } from "luxon";
import pg from "pg";
import { databaseUrl } from "../fuzz/database";
import { expectAccessible } from "./accessibility";
import {
  alwaysOpenTutor,
  bookAndPayFirstLength,
  bookSessionOverOnLaterInstance,
  openFirstSession,
  openTutorFromList,
  recordSessionHappened,
  signedInBrowser,
  ZONE,
} from "./booking-helpers";
import { DEMO_PASSWORD, signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";
import { laterInstanceUp, laterUrl, LATER_BY_SECONDS } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

/** A second admin: signed up like anyone, then given the role in the database (no page grants it). */
async function anotherAdmin(testInfo: TestInfo): Promise<string> {
  const email = uniqueEmail("second-admin", testInfo.project.name);
  const request = await apiRequest.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    await signUpByRequest(request, { name: `Second admin ${testInfo.project.name}`, email, role: "STUDENT", timezone: ZONE });
  } finally {
    await request.dispose();
  }
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(`UPDATE users SET roles = ARRAY['ADMIN']::"Role"[] WHERE email = $1`, [email]);
  } finally {
    await client.end();
  }
  return email;
}

/**
 * Three days on (the later instance), a paid £20 session is over and recorded by a coordinator, and the
 * learner has not confirmed its hours. The seeded admin opens the session's staff page, follows
 * "Force complete", is told beside the field when the minutes are out of bounds (the reason kept), and
 * completes it with 25 minutes: the staff page shows it completed and the learner is emailed.
 */
test("an admin force-completes a session waiting for its hours", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "force");
  const studentEmail = uniqueEmail("force-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Force learner ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  const { start, sessionPath } = await bookSessionOverOnLaterInstance(page, tutor.name);
  await recordSessionHappened(browser, testInfo, { tutorName: tutor.name, sessionPath, start, minutes: 30 });

  const { context, page: admin } = await signedInBrowser(browser, testInfo, "admin@tutordesk.test", DEMO_PASSWORD);
  await admin.goto(`${laterUrl}/coordinator${sessionPath}`);
  await admin.getByRole("link", { name: "Force complete" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Force complete" })).toBeVisible();
  await expect(admin.getByText("The status goes from Awaiting confirmation to Completed.")).toBeVisible();
  await expect(admin.getByText("The tutor's earnings written: £20.00, once.")).toBeVisible();
  await expect(admin.getByLabel("Actual minutes")).toHaveValue("30");
  await expectAccessible(admin, testInfo);

  await admin.getByLabel("Actual minutes").fill("61");
  await admin.getByLabel("Reason").fill("The learner's hours link never arrived; confirmed by phone.");
  await admin.getByRole("button", { name: "Complete the session" }).click();
  await expect(admin.getByText("Enter 1 to 60 minutes (twice the 30 booked at most).")).toBeVisible();
  await expect(admin.getByLabel("Reason")).toHaveValue("The learner's hours link never arrived; confirmed by phone.");
  await admin.getByLabel("Actual minutes").fill("25");
  await admin.getByRole("button", { name: "Complete the session" }).click();
  await expect(admin.getByText("Session completed. Its hours count as confirmed by staff; the bookers and the tutor are emailed.")).toBeVisible();
  await expect(admin.getByRole("definition").filter({ hasText: /^Completed$/ })).toBeVisible();
  await expect(admin.getByText("Reason: The learner's hours link never arrived; confirmed by phone.")).toBeVisible();
  await context.close();

  const email = await waitForEmail(page.request, studentEmail, /^Completed by support: /);
  expect(email.text).toContain("with 25 minutes recorded");
});

/**
 * A session whose tutor never checked in is marked a no-show by the job on the later instance and
 * refunded. A second admin (not the seeded one) clears it: the page says the refund stays, the session
 * then waits for its hours, and the learner is emailed.
 */
test("another admin clears a no-show", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "clear");
  const studentEmail = uniqueEmail("clear-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Clear learner ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  await openTutorFromList(page, tutor.name);
  const tutorId = new URL(page.url()).pathname.split("/").at(-1)!;
  const latest = DateTime.now().plus({ seconds: LATER_BY_SECONDS }).minus({ minutes: 20 }).setZone(ZONE).startOf("minute");
  let start = latest.minus({ minutes: latest.minute % 30 });
  if (start.hour === 23 && start.minute === 30) start = start.minus({ minutes: 30 });
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");
  await openFirstSession(page);
  await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionPath = new URL(page.url()).pathname;
  const jobs = (query: string) => page.request.post(`${laterUrl}/jobs/run?${query}`, { headers: { Authorization: "Bearer e2e-jobs-secret" } });
  await expect(async () => {
    const marked = await jobs(new URLSearchParams({ job: "mark-no-shows", tutor: tutorId }).toString());
    expect((await marked.json()).outcomes).toEqual([expect.objectContaining({ job: "mark-no-shows", status: "succeeded", summary: { marked: 1 } })]);
  }).toPass({ timeout: 20_000 });

  const adminEmail = await anotherAdmin(testInfo);
  const { context, page: admin } = await signedInBrowser(browser, testInfo, adminEmail, "a long e2e password");
  await admin.goto(`${laterUrl}/coordinator${sessionPath}`);
  await admin.getByRole("link", { name: "Clear a no-show" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Clear a no-show" })).toBeVisible();
  await expect(admin.getByText(/The no-show by the tutor is cleared/)).toBeVisible();
  await expect(admin.getByText(/£20.00 refunded stays refunded/)).toBeVisible();
  await expectAccessible(admin, testInfo);
  await admin.getByLabel("Reason").fill("short");
  await admin.getByRole("button", { name: "Clear the no-show" }).click();
  await expect(admin.getByText("Say why: the reason stays in the audit trail (at least 10 characters).")).toBeVisible();
  await admin.getByLabel("Reason").fill("The tutor taught it; the check-in app was down.");
  await admin.getByRole("button", { name: "Clear the no-show" }).click();
  await expect(admin.getByText("No-show cleared. The bookers are asked to confirm the hours; everyone concerned is emailed.")).toBeVisible();
  await expect(admin.getByRole("definition").filter({ hasText: /^Awaiting confirmation$/ })).toBeVisible();
  await context.close();

  const cleared = await waitForEmail(page.request, studentEmail, /^No-show cleared: /);
  expect(cleared.text).toContain("Reason: The tutor taught it; the check-in app was down.");
  await waitForEmail(page.request, studentEmail, /^Please confirm the hours: /);
});

test("a coordinator is refused an admin intervention: 403 inside the layout, on the page and its POST", async ({ browser }, testInfo) => {
  const { context, page } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  for (const action of ["force-complete", "clear-no-show", "refund"]) {
    expect((await page.goto(`/coordinator/sessions/any-session/${action}`))?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect((await page.request.post(`/coordinator/sessions/any-session/${action}`, { form: { reason: "Trying my luck here." }, maxRedirects: 0 })).status()).toBe(403);
  }
  await expectAccessible(page, testInfo);
  await context.close();
});
