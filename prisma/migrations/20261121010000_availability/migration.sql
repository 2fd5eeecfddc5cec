-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('ONE_TO_ONE', 'GROUP');

-- CreateEnum
CREATE TYPE "ExceptionKind" AS ENUM ('BLOCKED', 'HOURS');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('PENDING_PAYMENT', 'SCHEDULED', 'IN_PROGRESS', 'AWAITING_CONFIRMATION', 'COMPLETED', 'DISPUTED', 'CANCELLED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "ParticipantStatus" AS ENUM ('HELD', 'CONFIRMED', 'CANCELLED');

-- CreateTable
CREATE TABLE "tutor_profiles" (
    "user_id" TEXT NOT NULL,
    "headline" TEXT NOT NULL DEFAULT '',
    "bio" TEXT NOT NULL DEFAULT '',
    "subjects" TEXT[],
    "grade_levels" TEXT[],
    "hourly_rate_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "durations" INTEGER[],
    "buffer_minutes" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tutor_profiles_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "weekly_availability" (
    "id" TEXT NOT NULL,
    "tutor_id" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "start_minute" INTEGER NOT NULL,
    "end_minute" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL,

    CONSTRAINT "weekly_availability_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "availability_exceptions" (
    "id" TEXT NOT NULL,
    "tutor_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "kind" "ExceptionKind" NOT NULL,
    "start_minute" INTEGER,
    "end_minute" INTEGER,
    "timezone" TEXT NOT NULL,

    CONSTRAINT "availability_exceptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slots" (
    "id" TEXT NOT NULL,
    "tutor_id" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "capacity" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tutoring_sessions" (
    "id" TEXT NOT NULL,
    "tutor_id" TEXT NOT NULL,
    "slot_id" TEXT,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "capacity" INTEGER NOT NULL DEFAULT 1,
    "status" "SessionStatus" NOT NULL DEFAULT 'PENDING_PAYMENT',
    "title" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tutoring_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participants" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "student_id" TEXT NOT NULL,
    "status" "ParticipantStatus" NOT NULL DEFAULT 'HELD',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tutor_profiles_active_hourly_rate_minor_idx" ON "tutor_profiles"("active", "hourly_rate_minor");

-- CreateIndex
CREATE INDEX "weekly_availability_tutor_id_weekday_idx" ON "weekly_availability"("tutor_id", "weekday");

-- CreateIndex
CREATE INDEX "availability_exceptions_tutor_id_date_idx" ON "availability_exceptions"("tutor_id", "date");

-- CreateIndex
CREATE INDEX "slots_tutor_id_starts_at_idx" ON "slots"("tutor_id", "starts_at");

-- CreateIndex
CREATE INDEX "slots_starts_at_idx" ON "slots"("starts_at");

-- CreateIndex
CREATE INDEX "tutoring_sessions_tutor_id_starts_at_idx" ON "tutoring_sessions"("tutor_id", "starts_at");

-- CreateIndex
CREATE INDEX "tutoring_sessions_slot_id_idx" ON "tutoring_sessions"("slot_id");

-- CreateIndex
CREATE INDEX "tutoring_sessions_status_starts_at_idx" ON "tutoring_sessions"("status", "starts_at");

-- CreateIndex
CREATE INDEX "participants_student_id_idx" ON "participants"("student_id");

-- CreateIndex
CREATE UNIQUE INDEX "participants_session_id_student_id_key" ON "participants"("session_id", "student_id");

-- AddForeignKey
ALTER TABLE "tutor_profiles" ADD CONSTRAINT "tutor_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "weekly_availability" ADD CONSTRAINT "weekly_availability_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "tutor_profiles"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "availability_exceptions" ADD CONSTRAINT "availability_exceptions_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "tutor_profiles"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slots" ADD CONSTRAINT "slots_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "tutor_profiles"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "tutor_profiles"("user_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "slots"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------
-- Rules the schema language cannot express.
-- ---------------------------------------------------------------------------------------------

-- Exclusion constraints on (tutor, time range) need equality on text inside a GiST index.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "tutor_profiles"
  ADD CONSTRAINT "tutor_profiles_rate_non_negative" CHECK ("hourly_rate_minor" >= 0 AND "hourly_rate_minor" <= 10000000),
  ADD CONSTRAINT "tutor_profiles_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "tutor_profiles_buffer_range" CHECK ("buffer_minutes" BETWEEN 0 AND 240),
  ADD CONSTRAINT "tutor_profiles_offers_durations" CHECK (cardinality("durations") BETWEEN 1 AND 8);

ALTER TABLE "weekly_availability"
  ADD CONSTRAINT "weekly_availability_weekday" CHECK ("weekday" BETWEEN 1 AND 7),
  ADD CONSTRAINT "weekly_availability_minutes" CHECK ("start_minute" >= 0 AND "end_minute" <= 1440 AND "end_minute" > "start_minute");

-- A day off has no hours; other hours have both ends, in order.
ALTER TABLE "availability_exceptions"
  ADD CONSTRAINT "availability_exceptions_shape" CHECK (
    ("kind" = 'BLOCKED' AND "start_minute" IS NULL AND "end_minute" IS NULL)
    OR ("kind" = 'HOURS' AND "start_minute" >= 0 AND "end_minute" <= 1440 AND "end_minute" > "start_minute"));

-- A 1:1 slot seats one; a group seats 2 to 20.
-- Tutor search lists tutors by name.
CREATE INDEX "users_name_id_idx" ON "users"("name", "id");

-- Slots and sessions last at most a day, which lets availability queries bound their index ranges.
ALTER TABLE "slots"
  ADD CONSTRAINT "slots_time_order" CHECK ("ends_at" > "starts_at" AND "ends_at" <= "starts_at" + interval '24 hours'),
  ADD CONSTRAINT "slots_capacity" CHECK (("kind" = 'ONE_TO_ONE' AND "capacity" = 1) OR ("kind" = 'GROUP' AND "capacity" BETWEEN 2 AND 20)),
  -- No two slots of one tutor overlap, however many requests race to create them.
  ADD CONSTRAINT "slots_no_overlap" EXCLUDE USING gist ("tutor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&);

ALTER TABLE "tutoring_sessions"
  ADD CONSTRAINT "tutoring_sessions_time_order" CHECK ("ends_at" > "starts_at" AND "ends_at" <= "starts_at" + interval '24 hours'),
  ADD CONSTRAINT "tutoring_sessions_capacity" CHECK ("capacity" BETWEEN 1 AND 20),
  -- No two active sessions of one tutor overlap (DESIGN §8); cancelled and finished ones may.
  ADD CONSTRAINT "tutoring_sessions_no_overlap" EXCLUDE USING gist ("tutor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
    WHERE ("status" IN ('PENDING_PAYMENT', 'SCHEDULED', 'IN_PROGRESS'));
