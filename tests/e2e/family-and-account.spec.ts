import { expect, test } from "@playwright/test";
import { signIn, signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

test("a parent adds a child, sees them, and cannot open another family's child", async ({ page, request }, testInfo) => {
  const parentEmail = uniqueEmail("parent", testInfo.project.name);
  const childEmail = uniqueEmail("child", testInfo.project.name);
  await signUpByRequest(request, { name: "Robin Parent", email: parentEmail, role: "PARENT", password: "parent password 1" });
  await signIn(page, parentEmail, "parent password 1");
  await expect(page).toHaveURL(/\/parent$/);

  await page.getByRole("link", { name: "Add a child" }).first().click();
  await page.getByLabel("Child's full name").fill("Kit Parent");
  await page.getByLabel("Child's email").fill(childEmail);
  await page.getByLabel("Their time zone").selectOption("Pacific/Chatham");
  await page.getByRole("button", { name: "Add child" }).click();

  await expect(page).toHaveURL(/\/parent$/);
  await expect(page.getByRole("status")).toHaveText("Kit Parent was added. We emailed them how to sign in.");
  await page.getByRole("link", { name: "Kit Parent" }).click();
  await expect(page.getByRole("heading", { name: "Kit Parent" })).toBeVisible();
  await expect(page.getByText(`${childEmail} · Pacific/Chatham`)).toBeVisible();
  const email = await waitForEmail(request, childEmail, /created a Tutordesk account for you/);
  expect(email.subject).toBe("Robin Parent created a Tutordesk account for you");

  // Pat's demo children are not Robin's.
  const childUrl = page.url();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, "pat.parent@tutordesk.test");
  await expect(page).toHaveURL(/\/parent$/);
  const response = await page.goto(childUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("That student is not linked to your account.")).toBeVisible();
});

test("signing another device out from the account page ends that session", async ({ browser, request }, testInfo) => {
  const email = uniqueEmail("devices", testInfo.project.name);
  await signUpByRequest(request, { name: "Two Devices", email, role: "STUDENT", password: "devices password" });
  const javaScriptEnabled = testInfo.project.name === "js-on";
  const phone = await browser.newContext({ javaScriptEnabled, userAgent: "Phone browser" });
  const laptop = await browser.newContext({ javaScriptEnabled });
  const phonePage = await phone.newPage();
  const laptopPage = await laptop.newPage();
  await signIn(phonePage, email, "devices password");
  await expect(phonePage).toHaveURL(/\/student$/);
  await signIn(laptopPage, email, "devices password");
  await expect(laptopPage).toHaveURL(/\/student$/);

  await laptopPage.goto("/account");
  const phoneRow = laptopPage.getByRole("listitem").filter({ hasText: "Phone browser" });
  await phoneRow.getByRole("button", { name: "Sign out this device" }).click();
  await expect(laptopPage.getByRole("status")).toHaveText("That device was signed out.");

  await phonePage.goto("/student");
  await expect(phonePage).toHaveURL(/\/login\?redirectTo=%2Fstudent$/);
  await laptopPage.goto("/student");
  await expect(laptopPage.getByRole("heading", { name: "Hello, Two Devices" })).toBeVisible();
  await phone.close();
  await laptop.close();
});

test("a person changes their time zone and the audit trail shows it", async ({ page, request }, testInfo) => {
  const email = uniqueEmail("zone", testInfo.project.name);
  await signUpByRequest(request, { name: "Zone Changer", email, role: "TUTOR", password: "zone password 1" });
  await signIn(page, email, "zone password 1");
  await page.goto("/account");
  await page.getByLabel("Time zone").selectOption("Australia/Lord_Howe");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Your profile was saved.");
  await expect(page.getByLabel("Time zone")).toHaveValue("Australia/Lord_Howe");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);

  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, "admin@tutordesk.test");
  await page.goto("/admin/audit?action=user.profile_updated");
  await expect(page.getByRole("listitem").filter({ hasText: "Zone Changer" }).first()).toContainText("Australia/Lord_Howe");
});
