-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "calendar_sequence" INTEGER NOT NULL DEFAULT 0;


-- Replacement emails used to send the current time in seconds as SEQUENCE: sessions that may have had
-- one start above any value sent, so their next update is never older than what calendars hold.
UPDATE "tutoring_sessions" SET "calendar_sequence" = floor(extract(epoch FROM now()))::int WHERE "reassignment_status" IS NOT NULL;

ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_calendar_sequence" CHECK ("calendar_sequence" >= 0);

-- It only grows: a calendar ignores an update whose SEQUENCE is lower than the copy it holds.
CREATE FUNCTION "tutoring_sessions_sequence_grows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."calendar_sequence" < OLD."calendar_sequence" THEN
    RAISE EXCEPTION 'calendar_sequence of session % cannot go down (% to %)', NEW."id", OLD."calendar_sequence", NEW."calendar_sequence";
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "tutoring_sessions_sequence_grows" BEFORE UPDATE OF "calendar_sequence" ON "tutoring_sessions"
  FOR EACH ROW EXECUTE FUNCTION "tutoring_sessions_sequence_grows"();
