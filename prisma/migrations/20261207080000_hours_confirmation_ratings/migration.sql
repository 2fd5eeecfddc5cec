-- CreateEnum
CREATE TYPE "HoursConfirmedVia" AS ENUM ('booker', 'staff', 'auto');

-- AlterTable
ALTER TABLE "tutor_profiles" ADD COLUMN     "rating_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rating_sum" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "completed_at" TIMESTAMPTZ(3),
ADD COLUMN     "confirmation_opened_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "hours_confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN     "hours_confirmed_by_id" TEXT,
ADD COLUMN     "hours_confirmed_via" "HoursConfirmedVia",
ADD COLUMN     "hours_reminder_sent_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "session_ratings" (
    "id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "tutor_id" TEXT NOT NULL,
    "rater_id" TEXT NOT NULL,
    "stars" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "session_ratings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "session_ratings_participant_id_key" ON "session_ratings"("participant_id");

-- CreateIndex
CREATE INDEX "session_ratings_tutor_id_created_at_idx" ON "session_ratings"("tutor_id", "created_at");

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_hours_confirmed_by_id_fkey" FOREIGN KEY ("hours_confirmed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_ratings" ADD CONSTRAINT "session_ratings_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_ratings" ADD CONSTRAINT "session_ratings_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_ratings" ADD CONSTRAINT "session_ratings_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "tutor_profiles"("user_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_ratings" ADD CONSTRAINT "session_ratings_rater_id_fkey" FOREIGN KEY ("rater_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- A rating is 1 to 5 stars with at most 1,000 characters of comment, whatever code writes it.
ALTER TABLE "session_ratings" ADD CONSTRAINT "session_ratings_stars_range" CHECK ("stars" BETWEEN 1 AND 5);
ALTER TABLE "session_ratings" ADD CONSTRAINT "session_ratings_comment_length" CHECK (char_length("comment") <= 1000);

-- A seat's hours are confirmed with the way they were, or not at all.
ALTER TABLE "participants" ADD CONSTRAINT "participants_hours_confirmed_together"
  CHECK (("hours_confirmed_at" IS NULL) = ("hours_confirmed_via" IS NULL));

-- The tutor's rating count and sum follow the rows exactly: the search and the tutor page read them
-- instead of aggregating the ratings on every request.
CREATE FUNCTION session_ratings_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE tutor_profiles SET rating_count = rating_count - 1, rating_sum = rating_sum - OLD.stars WHERE user_id = OLD.tutor_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE tutor_profiles SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.stars WHERE user_id = NEW.tutor_id;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER session_ratings_tally AFTER INSERT OR UPDATE OF stars, tutor_id OR DELETE ON "session_ratings"
  FOR EACH ROW EXECUTE FUNCTION session_ratings_tally();
