-- CreateEnum
CREATE TYPE "MeetingType" AS ENUM ('VIDEO', 'AUDIO', 'CHAT', 'IN_PERSON');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('PENDING', 'PROCESSING', 'PAID', 'FAILED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'PROCESSED', 'FAILED');

-- AlterEnum
ALTER TYPE "ParticipantStatus" ADD VALUE 'EXPIRED';

-- AlterTable
ALTER TABLE "tutor_profiles" ADD COLUMN     "payments_enabled" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "cancel_cause" TEXT,
ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN     "currency" TEXT NOT NULL DEFAULT 'USD',
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "location" TEXT,
ADD COLUMN     "meeting_type" "MeetingType" NOT NULL DEFAULT 'VIDEO',
ADD COLUMN     "price_minor" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
-- Existing rows were booked by the student themselves; the column becomes required below.
ALTER TABLE "participants" ADD COLUMN     "booked_by_id" TEXT,
ADD COLUMN     "confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN     "currency" TEXT NOT NULL DEFAULT 'USD',
ADD COLUMN     "hold_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "price_minor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "payments" (
    "id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "payer_id" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "PaymentStatus" NOT NULL DEFAULT 'PENDING',
    "checkout_session_id" TEXT,
    "checkout_url" TEXT,
    "payment_intent_id" TEXT,
    "paid_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "RefundStatus" NOT NULL DEFAULT 'PENDING',
    "idempotency_key" TEXT NOT NULL,
    "stripe_refund_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "payments_checkout_session_id_key" ON "payments"("checkout_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_payment_intent_id_key" ON "payments"("payment_intent_id");

-- CreateIndex
CREATE INDEX "payments_participant_id_idx" ON "payments"("participant_id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_idempotency_key_key" ON "refunds"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_stripe_refund_id_key" ON "refunds"("stripe_refund_id");

-- CreateIndex
CREATE INDEX "refunds_payment_id_idx" ON "refunds"("payment_id");

-- CreateIndex
CREATE INDEX "refunds_status_next_attempt_at_idx" ON "refunds"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "participants_booked_by_id_idx" ON "participants"("booked_by_id");

-- CreateIndex
CREATE INDEX "participants_status_hold_expires_at_idx" ON "participants"("status", "hold_expires_at");

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_booked_by_id_fkey" FOREIGN KEY ("booked_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_payer_id_fkey" FOREIGN KEY ("payer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


UPDATE "participants" SET "booked_by_id" = "student_id" WHERE "booked_by_id" IS NULL;
ALTER TABLE "participants" ALTER COLUMN "booked_by_id" SET NOT NULL;

-- Rules the schema language cannot state.
ALTER TABLE "tutoring_sessions"
  ADD CONSTRAINT "tutoring_sessions_price_non_negative" CHECK ("price_minor" >= 0),
  ADD CONSTRAINT "tutoring_sessions_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "tutoring_sessions_location_in_person" CHECK ("meeting_type" <> 'IN_PERSON' OR length(btrim(coalesce("location", ''))) > 0);

ALTER TABLE "participants"
  ADD CONSTRAINT "participants_price_non_negative" CHECK ("price_minor" >= 0),
  ADD CONSTRAINT "participants_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');

ALTER TABLE "payments"
  ADD CONSTRAINT "payments_amount_positive" CHECK ("amount_minor" > 0),
  ADD CONSTRAINT "payments_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');

ALTER TABLE "refunds"
  ADD CONSTRAINT "refunds_amount_positive" CHECK ("amount_minor" > 0),
  ADD CONSTRAINT "refunds_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');

-- A dated slot has at most one live session: a group's students all join that one.
CREATE UNIQUE INDEX "tutoring_sessions_one_live_per_slot" ON "tutoring_sessions" ("slot_id")
  WHERE "slot_id" IS NOT NULL AND "status" <> 'CANCELLED';

-- A seat has at most one Checkout in flight, so a seat can never be paid for twice at once.
CREATE UNIQUE INDEX "payments_one_open_per_participant" ON "payments" ("participant_id")
  WHERE "status" IN ('PENDING', 'PROCESSING');
