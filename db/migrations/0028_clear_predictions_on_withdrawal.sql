-- A member who withdraws personalization (profiling) consent keeps no prediction from that moment: their
-- member_predictions row goes as their current consent turns to withdrawn, whoever records it (the UI, the
-- API, erasure, an import), instead of at the next score run. Score runs then neither score nor write them.
CREATE FUNCTION member_predictions_on_withdrawal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM member_predictions WHERE member_id = NEW.member_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER member_consents_clear_predictions AFTER INSERT OR UPDATE OF status ON member_consents
  FOR EACH ROW WHEN (NEW.purpose = 'personalization' AND NEW.status = 'withdrawn')
  EXECUTE FUNCTION member_predictions_on_withdrawal();
