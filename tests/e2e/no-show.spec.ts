import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, openFirstSession, openTutorFromList, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";
import { laterInstanceUp, laterUrl, LATER_BY_SECONDS } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

/**
 * The bookable half hour (the tutor offers 30-minute sessions on the half hour, the last at 23:00) at
 * or before `latest`: between 20 and 50 minutes before it.
 */
function slotAtOrBefore(latest: DateTime): DateTime {
  const at = latest.setZone(ZONE).startOf("minute");
  const start = at.minus({ minutes: at.minute % 30 });
  return start.hour === 23 && start.minute === 30 ? start.minus({ minutes: 30 }) : start;
}

/**
 * A missed check-in becomes a no-show and the learner sees the refund. Real time cannot pass inside a
 * test: the session is booked three days ahead, about 20 minutes before "three days on", so on the later
 * instance (the same app and database with its clock three days on, later-instance.ts) its tutor is
 * past the 15-minute no-show mark. The no-show job runs there for this test's tutor only (the route's
 * `tutor`), so the other tests' sessions, all in the past on that clock, are left alone.
 */
test("a missed check-in becomes a no-show, the learner sees the full refund and is emailed", async ({ page }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "noshow");
  const studentEmail = uniqueEmail("noshow-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Noshow ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });

  await openTutorFromList(page, tutor.name);
  const tutorId = new URL(page.url()).pathname.split("/").at(-1)!;
  const start = slotAtOrBefore(DateTime.now().plus({ seconds: LATER_BY_SECONDS }).minus({ minutes: 20 }));
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");
  const bookingPath = new URL(page.url()).pathname;
  await openFirstSession(page);
  await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionPath = new URL(page.url()).pathname;
  await expect(page.getByRole("definition").filter({ hasText: /^Scheduled$/ })).toBeVisible();

  // Three days on, the tutor never checked in: the job marks the session and refunds the payment.
  const jobs = (query: string) => page.request.post(`${laterUrl}/jobs/run?${query}`, { headers: { Authorization: "Bearer e2e-jobs-secret" } });
  // The other project's run of the job may hold it this moment ("not_due"): ask again until this one runs.
  await expect(async () => {
    const marked = await jobs(new URLSearchParams({ job: "mark-no-shows", tutor: tutorId }).toString());
    expect(marked.status()).toBe(200);
    expect((await marked.json()).outcomes).toEqual([expect.objectContaining({ job: "mark-no-shows", status: "succeeded", summary: { marked: 1 } })]);
  }).toPass({ timeout: 20_000 });
  expect((await jobs("job=process-refunds")).status()).toBe(200);

  await page.goto(bookingPath);
  await expect(page.getByRole("heading", { level: 1, name: "Your tutor did not check in" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^No-show — your tutor did not check in$/ })).toBeVisible();
  const noShow = page.getByRole("region", { name: "No-show — your tutor did not check in" });
  await expect(noShow.getByText("The session did not take place, so everything paid for it is refunded in full.")).toBeVisible();
  await expect(noShow.getByRole("definition")).toHaveText("£20.00: refunded");

  await page.goto(sessionPath);
  await expect(page.getByRole("definition").filter({ hasText: /^No-show — your tutor did not check in$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Refunded in full" })).toHaveAttribute("href", bookingPath);
  await expect(page.getByRole("link", { name: "Cancel session…" })).toHaveCount(0);

  const email = await waitForEmail(page.request, studentEmail, /^No-show: your tutor did not check in for /);
  expect(email.text).toContain(`${tutor.name} had not checked in 15 minutes after the start`);
  expect(email.text).toContain("The £20.00 you paid is being refunded in full to the card you paid with.");
  expect(email.text).toContain(bookingPath);
});
