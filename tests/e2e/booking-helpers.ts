import { expect, request as apiRequest, type Browser, type Page, type TestInfo } from "@playwright/test";
import { DateTime } from "luxon";
import { clockLabel, goToWeek, weekLabel } from "./availability-helpers";
import { DEMO_PASSWORD, signIn, signUpByRequest, uniqueEmail } from "./helpers";
import { LATER_BY_SECONDS, laterUrl } from "./later-instance";

/** Shared by the booking, cancellation and reschedule specs. Every test makes its own tutor. */
export const ZONE = "Europe/London";
/** The seeded coordinator's zone (coordinator@tutordesk.test). */
export const COORDINATOR_ZONE = "America/New_York";

/**
 * A tutor open every day, all day, offering 30-minute sessions at £40 an hour: any near time is bookable.
 * A test that needs tutors to stand in for each other gives them a subject of their own.
 */
export async function alwaysOpenTutor(testInfo: TestInfo, label: string, subject = "Chemistry") {
  const email = uniqueEmail(`${label}-tutor`, testInfo.project.name);
  const name = `Tutor ${label} ${testInfo.project.name}`;
  // Set up in a request context of its own, so the tutor's sign-in never touches the test's page.
  const request = await apiRequest.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    await signUpByRequest(request, { name, email, role: "TUTOR", timezone: ZONE });
    const fields = new URLSearchParams([
      ["headline", "Always open"],
      ["bio", ""],
      ["subjects", subject],
      ["gradeLevels", "HIGH"],
      ["hourlyRate", "40"],
      ["currency", "GBP"],
      ["durations", "30"],
      ["bufferMinutes", "0"],
      ["timezone", ZONE],
    ]);
    expect((await request.post("/tutor/profile", { data: fields.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" }, maxRedirects: 0 })).status()).toBe(
      302,
    );
    const hours: Record<string, string> = { intent: "weekly" };
    for (let weekday = 1; weekday <= 7; weekday++) Object.assign(hours, { [`w${weekday}r0start`]: "00:00", [`w${weekday}r0end`]: "23:30" });
    expect((await request.post("/tutor/schedule", { form: hours, maxRedirects: 0 })).status()).toBe(302);
  } finally {
    await request.dispose();
  }
  return { name, email };
}

/** Another person in a browser of their own (same site, JavaScript as the project has it), signed in. Close `context` at the end. */
export async function signedInBrowser(browser: Browser, testInfo: TestInfo, email: string, password?: string) {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

/** From the signed-in person's session list, the first session's page. */
export async function openFirstSession(page: Page) {
  await page.goto("/sessions");
  await page.getByRole("link", { name: "View session" }).first().click();
}

/** The "Book …" link of one time on a tutor's page (its accessible name starts with the day and the time). */
export function bookLink(page: Page, at: DateTime) {
  const start = `Book ${at.toFormat("cccc d LLLL")} at ${clockLabel(at)}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByRole("link", { name: new RegExp(`^${start}`) });
}

/**
 * Opens a tutor's page from the tutors list, as a visitor would: the list shows 20 tutors a page by
 * name, and the specs running beside each other make more than that, so it follows "More tutors →".
 */
export async function openTutorFromList(page: Page, tutorName: string) {
  await page.goto("/tutors");
  for (let listPage = 0; listPage < 20; listPage++) {
    await expect(page.getByRole("heading", { level: 1, name: "Find a tutor" })).toBeVisible();
    const link = page.getByRole("link", { name: tutorName, exact: true });
    if ((await link.count()) > 0) {
      await link.click();
      await expect(page.getByRole("heading", { level: 1, name: tutorName })).toBeVisible();
      return;
    }
    await page.getByRole("link", { name: "More tutors →" }).click();
    // Every list page has the same heading: wait for the next page itself before looking again.
    await expect(page).toHaveURL(new RegExp(`[?&]page=${listPage + 1}(&|$)`));
  }
  throw new Error(`${tutorName} is not in the tutors list`);
}

/** From the tutors list to a paid booking of a weekly time (the tutor's only subject and length). */
export async function bookAndPayFirstLength(page: Page, tutorName: string, at: DateTime, price: string) {
  await openTutorFromList(page, tutorName);
  await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(at));
  await bookLink(page, at).click();
  await page.getByRole("button", { name: "Continue to review" }).click();
  await page.getByRole("button", { name: `Pay ${price}` }).click();
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Booking confirmed" })).toBeVisible();
}

/** On the reschedule page: pick a time in its week list and give a reason. */
export async function proposeTime(page: Page, at: DateTime, reason: string, button: string) {
  await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(at));
  await page.getByRole("radio", { name: `${at.toFormat("cccc d LLLL")} ${at.toFormat("HH:mm")}` }).check();
  await page.getByLabel(/^Why\?/).fill(reason);
  await page.getByRole("button", { name: button }).click();
}

/**
 * A half-hour session of an always-open tutor, booked and paid now by the page's user, that on the later
 * instance started two to four hours ago: over there, and never checked in to. Returns its start and its
 * page's path. On the half hour, inside the tutor's day (it ends at 23:30), and never across midnight in
 * New York, where the seeded coordinator types the actual times: a time typed for the end of a session
 * that ends on the next day there is read on that next day (attendance-windows.ts), which once failed
 * CI when the run fell between 06:30 and 07:30 UTC.
 */
export async function bookSessionOverOnLaterInstance(page: Page, tutorName: string): Promise<{ start: DateTime; sessionPath: string }> {
  const laterNow = DateTime.now().plus({ seconds: LATER_BY_SECONDS }).setZone(ZONE);
  let start = laterNow.minus({ hours: 3 }).startOf("hour").plus({ minutes: 30 });
  const acrossMidnight = (at: DateTime) => !at.setZone(COORDINATOR_ZONE).hasSame(at.plus({ minutes: 30 }).setZone(COORDINATOR_ZONE), "day");
  if (start.hour === 23 || acrossMidnight(start)) start = start.minus({ hours: 1 });
  await bookAndPayFirstLength(page, tutorName, start, "£20.00");
  await page.goto("/sessions");
  const sessionPath = (await page.getByRole("link", { name: "View session" }).first().getAttribute("href"))!;
  return { start, sessionPath };
}

/**
 * A tutor with no weekly hours and one 30-minute 1:1 slot starting 5 to 10 minutes before the later
 * instance's now (three days on): there, check-in is open (late, before the 15-minute no-show mark)
 * and so is check-out (it opens 30 minutes before the end, which is the start). Near midnight the slot
 * is shorter, staying on its day (check-out still opens at once).
 */
export async function tutorWithSlotStartedOnLaterInstance(testInfo: TestInfo, label: string) {
  const email = uniqueEmail(`${label}-tutor`, testInfo.project.name);
  const name = `Tutor ${label} ${testInfo.project.name}`;
  const laterNow = DateTime.now().plus({ seconds: LATER_BY_SECONDS }).setZone(ZONE);
  const start = laterNow.minus({ minutes: 5 + (laterNow.minute % 5) }).startOf("minute");
  const end = DateTime.min(start.plus({ minutes: 30 }), start.endOf("day").startOf("minute"));
  const minutes = end.diff(start, "minutes").minutes;
  const request = await apiRequest.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    await signUpByRequest(request, { name, email, role: "TUTOR", timezone: ZONE });
    const profile = {
      headline: "Slots only",
      bio: "",
      subjects: "Chemistry",
      gradeLevels: "HIGH",
      hourlyRate: "40",
      currency: "GBP",
      durations: "30",
      bufferMinutes: "0",
      timezone: ZONE,
    };
    expect((await request.post("/tutor/profile", { form: profile, maxRedirects: 0 })).status()).toBe(302);
    const slot = { date: start.toISODate()!, start: start.toFormat("HH:mm"), end: end.toFormat("HH:mm"), kind: "ONE_TO_ONE" };
    const response = await request.post("/tutor/slots", { form: slot, maxRedirects: 0 });
    expect(response.status(), await response.text()).toBe(302);
  } finally {
    await request.dispose();
  }
  // £40 an hour, for the slot's minutes.
  return { name, email, start, price: `£${((40 * minutes) / 60).toFixed(2)}`, minutes };
}

/**
 * The seeded coordinator, in a browser of their own on the later instance, records that a session
 * booked with `bookSessionOverOnLaterInstance` happened: the tutor present, from its start for
 * `minutes`. The session then waits for its hours to be confirmed, and its booker is emailed.
 */
export async function recordSessionHappened(browser: Browser, testInfo: TestInfo, input: { tutorName: string; sessionPath: string; start: DateTime; minutes: number }) {
  const { context, page } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  try {
    await page.goto(`${laterUrl}/coordinator${input.sessionPath}/attendance`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Attendance:");
    const form = page.getByRole("form", { name: "Record attendance" });
    await form
      .getByRole("group", { name: `Tutor: ${input.tutorName}` })
      .getByRole("radio", { name: "Present" })
      .check();
    const newYork = (instant: DateTime) => instant.setZone(COORDINATOR_ZONE).toFormat("HH:mm");
    await form.getByLabel("Actual start").fill(newYork(input.start));
    await form.getByLabel("Actual end").fill(newYork(input.start.plus({ minutes: input.minutes })));
    await form.getByLabel(/^Why are you recording this\?/).fill("The tutor forgot to check in; the lesson took place");
    await form.getByRole("button", { name: "Save attendance" }).click();
    await expect(page.getByText(/^Status: Awaiting confirmation$/)).toBeVisible();
  } finally {
    await context.close();
  }
}

/** A parent (signed in on `page`) with one child, who is then chosen for them on every booking form. */
export async function parentWithOneChild(page: Page, testInfo: TestInfo, label: string) {
  const parentName = `${label} parent ${testInfo.project.name}`;
  const parentEmail = uniqueEmail(`${label}-parent`, testInfo.project.name);
  const childName = `${label} child ${testInfo.project.name}`;
  await signUpByRequest(page.request, { name: parentName, email: parentEmail, role: "PARENT", timezone: ZONE });
  await page.goto("/parent/children/new");
  await page.getByLabel("Child's full name").fill(childName);
  await page.getByLabel("Child's email").fill(uniqueEmail(`${label}-child`, testInfo.project.name));
  await page.getByRole("button", { name: "Add child" }).click();
  await expect(page).toHaveURL(/\/parent$/);
  return { parentName, parentEmail, childName };
}
