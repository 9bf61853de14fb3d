-- Sign-in records no longer hold the email typed, only a keyed hash (lib/auth/queries.ts), which
-- SQL cannot compute. The old rows go: they only ever counted within a 15-minute window. So do
-- account lockouts keyed by email, which the new keys would never match anyway.
DELETE FROM "login_attempts";--> statement-breakpoint
DELETE FROM "auth_lockouts" WHERE "scope" = 'account';--> statement-breakpoint
DROP INDEX "login_attempts_email_idx";--> statement-breakpoint
ALTER TABLE "login_attempts" DROP COLUMN "email";--> statement-breakpoint
ALTER TABLE "login_attempts" ADD COLUMN "account_key" text NOT NULL;--> statement-breakpoint
CREATE INDEX "login_attempts_account_idx" ON "login_attempts" USING btree ("account_key","created_at");--> statement-breakpoint
CREATE INDEX "login_attempts_created_idx" ON "login_attempts" USING btree ("created_at");--> statement-breakpoint
-- Sessions are looked up by the SHA-256 of their id from now on; open sessions keep working.
UPDATE "sessions" SET "id" = encode(sha256(convert_to("id", 'UTF8')), 'hex');
