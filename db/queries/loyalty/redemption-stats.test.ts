import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { adjustPoints } from "@/lib/loyalty/adjustments";
import { createTier } from "@/lib/loyalty/admin-program";
import { createReward, importRewardCodes } from "@/lib/loyalty/admin-rewards";
import { cancelRedemption, redeemCode, redeemReward } from "@/lib/loyalty/redemption";
import { openTestDatabase } from "@/test/db";
import { makeLoyaltyFixture, voucherInput, type LoyaltyFixture } from "@/test/loyalty";
import { rewardStats, weeklyRedemptions } from "./redemption-stats";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

const reward = voucherInput;

const ctxOf = (f: LoyaltyFixture, now?: Date) => ({ actor: f.actor, programId: f.programId, now });

/** A member holding `points`, made available by an adjustment at `at`. */
async function memberWithPoints(f: LoyaltyFixture, points: number, at: Date) {
  const m = await f.makeMember();
  await adjustPoints(handle.db, { memberId: m.id, points, reason: "test points" }, ctxOf(f, at));
  return m;
}

describe("weeklyRedemptions", () => {
  it("counts a reward's redemptions per program-local week (Monday first) with used and cancelled; 2 issued and 1 used make a use rate of 1/2", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const voucher = await createReward(handle.db, reward({ name: "Voucher" }), ctxOf(f));
    const coffee = await createReward(handle.db, reward({ name: "Coffee", pointsPrice: 50 }), ctxOf(f));
    const start = new Date("2026-02-01T12:00:00Z");
    const m = await memberWithPoints(f, 1000, start);
    // Monday 2 March 2026, 00:30 in Berlin is Sunday 1 March 23:30 UTC: it belongs to the week of 2 March.
    const mondayEarly = new Date("2026-03-01T23:30:00Z");
    const redeem = (rewardId: string, key: string, at: Date) => redeemReward(handle.db, { memberId: m.id, rewardId, externalId: key }, ctxOf(f, at));
    const first = await redeem(voucher, "a", mondayEarly);
    await redeem(voucher, "b", new Date("2026-03-04T10:00:00Z"));
    const third = await redeem(voucher, "c", new Date("2026-03-10T10:00:00Z"));
    await redeem(coffee, "d", new Date("2026-03-11T10:00:00Z"));
    // Sunday 22 February, 22:00 in Berlin: the week before, outside a 3-week window ending the week of 9 March.
    await redeem(coffee, "e", new Date("2026-02-22T21:00:00Z"));
    await redeemCode(handle.db, { code: first.code }, ctxOf(f, new Date("2026-03-05T10:00:00Z")));
    await cancelRedemption(handle.db, third.redemptionId, "changed mind", ctxOf(f, new Date("2026-03-10T11:00:00Z")));

    const result = await weeklyRedemptions(handle.db, { programId: f.programId, timeZone: "Europe/Berlin", weeks: 3, now: new Date("2026-03-12T12:00:00Z") });
    expect(result.weeks).toEqual(["2026-02-23", "2026-03-02", "2026-03-09"]);
    expect(result.rewards).toEqual([
      { id: coffee, name: "Coffee" },
      { id: voucher, name: "Voucher" },
    ]);
    expect(result.rows).toEqual([
      { rewardId: voucher, week: "2026-03-02", issued: 2, used: 1, cancelled: 0, points: 200 },
      { rewardId: coffee, week: "2026-03-09", issued: 1, used: 0, cancelled: 0, points: 50 },
      { rewardId: voucher, week: "2026-03-09", issued: 1, used: 0, cancelled: 1, points: 100 },
    ]);
  });

  it("leaves out other programs' redemptions and those after now", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const other = await makeLoyaltyFixture(handle.db);
    const mine = await createReward(handle.db, reward(), ctxOf(f));
    const theirs = await createReward(handle.db, reward(), ctxOf(other));
    const start = new Date("2026-01-01T12:00:00Z");
    const m = await memberWithPoints(f, 500, start);
    const o = await memberWithPoints(other, 500, start);
    await redeemReward(handle.db, { memberId: m.id, rewardId: mine, externalId: "x" }, ctxOf(f, new Date("2026-01-05T10:00:00Z")));
    await redeemReward(handle.db, { memberId: m.id, rewardId: mine, externalId: "later" }, ctxOf(f, new Date("2026-01-20T10:00:00Z")));
    await redeemReward(handle.db, { memberId: o.id, rewardId: theirs, externalId: "y" }, ctxOf(other, new Date("2026-01-05T10:00:00Z")));
    const result = await weeklyRedemptions(handle.db, { programId: f.programId, timeZone: "Europe/Berlin", weeks: 2, now: new Date("2026-01-10T12:00:00Z") });
    expect(result.weeks).toEqual(["2025-12-29", "2026-01-05"]);
    expect(result.rows).toEqual([{ rewardId: mine, week: "2026-01-05", issued: 1, used: 0, cancelled: 0, points: 100 }]);
  });
});

describe("rewardStats", () => {
  it("counts members who can redeem now (enough available points, eligible tier), free codes and vouchers issued", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const gold = await createTier(handle.db, { name: "Gold", rank: 1, threshold: 1_000_000 }, ctxOf(f));
    const cheap = await createReward(handle.db, reward({ name: "Cheap", pointsPrice: 100 }), ctxOf(f));
    const dear = await createReward(handle.db, reward({ name: "Dear", pointsPrice: 300 }), ctxOf(f));
    const goldOnly = await createReward(handle.db, reward({ name: "Gold only", pointsPrice: 10, eligibleTierIds: [gold] }), ctxOf(f));
    await importRewardCodes(handle.db, cheap, ["CODE-0001", "CODE-0002", "CODE-0003"], ctxOf(f));
    const at = new Date("2026-01-01T12:00:00Z");
    const a = await memberWithPoints(f, 350, at);
    await memberWithPoints(f, 150, at);
    await memberWithPoints(f, 50, at);
    // a spends 100 on Cheap (one code given out): 250 left, no longer enough for Dear.
    await redeemReward(handle.db, { memberId: a.id, rewardId: cheap, externalId: "k" }, ctxOf(f, new Date("2026-01-02T12:00:00Z")));

    const stats = await rewardStats(handle.db, { programId: f.programId });
    expect(stats.get(cheap)).toEqual({ eligibleNow: 2, freeCodes: 2, issued: 1 });
    expect(stats.get(dear)).toEqual({ eligibleNow: 0, freeCodes: 0, issued: 0 });
    expect(stats.get(goldOnly)).toEqual({ eligibleNow: 0, freeCodes: 0, issued: 0 });
    expect(stats.size).toBe(3);
  });
});
