-- CreateEnum
CREATE TYPE "RescheduleStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED', 'WITHDRAWN', 'EXPIRED', 'CANCELLED_BY_STUDENT');

-- CreateEnum
CREATE TYPE "SideRole" AS ENUM ('STUDENT', 'TUTOR');

-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "student_reschedules" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tutor_reschedules" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "reschedule_requests" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "initiator_role" "SideRole" NOT NULL,
    "initiator_id" TEXT NOT NULL,
    "proposer_id" TEXT NOT NULL,
    "awaiting_role" "SideRole" NOT NULL,
    "proposed_starts_at" TIMESTAMPTZ(3) NOT NULL,
    "proposed_ends_at" TIMESTAMPTZ(3) NOT NULL,
    "counter_count" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "status" "RescheduleStatus" NOT NULL DEFAULT 'PENDING',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "on_expiry" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reschedule_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action_tokens" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "action_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reschedule_requests_session_id_idx" ON "reschedule_requests"("session_id");

-- CreateIndex
CREATE INDEX "reschedule_requests_status_expires_at_idx" ON "reschedule_requests"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "action_tokens_token_hash_key" ON "action_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "action_tokens_subject_id_purpose_idx" ON "action_tokens"("subject_id", "purpose");

-- AddForeignKey
ALTER TABLE "reschedule_requests" ADD CONSTRAINT "reschedule_requests_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_tokens" ADD CONSTRAINT "action_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One open negotiation per session.
CREATE UNIQUE INDEX "reschedule_requests_one_pending_per_session" ON "reschedule_requests" ("session_id") WHERE "status" = 'PENDING';

ALTER TABLE "reschedule_requests"
  ADD CONSTRAINT "reschedule_requests_time_order" CHECK ("proposed_ends_at" > "proposed_starts_at"),
  ADD CONSTRAINT "reschedule_requests_counter_count" CHECK ("counter_count" >= 0),
  ADD CONSTRAINT "reschedule_requests_on_expiry" CHECK ("on_expiry" IN ('expire', 'auto_accept'));

ALTER TABLE "tutoring_sessions"
  ADD CONSTRAINT "tutoring_sessions_reschedules_non_negative" CHECK ("student_reschedules" >= 0 AND "tutor_reschedules" >= 0);
