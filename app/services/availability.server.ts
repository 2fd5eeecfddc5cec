import { DateTime } from "luxon";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { endMinutesOfDay, localTimeFromMinutes, minutesOfDay, type LocalDate, type LocalTime } from "~/domain/scheduling/local-time";
import { validateException, validateWeeklyWindows, type ExceptionInput, type WeeklyWindow } from "~/domain/scheduling/rules";
import { todayIn } from "~/domain/scheduling/weeks";
import { DomainError } from "~/domain/shared/errors";
import type { Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { clock } from "./clock.server";
import { prisma } from "./db.server";
import type { RequestMeta } from "./request-meta.server";

type Actor = { id: string; roles: readonly Role[]; timezone: string };

function dateOnly(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export type ExceptionRow = { id: string; date: LocalDate; kind: "BLOCKED" | "HOURS"; start: LocalTime | null; end: LocalTime | null };

export async function requireTutorProfile(tutorId: string) {
  const profile = await prisma.tutorProfile.findUnique({ where: { userId: tutorId }, select: { userId: true } });
  if (!profile) throw new DomainError("NO_TUTOR_PROFILE", "Set up your tutor profile first: your rate and the session lengths you offer.");
}

/** The tutor's weekly windows (in the zone they were saved in) and their exceptions from today on. */
export async function getSchedule(tutorId: string, zone: string) {
  const today = todayIn(zone, clock.now());
  const [weekly, exceptions] = await Promise.all([
    prisma.weeklyAvailability.findMany({
      where: { tutorId },
      orderBy: [{ weekday: "asc" }, { startMinute: "asc" }],
      select: { weekday: true, startMinute: true, endMinute: true, timezone: true },
    }),
    prisma.availabilityException.findMany({
      where: { tutorId, date: { gte: dateOnly(today) } },
      orderBy: [{ date: "asc" }, { startMinute: "asc" }],
      select: { id: true, date: true, kind: true, startMinute: true, endMinute: true },
    }),
  ]);
  return {
    savedZone: weekly[0]?.timezone ?? null,
    weekly: weekly.map((row) => ({ weekday: row.weekday as WeeklyWindow["weekday"], start: localTimeFromMinutes(row.startMinute), end: localTimeFromMinutes(row.endMinute) })),
    exceptions: exceptions.map((row): ExceptionRow => ({
      id: row.id,
      date: row.date.toISOString().slice(0, 10),
      kind: row.kind,
      start: row.startMinute === null ? null : localTimeFromMinutes(row.startMinute),
      end: row.endMinute === null ? null : localTimeFromMinutes(row.endMinute),
    })),
  };
}

/** Replaces the whole weekly schedule at once, wall-clock in the tutor's current zone. */
export async function saveWeeklySchedule(tutor: Actor, windows: WeeklyWindow[], meta: RequestMeta): Promise<void> {
  await requireTutorProfile(tutor.id);
  const valid = validateWeeklyWindows(windows);
  await prisma.$transaction(async (tx) => {
    const before = await tx.weeklyAvailability.findMany({ where: { tutorId: tutor.id }, select: { weekday: true, startMinute: true, endMinute: true } });
    await tx.weeklyAvailability.deleteMany({ where: { tutorId: tutor.id } });
    await tx.weeklyAvailability.createMany({
      data: valid.map((window) => ({
        tutorId: tutor.id,
        weekday: window.weekday,
        startMinute: minutesOfDay(window.start),
        endMinute: endMinutesOfDay(window.end),
        timezone: tutor.timezone,
      })),
    });
    await recordAudit(tx, {
      actor: tutor,
      action: "availability.weekly_saved",
      subject: { type: "TutorProfile", id: tutor.id },
      before: { windows: before },
      after: { windows: valid, zone: tutor.timezone },
      meta,
    });
  });
}

export async function addException(tutor: Actor, input: ExceptionInput, meta: RequestMeta): Promise<void> {
  await requireTutorProfile(tutor.id);
  const valid = validateException(input, { zone: tutor.timezone, now: clock.now(), policy: SCHEDULING_POLICY_DEFAULTS });
  await prisma.$transaction(async (tx) => {
    const existing = await tx.availabilityException.findMany({
      where: { tutorId: tutor.id, date: dateOnly(valid.date) },
      select: { kind: true, startMinute: true, endMinute: true },
    });
    if (valid.kind === "BLOCKED" && existing.length > 0 && existing.every((row) => row.kind === "BLOCKED")) {
      throw new DomainError("ALREADY_BLOCKED", `${valid.date} is already a day off.`, "date");
    }
    if (valid.kind === "HOURS") {
      if (existing.some((row) => row.kind === "BLOCKED")) {
        throw new DomainError("DAY_BLOCKED", `${valid.date} is a day off. Remove the day off first to set other hours.`, "date");
      }
      for (const window of valid.windows) {
        const start = minutesOfDay(window.start);
        const end = endMinutesOfDay(window.end);
        if (existing.some((row) => row.startMinute! < end && start < row.endMinute!)) {
          throw new DomainError("EXCEPTION_OVERLAP", `These hours overlap other hours you set for ${valid.date}.`, "start");
        }
      }
    }
    // A day off replaces any other hours already set for that date.
    if (valid.kind === "BLOCKED") await tx.availabilityException.deleteMany({ where: { tutorId: tutor.id, date: dateOnly(valid.date) } });
    const rows =
      valid.kind === "BLOCKED"
        ? [{ tutorId: tutor.id, date: dateOnly(valid.date), kind: "BLOCKED" as const, timezone: tutor.timezone }]
        : valid.windows.map((window) => ({
            tutorId: tutor.id,
            date: dateOnly(valid.date),
            kind: "HOURS" as const,
            startMinute: minutesOfDay(window.start),
            endMinute: endMinutesOfDay(window.end),
            timezone: tutor.timezone,
          }));
    await tx.availabilityException.createMany({ data: rows });
    await recordAudit(tx, { actor: tutor, action: "availability.exception_added", subject: { type: "TutorProfile", id: tutor.id }, after: valid, meta });
  });
}

export async function removeException(tutor: Actor, exceptionId: string, meta: RequestMeta): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.availabilityException.findFirst({ where: { id: exceptionId, tutorId: tutor.id }, select: { date: true, kind: true, startMinute: true, endMinute: true } });
    if (!row) return false;
    await tx.availabilityException.delete({ where: { id: exceptionId } });
    await recordAudit(tx, {
      actor: tutor,
      action: "availability.exception_removed",
      subject: { type: "TutorProfile", id: tutor.id },
      before: { ...row, date: row.date.toISOString().slice(0, 10) },
      meta,
    });
    return true;
  });
}

/** Loader helper: "2026-11-23" in the tutor's zone → the DateTime of its start (for labels). */
export function localDateLabel(date: LocalDate, zone: string): string {
  return DateTime.fromISO(date, { zone }).toFormat("ccc d LLL yyyy");
}
