import { expect, request as apiRequest, test } from "@playwright/test";
import { expectAccessible } from "./accessibility";
import { bookAndPayFirstLength, signedInBrowser, ZONE, tutorWithSlotStartedOnLaterInstance } from "./booking-helpers";
import { signUpByRequest, uniqueEmail } from "./helpers";
import { laterInstanceUp, laterUrl } from "./later-instance";

test.beforeAll(async () => {
  await laterInstanceUp();
});

const NOTES = [
  "Worked on balancing chemical equations and moles. Very engaged and asked good questions about moles.",
  "Balancing equations with polyatomic ions is still slow.",
  "Next session we should review moles and practise balancing equations with ions.",
].join("\n");

test("a tutor writes notes after check-out (too long is refused, the text kept); the student sees them with the generated summary, a stranger does not", async ({
  page,
  browser,
}, testInfo) => {
  const tutor = await tutorWithSlotStartedOnLaterInstance(testInfo, "notes");
  const studentName = `Notes student ${testInfo.project.name}`;
  await signUpByRequest(page.request, { name: studentName, email: uniqueEmail("notes-student", testInfo.project.name), role: "STUDENT", timezone: ZONE });
  await bookAndPayFirstLength(page, tutor.name, tutor.start, tutor.price);
  await page.goto("/sessions");
  const sessionPath = (await page.getByRole("link", { name: "View session" }).first().getAttribute("href"))!;

  // Three days on, the tutor checks in and out (plain form posts, as the page's buttons send them).
  const { context: tutorContext, page: tutorPage } = await signedInBrowser(browser, testInfo, tutor.email, "a long e2e password");
  for (const intent of ["check-in", "check-out"]) {
    const response = await tutorPage.request.post(`${laterUrl}${sessionPath}`, { form: { intent }, headers: { origin: laterUrl }, maxRedirects: 0 });
    expect(response.status(), await response.text()).toBe(302);
  }

  await tutorPage.goto(`${laterUrl}${sessionPath}`);
  const notesSection = tutorPage.getByRole("region", { name: "Session notes" });
  const field = notesSection.getByLabel("Your notes on the session");
  const tooLong = `<b>Moles</b> ${"x".repeat(2000)}`;
  await field.fill(tooLong);
  await notesSection.getByRole("button", { name: "Save notes" }).click();
  await expect(tutorPage.getByText("Write at most 2,000 characters (this has 2,013).")).toBeVisible();
  await expect(tutorPage.getByLabel("Your notes on the session")).toHaveValue(tooLong);

  await tutorPage.getByLabel("Your notes on the session").fill(NOTES);
  await tutorPage.getByRole("button", { name: "Save notes" }).click();
  await expect(tutorPage.getByText("Your notes were saved, with a generated summary.")).toBeVisible();
  await expect(tutorPage.getByLabel("Your notes on the session")).toHaveValue(NOTES);
  await expect(tutorPage.getByRole("heading", { name: "Generated summary" })).toBeVisible();
  await expectAccessible(tutorPage, testInfo);
  await tutorContext.close();

  // The student reads the notes (as written, markup and all) and the summary beside them.
  await page.goto(`${laterUrl}${sessionPath}`);
  const studentNotes = page.getByRole("region", { name: "Session notes" });
  await expect(studentNotes.getByText("Next session we should review moles and practise balancing equations with ions.").first()).toBeVisible();
  await expect(studentNotes.getByLabel("Your notes on the session")).toHaveCount(0);
  const summary = page.getByRole("region", { name: "Generated summary" });
  await expect(summary.getByRole("definition").filter({ hasText: /moles/ }).first()).toBeVisible();
  await expect(summary.getByRole("definition").filter({ hasText: /^High$/ })).toBeVisible();
  await expect(summary.getByRole("listitem")).toHaveText(["Next session we should review moles and practise balancing equations with ions."]);
  await expectAccessible(page, testInfo);

  // Someone with no part in the session sees neither the session nor its notes.
  const stranger = await apiRequest.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    await signUpByRequest(stranger, { name: "Notes stranger", email: uniqueEmail("notes-stranger", testInfo.project.name), role: "STUDENT", timezone: ZONE });
    for (const path of [sessionPath, `${sessionPath}/notes`]) {
      const response = await stranger.get(path);
      expect(response.status()).toBe(404);
      expect(await response.text()).not.toContain("balancing chemical equations");
    }
  } finally {
    await stranger.dispose();
  }
});
