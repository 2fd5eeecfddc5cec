import { expect, type Locator, type Page, type TestInfo } from "@playwright/test";
import { DateTime } from "luxon";
import { signUpByRequest, uniqueEmail } from "./helpers";

/**
 * Shared by the availability specs: tutor-availability.spec.ts (profile, weekly hours, days off, dated
 * slots) and browse-tutors.spec.ts (search, "Free on", a tutor's open times in the viewer's zone).
 * Every test that changes data works on its own freshly signed-up tutor; the seeded tutors are only read.
 */

export const TUTOR_PASSWORD = "a long e2e password";
export const LONDON = "Europe/London";

/** "GMT+5:45", "GMT-5", "GMT": how the pages label an offset, written out here independently. */
export function offset(dt: DateTime): string {
  if (dt.offset === 0) return "GMT";
  const abs = Math.abs(dt.offset);
  return `GMT${dt.offset > 0 ? "+" : "-"}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, "0")}` : ""}`;
}

/** "01:00 GMT+11": a time as the public tutor page shows it. */
export function clockLabel(dt: DateTime): string {
  return `${dt.toFormat("HH:mm")} ${offset(dt)}`;
}

/** The first date at least `minDays` after today in `zone` whose weekday is in `weekdays` (ISO, Monday = 1). */
export function nextDate(zone: string, minDays: number, weekdays: number[]): DateTime {
  let day = DateTime.now().setZone(zone).startOf("day").plus({ days: minDays });
  while (!weekdays.includes(day.weekday)) day = day.plus({ days: 1 });
  return day;
}

/** "Week of 23 Nov – 29 Nov 2026", as both week navigations label a week. */
export function weekLabel(date: DateTime): string {
  const monday = date.startOf("week");
  return `Week of ${monday.toFormat("d LLL")} – ${monday.plus({ days: 6 }).toFormat("d LLL yyyy")}`;
}

/** Clicks "Next week →" until the week heading is `label` (at most five weeks on). */
export async function goToWeek(page: Page, heading: Locator, label: string) {
  for (let step = 0; step < 6; step++) {
    const shown = (await heading.textContent())?.trim();
    if (shown === label) return;
    await page.getByRole("navigation", { name: "Weeks" }).getByRole("link", { name: "Next week →" }).click();
    await expect(heading).not.toHaveText(shown ?? "");
  }
  await expect(heading).toHaveText(label);
}

/** A new tutor in Europe/London, signed in on `page`, with a profile saved through the real form endpoint. */
export async function signedInTutorWithProfile(page: Page, testInfo: TestInfo, label: string) {
  const email = uniqueEmail(label, testInfo.project.name);
  // Through the page's own request context, so the sign-up's session cookie signs the page in.
  await signUpByRequest(page.request, { name: `Tutor ${label}`, email, role: "TUTOR", password: TUTOR_PASSWORD, timezone: LONDON });
  const response = await page.request.post("/tutor/profile", {
    form: { headline: "E2E tutor", bio: "", subjects: "Chemistry", gradeLevels: "HIGH", hourlyRate: "40", currency: "GBP", durations: "60", bufferMinutes: "0", timezone: LONDON },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(302);
}

/** Fills and submits the "Add a slot" form on /tutor/slots. */
export async function addSlot(page: Page, slot: { date: string; start: string; end: string; kind: "1:1 (one student)" | "Group"; seats?: string }) {
  const form = page.locator("form#new-slot");
  await form.getByLabel("Date", { exact: true }).fill(slot.date);
  await form.getByLabel("Starts").fill(slot.start);
  await form.getByLabel("Ends").fill(slot.end);
  await form.getByLabel("Kind").selectOption({ label: slot.kind });
  await form.getByLabel(/^Seats/).fill(slot.seats ?? "");
  await form.getByRole("button", { name: "Add slot" }).click();
}

export function dayColumn(page: Page, date: DateTime): Locator {
  return page.getByRole("region", { name: date.toFormat("ccc d LLL"), exact: true });
}
