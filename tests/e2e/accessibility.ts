import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/**
 * The rules every page is held to (issue 13): WCAG 2.0, 2.1 and 2.2 A and AA (2.2 AA brings
 * target-size: every control at least 24 px) plus axe's best practices.
 */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** Every violation on the page as one readable line (rule, what it wants, where), so a failure says exactly what to fix. */
export async function violationsOn(page: Page): Promise<string[]> {
  // Legacy mode runs axe in the page in one go instead of frame by frame: the app has no frames, and it is
  // about three times faster here.
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => `${node.target.join(" ")} (${node.failureSummary?.split("\n")[1]?.trim() ?? ""})`).join("; ")}`,
  );
}

/** A flow's page, checked once, with JavaScript on (the js-off project renders the same markup). */
export async function expectAccessible(page: Page, testInfo: TestInfo): Promise<void> {
  if (!testInfo.project.use.javaScriptEnabled) return;
  expect(await violationsOn(page), `axe violations on ${new URL(page.url()).pathname}`).toEqual([]);
}
