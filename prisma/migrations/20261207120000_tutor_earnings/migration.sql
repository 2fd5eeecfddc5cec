-- CreateEnum
CREATE TYPE "EarningKind" AS ENUM ('session_completed', 'dispute_resolved');

-- CreateTable
CREATE TABLE "tutor_earnings" (
    "id" TEXT NOT NULL,
    "tutor_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "kind" "EarningKind" NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "gross_minor" INTEGER NOT NULL,
    "fee_percent" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "earned_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tutor_earnings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tutor_earnings_tutor_id_earned_at_idx" ON "tutor_earnings"("tutor_id", "earned_at");

-- CreateIndex
CREATE INDEX "tutor_earnings_earned_at_idx" ON "tutor_earnings"("earned_at");

-- CreateIndex
CREATE UNIQUE INDEX "tutor_earnings_participant_id_kind_key" ON "tutor_earnings"("participant_id", "kind");

-- AddForeignKey
ALTER TABLE "tutor_earnings" ADD CONSTRAINT "tutor_earnings_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_earnings" ADD CONSTRAINT "tutor_earnings_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_earnings" ADD CONSTRAINT "tutor_earnings_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- An earning is never more than its seat's price, and the fee is a percentage.
ALTER TABLE "tutor_earnings" ADD CONSTRAINT "tutor_earnings_amounts" CHECK ("amount_minor" >= 0 AND "gross_minor" >= 0 AND "amount_minor" <= "gross_minor" AND "fee_percent" BETWEEN 0 AND 100);

-- The ledger is append-only: entries are never changed or removed by the app.
CREATE FUNCTION tutor_earnings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tutor_earnings is append-only' USING ERRCODE = '23514';
END $$;
CREATE TRIGGER tutor_earnings_append_only BEFORE UPDATE OR DELETE ON "tutor_earnings" FOR EACH ROW EXECUTE FUNCTION tutor_earnings_append_only();
