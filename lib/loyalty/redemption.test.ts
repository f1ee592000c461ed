import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { redemptionRates } from "@/db/queries/loyalty/rewards";
import { auditLog, lotConsumptions, redemptions, rewards } from "@/db/schema";
import { openTestDatabase } from "@/test/db";
import { ledgerCheck, type LoyaltyFixture, makeLoyaltyFixture, refusal, voucherInput } from "@/test/loyalty";
import { adjustPoints } from "./adjustments";
import { createTier } from "./admin-program";
import { createReward, importRewardCodes, updateReward } from "./admin-rewards";
import { recordReceipt } from "./receipts";
import { cancelRedemption, redeemCode, redeemReward } from "./redemption";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

const NOW = new Date("2026-03-10T16:00:00Z");

const voucher = voucherInput;

/** A program with a base rate and a member holding `points` in lots earned on the given dates. */
async function memberWith(lots: { at: string; points: number }[], policy = {}): Promise<{ f: LoyaltyFixture; m: { id: string; externalId: string } }> {
  const f = await makeLoyaltyFixture(handle.db, { expiryKind: "rolling_months", expiryMonths: 12, ...policy });
  await f.rule({ name: "base", kind: "base_rate", rate: "1" });
  const m = await f.makeMember();
  for (const [i, lot] of lots.entries()) {
    await recordReceipt(handle.db, f.receipt(`L${i}`, m.externalId, lot.at, [{ category: "x", amount: `${lot.points}.00` }]), f.ctx(NOW));
  }
  return { f, m };
}

const ctxOf = (f: LoyaltyFixture) => ({ actor: f.actor, programId: f.programId });

