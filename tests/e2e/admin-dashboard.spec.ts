import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * The admin dashboard (issue 17), JavaScript on and off: an admin changes the range, a wrong date is
 * explained beside its field with what was typed kept, and a figure leads to the operations list
 * filtered to exactly the sessions it counts.
 */

test("an admin changes the dashboard's range and follows a figure to the matching sessions", async ({ page }) => {
  await signIn(page, "admin@tutordesk.test");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Sessions", exact: true })).toBeVisible();
  for (const chart of ["Sessions per day by status", "Revenue and refunds per week", "How long before the start sessions were cancelled", "Busiest hours of the week"]) {
    await expect(page.getByText(chart, { exact: false }).first()).toBeVisible();
  }

  // The days the wrong way round: the message beside the last day, what was typed kept, the default range's numbers still below.
  await page.getByLabel("First day").fill("2020-01-12");
  await page.getByLabel("Last day").fill("2020-01-06");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByLabel("Last day")).toHaveValue("2020-01-06");
  await expect(page.getByLabel("Last day")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#range-to-error")).toContainText("The last day comes before the first: swap them.");
  await expect(page.getByRole("heading", { level: 2, name: "Sessions", exact: true })).toBeVisible();

  // A week long past, before any session: every count is 0, and the charts say so.
  await page.getByLabel("First day").fill("2020-01-06");
  await page.getByLabel("Last day").fill("2020-01-12");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/from=2020-01-06&to=2020-01-12/);
  await expect(page.getByRole("heading", { level: 2, name: "2020-01-06 to 2020-01-12" })).toBeVisible();
  await expect(page.getByText("Nothing to show for this range.").first()).toBeVisible();

  // The "Completed" figure lists exactly its sessions: the same days and status, none of them.
  const completed = page.getByRole("link", { name: "Completed: 0, list the sessions" });
  await completed.click();
  await expect(page).toHaveURL(/\/coordinator\/sessions\?from=2020-01-06&to=2020-01-12&status=COMPLETED$/);
  await expect(page.getByRole("group", { name: "Status" }).getByLabel("Completed")).toBeChecked();
  await expect(page.getByText("No session matches these filters.")).toBeVisible();
});

test("coordinators, tutors and learners cannot open the dashboard", async ({ page }) => {
  for (const email of ["coordinator@tutordesk.test", "maria.tutor@tutordesk.test", "sam.student@tutordesk.test"]) {
    await page.context().clearCookies();
    await signIn(page, email);
    expect((await page.goto("/admin?from=2031-01-01"))?.status()).toBe(403);
  }
});
