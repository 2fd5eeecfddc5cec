import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { MAX_WRONG_CODES } from "../../app/domain/auth/sign-in-code";
import { prisma } from "../../app/services/db.server";
import { describeLink, describePendingCode, requestSignInCode, signInWithLink, verifySignInCode } from "../../app/services/sign-in-codes.server";
import { createUser, noMeta } from "../factories";
import { withClockAt } from "./session-fixtures";

/** A browser: the cookies it was given, sent back on every request. */
function browser(setCookie: string) {
  const cookie = setCookie.split(";")[0];
  return (path = "/login/code/verify") => new Request(`http://localhost${path}`, { headers: { cookie } });
}

/** Asks for a code and reads the email the way its recipient would. */
async function askForCode(email: string, redirectTo: string | null = null) {
  const { setCookie } = await requestSignInCode({ email, redirectTo });
  const message = await prisma.emailMessage.findFirstOrThrow({
    where: { toAddress: email.trim().toLowerCase() },
    orderBy: { createdAt: "desc" },
    select: { text: true, template: true },
  });
  const code = message.text.match(/code is (\d{6})/)?.[1] ?? null;
  const link = message.text.match(/(http\S+\/login\/magic\?t=(\S+))/);
  return { setCookie, request: browser(setCookie), code, linkToken: link?.[2] ?? null, message };
}

function wrongCodeFor(code: string): string {
  return code === "000000" ? "111111" : "000000";
}

