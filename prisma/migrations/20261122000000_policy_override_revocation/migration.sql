-- AlterTable
ALTER TABLE "policy_overrides" ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "revoked_by_id" TEXT;

-- AddForeignKey
ALTER TABLE "policy_overrides" ADD CONSTRAINT "policy_overrides_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_overrides" ADD CONSTRAINT "policy_overrides_revoked_by_id_fkey" FOREIGN KEY ("revoked_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Revoked means both when and by whom, never one without the other (so a revoker is never set to null either).
ALTER TABLE "policy_overrides"
  ADD CONSTRAINT "policy_overrides_revoked_together" CHECK (("revoked_at" IS NULL) = ("revoked_by_id" IS NULL));
