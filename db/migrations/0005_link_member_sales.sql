-- Links each member sale to the same member's previous and second-previous sale (transactions.prev_sale_at,
-- prev2_sale_at). With them, "members with a sale in [a, b)" is the number of sales in [a, b) whose previous
-- sale is before a, and "members with two or more sales in [a, b)" the number whose previous sale is inside
-- and second-previous is before: plain index range counts instead of distinct counts over millions of rows.
--
-- Kept by one statement-level trigger: for every member in the inserted rows, the member's sales from the
-- earliest new one onward are relinked (a receipt that arrives late relinks the sales after it); rows whose
-- links are already right are not touched, so a loader that fills the links itself (the demo generator)
-- costs one window pass and no updates. Concurrent inserts for one member are serialized by an advisory
-- lock per member; a statement touching many members takes one exclusive lock instead (a transaction may
-- hold only so many locks), which the per-member path takes shared first.
CREATE FUNCTION transactions_link_sales() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member_count int;
BEGIN
  SELECT count(DISTINCT member_id) INTO member_count FROM new_rows WHERE kind = 'sale' AND member_id IS NOT NULL;
  IF member_count = 0 THEN
    RETURN NULL;
  ELSIF member_count > 500 THEN
    PERFORM pg_advisory_xact_lock(7020003, 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(7020003, 0);
    PERFORM pg_advisory_xact_lock(7020002, hashtext(m.member_id::text))
       FROM (SELECT DISTINCT member_id FROM new_rows WHERE kind = 'sale' AND member_id IS NOT NULL ORDER BY 1) m;
  END IF;

  WITH affected AS (
    SELECT member_id, min(occurred_at) AS since
      FROM new_rows WHERE kind = 'sale' AND member_id IS NOT NULL GROUP BY member_id
  ), linked AS (
    SELECT t.id, t.occurred_at, a.since,
           lag(t.occurred_at) OVER w AS p1,
           lag(t.occurred_at, 2) OVER w AS p2
      FROM transactions t JOIN affected a ON a.member_id = t.member_id
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
--> statement-breakpoint
CREATE TRIGGER transactions_link_sales AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transactions_link_sales();
--> statement-breakpoint
-- Databases migrated before this migration get their links once.
UPDATE transactions t
   SET prev_sale_at = l.p1, prev2_sale_at = l.p2
  FROM (SELECT id,
               lag(occurred_at) OVER w AS p1,
               lag(occurred_at, 2) OVER w AS p2
          FROM transactions WHERE kind = 'sale' AND member_id IS NOT NULL
        WINDOW w AS (PARTITION BY member_id ORDER BY occurred_at, id)) l
 WHERE t.id = l.id AND (l.p1 IS NOT NULL OR l.p2 IS NOT NULL);
