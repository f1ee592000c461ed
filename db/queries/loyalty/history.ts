import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { localMoment } from "@/lib/loyalty/local-time";
import { currencyDigits } from "@/lib/loyalty/money";
import { windowStart } from "@/lib/loyalty/tiers";
import type { AuditActor } from "../audit";
import type { Db } from "../../client";
import { currency } from "../../schema/enums";
import { selectRows } from "../../sql";
import type { ProgramConfig } from "./config";

export interface HistoryCounts {
  receipts: number;
  entries: number;
  returns: number;
  expiredLots: number;
  members: number;
}

/**
 * Credits the points of every member sale that has none yet (the demo generator's history, a bulk import),
 * in a handful of set-based statements instead of one receipt at a time.
 *
 * What it computes exactly as the engine would: per line, the highest-priority matching base rate and the
 * stacked (or best-of) multipliers, with every condition the engine knows that depends on the receipt alone
 * (categories, SKUs, channels, stores, weekdays, time of day, currencies, dates, minimum basket); lots with
 * the program's return window and expiry; returns taking back the returned lines' points from the sale's
 * lot (matched to sale lines by SKU, since the generator renumbers return lines); expiry of lots past it;
 * balances, tier progress and each member's tier as of `now`.
 *
 * What it leaves out, on purpose: tier multipliers and points boosts (they depend on the member's tier and
 * redemptions at each moment of a history being replayed), fixed bonuses, and caps. Run it once after a
 * bulk load and before live traffic: a live sale that earned nothing would be credited here by today's rules.
 */
