-- CreateTable
CREATE TABLE "availability_changes" (
    "id" BIGSERIAL NOT NULL,
    "tutor_id" TEXT NOT NULL,
    "xid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "availability_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "availability_changes_tutor_id_xid_idx" ON "availability_changes"("tutor_id", "xid");

-- CreateIndex
CREATE INDEX "availability_changes_created_at_idx" ON "availability_changes"("created_at");

-- Every change to what a tutor's bookable times are computed from (weekly hours, exceptions, dated
-- slots, sessions' tutor, time, status or slot, seats, pending proposals to move a session) writes a
-- row here in the same transaction. A reader that cached a tutor's schedule at snapshot S knows it is
-- stale as soon as it can see a row whose transaction S could not (docs/decisions/013). Kept in the
-- database, so no writer (the app, a job, a seed, raw SQL) can change a schedule unseen.
--
-- Insert-only and without a foreign key, so writers take no lock here and no lock order changes.
-- Statement-level triggers: a bulk insert or a job's update of many rows writes one row per tutor.
CREATE FUNCTION "record_availability_changes"(tutor_ids TEXT[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "availability_changes" ("tutor_id") SELECT DISTINCT t FROM unnest(tutor_ids) t WHERE t IS NOT NULL;
$$;

-- Weekly hours, exceptions and slots: any change to a row counts.
CREATE FUNCTION "tutor_rows_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "record_availability_changes"(ARRAY(SELECT "tutor_id" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "record_availability_changes"(ARRAY(SELECT "tutor_id" FROM old_rows));
  ELSE
    PERFORM "record_availability_changes"(ARRAY(SELECT "tutor_id" FROM new_rows UNION ALL SELECT "tutor_id" FROM old_rows));
  END IF;
  RETURN NULL;
END;
$$;

-- Sessions: new and removed ones, and updates of the tutor, the time, the status or the slot (both
-- tutors when a session moves). Notes, check-ins and confirmations change nothing here.
CREATE FUNCTION "tutoring_sessions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "record_availability_changes"(ARRAY(SELECT "tutor_id" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "record_availability_changes"(ARRAY(SELECT "tutor_id" FROM old_rows));
  ELSE
    PERFORM "record_availability_changes"(ARRAY(
      SELECT unnest(ARRAY[o."tutor_id", n."tutor_id"])
        FROM new_rows n JOIN old_rows o ON o."id" = n."id"
       WHERE (o."tutor_id", o."status", o."starts_at", o."ends_at", o."slot_id")
             IS DISTINCT FROM (n."tutor_id", n."status", n."starts_at", n."ends_at", n."slot_id")));
  END IF;
  RETURN NULL;
END;
$$;

-- Seats (a group slot shows how many are left) and pending proposals (their time is held) belong to
-- the session's tutor. Every update of either counts: seats change only their status and hold, and
-- proposals their status and proposed time.
CREATE FUNCTION "session_rows_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "record_availability_changes"(ARRAY(SELECT ts."tutor_id" FROM "tutoring_sessions" ts WHERE ts."id" IN (SELECT "session_id" FROM new_rows)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "record_availability_changes"(ARRAY(SELECT ts."tutor_id" FROM "tutoring_sessions" ts WHERE ts."id" IN (SELECT "session_id" FROM old_rows)));
  ELSE
    PERFORM "record_availability_changes"(ARRAY(
      SELECT ts."tutor_id" FROM "tutoring_sessions" ts
       WHERE ts."id" IN (SELECT "session_id" FROM new_rows UNION SELECT "session_id" FROM old_rows)));
  END IF;
  RETURN NULL;
END;
$$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE TRIGGER "weekly_availability_inserted" AFTER INSERT ON "weekly_availability" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();
CREATE TRIGGER "weekly_availability_updated" AFTER UPDATE ON "weekly_availability" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();
CREATE TRIGGER "weekly_availability_deleted" AFTER DELETE ON "weekly_availability" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();

CREATE TRIGGER "availability_exceptions_inserted" AFTER INSERT ON "availability_exceptions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();
CREATE TRIGGER "availability_exceptions_updated" AFTER UPDATE ON "availability_exceptions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();
CREATE TRIGGER "availability_exceptions_deleted" AFTER DELETE ON "availability_exceptions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();

CREATE TRIGGER "slots_inserted" AFTER INSERT ON "slots" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();
CREATE TRIGGER "slots_updated" AFTER UPDATE ON "slots" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();
CREATE TRIGGER "slots_deleted" AFTER DELETE ON "slots" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutor_rows_changed"();

CREATE TRIGGER "tutoring_sessions_inserted" AFTER INSERT ON "tutoring_sessions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutoring_sessions_changed"();
CREATE TRIGGER "tutoring_sessions_updated" AFTER UPDATE ON "tutoring_sessions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutoring_sessions_changed"();
CREATE TRIGGER "tutoring_sessions_deleted" AFTER DELETE ON "tutoring_sessions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "tutoring_sessions_changed"();

CREATE TRIGGER "participants_inserted" AFTER INSERT ON "participants" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_rows_changed"();
CREATE TRIGGER "participants_updated" AFTER UPDATE ON "participants" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_rows_changed"();
CREATE TRIGGER "participants_deleted" AFTER DELETE ON "participants" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_rows_changed"();

CREATE TRIGGER "reschedule_requests_inserted" AFTER INSERT ON "reschedule_requests" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_rows_changed"();
CREATE TRIGGER "reschedule_requests_updated" AFTER UPDATE ON "reschedule_requests" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_rows_changed"();
CREATE TRIGGER "reschedule_requests_deleted" AFTER DELETE ON "reschedule_requests" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_rows_changed"();
