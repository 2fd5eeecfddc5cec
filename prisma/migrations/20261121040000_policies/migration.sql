-- CreateTable
CREATE TABLE "policies" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_by_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "policies_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "policy_overrides" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "policy_overrides_session_id_kind_expires_at_idx" ON "policy_overrides"("session_id", "kind", "expires_at");

-- AddForeignKey
ALTER TABLE "policy_overrides" ADD CONSTRAINT "policy_overrides_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "tutoring_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


ALTER TABLE "policy_overrides"
  ADD CONSTRAINT "policy_overrides_reason_length" CHECK (length(btrim("reason")) BETWEEN 10 AND 500);
