import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { countEmails, DEMO_PASSWORD, signIn, signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

test.describe("signing up and out", () => {
  test("a visitor signs up, lands on their home page, and signs out on the server", async ({ page }, testInfo) => {
    const email = uniqueEmail("newstudent", testInfo.project.name);
    await page.goto("/signup");
    await page.getByLabel("Full name").fill("Nova Student");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByLabel("Time zone").selectOption("Asia/Kathmandu");
    await page.getByLabel("I am joining as").selectOption("STUDENT");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page).toHaveURL(/\/student$/);
    await expect(page.getByRole("heading", { name: "Hello, Nova Student" })).toBeVisible();
    await expect(page.getByText("Times are shown in Asia/Kathmandu.")).toBeVisible();

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/student");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstudent$/);
  });

  test("a taken email is a field error and the rest of the form is kept", async ({ page, request }, testInfo) => {
    const email = uniqueEmail("taken", testInfo.project.name);
    await signUpByRequest(request, { name: "First Owner", email, role: "STUDENT" });
    await page.goto("/signup");
    await page.getByLabel("Full name").fill("Second Try");
    await page.getByLabel("Email").fill(email.toUpperCase());
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByText("An account with this email already exists. Sign in instead, or use another address.")).toBeVisible();
    await expect(page.getByLabel("Full name")).toHaveValue("Second Try");
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });

  test("a malformed email is answered beside the field", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("Full name").fill("Typo Person");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter an email address like name@example.com.")).toBeVisible();
    await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
    await expect(page.getByLabel("Full name")).toHaveValue("Typo Person");
    await expect(page).toHaveURL(/\/signup$/);
  });
});

