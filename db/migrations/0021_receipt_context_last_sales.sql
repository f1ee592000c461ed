-- The receipt context reads each member's two latest sale times (an index-only backward scan of the new
-- partial index) instead of "has a sale" (an index scan that fetched heap rows to check the kind: 0.24 ms a
-- member, most of the context's time). The writer fills a new receipt's sale links from them, so the
-- sale-links trigger finds them right and updates nothing (each update rewrote the row and its indexes).
-- Receipt numbers already recorded are looked up by key, one probe each.
CREATE INDEX "transactions_member_sales_idx" ON "transactions" USING btree ("member_id","occurred_at") WHERE "transactions"."kind" = 'sale';--> statement-breakpoint
CREATE OR REPLACE FUNCTION loyalty_receipt_context(p_lock boolean, p_program uuid, p_source text, p_keys jsonb, p_members jsonb, p_stores jsonb,
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
            'lastSales', (select coalesce(json_agg(s.occurred_at), '[]'::json)
                            from (select t.occurred_at from transactions t where t.member_id = m.id and t.kind = 'sale'
                                   order by t.occurred_at desc limit 2) s),
            'windowPoints', (select coalesce(sum(tp.points), 0) from tier_progress tp where tp.program_id = p_program and tp.member_id = m.id and tp.month >= p_window),
            'windowSpend', (select coalesce(sum(tp.spend_minor), 0) from tier_progress tp where tp.program_id = p_program and tp.member_id = m.id and tp.month >= p_window)))
          from mem m left join member_points mp on mp.program_id = p_program and mp.member_id = m.id),
        -- One (source, external id) probe per receipt number. As "external_id = any(...)" the planner, judging a
        -- new source rare, scanned the source's every receipt and filtered them (193 ms for 11k receipts); as a
        -- plain lateral join it was flattened into a hash join over them. The limit (the key is unique) keeps
        -- the subquery a per-key probe.
        'existing', (select json_agg(json_build_object('externalId', t.external_id, 'id', t.id, 'memberId', t.member_id))
          from jsonb_array_elements_text(p_keys) as k(external_id)
          cross join lateral (select t.external_id, t.id, t.member_id from transactions t
                               where t.source = p_source and t.external_id = k.external_id limit 1) t),
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