export async function awardHistory(db: Db, p: { config: ProgramConfig; now: Date; actor: AuditActor; storeIds?: readonly string[] }): Promise<HistoryCounts> {
  const { config } = p;
  const now = p.now.toISOString();
  const tz = config.timeZone;
  const programId = config.id;
  const rules = config.rules
    .filter((r) => r.kind !== "bonus")
    .map((r) => ({
      rule_id: r.ruleId,
      version: r.version,
      kind: r.kind,
      combine: r.combine,
      priority: r.priority,
      rate: r.rate,
      factor: r.factor,
      categories: r.conditions.categories ?? null,
      skus: r.conditions.skus ?? null,
      channels: r.conditions.channels ?? null,
      store_ids: r.conditions.storeIds ?? null,
      weekdays: r.conditions.weekdays ?? null,
      time_from: r.conditions.timeFrom ?? null,
      time_to: r.conditions.timeTo ?? null,
      currencies: r.conditions.currencies ?? null,
      min_basket: r.conditions.minBasketMinor ?? null,
      starts_at: r.startsAt?.toISOString() ?? null,
      ends_at: r.endsAt?.toISOString() ?? null,
      // A rule with a tier condition needs the member's tier at the time: history leaves it out.
      tiered: (r.conditions.tierIds?.length ?? 0) > 0,
    }))
    .filter((r) => !r.tiered);
  const scales = currency.enumValues.map((c) => ({ currency: c, scale: 10 ** currencyDigits(c) }));
  const expiry: SQL =
    config.expiryKind === "rolling_months"
      ? sql`((h.occurred_at at time zone 'UTC') + make_interval(months => ${config.expiryMonths})) at time zone 'UTC'`
      : config.expiryKind === "fixed_date" && config.fixedExpiryAt
        ? sql`case when h.occurred_at < ${config.fixedExpiryAt.toISOString()}::timestamptz then ${config.fixedExpiryAt.toISOString()}::timestamptz end`
        : sql`null::timestamptz`;
  const windowDays = sql`make_interval(days => ${config.returnWindowDays})`;
  const stores = p.storeIds ? sql`and t.store_id = any(${`{${p.storeIds.join(",")}}`}::uuid[])` : sql``;

  return db.transaction(async (tx) => {
    const run = (query: SQL) => tx.execute(query);
    // Nothing else may write points meanwhile: the program-wide lock that per-member writers take shared.
    await run(sql`select pg_advisory_xact_lock(7020003, 0)`);
    await run(sql`create temp table hist_rules on commit drop as
      select * from jsonb_to_recordset(${JSON.stringify(rules)}::jsonb) as r(rule_id uuid, version int, kind text, combine text, priority int,
        rate numeric, factor numeric, categories text[], skus text[], channels text[], store_ids uuid[], weekdays int[], time_from time, time_to time,
        currencies text[], min_basket bigint, starts_at timestamptz, ends_at timestamptz)`);
    await run(sql`create temp table hist_lines on commit drop as
      select t.id as tx, t.member_id, t.occurred_at, t.store_id, t.channel::text as channel, t.currency::text as currency, t.total_minor,
             l.line_no, l.sku, c.code as category, l.quantity, l.amount_minor, s.scale,
             extract(isodow from t.occurred_at at time zone ${tz})::int as dow, (t.occurred_at at time zone ${tz})::time as tod
        from transactions t
        join transaction_lines l on l.transaction_id = t.id
        left join categories c on c.id = l.category_id
        join jsonb_to_recordset(${JSON.stringify(scales)}::jsonb) as s(currency text, scale numeric) on s.currency = t.currency::text
       where t.kind = 'sale' and t.member_id is not null and t.occurred_at <= ${now} ${stores}
         and not exists (select 1 from points_lots o where o.transaction_id = t.id)`);
    // Temporary tables have no statistics until analysed; without them the planner nests loops over
    // hundreds of thousands of lines.
    await run(sql`analyze hist_rules`);
    await run(sql`analyze hist_lines`);
    // Matches and base rates are tables with statistics, not CTEs: estimated at a few rows, the CTEs made
    // the planner join multipliers to base rates by nested loops, quadratic in the history (14 s for 100k lines).
    await run(sql`create temp table hist_matches on commit drop as
        select h.tx, h.line_no, h.amount_minor, h.scale, r.*
          from hist_lines h join hist_rules r
            on (r.categories is null or h.category = any(r.categories))
           and (r.skus is null or h.sku = any(r.skus))
           and (r.channels is null or h.channel = any(r.channels))
           and (r.store_ids is null or h.store_id = any(r.store_ids))
           and (r.weekdays is null or h.dow = any(r.weekdays))
           and (r.time_from is null or h.tod >= r.time_from) and (r.time_to is null or h.tod < r.time_to)
           and (r.currencies is null or h.currency = any(r.currencies))
           and (r.min_basket is null or h.total_minor >= r.min_basket)
           and (r.starts_at is null or h.occurred_at >= r.starts_at) and (r.ends_at is null or h.occurred_at < r.ends_at)`);
    await run(sql`analyze hist_matches`);
    await run(sql`create temp table hist_base on commit drop as
      select distinct on (tx, line_no) tx, line_no, amount_minor, scale, rate, rule_id, version
        from hist_matches where kind = 'base_rate' order by tx, line_no, priority desc, rule_id`);
    await run(sql`analyze hist_base`);
    await run(sql`create temp table hist_shares on commit drop as
      with mult as (select m.tx, m.line_no, m.rule_id, m.version, m.combine, m.priority,
                      floor(b.amount_minor * b.rate * (m.factor - 1) / b.scale)::int as points
                 from hist_matches m join hist_base b on b.tx = m.tx and b.line_no = m.line_no where m.kind = 'multiplier'),
      best as (select distinct on (tx, line_no) * from mult where combine = 'best_of' order by tx, line_no, points desc, priority desc, rule_id)
      select tx, line_no, 'base_rate' as kind, rule_id, version, floor(amount_minor * rate / scale)::int as points from hist_base
      union all select tx, line_no, 'multiplier', rule_id, version, points from mult where combine = 'stack'
      union all select tx, line_no, 'multiplier', rule_id, version, points from best`);
    await run(sql`create temp table hist_line_points on commit drop as
      select tx, line_no, sum(points)::int as points,
             jsonb_agg(jsonb_build_object('kind', kind, 'ruleId', rule_id, 'version', version, 'points', points) order by kind, rule_id) as rules
        from hist_shares where points > 0 group by tx, line_no`);
    await run(sql`create index on hist_line_points (tx, line_no)`);
    await run(sql`analyze hist_shares`);
    await run(sql`analyze hist_line_points`);
    const [lots] = await selectRows<{ n: number }>(
      tx,
      sql`with ins as (insert into points_lots (program_id, member_id, origin, transaction_id, amount, remaining, status, available_at, expires_at, created_at)
          select ${programId}, h.member_id, 'purchase', h.tx, s.points, s.points,
                 (case when h.occurred_at + ${windowDays} <= ${now}::timestamptz then 'available' else 'pending' end)::points_lot_status,
                 h.occurred_at + ${windowDays}, ${expiry}, h.occurred_at
            from (select tx, sum(points) as points from hist_line_points group by tx) s
            join (select distinct tx, member_id, occurred_at from hist_lines) h on h.tx = s.tx
          returning 1)
        select count(*)::int as n from ins`,
    );
    const [entries] = await selectRows<{ n: number }>(
      tx,
      sql`with ins as (insert into points_entries (program_id, member_id, kind, points, transaction_id, line_no, lot_id, rules, actor_kind, actor_id, created_at)
          select ${programId}, o.member_id, 'earn', lp.points, lp.tx, lp.line_no, o.id, lp.rules, ${p.actor.kind}, ${p.actor.kind === "system" ? null : p.actor.id}, o.created_at
            from hist_line_points lp join points_lots o on o.transaction_id = lp.tx
          returning 1)
        select count(*)::int as n from ins`,
    );
    const returns = await reverseReturns(tx, programId, p.actor);
    const expired = await expireHistory(tx, programId, now);
    const members = await refreshBalances(tx, config, now, windowStart(localMoment(p.now, tz).month, config.tierWindowMonths));
    return { receipts: lots?.n ?? 0, entries: entries?.n ?? 0, returns, expiredLots: expired, members };
  });
}

