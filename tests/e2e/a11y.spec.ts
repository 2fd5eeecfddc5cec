import { type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { violationsOn } from "./accessibility";
import { goToWeek, weekLabel } from "./availability-helpers";
import { expect, test } from "./fixtures";
import { alwaysOpenTutor, bookLink, openFirstSession, openTutorFromList, proposeTime, signedInBrowser, ZONE } from "./booking-helpers";
import { DEMO_PASSWORD, signIn, signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";
import { later, laterInstanceUp } from "./later-instance";

/**
 * Issue 13: axe on every page of the app, with JavaScript on, and zero violations, under the rules of
 * ./accessibility.ts. Each test makes the data its pages need, as the other specs do; pages that need no
 * data of their own are read as the seeded demo accounts.
 */
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "axe runs once, with JavaScript on (the js-off project renders the same markup)");
// axe takes one to several seconds a page on a busy 2-core machine, and each test reads many pages.
test.describe.configure({ mode: "parallel", timeout: 300_000 });

/** Checks the page now shown (after a click or a form post), under `label`; later pages are still checked when one fails. */
async function expectAccessible(page: Page, label: string) {
  // After client-side navigation, let the new page settle before reading it.
  await page.waitForLoadState("load");
  const started = Date.now();
  const found = await violationsOn(page);
  if (process.env.AXE_TIMING) console.log(`axe ${label}: ${Date.now() - started} ms`);
  expect.soft(found, `axe violations on ${label} (${new URL(page.url()).pathname})`).toEqual([]);
}

/** Opens `path` and checks it; `status` is the HTTP status the page is expected to answer with. */
async function visit(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect.soft(response?.status(), `GET ${path}`).toBe(status);
  await expectAccessible(page, path);
}

test("public pages, sign-in pages and error pages", async ({ page }, testInfo) => {
  await visit(page, "/");
  await visit(page, "/login");
  await visit(page, "/signup");
  await visit(page, "/login/code");
  await visit(page, "/tutors");
  await visit(page, "/tutors?subject=Maths&grade=HIGH&maxPrice=100");
  await visit(page, "/time-zones");
  await visit(page, "/no-such-page", 404);
  await visit(page, "/a/not-a-real-token-at-all-1234567890", 404);
  await visit(page, "/login/magic?t=not-a-real-link", 410);

  // A seeded tutor's public page, reached as a visitor would.
  await openTutorFromList(page, "James Whitfield");
  await expectAccessible(page, "a tutor's page");

  // Forms sent with mistakes: the errors beside the fields.
  await page.goto("/signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a name.")).toBeVisible();
  await expectAccessible(page, "sign-up with errors");
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page, "sign-in refused");

  // The emailed-code steps.
  await page.goto("/login/code");
  await page.getByLabel("Email").fill(uniqueEmail("axe-code", testInfo.project.name));
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page).toHaveURL(/\/login\/code\/verify/);
  await expectAccessible(page, "enter the emailed code");
});

