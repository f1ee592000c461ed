-- sales_daily is kept current by statement-level triggers with transition tables: one aggregate per
-- INSERT/COPY statement (a 10M-row COPY costs one GROUP BY, not 10M row triggers). Days are program-local
-- (program_settings.timezone). Rows are ordered before the upsert so concurrent writers lock in one order.
CREATE FUNCTION sales_daily_tz() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT timezone FROM program_settings WHERE id = 1), 'UTC')
$$;
--> statement-breakpoint
CREATE FUNCTION sales_daily_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := sales_daily_tz();
BEGIN
  INSERT INTO sales_daily AS s (day, store_id, channel, currency, transactions, returns, sales_minor, returns_minor, updated_at)
  SELECT (n.occurred_at AT TIME ZONE tz)::date, n.store_id, n.channel, n.currency,
         count(*) FILTER (WHERE n.kind = 'sale'), count(*) FILTER (WHERE n.kind = 'return'),
         coalesce(sum(n.total_minor) FILTER (WHERE n.kind = 'sale'), 0), coalesce(sum(n.total_minor) FILTER (WHERE n.kind = 'return'), 0), now()
  FROM new_rows n
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (day, store_id, channel, currency) DO UPDATE
    SET transactions = s.transactions + excluded.transactions,
        returns = s.returns + excluded.returns,
        sales_minor = s.sales_minor + excluded.sales_minor,
        returns_minor = s.returns_minor + excluded.returns_minor,
        updated_at = now();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION sales_daily_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := sales_daily_tz();
BEGIN
  UPDATE sales_daily s
     SET transactions = s.transactions - o.transactions,
         returns = s.returns - o.returns,
         sales_minor = s.sales_minor - o.sales_minor,
         returns_minor = s.returns_minor - o.returns_minor,
         updated_at = now()
    FROM (SELECT (r.occurred_at AT TIME ZONE tz)::date AS day, r.store_id, r.channel, r.currency,
                 count(*) FILTER (WHERE r.kind = 'sale') AS transactions,
                 count(*) FILTER (WHERE r.kind = 'return') AS returns,
                 coalesce(sum(r.total_minor) FILTER (WHERE r.kind = 'sale'), 0) AS sales_minor,
                 coalesce(sum(r.total_minor) FILTER (WHERE r.kind = 'return'), 0) AS returns_minor
            FROM old_rows r GROUP BY 1, 2, 3, 4) o
   WHERE s.day = o.day AND s.store_id = o.store_id AND s.channel = o.channel AND s.currency = o.currency;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_sales_daily_insert AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sales_daily_on_insert();
--> statement-breakpoint
CREATE TRIGGER transactions_sales_daily_delete AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sales_daily_on_delete();
--> statement-breakpoint
-- A receipt's amounts, time, store and channel are facts: corrections are returns, never edits.
CREATE FUNCTION transactions_facts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.occurred_at, NEW.store_id, NEW.channel, NEW.currency, NEW.kind, NEW.total_minor)
     IS DISTINCT FROM (OLD.occurred_at, OLD.store_id, OLD.channel, OLD.currency, OLD.kind, OLD.total_minor) THEN
    RAISE EXCEPTION 'transactions are immutable: book a return instead' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_facts_immutable BEFORE UPDATE ON transactions
  FOR EACH ROW EXECUTE FUNCTION transactions_facts_immutable();
--> statement-breakpoint
-- Rebuilds the rollup from scratch (after a change of program time zone).
CREATE FUNCTION rebuild_sales_daily() RETURNS void LANGUAGE plpgsql AS $$
DECLARE tz text := sales_daily_tz();
BEGIN
  DELETE FROM sales_daily;
  INSERT INTO sales_daily (day, store_id, channel, currency, transactions, returns, sales_minor, returns_minor)
  SELECT (t.occurred_at AT TIME ZONE tz)::date, t.store_id, t.channel, t.currency,
         count(*) FILTER (WHERE t.kind = 'sale'), count(*) FILTER (WHERE t.kind = 'return'),
         coalesce(sum(t.total_minor) FILTER (WHERE t.kind = 'sale'), 0), coalesce(sum(t.total_minor) FILTER (WHERE t.kind = 'return'), 0)
  FROM transactions t GROUP BY 1, 2, 3, 4;
END $$;
--> statement-breakpoint
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '55000';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
