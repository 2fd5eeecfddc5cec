-- The staff list of every session pages by start in both directions (staff-sessions.server.ts).
-- CreateIndex
CREATE INDEX "tutoring_sessions_starts_at_id_idx" ON "tutoring_sessions"("starts_at", "id");

