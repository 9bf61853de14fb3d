ALTER TABLE "audit_events" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_chain_id_idx" ON "audit_events" USING btree ("chain","id");--> statement-breakpoint
CREATE INDEX "audit_events_unlinked_idx" ON "audit_events" USING btree ("chain","id") WHERE "audit_events"."seq" is null;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_link_whole" CHECK (("audit_events"."seq" is null) = ("audit_events"."prev_hash" is null) and ("audit_events"."seq" is null) = ("audit_events"."hash" is null));