-- The points ledger's guarantees that Drizzle cannot express (see docs/loyalty.md).
--
-- Per-member serialization: every points writer (receipts, returns, redemptions, adjustments, event
-- bonuses, the scheduled jobs) calls loyalty_lock_members first, in its own transaction. It takes the very
-- advisory locks the sale-links trigger (migration 0005) takes, in the same protocol: a shared program-wide
-- lock and then one lock per member, or the program-wide lock alone and exclusive for more than 500
-- members (a transaction may hold only so many locks). A receipt's insert then finds its member's lock
-- already held by its own transaction. Members are locked in the order of their lock keys, so two writers
-- with overlapping members cannot deadlock.
CREATE FUNCTION loyalty_lock_members(member_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  member_count int;
BEGIN
  SELECT count(DISTINCT m) INTO member_count FROM unnest(member_ids) m WHERE m IS NOT NULL;
  IF member_count = 0 THEN
    RETURN;
  ELSIF member_count > 500 THEN
    PERFORM pg_advisory_xact_lock(7020003, 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(7020003, 0);
    PERFORM pg_advisory_xact_lock(7020002, k.key)
       FROM (SELECT DISTINCT hashtext(m::text) AS key FROM unnest(member_ids) m WHERE m IS NOT NULL ORDER BY 1) k;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION loyalty_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;
--> statement-breakpoint
-- The ledger, lot consumptions and tier history are history: corrections are new entries, never edits.
CREATE TRIGGER points_entries_append_only BEFORE UPDATE OR DELETE ON points_entries
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
CREATE TRIGGER points_entries_no_truncate BEFORE TRUNCATE ON points_entries
  FOR EACH STATEMENT EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
CREATE TRIGGER lot_consumptions_append_only BEFORE UPDATE OR DELETE ON lot_consumptions
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
CREATE TRIGGER lot_consumptions_no_truncate BEFORE TRUNCATE ON lot_consumptions
  FOR EACH STATEMENT EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
CREATE TRIGGER member_tier_history_append_only BEFORE UPDATE OR DELETE ON member_tier_history
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
-- A rule version is what ledger entries cite: editing a rule writes a new version.
CREATE TRIGGER earning_rule_versions_immutable BEFORE UPDATE OR DELETE ON earning_rule_versions
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
-- A lot's amount and origin are facts; only what is left of it and its status move.
CREATE FUNCTION points_lots_facts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.program_id, NEW.member_id, NEW.origin, NEW.transaction_id, NEW.event_id, NEW.amount, NEW.expires_at)
     IS DISTINCT FROM (OLD.program_id, OLD.member_id, OLD.origin, OLD.transaction_id, OLD.event_id, OLD.amount, OLD.expires_at) THEN
    RAISE EXCEPTION 'points_lots: only remaining, status and available_at change' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER points_lots_facts_immutable BEFORE UPDATE ON points_lots
  FOR EACH ROW EXECUTE FUNCTION points_lots_facts_immutable();
--> statement-breakpoint
CREATE TRIGGER points_lots_no_delete BEFORE DELETE ON points_lots
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
-- Everything evaluating a batch of receipts needs, in one JSON document: the members (balance, tier, tier
-- window, whether they bought before), receipts already recorded under these numbers, cap usage, points
-- boosts and stores. With p_lock it first takes the members' locks (loyalty_lock_members): the query after
-- it runs on a new snapshot (a volatile plpgsql function takes one per statement), so it sees every earlier
-- writer's commit. Lock and read in one round trip, the query planned once per session.
CREATE FUNCTION loyalty_receipt_context(p_lock boolean, p_program uuid, p_source text, p_keys jsonb, p_members jsonb, p_stores jsonb,
                                        p_need_online boolean, p_window date, p_periods jsonb, p_earliest timestamptz)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF p_lock THEN
    PERFORM loyalty_lock_members(array(select id from members where external_id = any(array(select jsonb_array_elements_text(p_members)))));
  END IF;
  RETURN (
    with mem as (
        select m.id, m.external_id, m.status, extract(month from m.birth_date)::int as birth_month
          from members m where m.external_id = any(array(select jsonb_array_elements_text(p_members)))
      )
      select json_build_object(
        'revision', (select revision from loyalty_programs where id = p_program),
        'members', (select json_agg(json_build_object(
            'id', m.id, 'externalId', m.external_id, 'status', m.status, 'birthMonth', m.birth_month,
            'available', coalesce(mp.available, 0), 'pending', coalesce(mp.pending, 0), 'debt', coalesce(mp.debt, 0),
            'tierId', mp.tier_id,
            'hasSale', exists (select 1 from transactions t where t.member_id = m.id and t.kind = 'sale'),
            'windowPoints', (select coalesce(sum(tp.points), 0) from tier_progress tp where tp.program_id = p_program and tp.member_id = m.id and tp.month >= p_window),
            'windowSpend', (select coalesce(sum(tp.spend_minor), 0) from tier_progress tp where tp.program_id = p_program and tp.member_id = m.id and tp.month >= p_window)))
          from mem m left join member_points mp on mp.program_id = p_program and mp.member_id = m.id),
        'existing', (select json_agg(json_build_object('externalId', t.external_id, 'id', t.id, 'memberId', t.member_id))
          from transactions t where t.source = p_source and t.external_id = any(array(select jsonb_array_elements_text(p_keys)))),
        'usage', (select json_agg(json_build_object('memberId', u.member_id, 'ruleId', u.rule_id, 'period', u.period, 'start', u.period_start::text, 'points', u.points))
          from earning_cap_usage u
          join jsonb_to_recordset(p_periods) as x(period cap_period, start date) on u.period = x.period and u.period_start = x.start
          where u.member_id = any(array(select id from mem))),
        'boosts', (select json_agg(json_build_object('memberId', r.member_id, 'redemptionId', r.id, 'factor', r.boost_factor::text, 'from', r.created_at, 'until', r.boost_until))
          from redemptions r where r.member_id = any(array(select id from mem)) and r.program_id = p_program
           and r.boost_until > p_earliest and r.status <> 'cancelled'),
        'stores', (select json_agg(json_build_object('id', s.id, 'code', s.code, 'kind', s.kind, 'currency', s.currency))
          from stores s where s.code = any(array(select jsonb_array_elements_text(p_stores)))
             or s.id = (select online_store_id from loyalty_programs where id = p_program)),
        'onlineStores', case when p_need_online then (select json_agg(id) from (select id from stores where kind = 'online' order by id limit 2) o) end
      )::text
  );
END $$;
--> statement-breakpoint
-- A return looks up what earlier returns of the same sale took back (units, money, points). Returns are
-- a few percent of receipts, so the partial index is small; without it every return scans all receipts.
CREATE INDEX transactions_original_idx ON transactions (original_transaction_id) WHERE original_transaction_id IS NOT NULL;
--> statement-breakpoint
-- The program every deployment runs; seedLoyaltyProgram configures it (lib/loyalty/seed.ts).
INSERT INTO loyalty_programs (code, name) VALUES ('default', 'Loyalty program') ON CONFLICT (code) DO NOTHING;
