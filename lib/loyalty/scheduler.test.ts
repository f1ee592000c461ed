import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { listPointsExpiringSoon, listTierChanges } from "@/db/queries/loyalty/points";
import { lotConsumptions, memberPoints, memberTierHistory, pointsEntries, pointsLots } from "@/db/schema";
import { openTestDatabase } from "@/test/db";
import { ledgerCheck, makeLoyaltyFixture } from "@/test/loyalty";
import { createTier } from "./admin-program";
import { createReward } from "./admin-rewards";
import { getMemberLoyalty } from "./member-loyalty";
import { recordReceipt } from "./receipts";
import { redeemReward } from "./redemption";
import { recordReturn } from "./returns";
import { expirePoints, releasePendingPoints, reviewTiers } from "./scheduler";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe("expirePoints", () => {
  it("expires only what is left of a lot: 100 earned, 70 redeemed, 30 expire after 12 months; the redeemed 70 stay spent", async () => {
    const f = await makeLoyaltyFixture(handle.db, { expiryKind: "rolling_months", expiryMonths: 12 });
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const reward = await createReward(handle.db, { name: "v", value: { kind: "percent_off", percent: 10 }, pointsPrice: 70, costMinor: 100, costCurrency: "EUR" }, { actor: f.actor, programId: f.programId });
    const m = await f.makeMember();
    const sale = await recordReceipt(handle.db, f.receipt("S1", m.externalId, "2025-03-01T10:00:00Z", [{ category: "x", amount: "100.00" }]), f.ctx(new Date("2025-03-01T11:00:00Z")));
    const redeemed = await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "r" }, f.ctx(new Date("2025-06-01T00:00:00Z")));

    // The day before expiry nothing happens; on 1 March 2026 the remaining 30 go.
    expect((await expirePoints(handle.db, new Date("2026-02-28T00:00:00Z"), { programId: f.programId })).points).toBe(0);
    const run = await expirePoints(handle.db, new Date("2026-03-01T12:00:00Z"), { programId: f.programId });
    expect(run).toEqual({ members: 1, lots: 1, points: 30 });
    const [lot] = await handle.db.select().from(pointsLots).where(eq(pointsLots.transactionId, sale.transactionId));
    const consumed = await handle.db.select().from(lotConsumptions).where(eq(lotConsumptions.lotId, lot?.id ?? 0)).orderBy(lotConsumptions.id);
    expect(consumed.map((c) => [c.kind, c.points, c.redemptionId])).toEqual([
      ["redeem", 70, redeemed.redemptionId],
      ["expire", 30, null],
    ]);
    expect(lot?.remaining).toBe(0);
    // Running again expires nothing more.
    expect((await expirePoints(handle.db, new Date("2026-03-02T00:00:00Z"), { programId: f.programId })).lots).toBe(0);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect([check.cached.available, check.cached.redeemed]).toEqual([0, 70]);
  });

  it("lists members whose points expire within 30 days", async () => {
    const f = await makeLoyaltyFixture(handle.db, { expiryKind: "rolling_months", expiryMonths: 12 });
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("S1", m.externalId, "2025-03-20T10:00:00Z", [{ category: "x", amount: "12.00" }]), f.ctx(new Date("2025-03-20T11:00:00Z")));
    const soon = await listPointsExpiringSoon(handle.db, { programId: f.programId, now: new Date("2026-03-01T00:00:00Z"), withinDays: 30 });
    expect(soon).toEqual([{ memberId: m.id, points: 12, firstExpiresAt: new Date("2026-03-20T10:00:00Z") }]);
  });
});

describe("releasePendingPoints", () => {
  it("pending points become available when the 14-day return window closes, and pay points owed first", async () => {
    const f = await makeLoyaltyFixture(handle.db, { returnWindowDays: 14 });
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const reward = await createReward(handle.db, { name: "v", value: { kind: "percent_off", percent: 10 }, pointsPrice: 60, costMinor: 100, costCurrency: "EUR" }, { actor: f.actor, programId: f.programId });
    const m = await f.makeMember();
    // An old purchase (available), spent on a reward, then returned: the member owes 60.
    await recordReceipt(handle.db, f.receipt("OLD", m.externalId, "2026-01-01T10:00:00Z", [{ category: "x", amount: "60.00" }]), f.ctx(new Date("2026-03-01T00:00:00Z")));
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "r" }, f.ctx(new Date("2026-03-01T00:00:00Z")));
    await recordReturn(handle.db, { externalId: "OLD-R", originalExternalId: "OLD", occurredAt: "2026-03-02T10:00:00Z" }, f.ctx(new Date("2026-03-02T10:00:00Z")));
    // A new purchase of 100 is pending until 24 March.
    await recordReceipt(handle.db, f.receipt("NEW", m.externalId, "2026-03-10T10:00:00Z", [{ category: "x", amount: "100.00" }]), f.ctx(new Date("2026-03-10T10:00:00Z")));
    let check = await ledgerCheck(handle.db, f.programId, m.id);
    expect([check.cached.available, check.cached.pending, check.cached.debt]).toEqual([-60, 100, 60]);

    expect((await releasePendingPoints(handle.db, new Date("2026-03-24T09:59:59Z"), { programId: f.programId })).lots).toBe(0);
    expect(await releasePendingPoints(handle.db, new Date("2026-03-24T10:00:00Z"), { programId: f.programId })).toEqual({ members: 1, lots: 1, points: 100 });
    check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect([check.cached.available, check.cached.pending, check.cached.debt, check.lotsAvailable]).toEqual([40, 0, 0, 40]);
    const settled = await handle.db.select().from(lotConsumptions).innerJoin(pointsLots, eq(pointsLots.id, lotConsumptions.lotId)).where(and(eq(pointsLots.memberId, m.id), eq(lotConsumptions.kind, "settle")));
    expect(settled.map((s) => s.lot_consumptions.points)).toEqual([60]);
  });
});

