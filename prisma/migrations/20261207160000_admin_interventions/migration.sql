-- Admin interventions (decision 030): earnings for a learner's no-show, and the entry that takes one
-- back when the no-show is cleared.

-- AlterEnum
ALTER TYPE "EarningKind" ADD VALUE 'no_show';
ALTER TYPE "EarningKind" ADD VALUE 'no_show_cleared';

-- A clearing entry is the only negative one: it takes back at most the seat's price. (The kind is
-- compared as text: the values added above cannot be used as enum literals in this same transaction.)
ALTER TABLE "tutor_earnings" DROP CONSTRAINT "tutor_earnings_amounts";
ALTER TABLE "tutor_earnings" ADD CONSTRAINT "tutor_earnings_amounts" CHECK (
  "gross_minor" >= 0 AND "fee_percent" BETWEEN 0 AND 100 AND
  CASE WHEN "kind"::text = 'no_show_cleared'
       THEN "amount_minor" < 0 AND -"amount_minor" <= "gross_minor"
       ELSE "amount_minor" >= 0 AND "amount_minor" <= "gross_minor" END
);

-- A clearing entry takes back exactly the seat's no-show entry, which must exist.
CREATE FUNCTION tutor_earnings_clears_a_no_show() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind::text = 'no_show_cleared' AND NOT EXISTS (
    SELECT 1 FROM tutor_earnings e
     WHERE e.participant_id = NEW.participant_id AND e.kind::text = 'no_show' AND e.amount_minor = -NEW.amount_minor
  ) THEN
    RAISE EXCEPTION 'a no_show_cleared entry must take back the seat''s no_show entry' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tutor_earnings_clears_a_no_show BEFORE INSERT ON "tutor_earnings" FOR EACH ROW EXECUTE FUNCTION tutor_earnings_clears_a_no_show();
