import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, ZONE } from "./booking-helpers";
import { expect, test } from "./fixtures";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";

/**
 * The development mailbox (issue 13, B16): the suite's app runs as production with a Resend key, where
 * /dev/mailbox does not exist (security.spec.ts). So this spec starts the app as a developer does
 * (`tsx server.ts`, NODE_ENV=development, no Resend key) on the suite's database, books through the
 * suite's app, and reads the booking email's calendar file from the mailbox (the `devApp` fixture,
 * fixtures.ts). Nothing here writes through the development instance.
 */

test("the dev mailbox lists a booking email's calendar file and downloads it as text/calendar", async ({ page, devApp }, testInfo) => {
  test.setTimeout(120_000);
  const devUrl = devApp.url;
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