describe("reviewTiers", () => {
  it("at the yearly review a Gold member with 250 points in the last 12 months moves one tier down to Silver (one_step), once", async () => {
    const f = await makeLoyaltyFixture(handle.db, { tierWindowMonths: 12, tierReviewMonths: 12, tierDowngradePolicy: "one_step" });
    const ctx = { actor: f.actor, programId: f.programId };
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    await createTier(handle.db, { name: "Member", rank: 0, threshold: 0 }, ctx);
    const silver = await createTier(handle.db, { name: "Silver", rank: 1, threshold: 300 }, ctx);
    const gold = await createTier(handle.db, { name: "Gold", rank: 2, threshold: 1000 }, ctx);
    const m = await f.makeMember();
    const stays = await f.makeMember();
    // m reached Gold in December 2024 and earned 250 points in 2025; `stays` earned 1,100 in September 2025.
    await recordReceipt(handle.db, f.receipt("A1", m.externalId, "2024-12-10T10:00:00Z", [{ category: "x", amount: "1000.00" }]), f.ctx(new Date("2024-12-10T11:00:00Z")));
    await recordReceipt(handle.db, f.receipt("A2", m.externalId, "2025-06-10T10:00:00Z", [{ category: "x", amount: "250.00" }]), f.ctx(new Date("2025-06-10T11:00:00Z")));
    await recordReceipt(handle.db, f.receipt("B1", stays.externalId, "2025-09-10T10:00:00Z", [{ category: "x", amount: "1100.00" }]), f.ctx(new Date("2025-09-10T11:00:00Z")));
    const tierOf = async (memberId: string) =>
      (await handle.db.select({ tierId: memberPoints.tierId }).from(memberPoints).where(and(eq(memberPoints.programId, f.programId), eq(memberPoints.memberId, memberId))))[0]?.tierId;
    expect(await tierOf(m.id)).toBe(gold);

    // Reviewed on 2 January 2026 (the boundary is 1 January, Berlin): the window is January-December 2025.
    const [review] = await reviewTiers(handle.db, new Date("2026-01-02T08:00:00Z"), { programId: f.programId });
    expect(review).toMatchObject({ boundary: new Date("2025-12-31T23:00:00Z"), members: 2, upgraded: 0, downgraded: 1 });
    expect([await tierOf(m.id), await tierOf(stays.id)]).toEqual([silver, gold]);
    const [again] = await reviewTiers(handle.db, new Date("2026-01-03T08:00:00Z"), { programId: f.programId });
    expect(again?.boundary).toBeNull();
    const history = await handle.db.select().from(memberTierHistory).where(and(eq(memberTierHistory.memberId, m.id), eq(memberTierHistory.reason, "review")));
    expect(history.map((h) => [h.fromTierId, h.toTierId, h.qualifyingAmount])).toEqual([[gold, silver, 250]]);
    // The feed of tier changes ("tier changed" webhooks): m's upgrades to Gold, `stays`'s, then the review.
    const changes = await listTierChanges(handle.db, { programId: f.programId });
    expect(changes.map((c) => [c.memberId === m.id ? "m" : "stays", c.toTierId, c.reason])).toEqual([
      ["m", gold, "upgrade"],
      ["stays", gold, "upgrade"],
      ["m", silver, "review"],
    ]);
    expect(await listTierChanges(handle.db, { programId: f.programId, afterId: changes[1]?.id })).toHaveLength(1);
  });

  it("the member page's panel shows balance, tier, progress to the next tier and lots with expiry", async () => {
    const f = await makeLoyaltyFixture(handle.db, { returnWindowDays: 14, expiryMonths: 24 });
    const ctx = { actor: f.actor, programId: f.programId };
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    await createTier(handle.db, { name: "Member", rank: 0, threshold: 0 }, ctx);
    const silver = await createTier(handle.db, { name: "Silver", rank: 1, threshold: 300 }, ctx);
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("S1", m.externalId, "2026-03-01T10:00:00Z", [{ category: "x", amount: "120.00" }]), f.ctx(new Date("2026-03-20T00:00:00Z")));
    await recordReceipt(handle.db, f.receipt("S2", m.externalId, "2026-03-15T10:00:00Z", [{ category: "x", amount: "45.00" }]), f.ctx(new Date("2026-03-20T00:00:00Z")));
    const panel = await getMemberLoyalty(handle.db, { memberId: m.id, scope: { kind: "all" }, programId: f.programId, now: new Date("2026-03-20T00:00:00Z") });
    expect(panel?.balance).toMatchObject({ available: 120, pending: 45 });
    expect(panel?.tier).toMatchObject({ amount: 165, next: { id: silver }, toGo: 135, basis: "points" });
    expect(panel?.lots.map((l) => [l.remaining, l.status, l.expiresAt?.toISOString()])).toEqual([
      [120, "available", "2028-03-01T10:00:00.000Z"],
      [45, "pending", "2028-03-15T10:00:00.000Z"],
    ]);
    expect(await getMemberLoyalty(handle.db, { memberId: m.id, scope: { kind: "stores", storeIds: [] }, programId: f.programId })).toBeNull();
    const entries = await handle.db.select().from(pointsEntries).where(eq(pointsEntries.memberId, m.id));
    expect(entries).toHaveLength(2);
  });
});
