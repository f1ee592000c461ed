import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { campaignAllocations, campaigns } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { applyExplorationFloor, leaderAbove, posteriorOf, probabilityBest, thompsonShares } from "@/lib/models/bandit";
import { SeededRandom } from "@/lib/models/random";

type Campaign = typeof campaigns.$inferSelect;

/** Monte Carlo draws per estimate of "probability of being best": enough for two decimals at five variants. */
const DRAWS = 20_000;
/** A variant is declared the winner when its posterior probability of being best reaches this. */
export const WINNER_PROBABILITY = 0.95;

interface VariantCounts {
  variant_id: string;
  sent: number;
  redeemed: number;
}

/** Offers that have gone out (send_at passed) and how many of them were redeemed, per variant. */
async function variantCounts(db: Db, campaignId: string, now: Date): Promise<VariantCounts[]> {
  return selectRows<VariantCounts>(
    db,
    sql`SELECT v.id AS variant_id, count(r.id) FILTER (WHERE r.send_at <= ${now.toISOString()}::timestamptz)::int AS sent, count(r.redeemed_at)::int AS redeemed
          FROM campaign_variants v LEFT JOIN campaign_recipients r ON r.variant_id = v.id
         WHERE v.campaign_id = ${campaignId}::uuid GROUP BY v.id, v.position ORDER BY v.position`,
  );
}

/** A seed that differs per campaign and per moment, so runs do not repeat one sequence of draws. */
const seedOf = (campaignId: string, now: Date) => Number.parseInt(campaignId.slice(0, 8), 16) ^ Math.floor(now.getTime() / 1000);

/**
 * The share of a run's treated members each variant gets: equal for `even` (and for a first run, where
 * every posterior is the flat prior, Thompson gives equal shares anyway), else Thompson sampling's
 * probability of being best with the campaign's exploration floor (lib/models/bandit.ts).
 */
export async function variantShares(db: Db, campaign: Campaign, variantIds: readonly string[], now: Date): Promise<Record<string, number>> {
  if (variantIds.length === 1) return { [variantIds[0]!]: 1 };
  if (campaign.allocation === "even") return Object.fromEntries(variantIds.map((id) => [id, 1 / variantIds.length]));
  const counts = new Map((await variantCounts(db, campaign.id, now)).map((c) => [c.variant_id, c]));
  const arms = variantIds.map((id) => posteriorOf(counts.get(id)?.sent ?? 0, counts.get(id)?.redeemed ?? 0));
  const shares = thompsonShares(arms, { minShare: campaign.minExplorationPercent / 100, draws: DRAWS, rng: new SeededRandom(seedOf(campaign.id, now)) });
  return Object.fromEntries(variantIds.map((id, i) => [id, shares[i] ?? 0]));
}

/**
 * Updates the learning state of every running campaign with more than one variant: each variant's
 * posterior, probability of being best and share, written as a row of campaign_allocations when anything
 * changed since the last row (the results page draws them over time). A variant whose probability of being
 * best reaches 95% is declared the winner, once, audited. Run by the campaigns.learn job.
 */
export async function updateAllocations(db: Db, now: Date): Promise<{ campaigns: number; winners: number }> {
  const running = await db.select().from(campaigns).where(sql`${campaigns.status} IN ('running', 'paused', 'completed') AND (SELECT count(*) FROM campaign_variants v WHERE v.campaign_id = ${campaigns.id}) > 1 AND (${campaigns.completedAt} IS NULL OR ${campaigns.completedAt} > ${now.toISOString()}::timestamptz - interval '1 day')`);
  let winners = 0;
  for (const campaign of running) {
    const counts = await variantCounts(db, campaign.id, now);
    const [last] = await selectRows<{ sent: number; redeemed: number }>(
      db,
      sql`SELECT coalesce(sum(sent), 0)::int AS sent, coalesce(sum(redeemed), 0)::int AS redeemed FROM campaign_allocations
           WHERE campaign_id = ${campaign.id}::uuid AND at = (SELECT max(at) FROM campaign_allocations WHERE campaign_id = ${campaign.id}::uuid)`,
    );
    const sent = counts.reduce((s, c) => s + c.sent, 0);
    const redeemed = counts.reduce((s, c) => s + c.redeemed, 0);
    if (sent === 0 || (last && last.sent === sent && last.redeemed === redeemed)) continue;
    const arms = counts.map((c) => posteriorOf(c.sent, c.redeemed));
    const rng = new SeededRandom(seedOf(campaign.id, now));
    // One Monte Carlo draw serves the probabilities, Thompson's shares (thompsonShares is this floor on them)
    // and the winner.
    const best = probabilityBest(arms, { draws: DRAWS, rng });
    const shares = campaign.allocation === "even" ? arms.map(() => 1 / arms.length) : applyExplorationFloor(best, campaign.minExplorationPercent / 100);
    await db.transaction(async (tx) => {
      await tx.insert(campaignAllocations).values(
        counts.map((c, i) => ({ campaignId: campaign.id, variantId: c.variant_id, at: now, sent: c.sent, redeemed: c.redeemed, alpha: arms[i]!.alpha, beta: arms[i]!.beta, probabilityBest: best[i]!, share: shares[i]! })),
      );
      const top = leaderAbove(best, WINNER_PROBABILITY);
      if (top !== null && campaign.winnerVariantId === null) {
        const variantId = counts[top]!.variant_id;
        await tx.update(campaigns).set({ winnerVariantId: variantId, updatedAt: now }).where(eq(campaigns.id, campaign.id));
        await recordAudit(tx, { actor: { kind: "system" }, action: "campaign.winner", entityType: "campaign", entityId: campaign.id, after: { winnerVariantId: variantId, probabilityBest: best[top] } });
        winners++;
      }
    });
  }
  return { campaigns: running.length, winners };
}
