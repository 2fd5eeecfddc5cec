-- AlterTable
ALTER TABLE "tutor_profiles" ADD COLUMN     "display_name" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "tutor_profiles_active_display_name_user_id_idx" ON "tutor_profiles"("active", "display_name", "user_id");

-- The tutor search lists active tutors by name, 20 at a time. With the name copied onto the profile
-- and indexed with `active`, it walks the index in name order and stops after the page, instead of
-- joining and sorting every match. The copy is kept here, in the database, so no code path (the app,
-- seeds, raw SQL) can leave it stale.
UPDATE "tutor_profiles" tp SET "display_name" = u."name" FROM "users" u WHERE u."id" = tp."user_id";

-- A new profile, or one moved to another user, takes its user's name, whatever the writer sent.
CREATE FUNCTION "tutor_profiles_copy_name"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT u."name" INTO NEW."display_name" FROM "users" u WHERE u."id" = NEW."user_id";
  RETURN NEW;
END;
$$;
CREATE TRIGGER "tutor_profiles_copy_name"
  BEFORE INSERT OR UPDATE OF "user_id", "display_name" ON "tutor_profiles"
  FOR EACH ROW EXECUTE FUNCTION "tutor_profiles_copy_name"();

-- Renaming a user renames their profile's copy.
CREATE FUNCTION "users_rename_tutor_profile"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tutor_profiles" SET "display_name" = NEW."name" WHERE "user_id" = NEW."id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "users_rename_tutor_profile"
  AFTER UPDATE OF "name" ON "users"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "users_rename_tutor_profile"();

-- How many tutors a subject search matches: without statistics on this expression the planner
-- assumes almost none, sorts every match instead of walking the name index, and reads them all.
CREATE STATISTICS "tutor_profiles_subjects_text" ON (array_to_string("subjects", chr(31))) FROM "tutor_profiles";