test("a student books, pays and opens every page of the session; the tutor and staff open it too", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "axe");
  const studentEmail = uniqueEmail("axe-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Axe Student ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  await visit(page, "/student");
  await visit(page, "/account");
  await visit(page, "/sessions");

  // The booking steps: the tutor's page, details, review; then the confirmation after paying.
  const booked = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 5, hours: 10 });
  await openTutorFromList(page, tutor.name);
  await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(booked));
  await expectAccessible(page, "a tutor's page, signed in");
  await bookLink(page, booked).click();
  await expect(page.getByRole("heading", { level: 1, name: "Session details" })).toBeVisible();
  await expectAccessible(page, "booking: details");
  await page.getByRole("button", { name: "Continue to review" }).click();
  await expect(page.getByRole("button", { name: "Pay £20.00" })).toBeVisible();
  await expectAccessible(page, "booking: review");
  await page.getByRole("button", { name: "Pay £20.00" }).click();
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Booking confirmed" })).toBeVisible();
  await expectAccessible(page, "booking confirmed");

  await page.getByRole("link", { name: "Open the session" }).click();
  await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionPath = new URL(page.url()).pathname;
  await expectAccessible(page, "the session, as its student");
  await visit(page, `${sessionPath}/cancel`);
  await visit(page, `${sessionPath}/reschedule`);
  await visit(page, "/sessions?view=week");
  await visit(page, "/sessions?view=list&when=past");
  await visit(page, "/student");
  await visit(page, "/admin", 403);
  await visit(page, "/sessions/not-a-session", 404);

  // The tutor proposes a new time: their pages, then the student's emailed link in each of its states.
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  await expect(tutorPage).toHaveURL(/\/tutor/);
  await openFirstSession(tutorPage);
  await expectAccessible(tutorPage, "the session, as its tutor");
  await visit(tutorPage, `${sessionPath}/cancel`);
  await tutorPage.goto(`${sessionPath}/reschedule`);
  await proposeTime(tutorPage, booked.plus({ days: 1, hours: 1 }), "short", "Send the proposal");
  await expect(tutorPage.getByText(/Write at least 10 characters/)).toBeVisible();
  await expectAccessible(tutorPage, "proposing a new time, with an error");
  await proposeTime(tutorPage, booked.plus({ days: 1, hours: 1 }), "A training day was moved onto that morning.", "Send the proposal");
  await expect(tutorPage.getByText("Your proposal was sent. The session keeps its time until it is accepted.")).toBeVisible();
  await expectAccessible(tutorPage, "the session with a proposal waiting");
  await tutorContext.close();

  const asked = await waitForEmail(page.request, studentEmail, /asks to move/);
  const accept = asked.text.match(/Accept the new time: (\S+)/)![1];
  await visit(page, `${sessionPath}/reschedule`);
  await laterInstanceUp();
  await visit(page, later(accept), 410);
  await page.goto(accept);
  await expectAccessible(page, "an emailed link: accept the new time?");
  await page.getByRole("button", { name: "Accept the new time" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Answer recorded" })).toBeVisible();
  await expectAccessible(page, "an emailed link: answer recorded");
  await visit(page, accept, 410);

  // Staff open the same session.
  const { context: coordinatorContext, page: coordinatorPage } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  await visit(coordinatorPage, sessionPath);
  await visit(coordinatorPage, `${sessionPath}/overrides`);
  // Moving it to another tutor (issue 16): the page and its list of free tutors of the subject.
  await visit(coordinatorPage, `/coordinator${sessionPath}/reassign`);
  // The schedule change page, each type (docs/decisions/031).
  await visit(coordinatorPage, `/coordinator${sessionPath}/change`);
  await visit(coordinatorPage, `/coordinator${sessionPath}/change?type=reschedule`);
  await visit(coordinatorPage, `/coordinator${sessionPath}/change?type=cancel`);
  await coordinatorContext.close();
  const { context: adminContext, page: adminPage } = await signedInBrowser(browser, testInfo, "admin@tutordesk.test", DEMO_PASSWORD);
  await visit(adminPage, sessionPath);
  await visit(adminPage, `${sessionPath}/overrides`);
  await visit(adminPage, `/coordinator/sessions/bulk-cancel?sessionId=${sessionPath.split("/").pop()}`);
  // The admin interventions (decision 030): a future session, so completing and clearing explain why not; the refund form.
  await visit(adminPage, `/coordinator${sessionPath}`);
  await visit(adminPage, `/coordinator${sessionPath}/force-complete`);
  await visit(adminPage, `/coordinator${sessionPath}/clear-no-show`);
  await visit(adminPage, `/coordinator${sessionPath}/refund`);
  await adminContext.close();
});

