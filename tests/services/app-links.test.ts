import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";
import { env } from "../../app/services/env.server";
import { requestSignInCode } from "../../app/services/sign-in-codes.server";
import { createUser } from "../factories";

/**
 * Issue 13 B11: emails and Stripe's return used one host name and sign-in links another, so a person
 * came back signed out. Every link is built from env.appUrl (appBaseUrl); these tests hold that.
 */
describe("every link to the app starts with the one base", () => {
  const saved = process.env.APP_URL;
  beforeEach(() => {
    process.env.APP_URL = "http://links.test:4321";
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.APP_URL;
    else process.env.APP_URL = saved;
  });

  it("is what env.appUrl gives, and the magic link and the sign-up link in emails use it", async () => {
    expect(env.appUrl).toBe("http://links.test:4321");
    const user = await createUser({ email: "links@example.test" });
    await requestSignInCode({ email: user.email, redirectTo: null });
    await requestSignInCode({ email: "nobody@example.test", redirectTo: null });
    const emails = await prisma.emailMessage.findMany({
      where: { template: { in: ["sign-in-code", "sign-in-no-account"] } },
      orderBy: { createdAt: "asc" },
      select: { template: true, text: true },
    });
    expect(emails.map((email) => email.template)).toEqual(["sign-in-code", "sign-in-no-account"]);
    expect(emails[0].text).toMatch(/http:\/\/links\.test:4321\/login\/magic\?t=[\w-]+/);
    expect(emails[1].text).toContain("http://links.test:4321/signup");
    for (const email of emails) expect(email.text).not.toMatch(/localhost|127\.0\.0\.1/);
  });

  // The builders live in many services (emails, action links, Checkout's success and cancel pages); a
  // link written from another base (a literal host, the request's own host) would show up here.
  it("is the only base the app's code builds links from", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(full);
      }
    };
    walk(path.resolve("app"));
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      if (file.endsWith(path.join("services", "env.server.ts"))) continue;
      if (/localhost|127\.0\.0\.1|\[::1\]/.test(code)) offenders.push(`${file}: a literal host`);
      if (/process\.env\.APP_URL/.test(code)) offenders.push(`${file}: reads APP_URL itself`);
      // An absolute link made from the request's host instead of the base.
      if (/(url|URL)\)?\.origin\s*\}|get\(["']host["']\)/.test(code)) offenders.push(`${file}: a link from the request's host`);
      for (const match of code.matchAll(/(success_url|cancel_url|magicLink|href):\s*`([^`]*)`/g)) {
        if (match[2].startsWith("http") || (match[2].includes("://") && !match[2].startsWith("${env.appUrl}"))) offenders.push(`${file}: ${match[1]} ${match[2]}`);
      }
    }
    expect(offenders).toEqual([]);
    // And the places that do build absolute links all start from it.
    const stripe = readFileSync(path.resolve("app/services/payments.server.ts"), "utf8");
    expect(stripe).toContain("success_url: `${env.appUrl}/bookings/");
    expect(stripe).toContain("cancel_url: `${env.appUrl}/bookings/");
  });
});
