import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import pg from "pg";
import { databaseUrl } from "../fuzz/database";
import { signIn } from "./helpers";
import { LONDON, offset, clockLabel, nextDate, weekLabel, goToWeek, signedInTutorWithProfile, addSlot } from "./availability-helpers";

test.describe("students and visitors find open times", () => {
  const NEW_YORK = "America/New_York";
  /** 09:00 in New York on a weekday a few days ahead: one of Maria's weekly start times. */
  const mariaMorning = () => nextDate(NEW_YORK, 3, [1, 2, 3, 4, 5]).set({ hour: 9 });
  /**
   * The seeded group slot (a Saturday 10:00–11:30 in Maria's zone), read from the suite's database:
   * prisma/seed.ts picks "next Saturday" when it runs, and a test running after midnight in New York
   * would compute a week later than the seed did.
   */
  async function mariaGroup(): Promise<DateTime> {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ starts_at: Date }>(
        "SELECT s.starts_at FROM slots s JOIN users u ON u.id = s.tutor_id WHERE u.email = 'maria.tutor@tutordesk.test' AND s.kind = 'GROUP' ORDER BY s.starts_at LIMIT 1",
      );
      return DateTime.fromJSDate(rows[0].starts_at).setZone(NEW_YORK);
    } finally {
      await client.end();
    }
  }

  test("a student in Sydney sees Maria's New York hours in Sydney time", async ({ page }) => {
    await signIn(page, "sam.student@tutordesk.test");
    await expect(page).toHaveURL(/\/student$/);
    await page.goto("/tutors");
    await expect(page.getByText("Times are shown in Australia/Sydney.")).toBeVisible();
    await page.getByLabel("Subject").fill("Maths");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/subject=Maths/);
    await expect(page.getByRole("link", { name: "Maria Gonzalez" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Anita Shrestha" })).toBeVisible();
    await expect(page.getByRole("link", { name: "James Whitfield" })).toHaveCount(0);
    await page.getByRole("link", { name: "Maria Gonzalez" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Maria Gonzalez" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Open times in Australia/Sydney" })).toBeVisible();
    await expect(page.getByText("Teaches from America/New York.")).toBeVisible();

    const sydney = mariaMorning().setZone("Australia/Sydney");
    const weekHeading = page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/);
    await goToWeek(page, weekHeading, weekLabel(sydney));
    const day = page.getByRole("region", { name: sydney.toFormat("cccc d LLLL"), exact: true });
    await expect(day.getByRole("listitem").filter({ hasText: clockLabel(sydney) })).toHaveText(`${clockLabel(sydney)} · 1:1 · 30, 60, 90 min`);

    const group = (await mariaGroup()).setZone("Australia/Sydney");
    await goToWeek(page, weekHeading, weekLabel(group));
    await expect(page.getByRole("region", { name: group.toFormat("cccc d LLLL"), exact: true })).toContainText(
      `${clockLabel(group)} · Group until ${group.plus({ minutes: 90 }).toFormat("HH:mm")} · 8 of 8 seats left`,
    );
    await page.getByRole("link", { name: "Groups only" }).click();
    await expect(page.getByRole("link", { name: "Groups only" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("listitem").filter({ hasText: "1:1 ·" })).toHaveCount(0);
    await expect(page.getByText("8 of 8 seats left")).toBeVisible();
  });

  test("a visitor chooses the zone to see times in, and it is remembered", async ({ page }) => {
    await page.goto("/tutors?subject=Maths");
    await expect(page.getByText("Times are shown in UTC.")).toBeVisible();
    await page.getByRole("link", { name: "Maria Gonzalez" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Open times in UTC" })).toBeVisible();
    await page.getByLabel("Show times in").selectOption("Asia/Kathmandu");
    await page.getByRole("button", { name: "Change" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Open times in Asia/Kathmandu" })).toBeVisible();
    await expect(page.getByLabel("Show times in")).toHaveValue("Asia/Kathmandu");

    const kathmandu = mariaMorning().setZone("Asia/Kathmandu");
    expect(offset(kathmandu)).toBe("GMT+5:45");
    await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(kathmandu));
    const day = page.getByRole("region", { name: kathmandu.toFormat("cccc d LLLL"), exact: true });
    await expect(day.getByRole("listitem").filter({ hasText: clockLabel(kathmandu) })).toHaveText(`${clockLabel(kathmandu)} · 1:1 · 30, 60, 90 min`);

    await page.goto("/tutors");
    await expect(page.getByText("Times are shown in Asia/Kathmandu.")).toBeVisible();
  });

  test("Free on keeps only tutors with an open time that day in the chosen zone", async ({ page }) => {
    const weekday = nextDate(LONDON, 3, [1, 2, 3, 4, 5]);
    await page.goto("/tutors");
    await page.getByLabel("Free on").fill(weekday.toISODate()!);
    await page.getByLabel("Time zone").selectOption(LONDON);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`freeOn=${weekday.toISODate()}`));
    await expect(page.getByText("Times are shown in Europe/London.")).toBeVisible();
    await expect(page.getByRole("link", { name: "James Whitfield" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Maria Gonzalez" })).toBeVisible();
    await page.getByRole("link", { name: "James Whitfield" }).click();
    // The tutor page opens on that day's week.
    await expect(page.getByRole("region", { name: weekday.toFormat("cccc d LLLL"), exact: true })).toContainText(`${clockLabel(weekday.set({ hour: 9 }))} · 1:1 · 60 min`);

    // A Sunday in London: no seeded tutor has hours on Sundays, and the group slots are on Saturdays.
    const sunday = nextDate(LONDON, 3, [7]);
    await page.goto("/tutors");
    await page.getByLabel("Free on").fill(sunday.toISODate()!);
    await page.getByLabel("Time zone").selectOption(LONDON);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`freeOn=${sunday.toISODate()}`));
    await expect(page.getByText("Times are shown in Europe/London.")).toBeVisible();
    for (const name of ["Anita Shrestha", "James Whitfield", "Maria Gonzalez"]) {
      await expect(page.getByRole("link", { name })).toHaveCount(0);
    }

    // Seen from Sydney, though, Maria's Saturday-morning group in New York is early on Sunday.
    const sydneySunday = (await mariaGroup()).setZone("Australia/Sydney");
    expect(sydneySunday.weekday).toBe(7);
    await page.getByLabel("Free on").fill(sydneySunday.toISODate()!);
    await page.getByLabel("Time zone").selectOption("Australia/Sydney");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("Times are shown in Australia/Sydney.")).toBeVisible();
    await expect(page.getByLabel("Free on")).toHaveValue(sydneySunday.toISODate()!);
    await expect(page.getByRole("link", { name: "Maria Gonzalez" })).toBeVisible();
    await expect(page.getByRole("link", { name: "James Whitfield" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Anita Shrestha" })).toHaveCount(0);
  });

  test("the highest price compares only tutors who charge in its currency (issue 13 B7)", async ({ page }) => {
    // Seeded rates: Maria $60, Anita $30, James £45. A highest price of 50 in dollars must not include £45.
    await page.goto("/tutors");
    await page.getByLabel("Highest price an hour").fill("50");
    await page.getByLabel("Currency of the price").selectOption("USD");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/maxPrice=50&currency=USD/);
    await expect(
      page.getByText("Showing tutors who charge in USD, up to $50.00 an hour. Tutors who charge in another currency are left out; choose theirs to compare."),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: "Anita Shrestha" })).toBeVisible();
    await expect(page.getByRole("link", { name: "James Whitfield" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Maria Gonzalez" })).toHaveCount(0);

    await page.getByLabel("Currency of the price").selectOption("GBP");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("Showing tutors who charge in GBP, up to £50.00 an hour.", { exact: false })).toBeVisible();
    await expect(page.getByLabel("Currency of the price")).toHaveValue("GBP");
    await expect(page.getByRole("link", { name: "James Whitfield" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Anita Shrestha" })).toHaveCount(0);
  });

  test("a tutor's new day off leaves their page and the search at once", async ({ page }, testInfo) => {
    // A subject no other tutor teaches, so the search lists this tutor alone.
    const subject = `Thermodynamics ${testInfo.project.name}`;
    await signedInTutorWithProfile(page, testInfo, "dayoff");
    const name = "Tutor dayoff";
    const saved = await page.request.post("/tutor/profile", {
      form: { headline: "E2E tutor", bio: "", subjects: subject, gradeLevels: "HIGH", hourlyRate: "40", currency: "GBP", durations: "60", bufferMinutes: "0", timezone: LONDON },
      maxRedirects: 0,
    });
    expect(saved.status()).toBe(302);
    await page.goto("/tutor/schedule");
    await page.getByLabel("Monday hours 1 from").fill("09:00");
    await page.getByLabel("Monday hours 1 until").fill("12:00");
    await page.getByRole("button", { name: "Save weekly hours" }).click();
    await expect(page.getByRole("status")).toHaveText("Your weekly hours were saved.");

    const monday = nextDate(LONDON, 4, [1]);
    const search = `/tutors?${new URLSearchParams({ subject, freeOn: monday.toISODate()!, tz: LONDON })}`;
    await page.goto(search);
    await expect(page.getByRole("link", { name })).toBeVisible();
    const id = new URL((await page.getByRole("link", { name }).getAttribute("href"))!, page.url()).pathname.split("/").pop()!;
    await page.goto(`/tutors/${id}?tz=${encodeURIComponent(LONDON)}&day=${monday.toISODate()}`);
    await expect(page.getByRole("region", { name: monday.toFormat("cccc d LLLL"), exact: true })).toContainText(`${clockLabel(monday.set({ hour: 9 }))} · 1:1 · 60 min`);

    await page.goto("/tutor/schedule");
    const exceptions = page.locator("form#exception");
    await exceptions.getByLabel("Date", { exact: true }).fill(monday.toISODate()!);
    await exceptions.getByLabel("On that date").selectOption("Day off");
    await exceptions.getByRole("button", { name: "Add exception" }).click();
    await expect(page.getByRole("status")).toHaveText(`${monday.toISODate()} is now a day off.`);

    await page.goto(search);
    await expect(page.getByText("No tutor matches these filters. Try fewer filters or another day.")).toBeVisible();
    await page.goto(`/tutors/${id}?tz=${encodeURIComponent(LONDON)}&day=${monday.toISODate()}`);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("region", { name: monday.toFormat("cccc d LLLL"), exact: true })).toHaveCount(0);
  });

  test("a tutor's page opens on the first week with open times, and says so when the next 4 weeks have none (issue 13 B16)", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "laterweek");
    await page.goto("/tutor");
    const publicPage = (await page.getByRole("link", { name: "Your public page" }).getAttribute("href"))!;
    const weekHeading = page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/);
    const today = DateTime.now().setZone(LONDON);

    // No hours and no slots: the current week, saying plainly that nothing is open in the whole horizon.
    await page.goto(publicPage);
    await expect(page.getByRole("heading", { level: 1, name: "Tutor laterweek" })).toBeVisible();
    await expect(weekHeading).toHaveText(weekLabel(today));
    await expect(page.getByText("No open times in the next 4 weeks. New times can be booked up to 28 days ahead, so check again later.")).toBeVisible();
    await expect(page.getByText("No open times this week. Try the next week.")).toHaveCount(0);

    // Only a dated slot, on the Wednesday of the week after next: the page opens on that week.
    const date = today.startOf("week").plus({ weeks: 2, days: 2 });
    await page.goto("/tutor/slots");
    await addSlot(page, { date: date.toISODate()!, start: "10:00", end: "11:00", kind: "1:1 (one student)" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 10:00.`);
    await page.goto(publicPage);
    await expect(weekHeading).toHaveText(weekLabel(date));
    await expect(page.getByText("No open times before this week, so the page starts here.")).toBeVisible();
    await expect(page.getByRole("region", { name: date.toFormat("cccc d LLLL"), exact: true })).toHaveText(
      `${date.toFormat("cccc d LLLL")}${clockLabel(date.set({ hour: 10 }))} · 1:1 until 11:00`,
    );

    // A week asked for is kept, even an empty one.
    await page.getByRole("navigation", { name: "Weeks" }).getByRole("link", { name: "← Previous week" }).click();
    await expect(weekHeading).toHaveText(weekLabel(date.minus({ weeks: 1 })));
    await expect(page.getByText("No open times this week. Try the next week.")).toBeVisible();
    await expect(page.getByText("No open times before this week, so the page starts here.")).toHaveCount(0);
  });
});
