-- CreateEnum
CREATE TYPE "ReassignmentStatus" AS ENUM ('PENDING_ACCEPTANCE', 'AWAITING_STUDENT_CHOICE', 'ACCEPTED');

-- AlterTable
ALTER TABLE "tutoring_sessions" ADD COLUMN     "cancelled_tutor_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "reassigned_at" TIMESTAMPTZ(3),
ADD COLUMN     "reassigned_from_id" TEXT,
ADD COLUMN     "reassignment_status" "ReassignmentStatus";

-- AddForeignKey
ALTER TABLE "tutoring_sessions" ADD CONSTRAINT "tutoring_sessions_reassigned_from_id_fkey" FOREIGN KEY ("reassigned_from_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The job that closes unanswered replacement offers reads only the sessions still waiting on a student.
CREATE INDEX "tutoring_sessions_replacement_waiting" ON "tutoring_sessions" ("starts_at")
  WHERE "status" = 'SCHEDULED' AND "reassignment_status" IN ('PENDING_ACCEPTANCE', 'AWAITING_STUDENT_CHOICE');
