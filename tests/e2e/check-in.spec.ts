import { expectAccessible } from "./accessibility";
import { expect, test, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, signedInBrowser, ZONE } from "./booking-helpers";
import { signUpByRequest, uniqueEmail } from "./helpers";
import { laterInstanceUp, laterUrl } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

/** The first bookable half hour (the tutor offers 30-minute sessions on the half hour) at or after `from`. */
function slotFrom(from: DateTime): DateTime {
  const start = from.setZone(ZONE).startOf("minute");
  const minutes = start.minute % 30 === 0 ? 0 : 30 - (start.minute % 30);
  return start.plus({ minutes });
}

/** axe on the page shown, once (with JavaScript on; the js-off project renders the same markup), with a11y.spec.ts's rule sets. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The session pages of the tutor's sessions, in start order, as their list links them. */
async function sessionPaths(page: Page): Promise<string[]> {
  await page.goto("/sessions");
  const links = page.getByRole("link", { name: "View session" });
  await expect(links).toHaveCount(2);
  return Promise.all([0, 1].map(async (index) => (await links.nth(index).getAttribute("href"))!));
}

/**
 * A tutor is refused an early check-in with the exact minutes, then checks in when the window is open.
 * Real time cannot pass inside a test: the second session is three days ahead, and the tutor checks in
 * on the later instance (the same app and database with its clock three days on, later-instance.ts),
 * where that session is about to start.
 */
test("a tutor is refused an early check-in with the minutes, and checks in once the window is open", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "checkin");
  const studentEmail = uniqueEmail("checkin-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Checkin ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });

  // Today's session, 90 minutes or more ahead (past the booking notice): check-in opens 30 minutes before it.
  const soon = slotFrom(DateTime.now().plus({ minutes: 90 }));
  await bookAndPayFirstLength(page, tutor.name, soon, "£20.00");
  // The other, whose start on the later instance (three days on) is at most 30 minutes ahead: its check-in is open there.
  const threeDaysOn = slotFrom(DateTime.now().plus({ days: 3 }));
  await bookAndPayFirstLength(page, tutor.name, threeDaysOn, "£20.00");

  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  const [soonPath, laterPath] = await sessionPaths(tutorPage);

  await tutorPage.goto(soonPath);
  const opens = soon.minus({ minutes: 30 });
  const opensText = opens.hasSame(DateTime.now().setZone(ZONE), "day") ? opens.toFormat("HH:mm") : opens.toFormat("ccc d LLL yyyy, HH:mm");
  const refusal = new RegExp(`^Check-in opens in (\\d+) minutes, at ${escape(opensText)} \\(${escape(ZONE)}\\)$`);
  const checkIn = tutorPage.getByRole("form", { name: "Check in" });
  await expect(checkIn.getByText(new RegExp(`^Check-in opens in \\d+ minutes, at ${escape(opensText)} \\(${escape(ZONE)}\\)\\.$`))).toBeVisible();
  await checkIn.getByRole("button", { name: "Check in" }).click();
  const alert = checkIn.getByRole("alert");
  await expect(alert).toHaveText(refusal);
  const minutes = Number(refusal.exec((await alert.textContent()) ?? "")![1]);
  const expected = opens.diff(DateTime.now(), "minutes").minutes;
  expect(Math.abs(minutes - expected)).toBeLessThanOrEqual(1);
  await expectAccessible(tutorPage, testInfo);
  await expect(tutorPage.getByRole("definition").filter({ hasText: /^Scheduled$/ })).toBeVisible();
  await expect(tutorPage.getByText("Checked in")).toHaveCount(0);

  // Three days on, the other session's window is open: the tutor checks in.
  await tutorPage.goto(`${laterUrl}${laterPath}`);
  await expect(checkIn.getByText("Check in when you start the session.")).toBeVisible();
  await checkIn.getByRole("button", { name: "Check in" }).click();
  await expect(tutorPage.getByText(/^You checked in at \w{3} \d+ \w{3} \d{4}, \d\d:\d\d (GMT|BST) \(Europe\/London\)(, \d+ minutes? late)?\.$/)).toBeVisible();
  await expect(tutorPage.getByRole("definition").filter({ hasText: /^In progress$/ })).toBeVisible();
  await expect(tutorPage.getByRole("term").filter({ hasText: "Checked in" })).toBeVisible();
  await expect(tutorPage.getByRole("form", { name: "Check in" })).toHaveCount(0);
  await expect(tutorPage.getByRole("form", { name: "Check out" }).getByRole("button", { name: "Check out" })).toBeVisible();
  await expectAccessible(tutorPage, testInfo);
  await tutorContext.close();

  // The learner sees it too, and has no check-in or check-out of their own.
  await page.goto(`${laterUrl}${laterPath}`);
  await expect(page.getByRole("definition").filter({ hasText: /^In progress$/ })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: "Checked in" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Check (in|out)/ })).toHaveCount(0);
});