/** Returns of the credited sales: each returned line gives back its share of the sale line's points, rule by rule. */
async function reverseReturns(tx: Db, programId: string, actor: AuditActor): Promise<number> {
  await tx.execute(sql`create temp table hist_reversals on commit drop as
    with ret as (
      select r.id as rtx, r.original_transaction_id as tx, r.member_id, r.occurred_at, rl.sku, -rl.quantity as quantity,
             row_number() over (partition by r.id, rl.sku order by rl.line_no) as nth
        from transactions r join transaction_lines rl on rl.transaction_id = r.id
       where r.kind = 'return' and r.original_transaction_id in (select distinct tx from hist_line_points)),
    sale as (
      select l.transaction_id as tx, l.line_no, l.sku, l.quantity, row_number() over (partition by l.transaction_id, l.sku order by l.line_no) as nth
        from transaction_lines l where l.transaction_id in (select tx from ret)),
    matched as (
      select ret.rtx, ret.tx, ret.member_id, ret.occurred_at, sale.line_no, least(ret.quantity, sale.quantity) as quantity, sale.quantity as sold
        from ret join sale on sale.tx = ret.tx and sale.sku = ret.sku and sale.nth = ret.nth)
    select m.rtx, m.tx, m.member_id, m.occurred_at, m.line_no, s.kind, s.rule_id, s.version,
           round(s.points::numeric * m.quantity / m.sold)::int as points
      from matched m join hist_shares s on s.tx = m.tx and s.line_no = m.line_no where s.points > 0`);
  await tx.execute(sql`analyze hist_reversals`);
  const [row] = await selectRows<{ n: number }>(
    tx,
    sql`with lines as (
        select rtx, tx, member_id, occurred_at, line_no, -sum(points)::int as points,
               jsonb_agg(jsonb_build_object('kind', kind, 'ruleId', rule_id, 'version', version, 'points', -points) order by kind, rule_id) as rules
          from hist_reversals where points > 0 group by rtx, tx, member_id, occurred_at, line_no),
      en as (insert into points_entries (program_id, member_id, kind, points, transaction_id, line_no, rules, actor_kind, actor_id, created_at)
             select ${programId}, member_id, 'reverse', points, rtx, line_no, rules, ${actor.kind}, ${actor.kind === "system" ? null : actor.id}, occurred_at from lines where points < 0),
      per_lot as (select o.id as lot_id, l.rtx, -sum(l.points) as points, min(l.occurred_at) as at
                    from lines l join points_lots o on o.transaction_id = l.tx group by o.id, l.rtx),
      lc as (insert into lot_consumptions (lot_id, kind, points, transaction_id, created_at) select lot_id, 'reverse', points, rtx, at from per_lot where points > 0),
      lu as (update points_lots o set remaining = o.remaining - s.points from (select lot_id, sum(points) as points from per_lot group by lot_id) s where o.id = s.lot_id)
    select count(distinct rtx)::int as n from lines`,
  );
  return row?.n ?? 0;
}

async function expireHistory(tx: Db, programId: string, now: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    tx,
    sql`with due as (select o.id, o.member_id, o.remaining, o.expires_at from points_lots o
                      where o.transaction_id in (select distinct tx from hist_line_points) and o.remaining > 0 and o.expires_at <= ${now}),
      en as (insert into points_entries (program_id, member_id, kind, points, lot_id, actor_kind, created_at)
             select ${programId}, member_id, 'expire', -remaining, id, 'system', expires_at from due returning id, lot_id),
      lc as (insert into lot_consumptions (lot_id, kind, points, entry_id, created_at)
             select due.id, 'expire', due.remaining, en.id, due.expires_at from due join en on en.lot_id = due.id),
      lu as (update points_lots o set remaining = 0 from due where o.id = due.id)
    select count(*)::int as n from due`,
  );
  return row?.n ?? 0;
}

