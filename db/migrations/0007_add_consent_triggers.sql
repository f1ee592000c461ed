-- member_consents holds the latest decision per member and purpose, kept by a statement-level trigger with a
-- transition table (one upsert per INSERT or COPY, so seeding a million members costs one statement). A
-- decision that is older than the one on file (a late import) goes into the history but does not win.
CREATE FUNCTION member_consents_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO member_consents AS c (member_id, purpose, status, lawful_basis, source, occurred_at, event_id, updated_at)
  SELECT DISTINCT ON (n.member_id, n.purpose) n.member_id, n.purpose, n.status, n.lawful_basis, n.source, n.occurred_at, n.id, now()
  FROM new_rows n
  ORDER BY n.member_id, n.purpose, n.occurred_at DESC, n.id DESC
  ON CONFLICT (member_id, purpose) DO UPDATE
    SET status = excluded.status, lawful_basis = excluded.lawful_basis, source = excluded.source,
        occurred_at = excluded.occurred_at, event_id = excluded.event_id, updated_at = now()
    WHERE (excluded.occurred_at, excluded.event_id) >= (c.occurred_at, c.event_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER consent_events_current AFTER INSERT ON consent_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_consents_on_insert();
--> statement-breakpoint
-- The consent history is evidence: it is never edited or removed, only appended to.
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;
--> statement-breakpoint
CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER consent_events_no_truncate BEFORE TRUNCATE ON consent_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
-- The one settings row exists from the start, so readers never have to invent defaults.
INSERT INTO privacy_settings (id) VALUES (1) ON CONFLICT DO NOTHING;
