-- member_hot_features (migration 0030) is a copy of some member_features columns for segment counts. Statement
-- triggers keep it in the same transaction as every write to member_features: inserted rows are copied,
-- updated rows are copied when one of these columns changed (a refresh often changes none of them), deleted
-- rows are removed. The column list is lib/segments/hot-columns.ts's HOT_COLUMNS (a test compares them).
CREATE FUNCTION member_hot_features_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO member_hot_features AS h (member_id, status, home_store_id, joined_at, birth_date, purchases, purchases_90d, purchases_pos, purchases_online, purchases_app, net_spend_minor, spend_90d_minor, spend_365d_minor, line_sales_minor, last_purchase_at, last_engagement_at, last_app_open_at, last_email_open_at, points_balance)
    SELECT n.member_id, n.status, n.home_store_id, n.joined_at, n.birth_date, n.purchases, n.purchases_90d, n.purchases_pos, n.purchases_online, n.purchases_app, n.net_spend_minor, n.spend_90d_minor, n.spend_365d_minor, n.line_sales_minor, n.last_purchase_at, n.last_engagement_at, n.last_app_open_at, n.last_email_open_at, n.points_balance
      FROM new_rows n
    ON CONFLICT (member_id) DO UPDATE
       SET status = excluded.status, home_store_id = excluded.home_store_id, joined_at = excluded.joined_at, birth_date = excluded.birth_date,
           purchases = excluded.purchases, purchases_90d = excluded.purchases_90d, purchases_pos = excluded.purchases_pos, purchases_online = excluded.purchases_online,
           purchases_app = excluded.purchases_app, net_spend_minor = excluded.net_spend_minor, spend_90d_minor = excluded.spend_90d_minor, spend_365d_minor = excluded.spend_365d_minor,
           line_sales_minor = excluded.line_sales_minor, last_purchase_at = excluded.last_purchase_at, last_engagement_at = excluded.last_engagement_at, last_app_open_at = excluded.last_app_open_at,
           last_email_open_at = excluded.last_email_open_at, points_balance = excluded.points_balance;
  ELSE
    UPDATE member_hot_features h
       SET (status, home_store_id, joined_at, birth_date, purchases, purchases_90d, purchases_pos, purchases_online, purchases_app, net_spend_minor, spend_90d_minor, spend_365d_minor, line_sales_minor, last_purchase_at, last_engagement_at, last_app_open_at, last_email_open_at, points_balance)
         = (n.status, n.home_store_id, n.joined_at, n.birth_date, n.purchases, n.purchases_90d, n.purchases_pos, n.purchases_online, n.purchases_app, n.net_spend_minor, n.spend_90d_minor, n.spend_365d_minor, n.line_sales_minor, n.last_purchase_at, n.last_engagement_at, n.last_app_open_at, n.last_email_open_at, n.points_balance)
      FROM new_rows n JOIN old_rows o ON o.member_id = n.member_id
     WHERE h.member_id = n.member_id
       AND (n.status, n.home_store_id, n.joined_at, n.birth_date, n.purchases, n.purchases_90d, n.purchases_pos, n.purchases_online, n.purchases_app, n.net_spend_minor, n.spend_90d_minor, n.spend_365d_minor, n.line_sales_minor, n.last_purchase_at, n.last_engagement_at, n.last_app_open_at, n.last_email_open_at, n.points_balance)
           IS DISTINCT FROM (o.status, o.home_store_id, o.joined_at, o.birth_date, o.purchases, o.purchases_90d, o.purchases_pos, o.purchases_online, o.purchases_app, o.net_spend_minor, o.spend_90d_minor, o.spend_365d_minor, o.line_sales_minor, o.last_purchase_at, o.last_engagement_at, o.last_app_open_at, o.last_email_open_at, o.points_balance);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER member_features_hot_copy_insert AFTER INSERT ON member_features
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_hot_features_copy();
--> statement-breakpoint
CREATE TRIGGER member_features_hot_copy_update AFTER UPDATE ON member_features
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_hot_features_copy();
--> statement-breakpoint
CREATE FUNCTION member_hot_features_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM member_hot_features h USING old_rows o WHERE h.member_id = o.member_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER member_features_hot_copy_delete AFTER DELETE ON member_features
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_hot_features_remove();
--> statement-breakpoint
INSERT INTO member_hot_features (member_id, status, home_store_id, joined_at, birth_date, purchases, purchases_90d, purchases_pos, purchases_online, purchases_app, net_spend_minor, spend_90d_minor, spend_365d_minor, line_sales_minor, last_purchase_at, last_engagement_at, last_app_open_at, last_email_open_at, points_balance)
SELECT member_id, status, home_store_id, joined_at, birth_date, purchases, purchases_90d, purchases_pos, purchases_online, purchases_app, net_spend_minor, spend_90d_minor, spend_365d_minor, line_sales_minor, last_purchase_at, last_engagement_at, last_app_open_at, last_email_open_at, points_balance FROM member_features;
