-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "notes_summarizer" TEXT,
ADD COLUMN     "notes_summary" JSONB,
ADD COLUMN     "tutor_notes" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tutor_notes_updated_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "completion_notes" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "completion_notes_updated_at" TIMESTAMPTZ(3);


-- Written by hand (Prisma's schema cannot say it): the notes' length limits hold in the database too,
-- whatever the application does (issue 15: tutor notes at most 2,000 characters, completion notes 1,000).
ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_tutor_notes_length" CHECK (char_length("tutor_notes") <= 2000);
ALTER TABLE "participants" ADD CONSTRAINT "participants_completion_notes_length" CHECK (char_length("completion_notes") <= 1000);