test.describe("signing in", () => {
  const homes = [
    { email: "sam.student@tutordesk.test", path: "/student", heading: "Hello, Sam Carter" },
    { email: "pat.parent@tutordesk.test", path: "/parent", heading: "Hello, Pat Morgan" },
    { email: "maria.tutor@tutordesk.test", path: "/tutor", heading: "Hello, Maria Gonzalez" },
    { email: "coordinator@tutordesk.test", path: "/coordinator", heading: "Operations" },
    { email: "admin@tutordesk.test", path: "/admin", heading: "Admin" },
  ];
  for (const home of homes) {
    test(`${home.email} lands on ${home.path} with its own navigation`, async ({ page }) => {
      await signIn(page, home.email);
      await expect(page).toHaveURL(new RegExp(`${home.path}$`));
      await expect(page.getByRole("heading", { level: 1, name: home.heading })).toBeVisible();
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "Account" })).toBeVisible();
      // Nobody sees another role's home in their navigation.
      for (const other of homes.filter((candidate) => candidate.path !== home.path && candidate.path !== "/coordinator")) {
        await expect(nav.locator(`a[href="${other.path}"]`)).toHaveCount(0);
      }
    });
  }

  test("a wrong password gets one generic message and keeps the email", async ({ page }) => {
    await signIn(page, "sam.student@tutordesk.test", "not the password");
    await expect(page.getByRole("alert")).toHaveText("That email and password do not match an account.");
    await expect(page.getByLabel("Email")).toHaveValue("sam.student@tutordesk.test");
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("repeated wrong passwords pause the address", async ({ page, request }, testInfo) => {
    const email = uniqueEmail("throttled", testInfo.project.name);
    await signUpByRequest(request, { name: "Throttled Person", email, role: "STUDENT", password: "the right password" });
    for (let attempt = 0; attempt < 5; attempt++) {
      await signIn(page, email, "a wrong password");
      await expect(page.getByRole("alert")).toHaveText("That email and password do not match an account.");
    }
    await signIn(page, email, "the right password");
    await expect(page.getByRole("alert")).toContainText("Too many failed attempts for this address. Try again in 15 minutes");
  });

  test("a signed-out visitor is sent to sign in and then back to the page they wanted", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    await page.getByLabel("Email").fill("sam.student@tutordesk.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  });

  test("a student cannot open the admin pages", async ({ page }) => {
    await signIn(page, "sam.student@tutordesk.test");
    await expect(page).toHaveURL(/\/student$/);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  });
});

/** Asks for a code on the page open at /login/code and returns the email's text once it arrives. */
async function emailMeACode(page: Page, request: APIRequestContext, email: string): Promise<string> {
  // With JavaScript on, a link here navigates on the client: the previous page's Email box must not be the one filled.
  await expect(page.getByRole("heading", { name: "Sign in with an emailed code" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  return (await waitForEmail(request, email, /sign-in code/)).text;
}

const codeIn = (text: string) => text.match(/code is (\d{6})/)![1];

test.describe("signing in with an emailed code", () => {
  test("the code from the email signs in", async ({ page, request }, testInfo) => {
    const email = uniqueEmail("coded", testInfo.project.name);
    await signUpByRequest(request, { name: "Code Person", email, role: "PARENT" });
    await page.goto("/login/code");
    const code = codeIn(await emailMeACode(page, request, email));
    await page.getByLabel("Sign-in code").fill(code === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That code is not right. Check the latest email and try again (4 tries left).")).toBeVisible();

    await page.getByLabel("Sign-in code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/parent$/);
    await expect(page.getByRole("heading", { name: "Hello, Code Person" })).toBeVisible();
  });

  test("the magic link signs in once; opened again it offers a new code", async ({ page, request }, testInfo) => {
    const email = uniqueEmail("magic", testInfo.project.name);
    await signUpByRequest(request, { name: "Magic Person", email, role: "TUTOR" });
    await page.goto("/login/code");
    const link = (await emailMeACode(page, request, email)).match(/(http:\/\/\S+\/login\/magic\S*)/)![1];
    // Opening the link only shows whom it signs in (mail scanners open links too); the button signs in.
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Sign in to Tutordesk" })).toBeVisible();
    await expect(page.getByText(`You asked to sign in as ${email}.`)).toBeVisible();
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/tutor$/);
    await expect(page.getByRole("heading", { name: "Hello, Magic Person" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);

    await expect(page).toHaveURL(/\/login$/);
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This code can no longer be used" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("This sign-in code or link was already used.");
    const before = await countEmails(request, email, /sign-in code/);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a new code" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await expect.poll(() => countEmails(request, email, /sign-in code/)).toBe(before + 1);
  });

  test("an address without an account gets the same page and an email saying so", async ({ page, request }, testInfo) => {
    const email = uniqueEmail("nobody", testInfo.project.name);
    await page.goto("/login/code");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a code" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    const message = await waitForEmail(request, email, /Signing in to Tutordesk/);
    expect(message.text).toContain("it has no account");
  });

  test("five wrong codes use the code up: the right one then fails and the page offers a new code", async ({ page, request }, testInfo) => {
    const email = uniqueEmail("guessed", testInfo.project.name);
    await signUpByRequest(request, { name: "Guessed Person", email, role: "STUDENT" });
    await page.goto("/login/code");
    const code = codeIn(await emailMeACode(page, request, email));
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 4; attempt++) {
      await page.getByLabel("Sign-in code").fill(wrong);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText(`(${5 - attempt} ${5 - attempt === 1 ? "try" : "tries"} left)`)).toBeVisible();
    }
    await page.getByLabel("Sign-in code").fill(wrong);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "This code can no longer be used" })).toBeVisible();
    await expect(page.getByRole("alert")).toHaveText("That was 5 wrong codes, so this code no longer works. Ask for a new one below.");
    // The right code, posted again from this browser, signs nobody in.
    const replay = await page.request.post("/login/code/verify", { form: { code }, maxRedirects: 0 });
    expect(replay.status()).toBe(303);
    await page.goto("/student");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstudent$/);
  });

  test("the page a visitor was heading for survives asking for a code", async ({ page, request }, testInfo) => {
    const email = uniqueEmail("heading", testInfo.project.name);
    await signUpByRequest(request, { name: "Heading Person", email, role: "STUDENT" });
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    await page.getByRole("link", { name: "Email me a sign-in code instead" }).click();
    const code = codeIn(await emailMeACode(page, request, email));
    await page.getByLabel("Sign-in code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  });
});

test.describe("sign-in destinations", () => {
  test("a link whose destination hides a tab (the attack from the report) is refused before any page", async ({ page }) => {
    const response = await page.goto("/login?redirectTo=%2F%09%2Fevil.example%2Fphish");
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "That address does not work" })).toBeVisible();
  });

  for (const attack of ["%2F%5Cevil.example", "%2F%2Fevil.example", "%2F.%2F%2Fevil.example", "https%3A%2F%2Fevil.example"]) {
    test(`redirectTo=${attack} lands on the person's home, never another site`, async ({ page }) => {
      await page.route(
        (url) => url.hostname.endsWith("evil.example"),
        (route) => route.fulfill({ contentType: "text/html", body: "<h1>Phished</h1>" }),
      );
      await page.goto(`/login?redirectTo=${attack}`);
      await page.getByLabel("Email").fill("sam.student@tutordesk.test");
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/student$/);
      await expect(page.getByRole("heading", { name: "Hello, Sam Carter" })).toBeVisible();
    });
  }

  test("a posted destination with a tab lands on the person's home", async ({ request }) => {
    const response = await request.post("/login", {
      form: { email: "sam.student@tutordesk.test", password: DEMO_PASSWORD, redirectTo: "/\t/evil.example/phish" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe("/student");
  });
});