describe("emailed sign-in codes", () => {
  it("signs in with the right code once; the same cookie and code replayed are refused", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const sent = await askForCode("Ada@Example.test ");
    expect(sent.message.template).toBe("sign-in-code");

    const first = await verifySignInCode(sent.request(), sent.code!, noMeta);
    expect(first).toMatchObject({ kind: "signed-in", userId: user.id });
    expect(await prisma.loginSession.count({ where: { userId: user.id, method: "email-code" } })).toBe(1);

    const replay = await verifySignInCode(sent.request(), sent.code!, noMeta);
    expect(replay).toEqual({ kind: "unusable", message: "This sign-in code or link was already used. Ask for a new code below." });
    expect(await prisma.loginSession.count({ where: { userId: user.id } })).toBe(1);
  });

  it("takes five wrong codes, then refuses even the right one (eight wrong, then right)", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const sent = await askForCode("ada@example.test");
    const answers = [];
    for (let attempt = 0; attempt < 8; attempt++) answers.push(await verifySignInCode(sent.request(), wrongCodeFor(sent.code!), noMeta));
    expect(answers.map((answer) => answer.kind)).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong", "unusable", "unusable", "unusable"]);
    expect(answers[0]).toMatchObject({ message: "That code is not right. Check the latest email and try again (4 tries left)." });
    expect(answers[4]).toMatchObject({ message: "That was 5 wrong codes, so this code no longer works. Ask for a new one below." });

    expect(await verifySignInCode(sent.request(), sent.code!, noMeta)).toMatchObject({ kind: "unusable" });
    expect(await prisma.loginSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.signInCode.findFirstOrThrow({ select: { wrongAttempts: true } })).toEqual({ wrongAttempts: MAX_WRONG_CODES });
  });

  it("counts simultaneous tries one by one: of 12 at once with the right code and 12 wrong, one signs in", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const sent = await askForCode("ada@example.test");
    const tries = Array.from({ length: 24 }, (_, index) => verifySignInCode(sent.request(), index % 2 === 0 ? sent.code! : wrongCodeFor(sent.code!), noMeta));
    const answers = await Promise.all(tries);
    expect(answers.filter((answer) => answer.kind === "signed-in")).toHaveLength(1);
    expect(await prisma.loginSession.count({ where: { userId: user.id } })).toBe(1);
    const row = await prisma.signInCode.findFirstOrThrow({ select: { wrongAttempts: true, usedAt: true } });
    expect(row.wrongAttempts).toBeLessThanOrEqual(MAX_WRONG_CODES);
    expect(row.usedAt).not.toBeNull();
  });

  it("works only in the browser that asked: another browser's cookie, or none, gets nothing", async () => {
    await createUser({ email: "ada@example.test" });
    const sent = await askForCode("ada@example.test");
    const other = await askForCode("someone.else@example.test");
    expect(await verifySignInCode(other.request(), sent.code!, noMeta)).toMatchObject({ kind: "wrong" });
    expect(await verifySignInCode(new Request("http://localhost/login/code/verify"), sent.code!, noMeta)).toMatchObject({ kind: "unusable" });
    expect(await verifySignInCode(browser("td_code=%E0%A4%A")(), sent.code!, noMeta)).toMatchObject({ kind: "unusable" });
  });

  it("keeps only the latest code working", async () => {
    await createUser({ email: "ada@example.test" });
    const older = await askForCode("ada@example.test");
    const newer = await askForCode("ada@example.test");
    expect(await verifySignInCode(older.request(), older.code!, noMeta)).toEqual({
      kind: "unusable",
      message: "A newer code was sent to this address: use the code from the latest email, or ask for a new one below.",
    });
    expect(await verifySignInCode(newer.request(), newer.code!, noMeta)).toMatchObject({ kind: "signed-in" });
  });

  it("lives ten minutes: the email, the cookie and the stored expiry agree, and a code past them is refused", async () => {
    await createUser({ email: "ada@example.test" });
    const sent = await askForCode("ada@example.test");
    expect(sent.message.text).toContain("works for 10 minutes");
    expect(sent.setCookie).toMatch(/Max-Age=600(;|$)/);
    const row = await prisma.signInCode.findFirstOrThrow({ select: { createdAt: true, expiresAt: true } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(599_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThan(601_000);

    const late = await withClockAt(DateTime.fromJSDate(row.expiresAt).plus({ seconds: 1 }), () => verifySignInCode(sent.request(), sent.code!, noMeta));
    expect(late).toEqual({ kind: "unusable", message: "This sign-in code has expired: codes work for 10 minutes. Ask for a new one below." });
  });

  it("sends an address without an account an email saying so; no code can sign it in", async () => {
    const sent = await askForCode("nobody@example.test");
    expect(sent.message.template).toBe("sign-in-no-account");
    expect(sent.code).toBeNull();
    expect(await describePendingCode(sent.request())).toMatchObject({ state: "usable", email: "nobody@example.test" });
    for (const guess of ["000000", "123456", "999999"]) expect(await verifySignInCode(sent.request(), guess, noMeta)).toMatchObject({ kind: "wrong" });
    expect(await prisma.loginSession.count()).toBe(0);
  });

  it("remembers where the person was heading", async () => {
    await createUser({ email: "ada@example.test" });
    const sent = await askForCode("ada@example.test", "/book/t1/review?start=x");
    expect(await verifySignInCode(sent.request(), sent.code!, noMeta)).toMatchObject({ kind: "signed-in", redirectTo: "/book/t1/review?start=x" });
  });
});

describe("emailed sign-in links", () => {
  it("looking at the link changes nothing; using it signs in once, in the asking browser only", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const sent = await askForCode("ada@example.test");
    const token = sent.linkToken!;

    const elsewhere = new Request(`http://localhost/login/magic?t=${token}`);
    expect(await describeLink(elsewhere, token)).toMatchObject({
      state: "unusable",
      otherBrowser: true,
      message: expect.stringContaining("only in the browser where the code was asked for"),
    });
    expect(await signInWithLink(elsewhere, token, noMeta)).toMatchObject({ kind: "unusable", message: expect.stringContaining("only in the browser") });

    for (let look = 0; look < 3; look++) expect(await describeLink(sent.request("/login/magic"), token)).toMatchObject({ state: "usable", email: "ada@example.test" });
    expect(await prisma.signInCode.findFirstOrThrow({ select: { usedAt: true } })).toEqual({ usedAt: null });

    const [first, second] = await Promise.all([signInWithLink(sent.request("/login/magic"), token, noMeta), signInWithLink(sent.request("/login/magic"), token, noMeta)]);
    expect([first.kind, second.kind].sort()).toEqual(["signed-in", "unusable"]);
    expect(await prisma.loginSession.count({ where: { userId: user.id, method: "magic-link" } })).toBe(1);
    expect(await describeLink(sent.request("/login/magic"), token)).toMatchObject({ state: "unusable", message: expect.stringContaining("already used") });
  });

  it("stops working once the code took five wrong tries", async () => {
    await createUser({ email: "ada@example.test" });
    const sent = await askForCode("ada@example.test");
    for (let attempt = 0; attempt < MAX_WRONG_CODES; attempt++) await verifySignInCode(sent.request(), wrongCodeFor(sent.code!), noMeta);
    expect(await signInWithLink(sent.request("/login/magic"), sent.linkToken!, noMeta)).toMatchObject({ kind: "unusable" });
    expect(await prisma.loginSession.count()).toBe(0);
  });
});
