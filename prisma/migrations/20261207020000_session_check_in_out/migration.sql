-- A tutor's check-in and check-out (issue 14): when, from where, late minutes, and the actual times.
-- CreateEnum
CREATE TYPE "AttendanceSource" AS ENUM ('web', 'telegram', 'admin_override');

-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "actual_ended_at" TIMESTAMPTZ(3),
ADD COLUMN     "actual_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "check_in_source" "AttendanceSource",
ADD COLUMN     "check_out_source" "AttendanceSource",
ADD COLUMN     "checked_in_at" TIMESTAMPTZ(3),
ADD COLUMN     "checked_out_at" TIMESTAMPTZ(3),
ADD COLUMN     "late_minutes" INTEGER;

-- Data rules Prisma's schema cannot say: an instant always has its source (and the other way round),
-- late minutes belong to a check-in and are never negative, a check-out is never before the check-in,
-- and a session really ended after it really started.
ALTER TABLE "tutoring_sessions"
  ADD CONSTRAINT "tutoring_sessions_check_in_source" CHECK (("checked_in_at" IS NULL) = ("check_in_source" IS NULL)),
  ADD CONSTRAINT "tutoring_sessions_check_out_source" CHECK (("checked_out_at" IS NULL) = ("check_out_source" IS NULL)),
  ADD CONSTRAINT "tutoring_sessions_late_minutes" CHECK ("late_minutes" IS NULL OR ("late_minutes" >= 0 AND "checked_in_at" IS NOT NULL)),
  ADD CONSTRAINT "tutoring_sessions_check_out_after_check_in" CHECK ("checked_out_at" IS NULL OR "checked_in_at" IS NULL OR "checked_out_at" >= "checked_in_at"),
  ADD CONSTRAINT "tutoring_sessions_actual_end_after_start" CHECK ("actual_ended_at" IS NULL OR "actual_started_at" IS NULL OR "actual_ended_at" > "actual_started_at");
