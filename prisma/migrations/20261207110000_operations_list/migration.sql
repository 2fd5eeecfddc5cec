-- The coordinators' operations list (issue 16): sorting by creation, and by status with a total
-- order (status, start, id) that keyset batches of the CSV export can follow (the new status index
-- serves every query the old (status, starts_at) one did), and the few sessions that had a replacement tutor.
-- DropIndex
DROP INDEX "tutoring_sessions_status_starts_at_idx";

-- CreateIndex
CREATE INDEX "tutoring_sessions_status_starts_at_id_idx" ON "tutoring_sessions"("status", "starts_at", "id");

-- CreateIndex
CREATE INDEX "tutoring_sessions_created_at_id_idx" ON "tutoring_sessions"("created_at", "id");

-- CreateIndex
CREATE INDEX "tutoring_sessions_reassigned_from_id_idx" ON "tutoring_sessions"("reassigned_from_id");

