import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { selectRows } from "@/db/sql";
import { makeCampaign, makeCampaignMembers, makeListSegment, makeOfferReward } from "@/test/campaigns";
import { openTestDatabase } from "@/test/db";
import { updateAllocations, WINNER_PROBABILITY } from "./allocation";
import { launchWithEstimate } from "./launch";
import { runDueCampaigns } from "./lifecycle";
import { redeemOffer } from "./redeem";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const DAY = 86_400_000;

describe("learning allocation", () => {
  it("after offer A is redeemed by 40% and B by 5% of about 500 members each, declares A the winner and gives it 90% of the next run (B keeps the 10% floor)", async () => {
    const db = handle.db;
    const members = await makeCampaignMembers(db, 1_000, { consents: ["marketing_in_app"] });
    const segmentId = await makeListSegment(db, members.map((m) => m.id));
    const start = new Date(Date.now() - 10 * DAY);
    const { id, actor } = await makeCampaign(db, {
      segmentId,
      rewardIds: [await makeOfferReward(db, 100), await makeOfferReward(db, 100)],
      channels: ["in_app"],
      overrides: { controlPercent: 0, schedule: "recurring", startsAt: start, recurDays: 7, minExplorationPercent: 10 },
    });
    const first = await launchWithEstimate(db, { campaignId: id, actor, actorIsAdmin: true, now: start });
    // A first run knows nothing: Thompson's shares from two flat priors are even.
    expect(Object.values(first.run!.shares).map((s) => Math.round(s * 10) / 10)).toEqual([0.5, 0.5]);

    const offers = await selectRows<{ code: string; position: number }>(
      db,
      sql`SELECT r.code, v.position FROM campaign_recipients r JOIN campaign_variants v ON v.id = r.variant_id WHERE r.campaign_id = ${id}::uuid ORDER BY r.id`,
    );
    const byVariant = [0, 1].map((p) => offers.filter((o) => o.position === p));
    const redeemAt = new Date(start.getTime() + 2 * DAY);
    for (const [position, rate] of [[0, 0.4], [1, 0.05]] as const) {
      const codes = byVariant[position]!;
      for (const offer of codes.slice(0, Math.round(codes.length * rate))) await redeemOffer(db, { code: offer.code }, { now: redeemAt });
    }

    const learnt = await updateAllocations(db, new Date(start.getTime() + 3 * DAY));
    expect(learnt.winners).toBeGreaterThanOrEqual(1);
    const [campaign] = await selectRows<{ winner: number }>(
      db,
      sql`SELECT v.position AS winner FROM campaigns c JOIN campaign_variants v ON v.id = c.winner_variant_id WHERE c.id = ${id}::uuid`,
    );
    expect(campaign!.winner).toBe(0);
    const snapshot = await selectRows<{ position: number; probability_best: number; share: number; alpha: number; beta: number; sent: number; redeemed: number }>(
      db,
      sql`SELECT v.position, a.probability_best, a.share, a.alpha, a.beta, a.sent, a.redeemed FROM campaign_allocations a JOIN campaign_variants v ON v.id = a.variant_id
           WHERE a.campaign_id = ${id}::uuid ORDER BY v.position`,
    );
    expect(snapshot[0]!.probability_best).toBeGreaterThanOrEqual(WINNER_PROBABILITY);
    expect(snapshot[0]!.alpha).toBe(1 + snapshot[0]!.redeemed);
    expect(snapshot[0]!.beta).toBe(1 + snapshot[0]!.sent - snapshot[0]!.redeemed);
    expect(snapshot.map((s) => s.share)).toEqual([0.9, 0.1]);
    // Nothing new since: no second snapshot.
    await updateAllocations(db, new Date(start.getTime() + 3 * DAY + 60_000));
    const [{ rows } = { rows: 0 }] = await selectRows<{ rows: number }>(db, sql`SELECT count(*)::int AS rows FROM campaign_allocations WHERE campaign_id = ${id}::uuid`);
    expect(rows).toBe(2);

    // The second run, a week after the first: 90% of its treated members get A (σ of the split ≈ √(1000·0.09) ≈ 9.5).
    const [second] = await runDueCampaigns(db, new Date(start.getTime() + 7 * DAY + 60_000));
    expect(second!.runNumber).toBe(2);
    const split = await selectRows<{ position: number; n: number }>(
      db,
      sql`SELECT v.position, count(*)::int AS n FROM campaign_recipients r JOIN campaign_variants v ON v.id = r.variant_id WHERE r.run_id = ${second!.runId}::uuid GROUP BY 1 ORDER BY 1`,
    );
    expect(Math.abs(split[0]!.n - 0.9 * second!.treated)).toBeLessThan(4 * Math.sqrt(second!.treated * 0.09));
  });
});