/** Balances, tier progress and tiers of the members credited, from what was just written. */
async function refreshBalances(tx: Db, config: ProgramConfig, now: string, windowStartMonth: string): Promise<number> {
  const programId = config.id;
  const tz = config.timeZone;
  await tx.execute(sql`create temp table hist_sales on commit drop as
    with earned as (select tx, sum(points) as points from hist_line_points group by tx),
      reversed as (select tx, sum(points) as points from hist_reversals group by tx),
      refunded as (select original_transaction_id as tx, sum(total_minor) as minor from transactions
                    where kind = 'return' and original_transaction_id in (select tx from earned) group by 1)
    select h.tx, h.member_id, date_trunc('month', h.occurred_at at time zone ${tz})::date as month,
           coalesce(e.points, 0) - coalesce(v.points, 0) as points,
           case when h.currency = ${config.currency} then h.total_minor + coalesce(r.minor, 0) else 0 end as spend
      from (select distinct tx, member_id, occurred_at, currency, total_minor from hist_lines) h
      left join earned e on e.tx = h.tx left join reversed v on v.tx = h.tx left join refunded r on r.tx = h.tx`);
  await tx.execute(sql`analyze hist_sales`);
  await tx.execute(sql`insert into member_points as m (program_id, member_id, available, pending, debt, lifetime_earned, updated_at)
    select ${programId}, s.member_id, coalesce(l.available, 0), coalesce(l.pending, 0), 0, s.earned, ${now}
      from (select member_id, sum(points) as earned from hist_sales group by member_id) s
      left join (select o.member_id, sum(o.remaining) filter (where o.status = 'available') as available, sum(o.remaining) filter (where o.status = 'pending') as pending
                   from points_lots o where o.transaction_id in (select tx from hist_sales) group by o.member_id) l on l.member_id = s.member_id
     order by s.member_id
    on conflict (program_id, member_id) do update
       set available = m.available + excluded.available, pending = m.pending + excluded.pending,
           lifetime_earned = m.lifetime_earned + excluded.lifetime_earned, updated_at = excluded.updated_at`);
  await tx.execute(sql`insert into tier_progress as t (program_id, member_id, month, points, spend_minor)
    select ${programId}, member_id, month, sum(points), sum(spend) from hist_sales group by member_id, month order by 2, 3
    on conflict (program_id, member_id, month) do update set points = t.points + excluded.points, spend_minor = t.spend_minor + excluded.spend_minor`);
  const tiers = config.tiers.map((t) => ({ id: t.id, rank: t.rank, threshold: t.threshold }));
  const amount = config.tierBasis === "points" ? sql`tp.points` : sql`tp.spend_minor`;
  await tx.execute(sql`with tiers as (select * from jsonb_to_recordset(${JSON.stringify(tiers)}::jsonb) as t(id uuid, rank int, threshold bigint)),
    amounts as (select s.member_id, coalesce((select sum(${amount}) from tier_progress tp where tp.program_id = ${programId} and tp.member_id = s.member_id
                                              and tp.month >= ${windowStartMonth}::date), 0) as amount
                  from (select distinct member_id from hist_sales) s),
    qualified as (select distinct on (a.member_id) a.member_id, t.id as tier_id, t.rank, a.amount
                    from amounts a join tiers t on t.threshold <= a.amount order by a.member_id, t.rank desc),
    changes as (select q.*, m.tier_id as from_tier_id from qualified q
                  join member_points m on m.program_id = ${programId} and m.member_id = q.member_id
                  left join tiers cur on cur.id = m.tier_id
                 where coalesce(cur.rank, -1) < q.rank),
    up as (update member_points m set tier_id = c.tier_id, tier_since = ${now} from changes c where m.program_id = ${programId} and m.member_id = c.member_id)
    insert into member_tier_history (program_id, member_id, from_tier_id, to_tier_id, reason, qualifying_amount, created_at)
    select ${programId}, member_id, from_tier_id, tier_id, 'review', amount, ${now} from changes`);
  const [row] = await selectRows<{ n: number }>(tx, sql`select count(distinct member_id)::int as n from hist_sales`);
  return row?.n ?? 0;
}