test("a tutor's own pages", async ({ page }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "axe-own");
  await signIn(page, tutor.email, "a long e2e password");
  await expect(page).toHaveURL(/\/tutor$/);
  await expectAccessible(page, "/tutor");
  await visit(page, "/tutor/profile");
  await visit(page, "/tutor/schedule");
  await visit(page, "/tutor/slots");
  await visit(page, "/tutor/slots?view=list");
  await visit(page, "/tutor/earnings");
  await visit(page, "/sessions");
  await visit(page, "/account");

  const day = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 4 });
  const added = await page.request.post("/tutor/slots", { form: { date: day.toISODate()!, start: "18:00", end: "19:30", kind: "GROUP", capacity: "4" }, maxRedirects: 0 });
  expect(added.status(), await added.text()).toBe(302);
  await page.goto(`/tutor/slots?view=list&week=${day.toFormat("kkkk-'W'WW")}`);
  await page.getByRole("link", { name: /Edit/ }).first().click();
  await expect(page).toHaveURL(/\/tutor\/slots\/[^/]+$/);
  const slotPath = new URL(page.url()).pathname;
  await expectAccessible(page, "a slot");
  await visit(page, `${slotPath}/delete`);

  // The profile form sent with mistakes.
  await page.goto("/tutor/profile");
  await page.getByLabel("Hourly rate").fill("");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expectAccessible(page, "tutor profile with errors");
});

test("a parent's pages", async ({ page }) => {
  await signIn(page, "pat.parent@tutordesk.test", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/parent$/);
  await expectAccessible(page, "/parent");
  await visit(page, "/parent/children/new");
  await page.goto("/parent");
  await page.getByRole("link", { name: "Emma Morgan" }).first().click();
  await expect(page).toHaveURL(/\/parent\/children\/[^/]+$/);
  await expectAccessible(page, "a child's page");
  await visit(page, "/sessions");
  await visit(page, "/tutors");
});

