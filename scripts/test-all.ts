/**
 * `npm test`: every test, on a fresh database. Builds the app, runs vitest (domain + services),
 * Playwright (JavaScript on and off), then the fuzz test (its own Playwright run: it needs the
 * database to itself), and prints the total as its last line: "N passed, N failed".
 * With TEST_DATABASE_URL (an admin URL of a PostgreSQL server) the service and end-to-end tests use
 * fresh databases on that server; without it, the embedded database.
 * `npm run lint` (ESLint and Prettier's check) runs first and counts as one check: 1 failed when it finds anything.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

async function ensureChromium() {
  if (existsSync(chromium)) return;
  if (process.getuid?.() !== 0) throw new Error(`Chromium is missing at ${chromium}: install it with "sudo apt-get install -y chromium".`);
  console.log("Installing Chromium from Debian's packages…");
  if ((await run("apt-get", ["update", "-qq"])) !== 0 || (await run("apt-get", ["install", "-y", "-qq", "chromium"])) !== 0) {
    throw new Error("apt-get could not install chromium");
  }
}

const reports = mkdtempSync(path.join(os.tmpdir(), "tutordesk-test-"));
const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");
const fuzzJson = path.join(reports, "fuzz.json");

await ensureChromium();
const target = process.env.TEST_DATABASE_URL ? `PostgreSQL server (${new URL(process.env.TEST_DATABASE_URL).host})` : "embedded database";
console.log(`\n== Tests on the ${target} ==\n`);

// Issue 13: lint and formatting, one counted check (docs/decisions/018-lint-and-format.md).
const lintFailed = (await run("npm", ["run", "lint"])) !== 0 ? 1 : 0;
console.log(`lint: ${lintFailed ? "failed" : "passed"}`);

if ((await run("npm", ["run", "build"])) !== 0) {
  console.log(`${1 - lintFailed} passed, ${1 + lintFailed} failed`);
  process.exit(1);
}
const vitestCode = await run("node_modules/.bin/vitest", ["run"], { VITEST_JSON: vitestJson });
const playwrightCode = await run("node_modules/.bin/playwright", ["test", "--project", "js-on", "--project", "js-off"], { PLAYWRIGHT_JSON: playwrightJson });
// Issue 12's fuzz test, alone on its own fresh app and database (tests/fuzz/fuzz.spec.ts).
const fuzzCode = await run("node_modules/.bin/playwright", ["test", "--project", "fuzz"], { PLAYWRIGHT_JSON: fuzzJson });

type VitestReport = { numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites?: number };
type PlaywrightReport = { stats: { expected: number; flaky: number; unexpected: number }; errors?: unknown[] };

function counts<Report>(file: string, read: (report: Report) => { passed: number; failed: number }) {
  try {
    return read(JSON.parse(readFileSync(file, "utf8")) as Report);
  } catch {
    return { passed: 0, failed: 1 }; // the runner crashed before writing its report
  }
}
const unit = counts(vitestJson, (report: VitestReport) => ({ passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0) }));
const playwrightCounts = (report: PlaywrightReport) => ({ passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected + (report.errors?.length ?? 0) });
const e2e = counts(playwrightJson, playwrightCounts);
const fuzz = counts(fuzzJson, playwrightCounts);
const passed = unit.passed + e2e.passed + fuzz.passed + (lintFailed ? 0 : 1);
const failed =
  lintFailed +
  unit.failed +
  e2e.failed +
  fuzz.failed +
  (vitestCode !== 0 && unit.failed === 0 ? 1 : 0) +
  (playwrightCode !== 0 && e2e.failed === 0 ? 1 : 0) +
  (fuzzCode !== 0 && fuzz.failed === 0 ? 1 : 0);

console.log(
  `\nlint: ${lintFailed ? "failed" : "passed"}; vitest: ${unit.passed} passed, ${unit.failed} failed; playwright: ${e2e.passed} passed, ${e2e.failed} failed; fuzz: ${fuzz.passed} passed, ${fuzz.failed} failed`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
