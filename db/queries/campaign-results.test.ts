import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redeemOffer } from "@/lib/campaigns/redeem";
import { makeStore } from "@/test/api";
import { makeCampaign, makeCampaignMembers, makeListSegment, makeOfferReward } from "@/test/campaigns";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { selectRows } from "../sql";
import { campaignResults } from "./campaign-results";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const DAY = 86_400_000;

describe("campaign results", () => {
  it("treated 10, 20, 30, 40 EUR per member against control 10, 10, 20, 20: +10.00 a member, incremental 40.00, lift 66.7%, cost 2 × 2.50 = 5.00, ROI (40.00 × 30% - 5.00) / 5.00 = 1.4", async () => {
    const db = handle.db;
    const members = await makeCampaignMembers(db, 8);
    const segmentId = await makeListSegment(db, members.map((m) => m.id));
    const reward = await makeOfferReward(db, 250);
    const { id } = await makeCampaign(db, { segmentId, rewardIds: [reward], overrides: { attributionDays: 14, marginPercent: 30 } });
    const sentAt = new Date(Date.now() - 20 * DAY);
    const [variant] = await selectRows<{ id: string }>(db, sql`SELECT id FROM campaign_variants WHERE campaign_id = ${id}::uuid`);
    const [run] = await selectRows<{ id: string }>(
      db,
      sql`INSERT INTO campaign_runs (campaign_id, run_number, started_at, eligible, treated, control, shares, actor_kind)
          VALUES (${id}, 1, ${sentAt.toISOString()}, 8, 4, 4, '{}'::jsonb, 'system') RETURNING id`,
    );
    await db.execute(sql`UPDATE campaigns SET status = 'running', launched_at = ${sentAt.toISOString()} WHERE id = ${id}::uuid`);
    const tag = uniqueTag("R").toUpperCase();
    for (const [i, member] of members.entries()) {
      const control = i >= 4;
      await db.execute(sql`INSERT INTO campaign_recipients (campaign_id, run_id, member_id, control, variant_id, code, send_at, valid_until)
        VALUES (${id}, ${run!.id}, ${member.id}, ${control}, ${control ? null : variant!.id}, ${control ? null : `${tag}-${i}`}, ${sentAt.toISOString()},
                ${control ? null : new Date(sentAt.getTime() + 30 * DAY).toISOString()})`);
    }
    // Net revenue in the 14 days after sending, in minor units; the last treated member's 40.00 is a 45.00 sale and a 5.00 return.
    const inWindow: [number, number][] = [[0, 1000], [1, 2000], [2, 3000], [3, 4500], [3, -500], [4, 1000], [5, 1000], [6, 2000], [7, 2000]];
    // Outside it: before sending, and after the window closed; neither counts.
    const outside: [number, number][] = [[0, 9900], [4, 9900]];
    const store = await makeStore(db);
    const insert = async (rows: [number, number][], at: (n: number) => Date) => {
      for (const [n, [i, amount]] of rows.entries()) {
        await db.execute(sql`INSERT INTO transactions (member_id, store_id, channel, kind, occurred_at, currency, total_minor, item_count, source, external_id)
          VALUES (${members[i]!.id}, ${store!.id}, 'pos', ${amount < 0 ? "return" : "sale"}, ${at(n).toISOString()}, 'EUR', ${amount}, 1, 'test', ${`${tag}-${i}-${n}-${amount}`})`);
      }
    };
    await insert(inWindow, (n) => new Date(sentAt.getTime() + (1 + n / 10) * DAY));
    await insert(outside, (n) => new Date(sentAt.getTime() + (n === 0 ? -2 : 15) * DAY));
    await redeemOffer(db, { code: `${tag}-0` });
    await redeemOffer(db, { code: `${tag}-1` });

    const results = await campaignResults(db, { campaignId: id });
    expect(results.treated).toMatchObject({ n: 4, sum: 10_000, sumSquares: 30_000_000, redeemed: 2, costMinor: 500, transactions: 4 });
    expect(results.control).toMatchObject({ n: 4, sum: 6_000, sumSquares: 10_000_000, redeemed: 0, transactions: 4 });
    expect(results.comparison!.difference).toBeCloseTo(1_000, 6);
    expect(results.comparison!.incremental).toBeCloseTo(4_000, 6);
    expect(results.comparison!.lift!).toBeCloseTo(1_000 / 1_500, 6);
    // Welch: se = √(1,666,666.67/4 + 333,333.33/4) = √500,000 = 707.11; df = 500,000² / (416,666.67²/3 + 83,333.33²/3) = 4.154.
    expect(results.comparison!.standardError).toBeCloseTo(707.107, 2);
    expect(results.comparison!.degreesOfFreedom).toBeCloseTo(4.154, 2);
    expect(results.comparison!.differenceLow).toBeLessThan(0);
    expect(results.roi!).toBeCloseTo(1.4, 9);
    expect(results.variants).toHaveLength(1);
    expect(results.variants[0]!.redemptionRate!.rate).toBe(0.5);
    expect(results.daily.reduce((s, d) => s + d.redeemed, 0)).toBe(2);
  });
});