describe("redeemReward", () => {
  it("spends the oldest-expiring lots first and records which: 150 points from lots of 100 (May) and 100 (January) take January's 100, then 50 of May's", async () => {
    const { f, m } = await memberWith([
      { at: "2025-05-01T10:00:00Z", points: 100 },
      { at: "2025-01-15T10:00:00Z", points: 100 },
    ]);
    const reward = await createReward(handle.db, voucher({ pointsPrice: 150 }), ctxOf(f));
    const result = await redeemReward(handle.db, { memberExternalId: m.externalId, rewardId: reward, externalId: "r1" }, f.ctx(NOW));
    expect(result.status).toBe("issued");
    expect(result.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const consumed = await handle.db.select().from(lotConsumptions).where(eq(lotConsumptions.redemptionId, result.redemptionId));
    expect(consumed.map((c) => c.points).sort((a, b) => b - a)).toEqual([100, 50]);
    expect(result.lots.map((l) => l.points)).toEqual([100, 50]);
    expect(result.balance.available).toBe(50);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect(check.cached.redeemed).toBe(150);
  });

  it("the same idempotency key redeems once", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 300 }]);
    const reward = await createReward(handle.db, voucher(), ctxOf(f));
    const first = await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "same" }, f.ctx(NOW));
    const again = await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "same" }, f.ctx(NOW));
    expect(again).toMatchObject({ status: "replayed", redemptionId: first.redemptionId, code: first.code });
    expect((await ledgerCheck(handle.db, f.programId, m.id)).cached.available).toBe(200);
  });

  it("refuses with a clear code: insufficient points, inactive, outside validity, not eligible, out of stock, no codes left", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 120 }]);
    const ctx = f.ctx(NOW);
    const tooDear = await createReward(handle.db, voucher({ pointsPrice: 121 }), ctxOf(f));
    const inactive = await createReward(handle.db, voucher({ active: false }), ctxOf(f));
    const later = await createReward(handle.db, voucher({ validFrom: "2026-04-01T00:00:00Z" }), ctxOf(f));
    const gold = await createTier(handle.db, { name: "Gold", rank: 2, threshold: 10_000 }, ctxOf(f));
    const goldOnly = await createReward(handle.db, voucher({ eligibleTierIds: [gold] }), ctxOf(f));
    const gone = await createReward(handle.db, voucher({ stock: 0 }), ctxOf(f));
    const pool = await createReward(handle.db, voucher({ usesCodePool: true }), ctxOf(f));
    const reasons: string[] = [];
    for (const [i, rewardId] of [tooDear, inactive, later, goldOnly, gone, pool].entries()) {
      reasons.push((await refusal(redeemReward(handle.db, { memberId: m.id, rewardId, externalId: `k${i}` }, ctx))).reason);
    }
    expect(reasons).toEqual(["insufficient_points", "reward_inactive", "outside_validity", "not_eligible", "out_of_stock", "no_codes_left"]);
    expect((await ledgerCheck(handle.db, f.programId, m.id)).cached.available).toBe(120);
  });

  it("a reward with 2 units in stock is redeemed twice, then refused", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 500 }]);
    const reward = await createReward(handle.db, voucher({ stock: 2 }), ctxOf(f));
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "a" }, f.ctx(NOW));
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "b" }, f.ctx(NOW));
    expect((await refusal(redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "c" }, f.ctx(NOW)))).reason).toBe("out_of_stock");
    const [row] = await handle.db.select({ stock: rewards.stock }).from(rewards).where(eq(rewards.id, reward));
    expect(row?.stock).toBe(0);
  });

  it("imported codes are handed out in order, each once", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 500 }]);
    const reward = await createReward(handle.db, voucher(), ctxOf(f));
    expect(await importRewardCodes(handle.db, reward, [`${f.tag}-AAAA`, `${f.tag}-BBBB`], ctxOf(f))).toEqual({ added: 2, duplicates: 0 });
    const codes = [];
    for (const key of ["a", "b"]) codes.push((await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: key }, f.ctx(NOW))).code);
    expect(codes).toEqual([`${f.tag}-AAAA`, `${f.tag}-BBBB`]);
    expect((await refusal(redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "c" }, f.ctx(NOW)))).reason).toBe("no_codes_left");
  });

  it("a points-multiplier reward doubles base points for its 7 days", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 1000 }]);
    const reward = await createReward(handle.db, voucher({ name: "Double week", value: { kind: "points_multiplier", factor: "2", days: 7 }, pointsPrice: 500, costMinor: 0 }), ctxOf(f));
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "boost" }, f.ctx(NOW));
    const during = await recordReceipt(handle.db, f.receipt("B1", m.externalId, "2026-03-12T10:00:00Z", [{ category: "x", amount: "40.00" }]), f.ctx(new Date("2026-03-12T10:00:00Z")));
    expect(during.points).toBe(80);
    const after = await recordReceipt(handle.db, f.receipt("B2", m.externalId, "2026-03-18T10:00:00Z", [{ category: "x", amount: "40.00" }]), f.ctx(new Date("2026-03-18T10:00:00Z")));
    expect(after.points).toBe(40);
  });
});

describe("vouchers", () => {
  it("a code is used once; a used, cancelled or expired code is refused", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 500 }]);
    const reward = await createReward(handle.db, voucher({ voucherDays: 30 }), ctxOf(f));
    const issued = await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "a" }, f.ctx(NOW));
    expect(issued.validUntil).toEqual(new Date("2026-04-09T16:00:00Z"));
    const use = await redeemCode(handle.db, { code: issued.code.toLowerCase() }, f.ctx(NOW));
    expect(use.redemptionId).toBe(issued.redemptionId);
    expect((await refusal(redeemCode(handle.db, { code: issued.code }, f.ctx(NOW)))).reason).toBe("code_used");
    const late = await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "b" }, f.ctx(NOW));
    expect((await refusal(redeemCode(handle.db, { code: late.code }, f.ctx(new Date("2026-05-01T00:00:00Z"))))).reason).toBe("code_expired");
    expect((await refusal(redeemCode(handle.db, { code: `${f.tag}-NOPE` }, f.ctx(NOW)))).reason).toBe("unknown_code");
  });

  it("cancelling an unused voucher refunds its 100 points, restocks it, and is audited; the code is then refused", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 300 }]);
    const reward = await createReward(handle.db, voucher({ stock: 5 }), ctxOf(f));
    const issued = await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "a" }, f.ctx(NOW));
    expect(await cancelRedemption(handle.db, issued.redemptionId, "issued by mistake", f.ctx(NOW))).toEqual({ points: 100 });
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect([check.cached.available, check.cached.redeemed]).toEqual([300, 0]);
    const [row] = await handle.db.select({ stock: rewards.stock }).from(rewards).where(eq(rewards.id, reward));
    expect(row?.stock).toBe(5);
    expect((await refusal(redeemCode(handle.db, { code: issued.code }, f.ctx(NOW)))).reason).toBe("code_cancelled");
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "redemption"), eq(auditLog.entityId, issued.redemptionId)));
    expect(audit.map((a) => a.action)).toEqual(["redemption.cancel"]);
  });
});

