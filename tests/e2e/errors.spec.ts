import { expect, test } from "@playwright/test";
import { signUpByRequest, uniqueEmail } from "./helpers";

// Issue 13: every refusal renders inside the app's layout (the header with its navigation), with a
// heading that matches the status and a way back; never Remix's "No route matches URL".

test("an unknown address is a 404 page inside the layout, for a visitor and for a signed-in person", async ({ page }, testInfo) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText(/No route matches/)).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.getByRole("link", { name: "Back to Tutordesk" }).click();
  await expect(page).toHaveURL(/\/$/);

  await signUpByRequest(page.request, { name: `Lost ${testInfo.project.name}`, email: uniqueEmail("lost", testInfo.project.name), role: "STUDENT" });
  expect((await page.goto("/sessions/not-a-session-id"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" })).toBeVisible();
  await page.getByRole("link", { name: "Back to your home page" }).click();
  await expect(page).toHaveURL(/\/student$/);
});

test("a page the account may not open is a 403 'Not allowed' inside the layout", async ({ page }, testInfo) => {
  await signUpByRequest(page.request, { name: `Curious ${testInfo.project.name}`, email: uniqueEmail("curious", testInfo.project.name), role: "STUDENT" });
  expect((await page.goto("/admin/policies"))?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" })).toBeVisible();
});
