import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * The admin's policy page. Both projects edit the one global policy at the same time, so each uses its
 * own value and checks the audit trail (which keeps every change) rather than the page afterwards.
 */
test("an admin changes a policy; a bad value is explained beside its field and nothing is saved", async ({ page }, testInfo) => {
  // A value no other test depends on: the longest cancellation reason.
  const longest = testInfo.project.name === "js-on" ? "450" : "480";
  await signIn(page, "admin@tutordesk.test");
  await expect(page).toHaveURL(/\/admin/);
  await page.getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Policies" })).toBeVisible();
  await expect(page.getByText("Seat held while paying")).toBeVisible();

  await page.getByLabel("Reason at most").fill(longest);
  // The browser itself stops values outside each field's range; the rule between two fields is the server's.
  await page.getByLabel("Partial refund when cancelled at least").fill("30");
  await page.getByRole("button", { name: "Save policies" }).click();
  await expect(page.getByText("Some values need fixing; nothing was saved.")).toBeVisible();
  await expect(page.getByText("Make this at most the full-refund hours (24).")).toBeVisible();
  await expect(page.getByLabel("Reason at most")).toHaveValue(longest);

  await page.getByLabel("Partial refund when cancelled at least").fill("2");
  await expect(page.getByLabel("Reason at most")).toHaveValue(longest);
  await page.getByRole("button", { name: "Save policies" }).click();
  // The policy-overrides spec may set the cancel cutoff meanwhile; this form then saves that key back too.
  await expect(page.getByText(/Saved \d+ changes?/)).toBeVisible();

  await page.goto("/admin/audit?action=policy.updated");
  // The change, with what it was before, sits in the event's (collapsed) details.
  await expect(page.locator("main ol")).toContainText(`"cancellationReasonMaxLength":${longest}}`);
});
