import type { BusyInterval, DatedSlot } from "~/domain/scheduling/bookable-times";
import type { ExceptionInput, WeeklyWindow } from "~/domain/scheduling/rules";

/** What bookable times are computed from, besides the profile's durations and buffer (read fresh on every request). */
export type Schedule = {
  weekly: WeeklyWindow[];
  /** The zone the weekly hours were saved in; null without weekly hours. */
  weeklyZone: string | null;
  exceptions: ExceptionInput[];
  slots: DatedSlot[];
  busy: BusyInterval[];
};

/**
 * A PostgreSQL snapshot (`pg_current_snapshot()` as text, "xmin:xmax:xip,xip"): which transactions
 * the statement that read a schedule could see.
 */
export type Snapshot = { xmin: bigint; xmax: bigint; inProgress: ReadonlySet<bigint> };

export function parseSnapshot(text: string): Snapshot {
  const [xmin, xmax, inProgress] = text.split(":");
  if (xmax === undefined) throw new Error(`Not a snapshot: "${text}"`);
  return { xmin: BigInt(xmin), xmax: BigInt(xmax), inProgress: new Set(inProgress ? inProgress.split(",").map(BigInt) : []) };
}

/** PostgreSQL's pg_visible_in_snapshot: had this transaction committed when the snapshot was taken? */
export function sawTransaction(snapshot: Snapshot, xid: bigint): boolean {
  return xid < snapshot.xmin || (xid < snapshot.xmax && !snapshot.inProgress.has(xid));
}

type Entry = { schedule: Schedule; snapshot: Snapshot; loadedAtMs: number; fromMs: number; toMs: number };

/**
 * Tutors' schedules as last read, each with the snapshot it was read at. An entry serves a request
 * only while every change to that tutor the request can see (the `availability_changes` rows the
 * triggers write, migration 20261123000000) was already visible to the entry's snapshot, and while it
 * covers the request's range: a committed change the entry missed drops it. So a cached schedule is
 * always the one the database holds, never an older one (decision 013).
 */
export class ScheduleCache {
  private readonly entries = new Map<string, Entry>();
  /** The smallest xmin among the entries, kept as entries come and go; null when unknown. */
  private oldest: bigint | null = null;
  private oldestKnown = true;
  private sweptAtMs = -Infinity;

  /**
   * @param maxEntries memory bound: the least recently loaded go first.
   * @param maxAgeMs an entry is read again after this long. It must stay well under the age at which
   *   changes are pruned (a day), so no change an entry missed can be pruned while the entry lives.
   */
  constructor(
    private readonly maxEntries = 5000,
    private readonly maxAgeMs = 12 * 3600_000,
  ) {}

  /**
   * The oldest snapshot's xmin: changes below it were seen by every entry, so a request asks only for
   * newer ones. Null when empty. Aged entries are swept here once a minute.
   */
  oldestXmin(nowMs: number): bigint | null {
    if (Math.abs(nowMs - this.sweptAtMs) > 60_000) {
      this.sweptAtMs = nowMs;
      for (const [tutorId, entry] of this.entries) if (nowMs - entry.loadedAtMs > this.maxAgeMs) this.remove(tutorId);
    }
    if (!this.oldestKnown) {
      this.oldest = null;
      for (const entry of this.entries.values()) if (this.oldest === null || entry.snapshot.xmin < this.oldest) this.oldest = entry.snapshot.xmin;
      this.oldestKnown = true;
    }
    return this.oldest;
  }

  /**
   * The tutor's schedule, when the entry saw every change in `changes` (the transaction ids of the
   * tutor's changes the caller's statement could see, from oldestXmin on) and covers [fromMs, toMs).
   */
  get(tutorId: string, changes: readonly bigint[], fromMs: number, toMs: number, nowMs: number): Schedule | null {
    const entry = this.entries.get(tutorId);
    if (!entry) return null;
    const fresh = nowMs - entry.loadedAtMs <= this.maxAgeMs && changes.every((xid) => sawTransaction(entry.snapshot, xid));
    if (!fresh) {
      this.remove(tutorId);
      return null;
    }
    return entry.fromMs <= fromMs && toMs <= entry.toMs ? entry.schedule : null;
  }

  set(tutorId: string, schedule: Schedule, snapshot: Snapshot, range: { fromMs: number; toMs: number }, nowMs: number): void {
    this.remove(tutorId);
    if (this.entries.size >= this.maxEntries) this.remove(this.entries.keys().next().value!);
    this.entries.set(tutorId, { schedule, snapshot, loadedAtMs: nowMs, ...range });
    if (this.oldestKnown && (this.oldest === null || snapshot.xmin < this.oldest)) this.oldest = snapshot.xmin;
  }

  private remove(tutorId: string): void {
    const entry = this.entries.get(tutorId);
    if (!entry) return;
    this.entries.delete(tutorId);
    if (entry.snapshot.xmin === this.oldest) this.oldestKnown = false;
  }
}
