import { expectAccessible } from "./accessibility";
import { expect, test, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { alwaysOpenTutor, bookAndPayFirstLength, signedInBrowser, ZONE } from "./booking-helpers";
import { countEmails, signUpByRequest, uniqueEmail, waitForEmail } from "./helpers";
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

/** The signed-in person's session pages, in start order, as their list links them. */
async function sessionPaths(page: Page): Promise<string[]> {
  await page.goto("/sessions");
  const links = page.getByRole("link", { name: "View session" });
  await expect(links).toHaveCount(2);
  return Promise.all([0, 1].map(async (index) => (await links.nth(index).getAttribute("href"))!));
}

/**
 * A tutor sets a default meeting link and a session's own link; the learner sees when Join appears,
 * gets a reminder with the link, and sees the Join button once the session is about to start. Real time
 * cannot pass inside a test: the second session is three days ahead and is viewed on the later instance
 * (the same app and database with its clock three days on, later-instance.ts), where it is about to start.
 * Jobs run on the real instance only (POST /jobs/run), where the first session's reminder is due.
 */
test("a tutor's meeting link becomes the learner's Join button and is in the reminder email", async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const tutor = await alwaysOpenTutor(testInfo, "join");
  const room = `https://meet.example.com/${testInfo.project.name}-${Date.now()}`;
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");

  // The tutor's default link: a bad one is refused beside the field with the input kept.
  await tutorPage.goto("/tutor/profile");
  const linkField = tutorPage.getByLabel("Default meeting link");
  await linkField.fill("meet.example.com/room");
  await tutorPage.getByRole("button", { name: "Save meeting link" }).click();
  await expect(tutorPage.getByText("Enter a web address starting with https:// or http://, such as https://meet.example.com/your-room.")).toBeVisible();
  await expect(tutorPage.getByLabel("Default meeting link")).toHaveValue("meet.example.com/room");
  await tutorPage.getByLabel("Default meeting link").fill(room);
  await tutorPage.getByRole("button", { name: "Save meeting link" }).click();
  await expect(tutorPage.getByText("Your meeting link was saved.")).toBeVisible();
  await expect(tutorPage.getByLabel("Default meeting link")).toHaveValue(room);
  await expectAccessible(tutorPage, testInfo);

  const studentEmail = uniqueEmail("join-student", testInfo.project.name);
  await signUpByRequest(page.request, { name: `Joiner ${testInfo.project.name}`, email: studentEmail, role: "STUDENT", timezone: ZONE });
  // Today's session, 90 minutes or more ahead (past the booking notice): its 24-hour reminder is due at once.
  const soon = slotFrom(DateTime.now().plus({ minutes: 90 }));
  await bookAndPayFirstLength(page, tutor.name, soon, "£20.00");
  // The other starts between 22 minutes before and 8 minutes after "now" on the later instance:
  // its Join window (10 minutes before the start until the end, 30 minutes later) is open there.
  const threeDaysOn = slotFrom(DateTime.now().plus({ days: 3, minutes: -22 }));
  await bookAndPayFirstLength(page, tutor.name, threeDaysOn, "£20.00");
  const [soonPath, laterPath] = await sessionPaths(page);

  // The tutor gives the later session a link of its own (a bad one first).
  const special = `${room}-special`;
  await tutorPage.goto(laterPath);
  const sessionLink = tutorPage.getByLabel("Link for this session");
  await sessionLink.fill("javascript:alert(1)");
  await tutorPage.getByRole("button", { name: "Save link" }).click();
  await expect(tutorPage.getByText("Enter a web address starting with https:// or http://, such as https://meet.example.com/your-room.")).toBeVisible();
  await expect(tutorPage.getByLabel("Link for this session")).toHaveValue("javascript:alert(1)");
  await tutorPage.getByLabel("Link for this session").fill(special);
  await tutorPage.getByRole("button", { name: "Save link" }).click();
  await expect(tutorPage.getByText("The session's meeting link was saved.")).toBeVisible();
  await expect(tutorPage).toHaveURL(new RegExp(`${escape(laterPath)}$`));
  await expect(tutorPage.getByLabel("Link for this session")).toHaveValue(special);
  await expectAccessible(tutorPage, testInfo);
  await tutorContext.close();

  // Before the window, the learner is told when Join appears, in their zone.
  await page.goto(soonPath);
  const opens = soon.minus({ minutes: 10 });
  const opensText = opens.hasSame(DateTime.now().setZone(ZONE), "day") ? opens.toFormat("HH:mm") : opens.toFormat("ccc d LLL yyyy, HH:mm");
  await expect(page.getByText(`The Join link appears here at ${opensText} (${ZONE}), 10 minutes before the start.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Join", exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Link for this session")).toHaveCount(0);

  // The job route sends the first session's reminder, with the Join link and the session page's link.
  // The job runs at most once a minute (the other project and the app's own timer call it too), so
  // the route is called until the run that sees this booking has happened. Every 3 s, not 5: Node
  // closes an idle kept-alive connection after 5 s, and a request sent on it at that instant was reset
  // (ECONNRESET in a CI run).
  await expect
    .poll(
      async () => {
        expect((await page.request.post("/jobs/run", { headers: { Authorization: "Bearer e2e-jobs-secret" } })).status()).toBe(200);
        return countEmails(page.request, studentEmail, /^Reminder: /);
      },
      { timeout: 150_000, intervals: [3_000], message: "the reminder email in the fake Resend mailbox" },
    )
    .toBe(1);
  const reminder = await waitForEmail(page.request, studentEmail, /^Reminder: /);
  expect(reminder.subject).toMatch(/^Reminder: .+ in (1 hour|2 hours)( \d+ minutes?)?, \w{3} \d+ \w{3}$/);
  expect(reminder.text).toContain(`Join the meeting: ${room}`);
  expect(reminder.text).toMatch(new RegExp(`View session: http://127\\.0\\.0\\.1:\\d+${escape(soonPath)}`));
  // Written in the learner's zone.
  expect(reminder.text).toContain(`When: ${soon.toFormat("cccc d LLLL yyyy, HH:mm")}`);
  expect(reminder.text).toContain("(Europe London, UTC");

  // Three days on, the other session is about to start: the learner sees Join with its own link.
  await page.goto(`${laterUrl}${laterPath}`);
  const join = page.getByRole("link", { name: "Join", exact: true });
  await expect(join).toBeVisible();
  await expect(join).toHaveAttribute("href", special);
  await expectAccessible(page, testInfo);
});
