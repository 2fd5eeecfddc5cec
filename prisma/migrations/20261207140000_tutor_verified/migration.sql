-- The `verified` column existed since the availability migration but nothing read or wrote it, so every
-- tutor holds its old default (false). It now means "may be offered another tutor's session" and an
-- admin turns it off: every tutor who teaches today keeps being offered, and new tutors start verified.
ALTER TABLE "tutor_profiles" ALTER COLUMN "verified" SET DEFAULT true;
UPDATE "tutor_profiles" SET "verified" = true;