describe("adjustments and the rewards report", () => {
  it("an adjustment needs a reason, is audited with the balance before and after, and cannot take more than is available", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 40 }]);
    const added = await adjustPoints(handle.db, { memberId: m.id, points: 25, reason: "goodwill after a late delivery" }, f.ctx(NOW));
    expect(added.balance.available).toBe(65);
    const taken = await adjustPoints(handle.db, { memberExternalId: m.externalId, points: -60, reason: "duplicate purchase" }, f.ctx(NOW));
    expect(taken.balance.available).toBe(5);
    expect((await refusal(adjustPoints(handle.db, { memberId: m.id, points: -6, reason: "too much" }, f.ctx(NOW)))).reason).toBe("insufficient_points");
    expect((await refusal(adjustPoints(handle.db, { memberId: m.id, points: 5, reason: "" }, f.ctx(NOW)))).reason).toBe("invalid_input");
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, "points.adjust"), eq(auditLog.entityId, m.id))).orderBy(auditLog.id);
    expect(audit.map((a) => [(a.before as { available: number }).available, (a.after as { available: number; reason: string }).available, (a.after as { reason: string }).reason])).toEqual([
      [40, 65, "goodwill after a late delivery"],
      [65, 5, "duplicate purchase"],
    ]);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
  });

  it("redemption rates per reward and month: 2 vouchers in March (one used), 1 in April", async () => {
    const { f, m } = await memberWith([{ at: "2026-03-01T10:00:00Z", points: 1000 }]);
    const reward = await createReward(handle.db, voucher(), ctxOf(f));
    const a = await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "a" }, f.ctx(new Date("2026-03-10T10:00:00Z")));
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "b" }, f.ctx(new Date("2026-03-20T10:00:00Z")));
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "c" }, f.ctx(new Date("2026-04-02T10:00:00Z")));
    await redeemCode(handle.db, { code: a.code }, f.ctx(new Date("2026-03-11T10:00:00Z")));
    const rates = await redemptionRates(handle.db, { programId: f.programId, from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-06-01T00:00:00Z"), granularity: "month", timeZone: "Europe/Berlin" });
    expect(rates.map((r) => [r.period, r.redemptions, r.points, r.used, r.costMinor])).toEqual([
      ["2026-03-01", 2, 200, 1, 1000],
      ["2026-04-01", 1, 100, 0, 500],
    ]);
  });

  it("editing a reward is audited with its values before and after", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const reward = await createReward(handle.db, voucher(), ctxOf(f));
    await updateReward(handle.db, reward, voucher({ pointsPrice: 120 }), ctxOf(f));
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "reward"), eq(auditLog.entityId, reward))).orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, (a.before as { pointsPrice?: number } | null)?.pointsPrice ?? null, (a.after as { pointsPrice: number }).pointsPrice])).toEqual([
      ["reward.create", null, 100],
      ["reward.update", 100, 120],
    ]);
    const [count] = await handle.db.select({ id: redemptions.id }).from(redemptions).where(eq(redemptions.rewardId, reward));
    expect(count).toBeUndefined();
  });
});
