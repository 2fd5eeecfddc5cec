-- The staff session page (issue 16): admin notes, mismatch flags, and which session an email is about.

-- CreateEnum
CREATE TYPE "MismatchKind" AS ENUM ('wrong_tutor', 'wrong_student', 'other');

-- AlterTable
ALTER TABLE "email_messages" ADD COLUMN     "session_id" TEXT;

-- CreateTable
CREATE TABLE "session_admin_notes" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_admin_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session_mismatch_flags" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "kind" "MismatchKind" NOT NULL,
    "note" TEXT NOT NULL,
    "flagged_by_id" TEXT NOT NULL,
    "flagged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" TEXT,
    "resolution" TEXT,

    CONSTRAINT "session_mismatch_flags_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "session_admin_notes_session_id_created_at_idx" ON "session_admin_notes"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "session_mismatch_flags_session_id_flagged_at_idx" ON "session_mismatch_flags"("session_id", "flagged_at");

-- CreateIndex
CREATE INDEX "email_messages_session_id_created_at_idx" ON "email_messages"("session_id", "created_at");

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_admin_notes" ADD CONSTRAINT "session_admin_notes_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_admin_notes" ADD CONSTRAINT "session_admin_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_mismatch_flags" ADD CONSTRAINT "session_mismatch_flags_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_mismatch_flags" ADD CONSTRAINT "session_mismatch_flags_flagged_by_id_fkey" FOREIGN KEY ("flagged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_mismatch_flags" ADD CONSTRAINT "session_mismatch_flags_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Written by hand: what Prisma's schema cannot say.

-- Lengths as the forms check them (app/domain/staff/forms.ts), counted in code points like char_length.
ALTER TABLE "session_admin_notes" ADD CONSTRAINT "session_admin_notes_body_length" CHECK (char_length("body") BETWEEN 1 AND 2000);
ALTER TABLE "session_mismatch_flags" ADD CONSTRAINT "session_mismatch_flags_note_length" CHECK (char_length("note") BETWEEN 10 AND 2000);
ALTER TABLE "session_mismatch_flags" ADD CONSTRAINT "session_mismatch_flags_resolution_length" CHECK ("resolution" IS NULL OR char_length("resolution") BETWEEN 10 AND 2000);
-- Resolved means all three: when, by whom, and the note; open means none of them.
ALTER TABLE "session_mismatch_flags" ADD CONSTRAINT "session_mismatch_flags_resolved_together" CHECK (
  ("resolved_at" IS NULL AND "resolved_by_id" IS NULL AND "resolution" IS NULL)
  OR ("resolved_at" IS NOT NULL AND "resolved_by_id" IS NOT NULL AND "resolution" IS NOT NULL));

-- At most one open mismatch flag per session, whatever the code path; it also serves the
-- "open mismatch flag" lookups (OPEN_MISMATCH_SQL in app/services/mismatch-flags.server.ts).
CREATE UNIQUE INDEX "session_mismatch_flags_one_open" ON "session_mismatch_flags" ("session_id") WHERE "resolved_at" IS NULL;

-- Admin notes are append-only: an edit is refused (a session's deletion still cascades).
CREATE FUNCTION "session_admin_notes_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'session_admin_notes is append-only (UPDATE refused)' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER "session_admin_notes_append_only"
  BEFORE UPDATE ON "session_admin_notes"
  FOR EACH ROW EXECUTE FUNCTION "session_admin_notes_refuse_update"();
