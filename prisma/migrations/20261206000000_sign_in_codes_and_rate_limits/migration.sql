-- Emailed sign-in codes kept in the database (single use, counted wrong tries) and the rate-limit
-- counters every app instance shares (docs/decisions/014-sign-in-abuse.md).

-- CreateTable
CREATE TABLE "sign_in_codes" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "user_id" TEXT,
    "code_hash" TEXT NOT NULL,
    "link_token_hash" TEXT NOT NULL,
    "browser_token_hash" TEXT NOT NULL,
    "redirect_to" TEXT,
    "wrong_attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "superseded_at" TIMESTAMPTZ(3),

    CONSTRAINT "sign_in_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" TIMESTAMPTZ(3),

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "sign_in_codes_link_token_hash_key" ON "sign_in_codes"("link_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "sign_in_codes_browser_token_hash_key" ON "sign_in_codes"("browser_token_hash");

-- CreateIndex
CREATE INDEX "sign_in_codes_email_created_at_idx" ON "sign_in_codes"("email", "created_at");

-- CreateIndex
CREATE INDEX "sign_in_codes_expires_at_idx" ON "sign_in_codes"("expires_at");

-- AddForeignKey
ALTER TABLE "sign_in_codes" ADD CONSTRAINT "sign_in_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The last line of defence for the 5-wrong-tries rule: the counter never passes it.
ALTER TABLE "sign_in_codes" ADD CONSTRAINT "sign_in_codes_wrong_attempts_check" CHECK ("wrong_attempts" BETWEEN 0 AND 5);
