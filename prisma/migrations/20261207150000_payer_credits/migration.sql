-- CreateEnum
CREATE TYPE "CreditKind" AS ENUM ('granted', 'returned', 'applied', 'released');

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "credit_minor" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "credit_entries" (
    "id" TEXT NOT NULL,
    "payer_id" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "kind" "CreditKind" NOT NULL,
    "participant_id" TEXT,
    "session_id" TEXT,
    "payment_id" TEXT,
    "reason" TEXT NOT NULL,
    "created_by_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "credit_entries_idempotency_key_key" ON "credit_entries"("idempotency_key");

-- CreateIndex
CREATE INDEX "credit_entries_payer_id_currency_created_at_idx" ON "credit_entries"("payer_id", "currency", "created_at");

-- CreateIndex
CREATE INDEX "credit_entries_payment_id_idx" ON "credit_entries"("payment_id");

-- AddForeignKey
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_payer_id_fkey" FOREIGN KEY ("payer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Decision 029. A payment may now be covered partly or wholly by credit: the card's part may be 0, never
-- both parts, and a payment the card does not pay never has a Checkout or a payment intent.
ALTER TABLE "payments" DROP CONSTRAINT "payments_amount_positive";
ALTER TABLE "payments"
  ADD CONSTRAINT "payments_amounts" CHECK ("amount_minor" >= 0 AND "credit_minor" >= 0 AND "amount_minor" + "credit_minor" > 0),
  ADD CONSTRAINT "payments_credit_only_without_stripe" CHECK ("amount_minor" > 0 OR ("checkout_session_id" IS NULL AND "payment_intent_id" IS NULL));

-- Entries are signed and never zero; spending is negative, giving back positive; an admin's grant either.
ALTER TABLE "credit_entries"
  ADD CONSTRAINT "credit_entries_amount_nonzero" CHECK ("amount_minor" <> 0),
  ADD CONSTRAINT "credit_entries_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "credit_entries_sign_by_kind" CHECK (
    ("kind" = 'applied' AND "amount_minor" < 0) OR ("kind" IN ('returned', 'released') AND "amount_minor" > 0) OR "kind" = 'granted'),
  ADD CONSTRAINT "credit_entries_reason" CHECK (length(btrim("reason")) BETWEEN 1 AND 1000);

-- The ledger is append-only: entries are never changed or removed by the app.
CREATE FUNCTION credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_entries is append-only' USING ERRCODE = '23514';
END $$;
CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON "credit_entries" FOR EACH ROW EXECUTE FUNCTION credit_entries_append_only();

-- The last line behind the service's check: a spending entry takes the payer's row lock (the same lock
-- the service takes, so concurrent spends queue) and is refused when the balance would go below zero.
CREATE FUNCTION credit_entries_never_negative() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  balance bigint;
BEGIN
  IF NEW.amount_minor < 0 THEN
    PERFORM 1 FROM users WHERE id = NEW.payer_id FOR NO KEY UPDATE;
    SELECT COALESCE(sum(amount_minor), 0) INTO balance FROM credit_entries WHERE payer_id = NEW.payer_id AND currency = NEW.currency;
    IF balance + NEW.amount_minor < 0 THEN
      RAISE EXCEPTION 'credit balance of % in % would go below zero', NEW.payer_id, NEW.currency USING ERRCODE = '23514', CONSTRAINT = 'credit_entries_never_negative';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER credit_entries_never_negative BEFORE INSERT ON "credit_entries" FOR EACH ROW EXECUTE FUNCTION credit_entries_never_negative();
