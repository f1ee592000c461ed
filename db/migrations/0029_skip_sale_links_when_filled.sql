-- The receipt writer (db/queries/loyalty/receipts.ts) fills each new sale's links itself, from the member's
-- two latest sales read under the member's lock, and for receipts that arrive after the member's latest sale
-- those links are final: the trigger would read each member's latest sales again and update nothing (about a
-- third of a 1,000-receipt batch's write). Such a write names, in the transaction-local setting
-- loyalist.sale_links_filled, the members whose links it could not vouch for (an array literal, '{}' for
-- none), from inside the statement itself; the trigger clears the setting (it speaks for that one statement
-- only) and relinks only those members. Without the setting (imports, returns, any other insert) it relinks
-- every member of the statement, as before.
CREATE OR REPLACE FUNCTION transactions_link_sales() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member_count int;
  vouched text := current_setting('loyalist.sale_links_filled', true);
  relink uuid[];
BEGIN
  IF vouched IS NOT NULL AND vouched <> '' THEN
    PERFORM set_config('loyalist.sale_links_filled', '', true);
    relink := vouched::uuid[];
  END IF;
  SELECT count(DISTINCT member_id) INTO member_count FROM new_rows
   WHERE kind = 'sale' AND member_id IS NOT NULL AND (relink IS NULL OR member_id = ANY(relink));
  IF member_count = 0 THEN
    RETURN NULL;
  ELSIF member_count > 500 THEN
    PERFORM pg_advisory_xact_lock(7020003, 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(7020003, 0);
    PERFORM pg_advisory_xact_lock(7020002, hashtext(m.member_id::text))
       FROM (SELECT DISTINCT member_id FROM new_rows
              WHERE kind = 'sale' AND member_id IS NOT NULL AND (relink IS NULL OR member_id = ANY(relink)) ORDER BY 1) m;
  END IF;

  WITH affected AS (
    SELECT member_id, min(occurred_at) AS since
      FROM new_rows WHERE kind = 'sale' AND member_id IS NOT NULL AND (relink IS NULL OR member_id = ANY(relink))
     GROUP BY member_id
  ), bounded AS (
    SELECT a.member_id, a.since,
           coalesce((SELECT t.occurred_at FROM transactions t
                      WHERE t.member_id = a.member_id AND t.kind = 'sale' AND t.occurred_at < a.since
                      ORDER BY t.occurred_at DESC OFFSET 1 LIMIT 1), '-infinity') AS from_at
      FROM affected a
  ), linked AS (
    SELECT t.id, t.occurred_at, b.since,
           lag(t.occurred_at) OVER w AS p1,
           lag(t.occurred_at, 2) OVER w AS p2
      FROM transactions t JOIN bounded b ON b.member_id = t.member_id AND t.occurred_at >= b.from_at
     WHERE t.kind = 'sale'
    WINDOW w AS (PARTITION BY t.member_id ORDER BY t.occurred_at, t.id)
  )
  UPDATE transactions t
     SET prev_sale_at = l.p1, prev2_sale_at = l.p2
    FROM linked l
   WHERE t.id = l.id
     AND l.occurred_at >= l.since
     AND (t.prev_sale_at IS DISTINCT FROM l.p1 OR t.prev2_sale_at IS DISTINCT FROM l.p2);
  RETURN NULL;
END $$;
