import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, COORDINATOR_ZONE, ZONE } from "./booking-helpers";
import { signIn, signUpByRequest, uniqueEmail } from "./helpers";

/**
 * The coordinators' operations list (issue 16), JavaScript on and off: a coordinator filters by tutor
 * and status, pages with the filters kept, corrects a wrong date, and downloads the CSV of every page;
 * a tutor and a learner are refused, and staff opening /sessions land on the list.
 */

test("a coordinator filters the operations list, pages with the filters kept, and exports the CSV", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tutor = await alwaysOpenTutor(testInfo, "ops-list");
  const studentName = `Ops List Student ${testInfo.project.name}`;
  const studentEmail = uniqueEmail("ops-list", testInfo.project.name);
  await signUpByRequest(page.request, { name: studentName, email: studentEmail, role: "STUDENT", timezone: ZONE });
  // Two sessions on two days ahead, on the half hour inside the tutor's day (which ends at 23:30).
  let first = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf("hour").plus({ minutes: 30 });
  if (first.hour === 23) first = first.plus({ hours: 1 });
  const second = first.plus({ days: 1 });
  await bookAndPayFirstLength(page, tutor.name, first, "£20.00");
  await bookAndPayFirstLength(page, tutor.name, second, "£20.00");

  // Staff who open /sessions (the header's link) land on the operations list.
  await page.context().clearCookies();
  await signIn(page, "coordinator@tutordesk.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions", exact: true }).click();
  await expect(page).toHaveURL(/\/coordinator\/sessions$/);
  await expect(page.getByRole("heading", { level: 1, name: "Operations list" })).toBeVisible();

  // Filter: this tutor, scheduled, one a page, the earliest first.
  await page.getByLabel("Tutor's name").fill(tutor.name);
  await page.getByRole("group", { name: "Status" }).getByLabel("Scheduled").check();
  await page.getByLabel("Order").selectOption("asc");
  await page.getByLabel("Per page").fill("1");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]size=1(&|$)/);
  const url = new URL(page.url());
  expect(url.searchParams.get("tutor")).toBe(tutor.name);
  expect(url.searchParams.getAll("status")).toEqual(["SCHEDULED"]);

  const rows = page.getByRole("table", { name: "Sessions" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  const when = (at: DateTime) => at.setZone(COORDINATOR_ZONE).toFormat("ccc d LLL yyyy, HH:mm");
  await expect(rows.first()).toContainText(when(first));
  await expect(rows.first()).toContainText(tutor.name);
  await expect(rows.first()).toContainText(studentName);
  await expect(rows.first()).toContainText("Scheduled");
  await expect(rows.first()).toContainText("£20.00");

  // The next page keeps every filter, and the form still shows them.
  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  const paged = new URL(page.url());
  expect([paged.searchParams.get("tutor"), paged.searchParams.getAll("status"), paged.searchParams.get("dir"), paged.searchParams.get("size")]).toEqual([
    tutor.name,
    ["SCHEDULED"],
    "asc",
    "1",
  ]);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(when(second));
  await expect(page.getByLabel("Tutor's name")).toHaveValue(tutor.name);
  await expect(page.getByRole("group", { name: "Status" }).getByLabel("Scheduled")).toBeChecked();
  await expect(page.getByRole("link", { name: "Next page →" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "← Previous page" })).toBeVisible();

  // The CSV has every page of the same filters.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV (every page)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sessions-.*\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe(
    "session_id,starts_at,ends_at,zone,title,meeting_type,tutor,learners,status,actual_start,actual_end,currency,price,paid,refunded,reschedules,replacement_tutor,pending_reschedule,created_at",
  );
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(`,${first.setZone(COORDINATOR_ZONE).toISO({ suppressMilliseconds: true })},`);
  expect(lines[2]).toContain(`,${second.setZone(COORDINATOR_ZONE).toISO({ suppressMilliseconds: true })},`);
  for (const line of lines.slice(1)) expect(line).toContain(`,${COORDINATOR_ZONE},`);
  for (const line of lines.slice(1)) expect(line).toContain(`,${tutor.name},${studentName},Scheduled,`);

  // A wrong date: the message beside the field, what was typed kept, nothing listed.
  const response = await page.goto(`/coordinator/sessions?tutor=${encodeURIComponent(tutor.name)}&from=2026-02-30`);
  expect(response?.status()).toBe(400);
  await expect(page.getByText("2026-02-30 is not a date in the calendar.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("From (first day)")).toHaveValue("2026-02-30");
  await expect(page.getByLabel("Tutor's name")).toHaveValue(tutor.name);
  await expect(page.getByRole("table", { name: "Sessions" })).toHaveCount(0);

  // At 360 px the list fits the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/coordinator/sessions?tutor=${encodeURIComponent(tutor.name)}`);
  await expect(rows).toHaveCount(2);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, "the page is no wider than the screen").toBeLessThanOrEqual(widths.client);
  await page.screenshot({ path: testInfo.outputPath("operations-list-360.png"), fullPage: true });
});

test("tutors and learners are refused the operations list and its export; staff flags land on its filters", async ({ page }, testInfo) => {
  for (const role of ["TUTOR", "STUDENT"] as const) {
    const email = uniqueEmail(`ops-refused-${role.toLowerCase()}`, testInfo.project.name);
    await page.context().clearCookies();
    // Signing up signs the browser in (page.request shares its cookies).
    await signUpByRequest(page.request, { name: `Ops Refused ${role}`, email, role, timezone: ZONE });
    expect((await page.goto("/coordinator/sessions"))?.status()).toBe(403);
    expect((await page.request.get("/coordinator/sessions.csv", { maxRedirects: 0 })).status()).toBe(403);
    // Their own /sessions is still theirs.
    expect((await page.goto("/sessions"))?.status()).toBe(200);
    await expect(page).toHaveURL(/\/sessions$/);
  }

  await page.context().clearCookies();
  await signIn(page, "coordinator@tutordesk.test");
  await page.goto("/sessions?as=all&flag=check-out-missing");
  await expect(page).toHaveURL(/\/coordinator\/sessions\?attention=check-out-missing$/);
  await expect(page.getByRole("group", { name: "Attention needed" }).getByLabel("Check-out missing")).toBeChecked();
});
