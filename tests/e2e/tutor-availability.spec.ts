import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { uniqueEmail } from "./helpers";
import { TUTOR_PASSWORD, LONDON, offset, clockLabel, nextDate, weekLabel, goToWeek, signedInTutorWithProfile, addSlot, dayColumn } from "./availability-helpers";

test.describe("a tutor sets up availability", () => {
  test("a new tutor fills the profile, keeps weekly hours and adds a day off", async ({ page }, testInfo) => {
    const email = uniqueEmail("newtutor", testInfo.project.name);
    await page.goto("/signup");
    await page.getByLabel("Full name").fill("Nadia Newtutor");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(TUTOR_PASSWORD);
    await page.getByLabel("Time zone").selectOption("America/Chicago");
    await page.getByLabel("I am joining as").selectOption("TUTOR");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/tutor$/);
    await expect(page.getByRole("heading", { level: 1, name: "Hello, Nadia Newtutor" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Set up your tutor profile" })).toBeVisible();
    // The schedule needs a profile first.
    await page.goto("/tutor/schedule");
    await expect(page).toHaveURL(/\/tutor\/profile$/);

    await expect(page.getByRole("heading", { level: 1, name: "Your tutor profile" })).toBeVisible();
    await page.getByLabel("Headline").fill("Patient chemistry tutor for exam years");
    await page.getByLabel("Subjects").fill("Chemistry, Biology");
    await page.getByLabel("High school").check();
    await page.getByLabel("University").check();
    await page.getByLabel("About you").fill("Ten years in the classroom.");
    await page.getByLabel("Hourly rate").fill("42.50");
    await page.getByLabel("Currency").selectOption("GBP");
    await page.getByLabel("45 min").check();
    await page.getByLabel("60 min").check();
    await page.getByLabel("Minutes kept free between sessions").fill("15");
    await page.getByLabel("Your time zone").selectOption(LONDON);
    await page.getByRole("button", { name: "Save profile" }).click();

    await expect(page).toHaveURL(/\/tutor$/);
    await expect(page.getByRole("status")).toHaveText("Your profile was saved.");
    await expect(page.getByText("Your schedule is kept in Europe/London.")).toBeVisible();
    await expect(page.getByText("Chemistry, Biology")).toBeVisible();
    await expect(page.getByText("High school · University")).toBeVisible();
    await expect(page.getByText("£42.50 an hour · sessions of 45, 60 minutes")).toBeVisible();

    await page.getByRole("link", { name: "Weekly schedule" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Weekly schedule" })).toBeVisible();
    await expect(page.getByText("Wall-clock hours in Europe/London")).toBeVisible();
    await page.getByLabel("Monday hours 1 from").fill("09:00");
    await page.getByLabel("Monday hours 1 until").fill("12:00");
    await page.getByLabel("Wednesday hours 1 from").fill("14:00");
    await page.getByLabel("Wednesday hours 1 until").fill("17:00");
    await page.getByRole("button", { name: "Save weekly hours" }).click();

    await expect(page.getByRole("status")).toHaveText("Your weekly hours were saved.");
    // A fresh load shows what was stored, not what the browser remembered.
    await page.reload();
    await expect(page.getByLabel("Monday hours 1 from")).toHaveValue("09:00");
    await expect(page.getByLabel("Monday hours 1 until")).toHaveValue("12:00");
    await expect(page.getByLabel("Wednesday hours 1 from")).toHaveValue("14:00");
    await expect(page.getByLabel("Wednesday hours 1 until")).toHaveValue("17:00");
    // 24-hour text boxes, not the browser's time control, which shows AM/PM in many locales (issue 13 B16).
    await expect(page.getByLabel("Wednesday hours 1 from")).toHaveAttribute("type", "text");
    await expect(page.getByLabel("Wednesday hours 1 from")).toHaveAttribute("inputmode", "numeric");
    await expect(page.getByLabel("Tuesday hours 1 from")).toHaveValue("");
    await expect(page.getByLabel("Monday hours 2 from")).toHaveValue("");

    // A Monday off, and other hours on the Wednesday of the same week.
    const dayOff = nextDate(LONDON, 3, [1]);
    const otherHours = dayOff.plus({ days: 2 });
    const exceptions = page.locator("form#exception");
    await expect(page.getByText("No exceptions: every date follows your weekly hours.")).toBeVisible();
    await exceptions.getByLabel("Date", { exact: true }).fill(dayOff.toISODate()!);
    await exceptions.getByLabel("On that date").selectOption("Day off");
    await exceptions.getByRole("button", { name: "Add exception" }).click();
    await expect(page.getByRole("status")).toHaveText(`${dayOff.toISODate()} is now a day off.`);
    await expect(page.getByRole("listitem").filter({ hasText: "day off" })).toHaveText([new RegExp(`^${dayOff.toFormat("ccc d LLL yyyy")}: day off`)]);
    await expect(page.getByText("No exceptions: every date follows your weekly hours.")).toHaveCount(0);
    // The form starts afresh for the next one, with or without JavaScript.
    await expect(exceptions.getByLabel("Date", { exact: true })).toHaveValue("");
    await expect(exceptions.getByLabel("On that date")).toHaveValue("BLOCKED");

    await exceptions.getByLabel("Date", { exact: true }).fill(otherHours.toISODate()!);
    await exceptions.getByLabel("On that date").selectOption("Different hours");
    await exceptions.getByLabel("From (different hours)").fill("18:00");
    await exceptions.getByLabel("Until (different hours)").fill("20:00");
    await exceptions.getByRole("button", { name: "Add exception" }).click();
    await expect(page.getByRole("status")).toHaveText(`Other hours were set for ${otherHours.toISODate()}.`);
    await expect(page.getByRole("listitem").filter({ hasText: otherHours.toFormat("ccc d LLL yyyy") })).toContainText(`${otherHours.toFormat("ccc d LLL yyyy")}: 18:00–20:00`);

    // What students see that week: no Monday, and Wednesday's other hours instead of the usual ones.
    await page.goto("/tutor");
    await page.getByRole("link", { name: "Your public page" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Nadia Newtutor" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Open times in Europe/London" })).toBeVisible();
    await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(dayOff));
    await expect(page.getByRole("region", { name: dayOff.toFormat("cccc d LLLL"), exact: true })).toHaveCount(0);
    const wednesday = page.getByRole("region", { name: otherHours.toFormat("cccc d LLLL"), exact: true });
    await expect(wednesday.getByRole("listitem").first()).toHaveText(`${clockLabel(otherHours.set({ hour: 18 }))} · 1:1 · 45, 60 min`);
    await expect(wednesday).not.toContainText("14:00");
    // The Monday after is an ordinary one again.
    const nextMonday = dayOff.plus({ weeks: 1 });
    await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByText(/^Week of/), weekLabel(nextMonday));
    await expect(
      page
        .getByRole("region", { name: nextMonday.toFormat("cccc d LLLL"), exact: true })
        .getByRole("listitem")
        .first(),
    ).toHaveText(`${clockLabel(nextMonday.set({ hour: 9 }))} · 1:1 · 45, 60 min`);
  });

  test("a group slot about eight days ahead shows in the week view and the list view", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "groupslot");
    const date = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 8 });
    await page.goto("/tutor/slots");
    await expect(page.getByRole("heading", { level: 1, name: "Your slots" })).toBeVisible();
    await addSlot(page, { date: date.toISODate()!, start: "10:00", end: "11:30", kind: "Group", seats: "6" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 10:00.`);
    // The form starts afresh for the next slot, with or without JavaScript.
    await expect(page.locator("form#new-slot").getByLabel("Starts")).toHaveValue("");
    await expect(page.locator("form#new-slot").getByLabel("Kind")).toHaveValue("ONE_TO_ONE");

    const label = `10:00–11:30 ${offset(date.set({ hour: 10 }))}`;
    await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByRole("heading"), weekLabel(date));
    const column = dayColumn(page, date);
    await expect(column).toContainText(`${label} · Group · 6 of 6 seats left`);
    await expect(column.getByRole("link", { name: "Edit" })).toBeVisible();

    await page.getByRole("link", { name: "List view" }).click();
    await expect(page).toHaveURL(/view=list/);
    await expect(page.getByRole("link", { name: "List view" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("listitem").filter({ hasText: "6 of 6 seats left" })).toHaveText(new RegExp(`^${date.toFormat("ccc d LLL")} ${label} · Group · 6 of 6 seats left`));
  });

  test("after adding a slot two weeks ahead, the page shows that slot's week, in the same view (issue 13 B16)", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "slotweek");
    const date = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 15 });
    await page.goto("/tutor/slots");
    const heading = page.getByRole("navigation", { name: "Weeks" }).getByRole("heading");
    await expect(heading).toHaveText(weekLabel(DateTime.now().setZone(LONDON)));
    await addSlot(page, { date: date.toISODate()!, start: "10:00", end: "11:00", kind: "1:1 (one student)" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 10:00.`);
    await expect(heading).toHaveText(weekLabel(date));
    await expect(dayColumn(page, date)).toContainText(`10:00–11:00 ${offset(date.set({ hour: 10 }))} · 1:1 · open`);

    // From the list view of the current week, the next slot's week opens in the list view.
    const later = date.plus({ days: 7 });
    await page.goto("/tutor/slots?view=list");
    await addSlot(page, { date: later.toISODate()!, start: "09:00", end: "10:00", kind: "1:1 (one student)" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${later.toISODate()} at 09:00.`);
    await expect(heading).toHaveText(weekLabel(later));
    await expect(page.getByRole("link", { name: "List view" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("listitem").filter({ hasText: "1:1 · open" })).toHaveText(
      new RegExp(`^${later.toFormat("ccc d LLL")} 09:00–10:00 ${offset(later.set({ hour: 9 }))} · 1:1 · open`),
    );
  });

  test("slot times are typed and shown as 24-hour times (issue 13 B16)", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "clock24");
    const date = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 9 });
    await page.goto("/tutor/slots");
    const form = page.locator("form#new-slot");
    await expect(form.getByLabel("Starts")).toHaveAttribute("type", "text");
    await expect(form.getByLabel("Starts")).toHaveAttribute("placeholder", "HH:MM");
    // A short form is read as 24-hour time; "1530" is half past three in the afternoon.
    await addSlot(page, { date: date.toISODate()!, start: "9:00", end: "1530", kind: "1:1 (one student)" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 09:00.`);
    await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByRole("heading"), weekLabel(date));
    const column = dayColumn(page, date);
    await expect(column).toContainText(`09:00–15:30 ${offset(date.set({ hour: 9 }))}`);
    await column.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByLabel("Starts")).toHaveValue("09:00");
    await expect(page.getByLabel("Ends")).toHaveValue("15:30");
    await expect(page.getByLabel("Ends")).toHaveAttribute("type", "text");
    // AM/PM is refused beside the field, with the input kept.
    await page.getByLabel("Ends").fill("2 pm");
    await page.getByRole("button", { name: "Save slot" }).click();
    await expect(page.getByText("Enter a time like 09:00.")).toBeVisible();
    await expect(page.getByLabel("Ends")).toHaveValue("2 pm");
  });

  test("slot mistakes are explained beside the field and the input is kept", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "slotmistakes");
    const now = DateTime.now().setZone(LONDON);
    const date = now.startOf("day").plus({ days: 8 });
    await page.goto("/tutor/slots");
    const form = page.locator("form#new-slot");
    const dateField = form.getByLabel("Date", { exact: true });

    // In the past: yesterday.
    const yesterday = now.startOf("day").minus({ days: 1 }).set({ hour: 10 });
    await addSlot(page, { date: yesterday.toISODate()!, start: "10:00", end: "11:00", kind: "1:1 (one student)", seats: "1" });
    await expect(
      form.getByText(`${yesterday.toFormat("ccc d LLL yyyy, HH:mm")} ${offset(yesterday)} (${LONDON}) has already started or passed. Choose a later date or time.`),
    ).toBeVisible();
    await expect(dateField).toHaveAttribute("aria-invalid", "true");
    await expect(dateField).toHaveValue(yesterday.toISODate()!);
    await expect(form.getByLabel("Starts")).toHaveValue("10:00");
    await expect(form.getByLabel("Ends")).toHaveValue("11:00");

    // Beyond the 28-day horizon.
    const far = now.startOf("day").plus({ days: 40 });
    const lastDate = now
      .plus({ hours: 28 * 24 })
      .minus({ milliseconds: 1 })
      .toFormat("ccc d LLL yyyy");
    await addSlot(page, { date: far.toISODate()!, start: "10:00", end: "11:00", kind: "1:1 (one student)", seats: "1" });
    await expect(form.getByRole("alert")).toHaveText(new RegExp(`^Slots can start up to 28 days ahead, so the last date is ${lastDate}.*\\. Choose an earlier date or time\\.$`));
    await expect(dateField).toHaveValue(far.toISODate()!);

    // Ends before it starts.
    await addSlot(page, { date: date.toISODate()!, start: "10:00", end: "09:00", kind: "1:1 (one student)", seats: "1" });
    await expect(form.getByText("10:00–09:00 does not end after it starts. Make the end later than the start.")).toBeVisible();
    await expect(form.getByLabel("Ends")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Ends")).toHaveValue("09:00");

    // Too many seats for a group, and more than one seat on a 1:1.
    await addSlot(page, { date: date.toISODate()!, start: "10:00", end: "11:00", kind: "Group", seats: "21" });
    await expect(form.getByText("A group holds 2 to 20 students. Enter a number in that range, or make a 1:1 slot for one student.")).toBeVisible();
    await expect(form.getByLabel(/^Seats/)).toHaveValue("21");
    await expect(form.getByLabel("Kind")).toHaveValue("GROUP");
    await addSlot(page, { date: date.toISODate()!, start: "10:00", end: "11:00", kind: "1:1 (one student)", seats: "3" });
    await expect(form.getByText("A 1:1 slot is for exactly one student. Set the capacity to 1, or make a group slot.")).toBeVisible();
    await expect(form.getByLabel(/^Seats/)).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel(/^Seats/)).toHaveValue("3");

    // Nothing above was saved.
    await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByRole("heading"), weekLabel(date));
    await expect(dayColumn(page, date)).toContainText("No slots");

    // Overlapping a slot already there.
    await addSlot(page, { date: date.toISODate()!, start: "10:00", end: "11:30", kind: "Group", seats: "6" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 10:00.`);
    await addSlot(page, { date: date.toISODate()!, start: "11:00", end: "12:00", kind: "1:1 (one student)", seats: "1" });
    const at = offset(date.set({ hour: 10 }));
    await expect(
      form.getByText(`This overlaps your slot on ${date.toFormat("ccc d LLL yyyy")}, 10:00–11:30 ${at} (${LONDON}). Choose a time that ends by 10:00 or starts from 11:30.`),
    ).toBeVisible();
    await expect(form.getByLabel("Starts")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Starts")).toHaveValue("11:00");
    // Back to back is fine.
    await addSlot(page, { date: date.toISODate()!, start: "11:30", end: "12:30", kind: "1:1 (one student)", seats: "1" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 11:30.`);
  });

  test("schedule mistakes (overlapping weekly hours, a past day off, hours without an end) are explained and the input kept", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "weeklyoverlap");
    await page.goto("/tutor/schedule");
    await page.getByLabel("Monday hours 1 from").fill("09:00");
    await page.getByLabel("Monday hours 1 until").fill("12:00");
    await page.getByLabel("Monday hours 2 from").fill("11:00");
    await page.getByLabel("Monday hours 2 until").fill("13:00");
    await page.getByLabel("Friday hours 1 from").fill("16:00");
    await page.getByRole("button", { name: "Save weekly hours" }).click();
    // A half-filled row is answered beside it first.
    await expect(page.getByText("Add the end time.")).toBeVisible();
    await page.getByLabel("Friday hours 1 until").fill("18:00");
    await page.getByRole("button", { name: "Save weekly hours" }).click();

    await expect(
      page
        .getByRole("alert")
        .filter({ hasText: "Monday: 09:00–12:00 and 11:00–13:00 overlap. Change one so they share no time (back-to-back is fine), or join them into one range." }),
    ).toBeVisible();
    await expect(page.getByLabel("Monday hours 2 from")).toHaveValue("11:00");
    await expect(page.getByLabel("Friday hours 1 until")).toHaveValue("18:00");
    // Nothing was saved.
    await page.goto("/tutor/schedule");
    await expect(page.getByLabel("Monday hours 1 from")).toHaveValue("");

    // Exceptions: a date already gone, and different hours without the times.
    const exceptions = page.locator("form#exception");
    const yesterday = DateTime.now().setZone(LONDON).minus({ days: 1 });
    await exceptions.getByLabel("Date", { exact: true }).fill(yesterday.toISODate()!);
    await exceptions.getByRole("button", { name: "Add exception" }).click();
    await expect(exceptions.getByText(`${yesterday.toFormat("ccc d LLL yyyy")} has already passed in ${LONDON}. Choose today or a later date.`)).toBeVisible();
    await expect(exceptions.getByLabel("Date", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(exceptions.getByLabel("Date", { exact: true })).toHaveValue(yesterday.toISODate()!);

    const soon = DateTime.now().setZone(LONDON).plus({ days: 5 });
    await exceptions.getByLabel("Date", { exact: true }).fill(soon.toISODate()!);
    await exceptions.getByLabel("On that date").selectOption("Different hours");
    await exceptions.getByLabel("From (different hours)").fill("10:00");
    await exceptions.getByRole("button", { name: "Add exception" }).click();
    await expect(exceptions.getByText("Add the end time.")).toBeVisible();
    await expect(exceptions.getByLabel("From (different hours)")).toHaveValue("10:00");
    await expect(exceptions.getByLabel("On that date")).toHaveValue("HOURS");
    await exceptions.getByLabel("Until (different hours)").fill("09:00");
    await exceptions.getByRole("button", { name: "Add exception" }).click();
    await expect(page.getByRole("alert").filter({ hasText: `${soon.toFormat("ccc d LLL yyyy")}: 10:00–09:00 does not end after it starts.` })).toBeVisible();
    await expect(exceptions.getByLabel("Until (different hours)")).toHaveValue("09:00");
  });

  test("a slot's time is edited, and a slot is deleted through its confirmation page", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "editdelete");
    const date = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 9 });
    const at = offset(date.set({ hour: 12 }));
    await page.goto("/tutor/slots");
    await addSlot(page, { date: date.toISODate()!, start: "09:00", end: "10:00", kind: "1:1 (one student)", seats: "1" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 09:00.`);
    await addSlot(page, { date: date.toISODate()!, start: "16:00", end: "17:00", kind: "1:1 (one student)", seats: "1" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 16:00.`);
    await goToWeek(page, page.getByRole("navigation", { name: "Weeks" }).getByRole("heading"), weekLabel(date));
    const column = dayColumn(page, date);
    const morning = column.getByRole("listitem").filter({ hasText: "09:00–10:00" });
    await expect(morning).toContainText(`09:00–10:00 ${at} · 1:1 · open`);

    await morning.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Edit slot" })).toBeVisible();
    await expect(page.getByLabel("Starts")).toHaveValue("09:00");
    await page.getByLabel("Starts").fill("13:00");
    await page.getByLabel("Ends").fill("14:30");
    await page.getByRole("button", { name: "Save slot" }).click();
    await expect(page.getByRole("status")).toHaveText("The slot was changed.");
    await expect(page.getByRole("navigation", { name: "Weeks" }).getByRole("heading")).toHaveText(weekLabel(date));
    await expect(column.getByRole("listitem")).toHaveText([new RegExp(`^13:00–14:30 ${at} · 1:1 · open`), new RegExp(`^16:00–17:00 ${at} · 1:1 · open`)]);

    await column.getByRole("listitem").filter({ hasText: "16:00–17:00" }).getByRole("link", { name: "Delete" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Delete this slot?" })).toBeVisible();
    await expect(page.getByText(`1:1 · ${date.toFormat("ccc d LLL yyyy")}, 16:00 ${at} (${LONDON}) until 17:00`)).toBeVisible();
    await page.getByRole("button", { name: "Delete slot" }).click();
    await expect(page.getByRole("status")).toHaveText("The slot was deleted.");
    await expect(column.getByRole("listitem")).toHaveText([new RegExp(`^13:00–14:30 ${at} · 1:1 · open`)]);
    await expect(column).not.toContainText("16:00");
  });

  test("a week's slots are copied to the next week", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "copyweek");
    const date = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 8 });
    const nextWeek = date.plus({ weeks: 1 });
    await page.goto("/tutor/slots");
    await addSlot(page, { date: date.toISODate()!, start: "17:00", end: "18:00", kind: "Group", seats: "4" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${date.toISODate()} at 17:00.`);
    const weekHeading = page.getByRole("navigation", { name: "Weeks" }).getByRole("heading");
    await goToWeek(page, weekHeading, weekLabel(nextWeek));
    await expect(dayColumn(page, nextWeek)).toContainText("No slots");
    await page.getByRole("navigation", { name: "Weeks" }).getByRole("link", { name: "← Previous week" }).click();
    await expect(weekHeading).toHaveText(weekLabel(date));

    await page.getByRole("button", { name: "Copy this week's slots to the next week" }).click();
    await expect(page.getByRole("status")).toHaveText("Copied 1 slot to the next week.");
    await expect(weekHeading).toHaveText(weekLabel(nextWeek));
    await expect(dayColumn(page, nextWeek)).toContainText(`17:00–18:00 ${offset(nextWeek.set({ hour: 17 }))} · Group · 4 of 4 seats left`);
  });
  test("after the tutor moves zone, a copied slot keeps the time the week page shows", async ({ page }, testInfo) => {
    await signedInTutorWithProfile(page, testInfo, "copymoved");
    const london = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 8 }).set({ hour: 15 });
    await page.goto("/tutor/slots");
    await addSlot(page, { date: london.toISODate()!, start: "15:00", end: "16:00", kind: "1:1 (one student)", seats: "1" });
    await expect(page.getByRole("status")).toHaveText(`Slot added on ${london.toISODate()} at 15:00.`);
    // The tutor moves to New York: the same slot now reads in New York time.
    const response = await page.request.post("/tutor/profile", {
      form: {
        headline: "E2E tutor",
        bio: "",
        subjects: "Chemistry",
        gradeLevels: "HIGH",
        hourlyRate: "40",
        currency: "GBP",
        durations: "60",
        bufferMinutes: "0",
        timezone: "America/New_York",
      },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    const newYork = london.setZone("America/New_York");
    const shown = `${newYork.toFormat("HH:mm")}–${newYork.plus({ hours: 1 }).toFormat("HH:mm")}`;
    await page.goto("/tutor/slots");
    const weekHeading = page.getByRole("navigation", { name: "Weeks" }).getByRole("heading");
    await goToWeek(page, weekHeading, weekLabel(newYork));
    await expect(dayColumn(page, newYork)).toContainText(`${shown} ${offset(newYork)} · 1:1 · open`);

    await page.getByRole("button", { name: "Copy this week's slots to the next week" }).click();
    await expect(page.getByRole("status")).toHaveText("Copied 1 slot to the next week.");
    const copy = newYork.plus({ weeks: 1 });
    await expect(weekHeading).toHaveText(weekLabel(copy));
    await expect(dayColumn(page, copy)).toContainText(`${copy.toFormat("HH:mm")}–${copy.plus({ hours: 1 }).toFormat("HH:mm")} ${offset(copy)} · 1:1 · open`);
  });
});
