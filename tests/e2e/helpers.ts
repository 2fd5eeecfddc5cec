import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "tutordesk-demo";
const resendUrl = `http://127.0.0.1:${process.env.FAKE_RESEND_PORT ?? 4010}`;

let sequence = 0;
/** An address no other test (or the other project running at the same time) uses. */
export function uniqueEmail(label: string, projectName: string): string {
  sequence += 1;
  return `${label}.${projectName}.${Date.now()}.${sequence}@example.test`.toLowerCase();
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  // Wait for the answer to the POST itself: with JavaScript on, the next page.goto could otherwise
  // start before the sign-in has set its cookie.
  await Promise.all([
    page.waitForResponse((response) => new URL(response.url()).pathname === "/login" && response.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** Creates an account through the real sign-up form endpoint, without driving the page. */
export async function signUpByRequest(
  request: APIRequestContext,
  input: { name: string; email: string; role: "STUDENT" | "PARENT" | "TUTOR"; password?: string; timezone?: string },
) {
  const response = await request.post("/signup", {
    form: { name: input.name, email: input.email, password: input.password ?? "a long e2e password", timezone: input.timezone ?? "Europe/London", role: input.role },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(302);
}

type FakeEmail = { to: string[]; subject: string; text: string; receivedAt: string };

/** Waits for the fake Resend to receive an email for `to` matching `subject`, and returns the newest. */
export async function waitForEmail(request: APIRequestContext, to: string, subject: RegExp): Promise<FakeEmail> {
  let found: FakeEmail | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`${resendUrl}/_test/emails?to=${encodeURIComponent(to)}`);
        const emails = (await response.json()) as FakeEmail[];
        found = emails.filter((email) => subject.test(email.subject)).at(-1);
        return Boolean(found);
      },
      { timeout: 20_000, message: `an email to ${to} matching ${subject}` },
    )
    .toBe(true);
  return found!;
}

export async function countEmails(request: APIRequestContext, to: string, subject: RegExp): Promise<number> {
  const response = await request.get(`${resendUrl}/_test/emails?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as FakeEmail[]).filter((email) => subject.test(email.subject)).length;
}
