-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "session_active" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "session_ends_at" TIMESTAMPTZ(3),
ADD COLUMN     "session_starts_at" TIMESTAMPTZ(3);

-- ---------------------------------------------------------------------------------------------
-- No learner sits in two overlapping active sessions (docs/decisions/016), held by the database as
-- tutors' overlaps already are (tutoring_sessions_no_overlap), whatever path writes the rows.
--
-- An exclusion constraint sees one row, so each seat carries a copy of its session's time and of
-- whether the session's status occupies time. Only these triggers write the copies: a seat copies its
-- session when it is created or moved to another session (any value the app writes is overwritten), and
-- a session passes its time and status on to its seats whenever they change. The active statuses are
-- ACTIVE_SESSION_STATUSES in app/domain/sessions/status.ts, the same list as the tutor constraint.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION "participants_copy_session"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT s."starts_at", s."ends_at", s."status" IN ('PENDING_PAYMENT', 'SCHEDULED', 'IN_PROGRESS')
    INTO NEW."session_starts_at", NEW."session_ends_at", NEW."session_active"
    FROM "tutoring_sessions" s WHERE s."id" = NEW."session_id";
  RETURN NEW;
END;
$$;

CREATE TRIGGER "participants_copy_session"
  BEFORE INSERT OR UPDATE OF "session_id", "session_starts_at", "session_ends_at", "session_active" ON "participants"
  FOR EACH ROW EXECUTE FUNCTION "participants_copy_session"();

CREATE FUNCTION "tutoring_sessions_to_seats"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "participants"
     SET "session_starts_at" = NEW."starts_at", "session_ends_at" = NEW."ends_at",
         "session_active" = NEW."status" IN ('PENDING_PAYMENT', 'SCHEDULED', 'IN_PROGRESS')
   WHERE "session_id" = NEW."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "tutoring_sessions_to_seats"
  AFTER UPDATE OF "starts_at", "ends_at", "status" ON "tutoring_sessions"
  FOR EACH ROW WHEN ((OLD."starts_at", OLD."ends_at", OLD."status") IS DISTINCT FROM (NEW."starts_at", NEW."ends_at", NEW."status"))
  EXECUTE FUNCTION "tutoring_sessions_to_seats"();

-- Existing seats get their copies (the BEFORE trigger reads them from the session).
UPDATE "participants" SET "session_active" = false;

-- Seats held or confirmed in a session that occupies time: one learner, no two overlapping.
ALTER TABLE "participants"
  ADD CONSTRAINT "participants_learner_no_overlap" EXCLUDE USING gist ("student_id" WITH =, tstzrange("session_starts_at", "session_ends_at") WITH &&)
    WHERE ("status" IN ('HELD', 'CONFIRMED') AND "session_active");