test("staff pages, and the users list on a 360 px phone", async ({ page }) => {
  await signIn(page, "coordinator@tutordesk.test", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/coordinator$/);
  await expectAccessible(page, "/coordinator");
  await visit(page, "/sessions");
  await visit(page, "/coordinator/sessions?attention=check-out-missing&attention=failed-refund");
  await visit(page, "/coordinator/sessions?status=NO_SHOW&sort=status&dir=asc");
  await visit(page, "/coordinator/sessions?from=2026-02-30&to=2026-01-01&size=500", 400);
  await visit(page, "/coordinator/discrepancies");
  await visit(page, "/coordinator/discrepancies?show=resolved&assignee=me");
  await visit(page, "/account");

  await page.context().clearCookies();
  await signIn(page, "admin@tutordesk.test", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await expectAccessible(page, "/admin");
  await visit(page, "/admin/users");
  await visit(page, "/admin/users?q=morgan&role=STUDENT");
  await visit(page, "/admin/audit");
  await visit(page, "/sessions");
  await visit(page, "/admin/policies");
  await visit(page, "/admin/payroll");
  await visit(page, "/admin/payroll?from=2026-12-10&to=2026-12-01", 400);
  await page.goto("/admin/users?q=pat.parent");
  await page.getByRole("link", { name: "Pat Morgan" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[^/]+$/);
  await expectAccessible(page, "a user, for an admin");

  // Issue 13: at 360 px the users list fits the screen: nothing is cut off or pushes the page sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/admin/users");
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, "the page is no wider than the screen").toBeLessThanOrEqual(widths.client);
  // Every cell of the list lies inside the screen's width (none cut off at the right edge).
  const cellsOutside = await page
    .locator("main table td")
    .evaluateAll((cells) => cells.filter((cell) => cell.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((cell) => cell.textContent));
  expect(cellsOutside, "cells reaching past the screen's right edge").toEqual([]);
  await expect(page.locator("main table td").first()).toBeVisible();
  await expectAccessible(page, "/admin/users at 360 px");
});

test("a tutor cancels and the student chooses a replacement", async ({ page, browser }, testInfo) => {
  const subject = `Axe Latin ${testInfo.project.name}`;
  const leaving = await alwaysOpenTutor(testInfo, "axe-leaving", subject);
  await alwaysOpenTutor(testInfo, "axe-cover", subject);
  const studentEmail = uniqueEmail("axe-replaced", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Axe Replaced ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  const booked = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 3, hours: 11 });
  await openTutorFromList(page, leaving.name);
  await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(booked));
  await bookLink(page, booked).click();
  await page.getByRole("button", { name: "Continue to review" }).click();
  await page.getByRole("button", { name: "Pay £20.00" }).click();
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Booking confirmed" })).toBeVisible();

  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, leaving.email, "a long e2e password");
  await expect(tutorPage).toHaveURL(/\/tutor/);
  await openFirstSession(tutorPage);
  await tutorPage.getByRole("link", { name: "Cancel session…" }).click();
  await tutorPage.getByLabel("Why are you cancelling?").selectOption("Tutor unavailable");
  await tutorPage.getByLabel(/Tell the students more/).fill("I have to travel for a family emergency.");
  await tutorPage.getByRole("button", { name: "Cancel the session" }).click();
  await expect(tutorPage.getByText(/has been offered the session; the student decides/)).toBeVisible();
  await expectAccessible(tutorPage, "the session after the tutor cancelled");
  await tutorContext.close();

  await page.goto("/sessions");
  await expectAccessible(page, "sessions with a choice waiting");
  await page.getByRole("link", { name: "Choose what happens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Choose what happens" })).toBeVisible();
  await expectAccessible(page, "choose what happens (replacement)");
  await page.getByRole("link", { name: "← Back to the session" }).click();
  await expectAccessible(page, "the session waiting for the student");
  const email = await waitForEmail(page.request, studentEmail, /cancelled: .* can take/);
  const link = email.text.match(/(https?:\/\/\S+\/a\/[A-Za-z0-9_-]+)/)![1];
  await page.goto(link);
  await expectAccessible(page, "an emailed link: continue with the new tutor?");
  await page.getByRole("button", { name: /^Continue with/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^You are continuing with/ })).toBeVisible();
  await expectAccessible(page, "an emailed link: continuing with the new tutor");
  await visit(page, "/sessions?view=list&when=upcoming");
});

/**
 * expectAccessible for a page served by Vite's dev server: on a fresh clone Vite's client reloads the
 * page each time it optimises a dependency it has just discovered, which tears axe down mid-run. Wait
 * for the page to settle and read it again, a few times at most.
 */
async function expectAccessibleUnderVite(page: Page, label: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.waitForLoadState("networkidle", { timeout: 60_000 });
      const found = await violationsOn(page);
      expect.soft(found, `axe violations on ${label} (${new URL(page.url()).pathname})`).toEqual([]);
      return;
    } catch (error) {
      if (attempt >= 6 || !/Execution context was destroyed|reading 'run'/.test(String(error))) throw error;
    }
  }
}

test("the development mailbox", async ({ browser, request, devApp }, testInfo) => {
  // An email of this test's own, so the mailbox has a message to open.
  const email = uniqueEmail("axe-mailbox", testInfo.project.name);
  expect((await request.post("/login/code", { form: { email }, maxRedirects: 0 })).status()).toBe(302);
  const context = await browser.newContext({ baseURL: devApp.url });
  const page = await context.newPage();
  // Vite compiles on first use: the first load can take a while.
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`, { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Development mailbox" })).toBeVisible({ timeout: 60_000 });
  await expectAccessibleUnderVite(page, "/dev/mailbox");
  await page.locator("main li a").first().click();
  await expect(page).toHaveURL(/\/dev\/mailbox\/[^/]+$/);
  await expectAccessibleUnderVite(page, "a message in the mailbox");
  await context.close();
});
