import { Resend } from "resend";
import { emailRetryDecision } from "~/domain/email/retry";
import type { RenderedEmail } from "~/emails/layout";
import { clock } from "./clock.server";
import { prisma, type Db, type Tx } from "./db.server";
import { env } from "./env.server";

export type Attachment = { filename: string; contentType: string; contentBase64: string };

export type OutgoingEmail = RenderedEmail & {
  template: string;
  to: { address: string; name?: string | null };
  attachments?: Attachment[];
  /** The session the message is about, for that session's staff timeline (null when it is about none). */
  sessionId?: string | null;
};

/** Writes a message to the outbox. Pass the transaction that makes the change the email reports. */
export async function enqueueEmail(db: Tx | Db, email: OutgoingEmail): Promise<string> {
  const row = await db.emailMessage.create({
    data: {
      template: email.template,
      toAddress: email.to.address,
      toName: email.to.name ?? null,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments ?? undefined,
      sessionId: email.sessionId ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

type ClaimedEmail = {
  id: string;
  to_address: string;
  to_name: string | null;
  subject: string;
  text: string;
  html: string;
  attachments: Attachment[] | null;
  attempts: number;
};

export type EmailTransport = {
  name: string;
  send(message: ClaimedEmail, idempotencyKey: string): Promise<{ providerMessageId: string }>;
};

/** Resend, or the fake Resend in tests (the SDK honours RESEND_BASE_URL). */
function resendTransport(apiKey: string): EmailTransport {
  const resend = new Resend(apiKey);
  return {
    name: "resend",
    async send(message, idempotencyKey) {
      const { data, error } = await resend.emails.send(
        {
          from: env.emailFrom,
          to: message.to_name ? `${message.to_name.replace(/[<>"]/g, "")} <${message.to_address}>` : message.to_address,
          subject: message.subject,
          text: message.text,
          html: message.html,
          attachments: message.attachments?.map((file) => ({
            filename: file.filename,
            content: file.contentBase64,
            contentType: file.contentType,
          })),
        },
        { idempotencyKey },
      );
      if (error || !data) throw new Error(`Resend refused the message: ${error?.message ?? "no response"}`);
      return { providerMessageId: data.id };
    },
  };
}

/** Development without a Resend key: messages are "delivered" to the /dev/mailbox page. */
const devMailboxTransport: EmailTransport = {
  name: "dev-mailbox",
  async send(message) {
    return { providerMessageId: `dev-mailbox:${message.id}` };
  },
};

export function defaultTransport(): EmailTransport {
  const apiKey = env.resendApiKey;
  if (apiKey) return resendTransport(apiKey);
  if (env.devMailbox) return devMailboxTransport;
  throw new Error("RESEND_API_KEY must be set in production");
}

const LOCK_SECONDS = 120;

/**
 * Claims due messages with FOR UPDATE SKIP LOCKED and a short lease, so two runners (two app
 * instances, or the in-process timer and the cron route) never send the same message twice.
 */
async function claimDueEmails(now: Date, limit: number): Promise<ClaimedEmail[]> {
  return prisma.$queryRaw<ClaimedEmail[]>`
    UPDATE email_messages
       SET locked_until = ${new Date(now.getTime() + LOCK_SECONDS * 1000)}, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM email_messages
        WHERE status = 'PENDING' AND next_attempt_at <= ${now}
          AND (locked_until IS NULL OR locked_until <= ${now})
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, to_address, to_name, subject, text, html, attachments, attempts`;
}

export type DeliverySummary = { sent: number; retrying: number; failed: number };

export async function deliverDueEmails(options: { now?: Date; limit?: number; transport?: EmailTransport } = {}): Promise<DeliverySummary> {
  const now = options.now ?? clock.nowDate();
  const transport = options.transport ?? defaultTransport();
  const summary: DeliverySummary = { sent: 0, retrying: 0, failed: 0 };
  const claimed = await claimDueEmails(now, options.limit ?? 50);
  for (const message of claimed) {
    try {
      // The same key on every attempt: if a send succeeded but we crashed before recording it,
      // the provider recognises the retry and does not send a second copy.
      const { providerMessageId } = await transport.send(message, `email-${message.id}`);
      await prisma.emailMessage.updateMany({
        where: { id: message.id, status: "PENDING" },
        data: { status: "SENT", sentAt: clock.nowDate(), providerMessageId, lockedUntil: null, lastError: null },
      });
      summary.sent += 1;
    } catch (error) {
      const decision = emailRetryDecision(message.attempts, clock.nowDate());
      const lastError = error instanceof Error ? error.message.slice(0, 1000) : String(error);
      await prisma.emailMessage.updateMany({
        where: { id: message.id, status: "PENDING" },
        data: decision.giveUp ? { status: "FAILED", lockedUntil: null, lastError } : { nextAttemptAt: decision.nextAttemptAt, lockedUntil: null, lastError },
      });
      if (decision.giveUp) summary.failed += 1;
      else summary.retrying += 1;
    }
  }
  return summary;
}

let kickRunning = false;
let kickAgain = false;
let kickFinished: Promise<void> = Promise.resolve();

/**
 * Delivers right after a commit instead of waiting for the next job run (people wait for sign-in
 * codes). Best effort: whatever fails here the job runner retries.
 */
export function kickOutbox(): void {
  if (kickRunning) {
    kickAgain = true;
    return;
  }
  kickRunning = true;
  kickFinished = new Promise((resolve) =>
    setImmediate(async () => {
      try {
        do {
          kickAgain = false;
          await deliverDueEmails();
        } while (kickAgain);
      } catch (error) {
        console.error("outbox delivery failed; the job runner will retry", error);
      } finally {
        kickRunning = false;
        resolve();
      }
    }),
  );
}

/** Resolves when a delivery started by kickOutbox has finished (tests wait for it before emptying or closing the database). */
export function outboxSettled(): Promise<void> {
  return kickFinished;
}

/** An attachment as the dev mailbox lists it; its bytes come from getMailboxAttachment. */
export type MailboxAttachment = { index: number; filename: string; contentType: string; sizeBytes: number };

export type MailboxMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  createdAt: string;
  attachments: MailboxAttachment[];
};

/** The stored attachments column, read defensively: a row written by an older version may hold anything. */
function storedAttachments(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (file): file is Attachment =>
      typeof file === "object" && file !== null && typeof file.filename === "string" && typeof file.contentType === "string" && typeof file.contentBase64 === "string",
  );
}

function describeAttachments(value: unknown): MailboxAttachment[] {
  return storedAttachments(value).map((file, index) => ({
    index,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: Buffer.byteLength(file.contentBase64, "base64"),
  }));
}

export async function listMailbox(filter: { to?: string; take?: number }): Promise<MailboxMessage[]> {
  const rows = await prisma.emailMessage.findMany({
    where: filter.to ? { toAddress: filter.to.toLowerCase() } : undefined,
    orderBy: { createdAt: "desc" },
    take: filter.take ?? 50,
    select: { id: true, toAddress: true, subject: true, text: true, status: true, createdAt: true, attachments: true },
  });
  return rows.map((row) => ({
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    text: row.text,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    attachments: describeAttachments(row.attachments),
  }));
}

export async function getMailboxMessage(id: string) {
  const row = await prisma.emailMessage.findUnique({
    where: { id },
    select: { id: true, toAddress: true, subject: true, html: true, text: true, status: true, createdAt: true, attachments: true },
  });
  return row ? { ...row, attachments: describeAttachments(row.attachments) } : null;
}

/** One attachment's bytes, by its position in the message (the order the message was written with). */
export async function getMailboxAttachment(messageId: string, index: number): Promise<{ filename: string; contentType: string; content: Buffer } | null> {
  const row = await prisma.emailMessage.findUnique({ where: { id: messageId }, select: { attachments: true } });
  const file = row ? storedAttachments(row.attachments)[index] : undefined;
  return file ? { filename: file.filename, contentType: file.contentType, content: Buffer.from(file.contentBase64, "base64") } : null;
}
