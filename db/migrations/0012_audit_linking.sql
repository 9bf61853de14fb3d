-- Audit rows are appended unlinked (seq, prev_hash, hash null) and given their place in the hash chain later by the
-- linker. The trail stays append-only: the one change allowed is setting all three link fields, once, from null,
-- with every other column as it was. Comparing the rows as jsonb minus the link fields also covers columns added
-- later, so a new column is never left editable by accident. Correct hashes are the verifier's business.
CREATE OR REPLACE FUNCTION audit_events_refuse_change_except_link() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
    AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
    AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
    AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash'] = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash']
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Kept under its old name, which schema checks and maintenance scripts look for.
DROP TRIGGER audit_events_no_update_delete ON audit_events;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change_except_link();
