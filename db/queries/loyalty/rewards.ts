import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { RewardKind, RewardValue } from "@/lib/loyalty/reward-types";
import type { Db } from "../../client";
import type { Currency } from "../../schema/enums";
import { redemptions, rewardCodes, rewards } from "../../schema";
import { selectRows } from "../../sql";

export interface RewardView {
  id: string;
  programId: string;
  name: string;
  description: string | null;
  kind: RewardKind;
  value: RewardValue;
  pointsPrice: number;
  costMinor: number;
  costCurrency: Currency;
  stock: number | null;
  validFrom: Date | null;
  validTo: Date | null;
  voucherDays: number | null;
  eligibleTierIds: string[];
  usesCodePool: boolean;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export async function listRewards(db: Db, params: { programId: string; activeOnly?: boolean }): Promise<RewardView[]> {
  const where = params.activeOnly ? and(eq(rewards.programId, params.programId), eq(rewards.active, true)) : eq(rewards.programId, params.programId);
  return db.select().from(rewards).where(where).orderBy(asc(rewards.pointsPrice), asc(rewards.name));
}

export async function getReward(db: Db, rewardId: string, options: { lock?: boolean } = {}): Promise<RewardView | null> {
  const query = db.select().from(rewards).where(eq(rewards.id, rewardId));
  const [row] = options.lock ? await query.for("update") : await query;
  return row ?? null;
}

/** Takes one unit of a stock-limited reward; false when none is left. */
export async function takeRewardStock(db: Db, rewardId: string): Promise<boolean> {
  const rows = await db
    .update(rewards)
    .set({ stock: sql`${rewards.stock} - 1` })
    .where(and(eq(rewards.id, rewardId), sql`${rewards.stock} > 0`))
    .returning({ id: rewards.id });
  return rows.length === 1;
}

export async function returnRewardStock(db: Db, rewardId: string): Promise<void> {
  await db.update(rewards).set({ stock: sql`${rewards.stock} + 1` }).where(and(eq(rewards.id, rewardId), sql`${rewards.stock} is not null`));
}

/** Assigns the reward's next imported code to the redemption; null when the pool is empty. Concurrent claims skip each other's rows. */
export async function claimRewardCode(db: Db, rewardId: string, redemptionId: string): Promise<string | null> {
  const [row] = await selectRows<{ code: string }>(
    db,
    sql`update reward_codes set redemption_id = ${redemptionId}
         where id = (select id from reward_codes where reward_id = ${rewardId} and redemption_id is null order by id limit 1 for update skip locked)
        returning code`,
  );
  return row?.code ?? null;
}

export async function countFreeCodes(db: Db, rewardId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(rewardCodes).where(and(eq(rewardCodes.rewardId, rewardId), isNull(rewardCodes.redemptionId)));
  return row?.n ?? 0;
}

export type RedemptionRow = typeof redemptions.$inferSelect;

export async function findRedemption(db: Db, where: { source: string; externalId: string } | { code: string } | { id: string }): Promise<RedemptionRow | null> {
  const condition =
    "code" in where
      ? eq(redemptions.code, where.code)
      : "id" in where
        ? eq(redemptions.id, where.id)
        : and(eq(redemptions.source, where.source), eq(redemptions.externalId, where.externalId));
  const [row] = await db.select().from(redemptions).where(condition);
  return row ?? null;
}

export async function insertRedemption(db: Db, values: typeof redemptions.$inferInsert): Promise<void> {
  await db.insert(redemptions).values(values);
}

export interface RedemptionRate {
  rewardId: string;
  rewardName: string;
  /** First day of the period (program-local), "YYYY-MM-DD". */
  period: string;
  redemptions: number;
  points: number;
  costMinor: number;
  used: number;
  cancelled: number;
  /** Redemptions per 1,000 members holding a balance in the program at the end of the period's data (see docs/loyalty.md). */
  perThousandMembers: number;
}

/**
 * Redemptions per reward and day, week or month (program-local), with the points spent, the cost to the
 * brand and how many vouchers were used or cancelled: the rewards page's charts.
 */
export async function redemptionRates(
  db: Db,
  params: { programId: string; from: Date; to: Date; granularity: "day" | "week" | "month"; timeZone: string },
): Promise<RedemptionRate[]> {
  const unit = sql.raw(`'${params.granularity}'`);
  const rows = await selectRows<{
    reward_id: string;
    reward_name: string;
    period: string;
    redemptions: number;
    points: number;
    cost_minor: number;
    used: number;
    cancelled: number;
    members: number;
  }>(
    db,
    sql`with members_with_points as (select count(*)::float8 as n from member_points where program_id = ${params.programId})
      select r.reward_id, w.name as reward_name,
             date_trunc(${unit}, r.created_at at time zone ${params.timeZone})::date::text as period,
             count(*)::int as redemptions, sum(r.points)::float8 as points, sum(r.cost_minor)::float8 as cost_minor,
             count(*) filter (where r.status = 'used')::int as used, count(*) filter (where r.status = 'cancelled')::int as cancelled,
             (select n from members_with_points) as members
        from redemptions r join rewards w on w.id = r.reward_id
       where r.program_id = ${params.programId} and r.created_at >= ${params.from.toISOString()} and r.created_at < ${params.to.toISOString()}
       group by r.reward_id, w.name, 3
       order by 3, w.name`,
  );
  return rows.map((r) => ({
    rewardId: r.reward_id,
    rewardName: r.reward_name,
    period: r.period,
    redemptions: r.redemptions,
    points: r.points,
    costMinor: r.cost_minor,
    used: r.used,
    cancelled: r.cancelled,
    perThousandMembers: r.members > 0 ? (r.redemptions * 1000) / r.members : 0,
  }));
}
