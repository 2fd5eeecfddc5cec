import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../app/services/db.server";
import { MAX_EMAIL_ATTEMPTS } from "../../app/domain/email/retry";
import { deliverDueEmails, enqueueEmail, type EmailTransport } from "../../app/services/outbox.server";
import { startFakeResend, type FakeResend } from "../fakes/resend";

const message = (address: string) => ({
  template: "test",
  to: { address, name: "Test Person" },
  subject: `Hello ${address}`,
  text: "Plain body",
  html: "<p>HTML body</p>",
});

function recordingTransport(options: { failWith?: string; delayMs?: number } = {}) {
  const sent: string[] = [];
  const transport: EmailTransport = {
    name: "recording",
    async send(email, key) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.failWith) throw new Error(options.failWith);
      sent.push(`${email.to_address}|${key}`);
      return { providerMessageId: `rec-${email.id}` };
    },
  };
  return { transport, sent };
}

describe("the email outbox", () => {
  it("delivers due messages once and records the provider's id", async () => {
    const id = await enqueueEmail(prisma, message("a@example.test"));
    const { transport, sent } = recordingTransport();
    expect(await deliverDueEmails({ transport })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await deliverDueEmails({ transport })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sent).toEqual([`a@example.test|email-${id}`]);
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", providerMessageId: `rec-${id}`, attempts: 1 });
  });

  it("is written with the change it reports, or not at all", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueEmail(tx, message("rolled-back@example.test"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma.emailMessage.count()).toBe(0);
  });

  it("backs off after a failure and gives up after the last attempt", async () => {
    const id = await enqueueEmail(prisma, message("b@example.test"));
    const { transport } = recordingTransport({ failWith: "provider down" });
    let now = new Date();
    expect(await deliverDueEmails({ transport, now })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const afterFirst = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(afterFirst).toMatchObject({ status: "PENDING", attempts: 1, lastError: "provider down" });
    expect(afterFirst.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());

    // Not due again until the backoff has passed.
    expect(await deliverDueEmails({ transport, now })).toEqual({ sent: 0, retrying: 0, failed: 0 });

    for (let attempt = 2; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
      now = new Date((await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).nextAttemptAt.getTime() + 1000);
      await deliverDueEmails({ transport, now });
    }
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "FAILED", attempts: MAX_EMAIL_ATTEMPTS });
  });

  it("never sends a message twice when two runners deliver at the same moment", async () => {
    for (let index = 0; index < 10; index++) await enqueueEmail(prisma, message(`race${index}@example.test`));
    const { transport, sent } = recordingTransport({ delayMs: 20 });
    const results = await Promise.all([deliverDueEmails({ transport }), deliverDueEmails({ transport }), deliverDueEmails({ transport })]);
    expect(results.reduce((total, result) => total + result.sent, 0)).toBe(10);
    expect(new Set(sent).size).toBe(10);
    expect(sent).toHaveLength(10);
  });
});

describe("delivery through Resend's HTTP API (fake server)", () => {
  let fake: FakeResend;
  beforeAll(async () => {
    fake = await startFakeResend();
    process.env.RESEND_BASE_URL = fake.url;
    process.env.RESEND_API_KEY = "re_test_key";
  });
  afterAll(async () => {
    delete process.env.RESEND_BASE_URL;
    delete process.env.RESEND_API_KEY;
    await fake.close();
  });
  beforeEach(() => {
    fake.sent.length = 0;
  });

  it("sends with an idempotency key per message, and retries after an outage", async () => {
    const id = await enqueueEmail(prisma, {
      ...message("c@example.test"),
      attachments: [{ filename: "session.ics", contentType: "text/calendar", contentBase64: Buffer.from("BEGIN:VCALENDAR").toString("base64") }],
    });
    fake.failNext(1);
    expect(await deliverDueEmails()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const retryAt = (await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).nextAttemptAt;
    expect(await deliverDueEmails({ now: new Date(retryAt.getTime() + 1) })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({ idempotencyKey: `email-${id}`, subject: "Hello c@example.test", to: ["Test Person <c@example.test>"] });
    expect(fake.sent[0].attachments[0]).toMatchObject({ filename: "session.ics" });
  });
});
