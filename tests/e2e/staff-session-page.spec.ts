import { expect, test } from "@playwright/test";
import { DateTime } from "luxon";
import { expectAccessible } from "./accessibility";
import { alwaysOpenTutor, bookAndPayFirstLength, parentWithOneChild, signedInBrowser, ZONE } from "./booking-helpers";
import { DEMO_PASSWORD } from "./helpers";

/**
 * A parent books and pays a session; a coordinator opens its staff page from the session page, sees
 * the booking and the payment in the timeline, adds a staff note (a blank one explained first), flags
 * a mismatch (a bad first try explained beside its fields, the text kept) and resolves it. The tutor's
 * session page never shows the note.
 */
test("a coordinator reads a booked session's timeline, adds a note, flags a mismatch and resolves it; the tutor never sees the note", async ({ page, browser }, testInfo) => {
  const tutor = await alwaysOpenTutor(testInfo, "staffpage", "Geology");
  await parentWithOneChild(page, testInfo, "Staffpage");
  const start = DateTime.now().setZone(ZONE).plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  await bookAndPayFirstLength(page, tutor.name, start, "£20.00");
  await page.goto("/sessions");
  const sessionPath = (await page.getByRole("link", { name: "View session" }).first().getAttribute("href"))!;

  const { context: staffContext, page: staff } = await signedInBrowser(browser, testInfo, "coordinator@tutordesk.test", DEMO_PASSWORD);
  await staff.goto(sessionPath);
  await staff.getByRole("link", { name: "Staff view: timeline, notes, flags" }).click();
  await expect(staff).toHaveURL(new RegExp(`/coordinator/sessions/${sessionPath.split("/").pop()}$`));
  await expect(staff.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(staff.getByText(tutor.name).first()).toBeVisible();
  const timeline = staff.getByRole("list").filter({ hasText: "Payment £20.00: paid" });
  await expect(timeline.getByText("Payment £20.00: paid")).toBeVisible();
  await expect(timeline.getByText("Payment received")).toBeVisible();
  await expect(timeline.getByText("Email: Booking confirmed").first()).toBeVisible();
  await expect(staff.getByText("Price £20.00 · paid £20.00 · refunded £0.00")).toBeVisible();
  await expectAccessible(staff, testInfo);

  // A staff note: blank is explained, then added.
  const note = `Parent asked for a quieter room (staff only ${testInfo.project.name}).`;
  await staff.getByRole("button", { name: "Add the note" }).click();
  await expect(staff.getByText("Write the note.")).toBeVisible();
  await staff.getByLabel("Add a note").fill(note);
  await staff.getByRole("button", { name: "Add the note" }).click();
  await expect(staff.getByText("Note added. Only coordinators and admins see it.")).toBeVisible();
  await expect(staff.getByText(note)).toBeVisible();
  await expect(staff.getByLabel("Add a note")).toHaveValue("");

  // A mismatch: a bad first try, then flagged, then resolved.
  await staff.getByLabel("What happened").fill("Wrong");
  await staff.getByRole("button", { name: "Flag a mismatch" }).click();
  await expect(staff.getByText("Choose what went wrong.")).toBeVisible();
  await expect(staff.getByText("Say what happened (at least 10 characters).")).toBeVisible();
  await expect(staff.getByLabel("What happened")).toHaveValue("Wrong");
  await staff.getByRole("radio", { name: "The wrong tutor came" }).check();
  await staff.getByLabel("What happened").fill("Another tutor joined the call instead.");
  await staff.getByRole("button", { name: "Flag a mismatch" }).click();
  await expect(staff.getByText("Mismatch flagged. It stays open until a coordinator resolves it.")).toBeVisible();
  await expect(staff.getByText("Open: The wrong tutor came")).toBeVisible();
  await expect(staff.getByText("Mismatch flagged", { exact: true })).toBeVisible();
  await expectAccessible(staff, testInfo);
  await staff.getByLabel("How it was resolved").fill("The rota had the wrong tutor; fixed.");
  await staff.getByRole("button", { name: "Resolve the mismatch" }).click();
  await expect(staff.getByText("Mismatch resolved.")).toBeVisible();
  await expect(staff.getByRole("heading", { name: "Resolved flags" })).toBeVisible();
  await expect(staff.getByText("Resolution: The rota had the wrong tutor; fixed.")).toBeVisible();
  await expect(staff.getByRole("button", { name: "Flag a mismatch" })).toBeVisible();
  await staffContext.close();

  // The tutor's session page: no note, no staff link.
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  await tutorPage.goto(sessionPath);
  await expect(tutorPage.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await tutorPage.content()).not.toContain("quieter room");
  await expect(tutorPage.getByRole("link", { name: "Staff view: timeline, notes, flags" })).toHaveCount(0);
  expect((await tutorPage.goto(`/coordinator/sessions/${sessionPath.split("/").pop()}`))?.status()).toBe(403);
  await tutorContext.close();
});
