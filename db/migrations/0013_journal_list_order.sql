-- The journal list reads a page in this order (latest day first, then latest written): with the index in the same
-- order, a page of a long journal is read from the index and stops at the page, instead of sorting every entry.
-- It also serves date ranges, which the index it replaces was for.
DROP INDEX "journal_entries_client_idx";--> statement-breakpoint
CREATE INDEX "journal_entries_list_idx" ON "journal_entries" USING btree ("client_id","entry_date" DESC NULLS FIRST,"created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);