import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

/**
 * The development mailbox (issue 13, B16): the suite's app runs as production with a Resend key, where
 * /dev/mailbox does not exist (security.spec.ts). So this spec starts the app as a developer does
 * (`tsx server.ts`, NODE_ENV=development, no Resend key) on the suite's database, books through the
 * suite's app, and reads the booking email's calendar file from the mailbox. The development instance
 * only reads: no job timer, and nothing here writes through it, so it never delivers anyone's email.
 */

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

let devApp: ChildProcess | undefined;
let devUrl = "";

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const [port, hmrPort] = [await freePort(), await freePort()];
  devUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    PORT: String(port),
    APP_URL: devUrl,
    HMR_PORT: String(hmrPort),
    DATABASE_URL: readFileSync(process.env.E2E_DATABASE_URL_FILE!, "utf8").trim(),
    DISABLE_JOB_TIMER: "1",
    // It takes no payments: without this it would start a local fake Stripe of its own on the suite's port.
    PAYMENTS: "off",
  };
  delete env.RESEND_API_KEY;
  devApp = spawn("node_modules/.bin/tsx", ["server.ts"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  devApp.stderr!.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + 200_000;
  while (Date.now() < deadline) {
    const status = await fetch(`${devUrl}/dev/mailbox`, { signal: AbortSignal.timeout(60_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (devApp.exitCode !== null) throw new Error(`the development app exited (${devApp.exitCode}): ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the development app at ${devUrl} did not serve /dev/mailbox in time: ${errors}`);
});

test.afterAll(async () => {
  if (!devApp || devApp.exitCode !== null) return;
  const exited = new Promise((resolve) => devApp!.once("exit", resolve));
  devApp.kill("SIGTERM");
  await exited;
});

test("the dev mailbox lists a booking email's calendar file and downloads it as text/calendar", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tutor = await alwaysOpenTutor(testInfo, "mailbox");
  const studentEmail = uniqueEmail("mailbox-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Mailbox ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  let start = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf("hour").plus({ minutes: 30 });
  if (start.hour === 23) start = start.plus({ hours: 1 });
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");
  await waitForEmail(page.request, studentEmail, /^Booking confirmed/);

  await page.goto(`${devUrl}/dev/mailbox?to=${encodeURIComponent(studentEmail)}`);
  const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /^Booking confirmed/ }) });
  await expect(item.getByRole("link", { name: /\.ics$/ })).toBeVisible();

  await item.getByRole("link", { name: /^Booking confirmed/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Booking confirmed/ })).toBeVisible();
  const attachments = page.getByRole("region", { name: "Attachments" });
  const file = attachments.getByRole("link", { name: /\.ics$/ });
  await expect(file).toBeVisible();
  await expect(attachments).toContainText("text/calendar");

  // A click downloads it (JavaScript on or off: a plain link to a resource route)…
  const [download] = await Promise.all([page.waitForEvent("download"), file.click()]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  // …and the route serves the bytes that were sent, with the type they were sent with.
  const response = await page.request.get(new URL((await file.getAttribute("href"))!, devUrl).toString());
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8; method=REQUEST");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.ics"/);
  const ics = await response.text();
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(ics).toContain(`with ${tutor.name}`);
  expect(ics).toContain(`DTSTART:${start.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);

  // The tutor's "New booking" email carries the tutor's own copy of the event: one per session.
  await waitForEmail(page.request, tutor.email, /^New booking/);
  await page.goto(`${devUrl}/dev/mailbox?to=${encodeURIComponent(tutor.email)}`);
  const forTutor = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /^New booking/ }) });
  await expect(forTutor.getByRole("link", { name: /\.ics$/ })).toBeVisible();
  await forTutor.getByRole("link", { name: /^New booking/ }).click();
  const tutorFile = page.getByRole("region", { name: "Attachments" }).getByRole("link", { name: /\.ics$/ });
  const tutorIcs = await (await page.request.get(new URL((await tutorFile.getAttribute("href"))!, devUrl).toString())).text();
  expect(tutorIcs).toMatch(/\r\nUID:session-[a-z0-9]+@tutordesk\r\n/);
  expect(tutorIcs).toContain("METHOD:REQUEST");
  expect(tutorIcs.replace(/\r\n /g, "")).toContain(`with Mailbox ${testInfo.project.name}`);
  expect(tutorIcs).toContain(`DTSTART:${start.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);

  const missing = await page.request.get(`${devUrl}/dev/mailbox/no-such-message/attachments/0`);
  expect(missing.status()).toBe(404);
});
