-- CreateTable
CREATE TABLE "analytics_changes" (
    "id" BIGSERIAL NOT NULL,
    "xid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "analytics_changes_xid_idx" ON "analytics_changes"("xid");

-- CreateIndex
CREATE INDEX "analytics_changes_created_at_idx" ON "analytics_changes"("created_at");


-- Every statement that changes what the admin dashboard counts writes one row here, in the writer's
-- transaction: sessions (their status, time, tutor, kind, price or cancellation), seats, payments,
-- refunds, ratings, disputes and reschedule requests. A reader that cached the dashboard at snapshot S
-- knows it is stale as soon as it can see a row whose transaction S could not (docs/decisions/033,
-- the same rule as availability_changes in decision 013). Insert-only, no foreign key: writers take
-- no lock here, and the lock order does not change.
CREATE FUNCTION "analytics_rows_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One branch per operation: a transition table exists only for the operations that have it.
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM new_rows) THEN INSERT INTO "analytics_changes" DEFAULT VALUES; END IF;
  ELSIF EXISTS (SELECT 1 FROM old_rows) THEN
    INSERT INTO "analytics_changes" DEFAULT VALUES;
  END IF;
  RETURN NULL;
END;
$$;

-- Sessions change often in ways the dashboard does not count (check-ins, notes, meeting links): only
-- the columns it reads make a row.
CREATE FUNCTION "analytics_sessions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM new_rows) THEN INSERT INTO "analytics_changes" DEFAULT VALUES; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM old_rows) THEN INSERT INTO "analytics_changes" DEFAULT VALUES; END IF;
  ELSIF EXISTS (
    SELECT 1 FROM new_rows n JOIN old_rows o ON o."id" = n."id"
     WHERE (o."status", o."starts_at", o."ends_at", o."tutor_id", o."kind", o."price_minor", o."currency", o."cancel_cause", o."cancelled_at")
           IS DISTINCT FROM (n."status", n."starts_at", n."ends_at", n."tutor_id", n."kind", n."price_minor", n."currency", n."cancel_cause", n."cancelled_at")) THEN
    INSERT INTO "analytics_changes" DEFAULT VALUES;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "analytics_sessions_inserted" AFTER INSERT ON "tutoring_sessions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_sessions_changed"();
CREATE TRIGGER "analytics_sessions_updated" AFTER UPDATE ON "tutoring_sessions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_sessions_changed"();
CREATE TRIGGER "analytics_sessions_deleted" AFTER DELETE ON "tutoring_sessions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_sessions_changed"();

DO $$
DECLARE
  name TEXT;
BEGIN
  FOREACH name IN ARRAY ARRAY['participants', 'payments', 'refunds', 'session_ratings', 'session_disputes', 'reschedule_requests'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_rows_changed"()', 'analytics_' || name || '_inserted', name);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_rows_changed"()', 'analytics_' || name || '_updated', name);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_rows_changed"()', 'analytics_' || name || '_deleted', name);
  END LOOP;
END;
$$;
