import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { laterInstanceUp, laterUrl } from "./later-instance";

test.describe("refusing what should be refused", () => {
  test("a form on another site cannot post to Tutordesk", async ({ page, baseURL }) => {
    await signIn(page, "sam.student@tutordesk.test");
    await expect(page).toHaveURL(/\/student$/);
    // A page on another origin with a form aimed at Tutordesk, served by Playwright itself.
    await page.route("http://attacker.example/", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<form method="post" action="${baseURL}/logout"><button>Win a prize</button></form>`,
      }),
    );
    await page.goto("http://attacker.example/");
    const [response] = await Promise.all([page.waitForResponse(`${baseURL}/logout`), page.getByRole("button", { name: "Win a prize" }).click()]);
    expect(response.status()).toBe(403);
    await expect(page.getByText("Cross-site form submissions are refused.")).toBeVisible();
    // Still signed in: the forged sign-out did nothing.
    await page.goto("/student");
    await expect(page.getByRole("heading", { name: "Hello, Sam Carter" })).toBeVisible();
  });

  test("a POST naming another origin is refused before any action runs", async ({ request }) => {
    const response = await request.post("/signup", {
      headers: { Origin: "http://attacker.example" },
      form: { name: "X", email: "x@example.test", password: "a long password", timezone: "UTC", role: "STUDENT" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
  });

  test("bad input gets a 400 page with field errors, never a 500", async ({ request }) => {
    const response = await request.post("/signup", {
      form: { name: "x".repeat(121), email: "nope", password: "a long password", timezone: "Mars/Olympus_Mons", role: "ADMIN", isAdmin: "yes" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    const html = await response.text();
    expect(html).toContain("This form does not have the field isAdmin. Reload the page and try again.");
  });

  test("each bad field is named beside the field", async ({ request }) => {
    const response = await request.post("/signup", {
      form: { name: "x".repeat(121), email: "nope", password: "a long password", timezone: "Mars/Olympus_Mons", role: "ADMIN" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    const html = await response.text();
    for (const message of [
      "A name has at most 120 characters.",
      "Enter an email address like name@example.com.",
      "Choose a time zone from the list (for example Europe/London).",
      "Choose whether you are a student, a parent or a tutor.",
    ]) {
      expect(html).toContain(message);
    }
  });

  test("pages carry a nonce-based Content-Security-Policy without unsafe-inline scripts", async ({ request }) => {
    const response = await request.get("/login");
    const csp = response.headers()["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  test("the development mailbox does not exist in production", async ({ request }) => {
    expect((await request.get("/dev/mailbox")).status()).toBe(404);
  });

  test("the job route wants its bearer secret", async ({ request }) => {
    expect((await request.post("/jobs/run")).status()).toBe(401);
    expect((await request.post("/jobs/run", { headers: { Authorization: "Bearer wrong" } })).status()).toBe(401);
    const response = await request.post("/jobs/run", { headers: { Authorization: "Bearer e2e-jobs-secret" } });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.outcomes.map((outcome: { job: string }) => outcome.job)).toEqual([
      "deliver-emails",
      "expire-holds",
      "process-refunds",
      "expire-reschedule-requests",
      "close-unanswered-replacements",
      "mark-no-shows",
      "send-session-reminders",
      "follow-up-hours-confirmations",
      "clean-past-slots",
      "prune-availability-changes",
      "prune-analytics-changes",
      "clean-login-sessions",
    ]);
  });

  test("turning payments off for someone who is not a tutor is a clear 404 (no tutor profile), not a server error (found by the fuzz test)", async ({ page }) => {
    await signIn(page, "admin@tutordesk.test");
    await page.goto("/admin/users?q=sam.student");
    await page.getByRole("link", { name: "Sam Carter" }).click();
    await expect(page).toHaveURL(/\/admin\/users\/[a-z0-9]+$/);
    const response = await page.request.post(page.url(), {
      form: { intent: "payments", paymentsEnabled: "off" },
      headers: { Origin: new URL(page.url()).origin },
      maxRedirects: 0,
    });
    // NO_PROFILE maps to 404 like every "no such thing" refusal (statusForDomainError).
    expect(response.status()).toBe(404);
    expect(await response.text()).toContain("This tutor has no profile yet.");
  });

  test("a NUL in a multipart sign-in is answered like any wrong sign-in (found by the fuzz test)", async ({ request, baseURL }) => {
    const response = await request.post("/login", {
      multipart: { email: "no.one\u0000@example.test", password: "not the password" },
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("That email and password do not match an account.");
  });

  test("a signed-out visit to a very long address goes to sign in without carrying it (found by the fuzz test)", async ({ request }) => {
    const response = await request.get(`/sessions/x/cancel?start=${"%F0%9F%99%82".repeat(600)}`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe("/login");
  });

  test("the per-address sign-in limit is one count for two app instances on one database", async ({ request, baseURL }) => {
    await laterInstanceUp();
    // Six sign-in posts to the first instance (refused as bad input, but every POST counts)...
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await request.post("/login", { form: { email: "not-an-address", password: "x" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
      expect(response.status()).toBe(400);
    }
    // ...use up the second instance's allowance of five: it reads the same count.
    const refused = await request.post(`${laterUrl}/login`, { form: { email: "sam.student@tutordesk.test", password: "x" }, headers: { Origin: laterUrl }, maxRedirects: 0 });
    expect(refused.status()).toBe(429);
    expect(await refused.text()).toContain("Too many attempts");
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  });
});
