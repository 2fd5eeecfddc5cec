-- CreateEnum
CREATE TYPE "DisputeCategory" AS ENUM ('tutor_absent', 'tutor_late', 'shorter_than_booked', 'quality', 'behaviour', 'technical', 'other');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "DisputePriority" AS ENUM ('low', 'normal', 'high', 'urgent');

-- CreateEnum
CREATE TYPE "DisputeOutcome" AS ENUM ('completed_as_is', 'completed_adjusted', 'cancelled');

-- CreateEnum
CREATE TYPE "DisputeTutorPay" AS ENUM ('full', 'partial', 'none');

-- CreateTable
CREATE TABLE "session_disputes" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "reported_by_id" TEXT NOT NULL,
    "category" "DisputeCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "claimed_minutes" INTEGER,
    "tutor_minutes" INTEGER NOT NULL,
    "status" "DisputeStatus" NOT NULL DEFAULT 'open',
    "priority" "DisputePriority" NOT NULL DEFAULT 'normal',
    "assigned_to_id" TEXT,
    "assigned_at" TIMESTAMPTZ(3),
    "tutor_response" TEXT,
    "tutor_responded_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" TEXT,
    "outcome" "DisputeOutcome",
    "approved_minutes" INTEGER,
    "refund_percent" INTEGER,
    "refund_minor" INTEGER,
    "refund_id" TEXT,
    "tutor_pay" "DisputeTutorPay",
    "tutor_pay_minor" INTEGER,
    "note_to_booker" TEXT,
    "note_to_tutor" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_disputes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "session_disputes_participant_id_key" ON "session_disputes"("participant_id");

-- CreateIndex
CREATE UNIQUE INDEX "session_disputes_refund_id_key" ON "session_disputes"("refund_id");

-- CreateIndex
CREATE INDEX "session_disputes_status_created_at_idx" ON "session_disputes"("status", "created_at");

-- CreateIndex
CREATE INDEX "session_disputes_session_id_idx" ON "session_disputes"("session_id");

-- AddForeignKey
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_reported_by_id_fkey" FOREIGN KEY ("reported_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_assigned_to_id_fkey" FOREIGN KEY ("assigned_to_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The booker's account: plain text, 10 to 2,000 characters; minutes within a day.
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_description_length" CHECK (char_length("description") BETWEEN 10 AND 2000);
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_minutes_range" CHECK (
  ("claimed_minutes" IS NULL OR "claimed_minutes" BETWEEN 0 AND 1440) AND "tutor_minutes" BETWEEN 0 AND 1440
  AND ("approved_minutes" IS NULL OR "approved_minutes" BETWEEN 0 AND 1440));
-- The tutor's side, once: both its text and its instant, or neither.
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_tutor_side" CHECK (
  ("tutor_response" IS NULL) = ("tutor_responded_at" IS NULL) AND ("tutor_response" IS NULL OR char_length("tutor_response") BETWEEN 10 AND 2000));
-- A resolved dispute carries every part of its resolution; an open one none of it.
ALTER TABLE "session_disputes" ADD CONSTRAINT "session_disputes_resolution_shape" CHECK (
  CASE "status"
    WHEN 'open' THEN "resolved_at" IS NULL AND "resolved_by_id" IS NULL AND "outcome" IS NULL AND "approved_minutes" IS NULL
      AND "refund_percent" IS NULL AND "refund_minor" IS NULL AND "refund_id" IS NULL AND "tutor_pay" IS NULL AND "tutor_pay_minor" IS NULL
      AND "note_to_booker" IS NULL AND "note_to_tutor" IS NULL
    ELSE "resolved_at" IS NOT NULL AND "resolved_by_id" IS NOT NULL AND "outcome" IS NOT NULL AND "approved_minutes" IS NOT NULL
      AND "refund_percent" BETWEEN 0 AND 100 AND "refund_minor" >= 0 AND ("refund_minor" = 0) = ("refund_id" IS NULL)
      AND "tutor_pay" IS NOT NULL AND "tutor_pay_minor" >= 0
      AND char_length("note_to_booker") BETWEEN 1 AND 2000 AND char_length("note_to_tutor") BETWEEN 1 AND 2000
  END);

-- A seat's hours are answered once: confirmed, or disputed, never both (whatever code path writes).
CREATE FUNCTION session_disputes_one_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'session_disputes' THEN
    IF EXISTS (SELECT 1 FROM participants WHERE id = NEW.participant_id AND hours_confirmed_at IS NOT NULL) THEN
      RAISE EXCEPTION 'seat % already has its hours confirmed', NEW.participant_id USING ERRCODE = '23514';
    END IF;
  ELSIF NEW.hours_confirmed_at IS NOT NULL AND OLD.hours_confirmed_at IS NULL
        AND EXISTS (SELECT 1 FROM session_disputes WHERE participant_id = NEW.id) THEN
    RAISE EXCEPTION 'seat % has a reported problem, so its hours cannot be confirmed', NEW.id USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER session_disputes_one_answer BEFORE INSERT ON "session_disputes" FOR EACH ROW EXECUTE FUNCTION session_disputes_one_answer();
CREATE TRIGGER participants_one_answer BEFORE UPDATE OF hours_confirmed_at ON "participants" FOR EACH ROW EXECUTE FUNCTION session_disputes_one_answer();
