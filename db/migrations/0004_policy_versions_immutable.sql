-- A published policy version, and a client's acknowledgement of it, are records: never rewritten.
CREATE OR REPLACE FUNCTION refuse_record_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER policy_versions_immutable
  BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER policy_acknowledgements_immutable
  BEFORE UPDATE OR DELETE ON policy_acknowledgements
  FOR EACH ROW EXECUTE FUNCTION refuse_record_change();
