import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../../client";
import { selectRows } from "../../sql";

/**
 * The rewards page's figures. Redemptions per reward and week (program-local ISO weeks, Monday first) and
 * the **use rate** of a week's vouchers: used ÷ issued, where issued counts every voucher the week's
 * redemptions made (cancelled ones included, as they were issued) and used those presented since. A
 * points boost is never "used" (it applies by itself), so its rate stays 0.
 */

export interface WeeklyRedemptions {
  /** Monday of each week in the window, "YYYY-MM-DD", oldest first (the current week last). */
  weeks: string[];
  /** Rewards with at least one redemption in the window, by name. */
  rewards: { id: string; name: string }[];
  /** Weeks without redemptions of a reward are left out. */
  rows: { rewardId: string; week: string; issued: number; used: number; cancelled: number; points: number }[];
}

function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export async function weeklyRedemptions(db: Db, params: { programId: string; timeZone: string; weeks: number; now: Date }): Promise<WeeklyRedemptions> {
  const weeks = Math.max(1, Math.min(104, Math.floor(params.weeks)));
  const now = params.now.toISOString();
  const [bounds] = await selectRows<{ first: string }>(
    db,
    sql`select (date_trunc('week', ${now}::timestamptz at time zone ${params.timeZone})::date - ${(weeks - 1) * 7}::int)::text as first`,
  );
  const first = bounds?.first ?? now.slice(0, 10);
  const rows = await selectRows<{ reward_id: string; name: string; week: string; issued: number; used: number; cancelled: number; points: number }>(
    db,
    sql`select r.reward_id, w.name, date_trunc('week', r.created_at at time zone ${params.timeZone})::date::text as week,
               count(*)::int as issued, count(*) filter (where r.status = 'used')::int as used,
               count(*) filter (where r.status = 'cancelled')::int as cancelled, sum(r.points)::float8 as points
          from redemptions r join rewards w on w.id = r.reward_id
         where r.program_id = ${params.programId}
           and r.created_at >= (${first}::date::timestamp at time zone ${params.timeZone}) and r.created_at <= ${now}::timestamptz
         group by r.reward_id, w.name, 3
         order by 3, w.name`,
  );
  const rewards = new Map<string, string>();
  for (const r of rows) rewards.set(r.reward_id, r.name);
  return {
    weeks: Array.from({ length: weeks }, (_, i) => addDays(first, i * 7)),
    rewards: [...rewards].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    rows: rows.map((r) => ({ rewardId: r.reward_id, week: r.week, issued: r.issued, used: r.used, cancelled: r.cancelled, points: r.points })),
  };
}

export interface RewardStats {
  /** Members who could redeem it now: enough available points and (when it is limited to tiers) an eligible tier. */
  eligibleNow: number;
  /** Imported codes not yet given out. */
  freeCodes: number;
  /** Vouchers issued in all (cancelled included). */
  issued: number;
}

/** Per reward of the program: who can redeem it now, codes left, vouchers issued. */
export async function rewardStats(db: Db, params: { programId: string }): Promise<Map<string, RewardStats>> {
  const rows = await selectRows<{ id: string; eligible: number; free_codes: number; issued: number }>(
    db,
    sql`select w.id,
               (select count(*)::int from member_points p join members m on m.id = p.member_id
                 where p.program_id = w.program_id and m.status <> 'erased' and p.available >= w.points_price
                   and (cardinality(w.eligible_tier_ids) = 0 or p.tier_id = any(w.eligible_tier_ids))) as eligible,
               (select count(*)::int from reward_codes c where c.reward_id = w.id and c.redemption_id is null) as free_codes,
               (select count(*)::int from redemptions r where r.reward_id = w.id) as issued
          from rewards w where w.program_id = ${params.programId}`,
  );
  return new Map(rows.map((r) => [r.id, { eligibleNow: r.eligible, freeCodes: r.free_codes, issued: r.issued }]));
}
