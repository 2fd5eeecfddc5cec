import { DateTime } from "luxon";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { datedRangeFields, validateSlot, type SlotInput } from "~/domain/scheduling/rules";
import { assertSlotEditable } from "~/domain/scheduling/slot-lock";
import type { Week } from "~/domain/scheduling/weeks";
import { DomainError, isDomainError } from "~/domain/shared/errors";
import { parseLocalDate } from "~/domain/time/calendar-input";
import type { Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { requireTutorProfile } from "./availability.server";
import { clock } from "./clock.server";
import { prisma, type Tx } from "./db.server";
import type { RequestMeta } from "./request-meta.server";

type Tutor = { id: string; roles: readonly Role[]; timezone: string };

const ACTIVE_SEAT = { status: { in: ["HELD", "CONFIRMED"] as ("HELD" | "CONFIRMED")[] } };

export type SlotRow = {
  id: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  kind: "ONE_TO_ONE" | "GROUP";
  capacity: number;
  seatsTaken: number;
  hasBookings: boolean;
};

/** The PostgreSQL exclusion constraint `slots_no_overlap` said no (a concurrent create won the race). */
export function isSlotOverlapViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}` : "";
  return text.includes("23P01") || text.includes("slots_no_overlap") || text.includes("exclusion constraint");
}

function weekRange(week: Week, zone: string) {
  return {
    from: DateTime.fromISO(week.start, { zone }).startOf("day").toJSDate(),
    to: DateTime.fromISO(week.end, { zone }).plus({ days: 1 }).startOf("day").toJSDate(),
  };
}

export async function listSlots(tutorId: string, range: { from: Date; to: Date }): Promise<SlotRow[]> {
  const rows = await prisma.slot.findMany({
    where: { tutorId, startsAt: { lt: range.to }, endsAt: { gt: range.from } },
    orderBy: { startsAt: "asc" },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      timezone: true,
      kind: true,
      capacity: true,
      sessions: { select: { status: true, _count: { select: { participants: { where: ACTIVE_SEAT } } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timezone: row.timezone,
    kind: row.kind,
    capacity: row.capacity,
    seatsTaken: row.sessions.filter((session) => session.status !== "CANCELLED").reduce((seats, session) => seats + session._count.participants, 0),
    hasBookings: row.sessions.length > 0,
  }));
}

export function listSlotsForWeek(tutorId: string, week: Week, zone: string) {
  return listSlots(tutorId, weekRange(week, zone));
}

export async function findOwnSlot(tutorId: string, slotId: string): Promise<SlotRow | null> {
  const row = await prisma.slot.findFirst({ where: { id: slotId, tutorId }, select: { startsAt: true, endsAt: true } });
  if (!row) return null;
  const [slot] = (await listSlots(tutorId, { from: row.startsAt, to: row.endsAt })).filter((candidate) => candidate.id === slotId);
  return slot ?? null;
}

async function neighbours(tx: Tx, tutorId: string, input: SlotInput, excludeId?: string) {
  // A date the calendar lacks or outside 2000–2100 has none: validateSlot refuses it with a field error.
  if (parseLocalDate(input.date) === null) return [];
  // Every slot within a day either side covers any zone's reading of the date.
  const around = DateTime.fromISO(input.date, { zone: "UTC" });
  return tx.slot.findMany({
    where: {
      tutorId,
      id: excludeId ? { not: excludeId } : undefined,
      startsAt: { lt: around.plus({ days: 3 }).toJSDate() },
      endsAt: { gt: around.minus({ days: 2 }).toJSDate() },
    },
    select: { id: true, startsAt: true, endsAt: true },
  });
}

function overlapError(): DomainError {
  return new DomainError("OVERLAPS_SLOT", "Another of your slots was just added at an overlapping time. Choose another time.", "start");
}

/** Adds a dated slot. The rule check runs in the transaction; the exclusion constraint settles races. */
export async function createSlot(tutor: Tutor, input: SlotInput, meta: RequestMeta): Promise<{ id: string }> {
  await requireTutorProfile(tutor.id);
  try {
    return await prisma.$transaction(async (tx) => {
      const valid = validateSlot(input, { zone: tutor.timezone, now: clock.now(), policy: SCHEDULING_POLICY_DEFAULTS, existing: await neighbours(tx, tutor.id, input) });
      const slot = await tx.slot.create({
        data: { tutorId: tutor.id, startsAt: valid.startsAt.toJSDate(), endsAt: valid.endsAt.toJSDate(), timezone: tutor.timezone, kind: valid.kind, capacity: valid.capacity },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor: tutor,
        action: "slot.created",
        subject: { type: "Slot", id: slot.id },
        after: { ...input, zone: tutor.timezone, startsAt: valid.startsAt.toISO(), endsAt: valid.endsAt.toISO() },
        policySnapshot: SCHEDULING_POLICY_DEFAULTS,
        meta,
      });
      return slot;
    });
  } catch (error) {
    if (isSlotOverlapViolation(error)) throw overlapError();
    throw error;
  }
}

async function lockEditableSlot(tx: Tx, tutorId: string, slotId: string) {
  const [slot] = await tx.$queryRaw<{ id: string; starts_at: Date; ends_at: Date; kind: string; capacity: number }[]>`
    SELECT id, starts_at, ends_at, kind, capacity FROM slots WHERE id = ${slotId} AND tutor_id = ${tutorId} FOR UPDATE`;
  if (!slot) throw new DomainError("SLOT_NOT_FOUND", "That slot no longer exists.");
  assertSlotEditable({ startsAt: slot.starts_at, hasBookings: (await tx.tutoringSession.count({ where: { slotId } })) > 0 }, clock.nowDate());
  return slot;
}

export async function updateSlot(tutor: Tutor, slotId: string, input: SlotInput, meta: RequestMeta): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      const before = await lockEditableSlot(tx, tutor.id, slotId);
      const valid = validateSlot(input, { zone: tutor.timezone, now: clock.now(), policy: SCHEDULING_POLICY_DEFAULTS, existing: await neighbours(tx, tutor.id, input, slotId) });
      await tx.slot.update({
        where: { id: slotId },
        data: { startsAt: valid.startsAt.toJSDate(), endsAt: valid.endsAt.toJSDate(), timezone: tutor.timezone, kind: valid.kind, capacity: valid.capacity },
      });
      await recordAudit(tx, {
        actor: tutor,
        action: "slot.updated",
        subject: { type: "Slot", id: slotId },
        before: { startsAt: before.starts_at.toISOString(), endsAt: before.ends_at.toISOString(), kind: before.kind, capacity: before.capacity },
        after: { startsAt: valid.startsAt.toISO(), endsAt: valid.endsAt.toISO(), kind: valid.kind, capacity: valid.capacity },
        meta,
      });
    });
  } catch (error) {
    if (isSlotOverlapViolation(error)) throw overlapError();
    throw error;
  }
}

export async function deleteSlot(tutor: Tutor, slotId: string, meta: RequestMeta): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await lockEditableSlot(tx, tutor.id, slotId);
    await tx.slot.delete({ where: { id: slotId } });
    await recordAudit(tx, {
      actor: tutor,
      action: "slot.deleted",
      subject: { type: "Slot", id: slotId },
      before: { startsAt: before.starts_at.toISOString(), endsAt: before.ends_at.toISOString(), kind: before.kind, capacity: before.capacity },
      meta,
    });
  });
}

export type CopyResult = { copied: number; skipped: { when: string; reason: string }[] };

/**
 * Copies a week's slots to the next week at the same wall-clock times (so across a clock change the
 * local times stay). Each copy is checked like a new slot; the ones that break a rule are reported.
 */
export async function copyWeekToNext(tutor: Tutor, week: Week, meta: RequestMeta): Promise<CopyResult> {
  const slots = await listSlotsForWeek(tutor.id, week, tutor.timezone);
  const result: CopyResult = { copied: 0, skipped: [] };
  for (const slot of slots) {
    // In the tutor's current zone, the one createSlot reads the date and times in (and the week page
    // shows them in): a slot made before the tutor changed zone is copied at the time it shows.
    // The times the tutor typed, a week on: luxon's own week arithmetic would move an end at a skipped
    // midnight to 01:00, which then ends before it starts.
    const fields = datedRangeFields(new Date(slot.startsAt), new Date(slot.endsAt), tutor.timezone);
    const date = DateTime.fromISO(fields.date, { zone: "utc" }).plus({ weeks: 1 }).toISODate()!;
    const input: SlotInput = { date, start: fields.start, end: fields.end, kind: slot.kind, capacity: slot.capacity };
    try {
      await createSlot(tutor, input, meta);
      result.copied += 1;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      result.skipped.push({ when: `${DateTime.fromISO(date, { zone: "utc" }).toFormat("ccc d LLL")}, ${fields.start}`, reason: error.message });
    }
  }
  return result;
}

/** Daily: past slots nobody booked are removed; booked ones stay for history. */
export async function deletePastUnbookedSlots(now: Date): Promise<number> {
  const { count } = await prisma.slot.deleteMany({ where: { endsAt: { lt: now }, sessions: { none: {} } } });
  return count;
}
