import { Prisma } from "@prisma/client";
import type { TutorProfileInput } from "~/domain/tutors/profile";
import { DomainError } from "~/domain/shared/errors";
import type { Role } from "~/domain/users/roles";
import { recordAudit } from "./audit.server";
import { prisma, readRows } from "./db.server";
import type { RequestMeta } from "./request-meta.server";

export type TutorProfileView = {
  headline: string;
  bio: string;
  subjects: string[];
  gradeLevels: string[];
  hourlyRateMinor: number;
  currency: string;
  durations: number[];
  bufferMinutes: number;
  active: boolean;
  paymentsEnabled: boolean;
  /** Learners' ratings, counted and summed by the database. */
  ratingCount: number;
  ratingSum: number;
};

const PROFILE_SELECT = {
  headline: true,
  bio: true,
  subjects: true,
  gradeLevels: true,
  hourlyRateMinor: true,
  currency: true,
  durations: true,
  bufferMinutes: true,
  active: true,
  paymentsEnabled: true,
  ratingCount: true,
  ratingSum: true,
} as const;

/** Raw SQL: read on every request of the tutor's home page, which is held to a latency budget (Prisma compiles each call anew). */
export async function getTutorProfile(userId: string): Promise<TutorProfileView | null> {
  const rows = await readRows<TutorProfileView>(Prisma.sql`
    SELECT headline, bio, subjects, grade_levels AS "gradeLevels", hourly_rate_minor AS "hourlyRateMinor", currency, durations,
           buffer_minutes AS "bufferMinutes", active, payments_enabled AS "paymentsEnabled", rating_count AS "ratingCount", rating_sum AS "ratingSum"
      FROM tutor_profiles WHERE user_id = ${userId}`);
  return rows[0] ?? null;
}

/** Creates or updates the tutor's profile and their time zone together, audited with before/after. */
export async function saveTutorProfile(user: { id: string; roles: readonly Role[] }, input: TutorProfileInput, meta: RequestMeta): Promise<void> {
  const data = {
    headline: input.headline,
    bio: input.bio,
    subjects: input.subjects,
    gradeLevels: input.gradeLevels,
    hourlyRateMinor: input.hourlyRate,
    currency: input.currency,
    durations: [...input.durations].sort((a, b) => a - b),
    bufferMinutes: input.bufferMinutes,
  };
  await prisma.$transaction(async (tx) => {
    const before = await tx.tutorProfile.findUnique({ where: { userId: user.id }, select: PROFILE_SELECT });
    const after = await tx.tutorProfile.upsert({
      where: { userId: user.id },
      create: { userId: user.id, ...data },
      update: data,
      select: PROFILE_SELECT,
    });
    const zoneBefore = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { timezone: true } });
    await tx.user.update({ where: { id: user.id }, data: { timezone: input.timezone } });
    await recordAudit(tx, {
      actor: user,
      action: before ? "tutor.profile_updated" : "tutor.profile_created",
      subject: { type: "TutorProfile", id: user.id },
      before: before ? { ...before, timezone: zoneBefore.timezone } : undefined,
      after: { ...after, timezone: input.timezone },
      meta,
    });
  });
}

/**
 * Turns payments on or off for one tutor (off = free consultations: bookings confirm without
 * Checkout). The tutor themselves or an admin; audited either way.
 */
export async function setTutorPayments(actor: { id: string; roles: readonly Role[] }, tutorId: string, enabled: boolean, meta: RequestMeta): Promise<void> {
  if (actor.id !== tutorId && !actor.roles.includes("ADMIN")) throw new DomainError("FORBIDDEN", "Only the tutor or an admin can change this.");
  await prisma.$transaction(async (tx) => {
    const before = await tx.tutorProfile.findUnique({ where: { userId: tutorId }, select: { paymentsEnabled: true } });
    if (!before) throw new DomainError("NO_PROFILE", "This tutor has no profile yet.");
    if (before.paymentsEnabled === enabled) return;
    await tx.tutorProfile.update({ where: { userId: tutorId }, data: { paymentsEnabled: enabled } });
    await recordAudit(tx, {
      actor,
      action: enabled ? "tutor.payments_enabled" : "tutor.payments_disabled",
      subject: { type: "TutorProfile", id: tutorId },
      before,
      after: { paymentsEnabled: enabled },
      meta,
    });
  });
}

/** What an admin sees of a tutor's profile on their user page: payments and vetting; null without a profile. */
export async function tutorAdminFlags(tutorId: string): Promise<{ paymentsEnabled: boolean; verified: boolean } | null> {
  return prisma.tutorProfile.findUnique({ where: { userId: tutorId }, select: { paymentsEnabled: true, verified: true } });
}

/**
 * An admin marks a tutor verified or not. A tutor not verified keeps their own bookings and page, and
 * is never offered a session another tutor gave up (replacement-offers.server.ts). Audited.
 */
export async function setTutorVerified(actor: { id: string; roles: readonly Role[] }, tutorId: string, verified: boolean, meta: RequestMeta): Promise<void> {
  if (!actor.roles.includes("ADMIN")) throw new DomainError("FORBIDDEN", "Only admins verify tutors.");
  await prisma.$transaction(async (tx) => {
    const before = await tx.tutorProfile.findUnique({ where: { userId: tutorId }, select: { verified: true } });
    if (!before) throw new DomainError("NO_PROFILE", "This tutor has no profile yet.");
    if (before.verified === verified) return;
    await tx.tutorProfile.update({ where: { userId: tutorId }, data: { verified } });
    await recordAudit(tx, {
      actor,
      action: verified ? "tutor.verified" : "tutor.unverified",
      subject: { type: "TutorProfile", id: tutorId },
      before,
      after: { verified },
      meta,
    });
  });
}
