import { prisma, type Tx } from "../db.server";
import { kickOutbox } from "../outbox.server";

/**
 * Side effects that must run only once the transaction has committed (waking the outbox, Stripe calls:
 * starting or expiring Checkout, sending refunds). A change registers them while it decides, inside
 * the transaction; sessionTransaction runs them after the commit, in order, and never when the
 * transaction rolled back. A nested use case (an emailed link answering a request) receives the
 * caller's collector instead of running its own: no `inTx` flags, no `after*` hooks to remember.
 */
export class AfterCommit {
  private readonly tasks: { label: string; run: () => Promise<unknown> }[] = [];
  private outboxWoken = false;

  /** Adds a task; a failure is logged and does not stop the others (each is retried by its job). */
  add(label: string, run: () => Promise<unknown>): void {
    this.tasks.push({ label, run });
  }

  /** The outbox has rows from this transaction: deliver them now rather than at the job's next run. */
  wakeOutbox(): void {
    if (this.outboxWoken) return;
    this.outboxWoken = true;
    this.add("wake the outbox", async () => kickOutbox());
  }

  /** Runs the tasks (sessionTransaction does this; call it only for a collector you made yourself). */
  async run(): Promise<void> {
    for (const task of this.tasks.splice(0)) {
      try {
        await task.run();
      } catch (error) {
        console.error(`after commit: ${task.label} failed; its job retries`, error);
      }
    }
  }
}

/** A transaction and its after-commit work, passed together to nested use cases. */
export type SessionTx = { tx: Tx; after: AfterCommit };

/**
 * THE transaction helper for changes to sessions: runs `work` in one transaction with a fresh
 * collector, then (only after the commit) the side effects it collected. With `within`, the caller's
 * transaction and collector are used and the caller's helper runs them.
 */
export async function sessionTransaction<T>(work: (session: SessionTx) => Promise<T>, options: { within?: SessionTx; timeout?: number; maxWait?: number } = {}): Promise<T> {
  if (options.within) return work(options.within);
  const after = new AfterCommit();
  const result = await prisma.$transaction((tx) => work({ tx, after }), { timeout: options.timeout ?? 15_000, ...(options.maxWait ? { maxWait: options.maxWait } : {}) });
  await after.run();
  return result;
}
