-- CreateEnum
CREATE TYPE "NoShowParty" AS ENUM ('tutor', 'student');

-- CreateEnum
CREATE TYPE "AttendanceStatus" AS ENUM ('pending', 'present', 'absent', 'late', 'no_show');

-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('DAY_BEFORE', 'HOUR_BEFORE');

-- AlterTable
ALTER TABLE "tutor_profiles" ADD COLUMN     "meeting_url" TEXT,
ADD COLUMN     "telegram_chat_id" TEXT,
ADD COLUMN     "telegram_linked_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "attendance_notes" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "meeting_url" TEXT,
ADD COLUMN     "no_show_party" "NoShowParty";

-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "attendance_late_minutes" INTEGER,
ADD COLUMN     "attendance_status" "AttendanceStatus" NOT NULL DEFAULT 'pending';

-- CreateTable
CREATE TABLE "session_reminders" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "recipient_id" TEXT NOT NULL,
    "kind" "ReminderKind" NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "email_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_reminders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telegram_link_codes" (
    "code_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telegram_link_codes_pkey" PRIMARY KEY ("code_hash")
);

-- CreateTable
CREATE TABLE "telegram_updates" (
    "update_id" BIGINT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telegram_updates_pkey" PRIMARY KEY ("update_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "session_reminders_session_id_recipient_id_kind_starts_at_key" ON "session_reminders"("session_id", "recipient_id", "kind", "starts_at");

-- CreateIndex
CREATE INDEX "telegram_link_codes_user_id_idx" ON "telegram_link_codes"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "tutor_profiles_telegram_chat_id_key" ON "tutor_profiles"("telegram_chat_id");

-- AddForeignKey
ALTER TABLE "session_reminders" ADD CONSTRAINT "session_reminders_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_reminders" ADD CONSTRAINT "session_reminders_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telegram_link_codes" ADD CONSTRAINT "telegram_link_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Issue 14: what the app may never write, whatever the code path.
ALTER TABLE "participants" ADD CONSTRAINT "participants_attendance_late_minutes_check"
  CHECK ("attendance_late_minutes" IS NULL OR "attendance_late_minutes" BETWEEN 0 AND 1440);
ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_no_show_party_check"
  CHECK ("no_show_party" IS NULL OR "status" = 'NO_SHOW');
ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_attendance_notes_check"
  CHECK (char_length("attendance_notes") <= 2000);
ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_meeting_url_check"
  CHECK ("meeting_url" IS NULL OR char_length("meeting_url") <= 500);
ALTER TABLE "tutor_profiles" ADD CONSTRAINT "tutor_profiles_meeting_url_check"
  CHECK ("meeting_url" IS NULL OR char_length("meeting_url") <= 500);
