-- Members whose receipts, returns, points or engagement changed are appended to member_feature_queue, once
-- per statement; the features.refresh_queued job recomputes them (db/queries/features/queue.ts). Every writer
-- (public API, CSV import, UI, scheduled jobs, the generator) is covered without calling anything.
CREATE FUNCTION member_feature_queue_append() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO member_feature_queue (member_id)
    SELECT DISTINCT member_id FROM new_rows WHERE member_id IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_feature_queue AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_feature_queue_append();
--> statement-breakpoint
CREATE TRIGGER points_entries_feature_queue AFTER INSERT ON points_entries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_feature_queue_append();
--> statement-breakpoint
CREATE TRIGGER engagement_events_feature_queue AFTER INSERT ON engagement_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_feature_queue_append();
--> statement-breakpoint
CREATE TRIGGER member_tier_history_feature_queue AFTER INSERT ON member_tier_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_feature_queue_append();
