import { describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";
import { addChild, assertParentOf, findChildOfParent, signUp, verifyPasswordSignIn } from "../../app/services/users.server";
import { getCurrentUser, revokeAllLoginSessions, revokeLoginSession, startLoginSession } from "../../app/services/auth.server";
import { createUser, noMeta, TEST_PASSWORD } from "../factories";

const signUpInput = { name: "Grace Hopper", email: "Grace@Example.test ", password: "a very good password", timezone: "America/New_York", role: "STUDENT" as const };

function argsWithCookie(setCookie: string) {
  const cookie = setCookie.split(";")[0];
  return { request: new Request("http://localhost/", { headers: { cookie } }), context: { nonce: "", memo: new Map() } };
}

describe("signUp", () => {
  it("creates the account, its welcome email and an audit event together", async () => {
    const user = await signUp(signUpInput, noMeta);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored).toMatchObject({ email: "grace@example.test", name: "Grace Hopper", timezone: "America/New_York", roles: ["STUDENT"] });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain(signUpInput.password);
    expect(await prisma.emailMessage.findMany({ where: { toAddress: "grace@example.test" }, select: { template: true } })).toEqual([{ template: "welcome" }]);
    expect(await prisma.auditEvent.count({ where: { action: "user.signed_up", subjectId: user.id } })).toBe(1);
  });

  it("refuses a taken address (in any letter case) as a field error and writes nothing", async () => {
    await signUp(signUpInput, noMeta);
    await expect(signUp({ ...signUpInput, email: "GRACE@example.test" }, noMeta)).rejects.toMatchObject({ code: "EMAIL_TAKEN", field: "email" });
    expect(await prisma.user.count()).toBe(1);
    expect(await prisma.emailMessage.count()).toBe(1);
  });

  it("lets exactly one of two simultaneous sign-ups with one address through", async () => {
    const results = await Promise.allSettled([signUp(signUpInput, noMeta), signUp(signUpInput, noMeta)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "EMAIL_TAKEN" } });
    expect(await prisma.user.count()).toBe(1);
  });
});

describe("password sign-in", () => {
  it("accepts the right password whatever the email's case", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await expect(verifyPasswordSignIn({ email: " ADA@example.test", password: TEST_PASSWORD }, noMeta)).resolves.toEqual({ id: user.id, roles: ["STUDENT"] });
  });

  it("gives one generic message for a wrong password and for an unknown address", async () => {
    await createUser({ email: "ada@example.test" });
    await expect(verifyPasswordSignIn({ email: "ada@example.test", password: "nope nope nope" }, noMeta)).rejects.toMatchObject({
      code: "SIGN_IN_FAILED",
      message: "That email and password do not match an account.",
    });
    await expect(verifyPasswordSignIn({ email: "nobody@example.test", password: "nope nope nope" }, noMeta)).rejects.toMatchObject({
      code: "SIGN_IN_FAILED",
      message: "That email and password do not match an account.",
    });
  });

  it("pauses an address after five failures, even for the right password, and counts every attempt", async () => {
    await createUser({ email: "ada@example.test" });
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(verifyPasswordSignIn({ email: "ada@example.test", password: "wrong password" }, noMeta)).rejects.toMatchObject({ code: "SIGN_IN_FAILED" });
    }
    await expect(verifyPasswordSignIn({ email: "ada@example.test", password: TEST_PASSWORD }, noMeta)).rejects.toMatchObject({
      code: "SIGN_IN_THROTTLED",
      message: expect.stringContaining("Try again in 15 minutes"),
    });
    expect(await prisma.signInAttempt.count({ where: { email: "ada@example.test" } })).toBe(6);
  });

  it("checks exactly five of 25 simultaneous wrong attempts on one address and pauses the rest", async () => {
    await createUser({ email: "ada@example.test" });
    const attempts = Array.from({ length: 25 }, () => verifyPasswordSignIn({ email: "ada@example.test", password: "wrong password" }, noMeta).catch((error) => error.code));
    const codes = await Promise.all(attempts);
    expect(codes.filter((code) => code === "SIGN_IN_FAILED")).toHaveLength(5);
    expect(codes.filter((code) => code === "SIGN_IN_THROTTLED")).toHaveLength(20);
    expect(await prisma.signInAttempt.count({ where: { email: "ada@example.test", succeeded: false } })).toBe(25);
  });

  it("starts counting again after a success", async () => {
    await createUser({ email: "ada@example.test" });
    for (let attempt = 0; attempt < 4; attempt++) {
      await verifyPasswordSignIn({ email: "ada@example.test", password: "wrong password" }, noMeta).catch(() => {});
    }
    await verifyPasswordSignIn({ email: "ada@example.test", password: TEST_PASSWORD }, noMeta);
    await verifyPasswordSignIn({ email: "ada@example.test", password: "wrong password" }, noMeta).catch(() => {});
    await expect(verifyPasswordSignIn({ email: "ada@example.test", password: TEST_PASSWORD }, noMeta)).resolves.toBeTruthy();
  });
});

describe("login sessions", () => {
  it("finds the user from the cookie until the session is revoked", async () => {
    const user = await createUser({ roles: ["TUTOR"] });
    const setCookie = await startLoginSession(user.id, "password", noMeta);
    const current = await getCurrentUser(argsWithCookie(setCookie));
    expect(current).toMatchObject({ id: user.id, roles: ["TUTOR"] });
    const stored = await prisma.loginSession.findFirstOrThrow({ where: { userId: user.id } });
    expect(setCookie).not.toContain(stored.tokenHash);

    expect(await revokeLoginSession(user, current!.loginSessionId, noMeta)).toBe(true);
    expect(await getCurrentUser(argsWithCookie(setCookie))).toBeNull();
    expect(await revokeLoginSession(user, current!.loginSessionId, noMeta)).toBe(false);
  });

  it("does not let one person revoke another's session", async () => {
    const owner = await createUser();
    const other = await createUser();
    const setCookie = await startLoginSession(owner.id, "password", noMeta);
    const current = await getCurrentUser(argsWithCookie(setCookie));
    expect(await revokeLoginSession(other, current!.loginSessionId, noMeta)).toBe(false);
    expect(await getCurrentUser(argsWithCookie(setCookie))).not.toBeNull();
  });

  it("ignores an expired session and a forged cookie", async () => {
    const user = await createUser();
    const setCookie = await startLoginSession(user.id, "password", noMeta);
    await prisma.loginSession.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getCurrentUser(argsWithCookie(setCookie))).toBeNull();
    expect(await getCurrentUser(argsWithCookie("td_session=forged-value"))).toBeNull();
  });

  it("signs a user out everywhere with an audited reason", async () => {
    const admin = await createUser({ roles: ["ADMIN"] });
    const user = await createUser();
    const first = await startLoginSession(user.id, "password", noMeta);
    const second = await startLoginSession(user.id, "email-code", noMeta);
    expect(await revokeAllLoginSessions(admin, user.id, noMeta, "Lost phone reported")).toBe(2);
    expect(await getCurrentUser(argsWithCookie(first))).toBeNull();
    expect(await getCurrentUser(argsWithCookie(second))).toBeNull();
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.all_sessions_revoked" } });
    expect(event).toMatchObject({ actorId: admin.id, subjectId: user.id, reason: "Lost phone reported", ip: "127.0.0.1" });
  });
});

describe("parents and children", () => {
  it("creates a linked student account and emails the child", async () => {
    const parent = await createUser({ roles: ["PARENT"], name: "Pat" });
    const child = await addChild(parent, { name: "Emma", email: "emma@example.test", timezone: "Europe/Paris" }, noMeta);
    expect(await findChildOfParent(parent.id, child.id)).toMatchObject({ name: "Emma", timezone: "Europe/Paris" });
    await expect(assertParentOf(parent.id, child.id)).resolves.toMatchObject({ id: child.id });
    const email = await prisma.emailMessage.findFirstOrThrow({ where: { toAddress: "emma@example.test" } });
    expect(email.subject).toBe("Pat created a Tutordesk account for you");
  });

  it("never lets a parent act for someone else's child", async () => {
    const parent = await createUser({ roles: ["PARENT"] });
    const otherParent = await createUser({ roles: ["PARENT"] });
    const child = await addChild(otherParent, { name: "Leo", email: "leo@example.test", timezone: "UTC" }, noMeta);
    expect(await findChildOfParent(parent.id, child.id)).toBeNull();
    await expect(assertParentOf(parent.id, child.id)).rejects.toMatchObject({ code: "NOT_YOUR_CHILD" });
  });

  it("refuses an address that already has an account, leaving nothing behind", async () => {
    const parent = await createUser({ roles: ["PARENT"] });
    await createUser({ email: "taken@example.test" });
    await expect(addChild(parent, { name: "Mia", email: "taken@example.test", timezone: "UTC" }, noMeta)).rejects.toMatchObject({ code: "EMAIL_TAKEN" });
    expect(await prisma.parentLink.count()).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "parent.child_added" } })).toBe(0);
  });
});
