import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { members } from "@/db/schema";
import { openTestDatabase } from "@/test/db";
import { makeLoyaltyFixture } from "@/test/loyalty";
import { makeWebhookReceiver } from "@/test/points-api";
import { createTier } from "./admin-program";
import { recordReceipt } from "./receipts";
import { reviewTiers } from "./scheduler";
import { notifyPointsExpiringSoon } from "./webhooks";

let handle: DbHandle;
let receiver: Awaited<ReturnType<typeof makeWebhookReceiver>>;
beforeAll(async () => {
  handle = await openTestDatabase();
  receiver = await makeWebhookReceiver(handle.db, ["points_expiring", "tier_changed"]);
});
afterAll(async () => {
  await receiver.close();
  await handle.close();
});

type Expiring = { data: { memberId: string; memberExternalId: string | null; points: number; expiresAt: string; lotId: number } };

describe("notifyPointsExpiringSoon", () => {
  it("queues points_expiring once per lot, 30 days ahead: 10 points of January first, 5 of March when their turn comes", async () => {
    const f = await makeLoyaltyFixture(handle.db, { expiryKind: "rolling_months", expiryMonths: 12 });
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("S1", m.externalId, "2026-01-10T10:00:00Z", [{ category: "x", amount: "10.00" }]), f.ctx(new Date("2026-01-10T11:00:00Z")));
    await recordReceipt(handle.db, f.receipt("S2", m.externalId, "2026-03-10T10:00:00Z", [{ category: "x", amount: "5.00" }]), f.ctx(new Date("2026-03-10T11:00:00Z")));
    const mine = async () => (await receiver.bodies<Expiring>("points_expiring")).filter((b) => b.data.memberId === m.id).map((b) => [b.data.points, b.data.expiresAt]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));

    // 21 days before the January lot expires; the March lot is 80 days away.
    expect(await notifyPointsExpiringSoon(handle.db, new Date("2026-12-20T00:00:00Z"), { programId: f.programId })).toEqual({ lots: 1, notices: 1 });
    expect(await mine()).toEqual([[10, "2027-01-10T10:00:00.000Z"]]);
    // Rerun the same day, and a day later: nothing new.
    expect((await notifyPointsExpiringSoon(handle.db, new Date("2026-12-20T00:00:00Z"), { programId: f.programId })).lots).toBe(0);
    expect((await notifyPointsExpiringSoon(handle.db, new Date("2026-12-21T00:00:00Z"), { programId: f.programId })).lots).toBe(0);
    // 18 days before the March lot expires.
    await notifyPointsExpiringSoon(handle.db, new Date("2027-02-20T00:00:00Z"), { programId: f.programId });
    expect(await mine()).toEqual([
      [10, "2027-01-10T10:00:00.000Z"],
      [5, "2027-03-10T10:00:00.000Z"],
    ]);
    const bodies = (await receiver.bodies<Expiring>("points_expiring")).filter((b) => b.data.memberId === m.id);
    expect(bodies.map((b) => b.data.memberExternalId)).toEqual([m.externalId, m.externalId]);
    expect(new Set(bodies.map((b) => b.data.lotId)).size).toBe(2);
  });

  it("claims an erased member's lot without sending anything", async () => {
    const f = await makeLoyaltyFixture(handle.db, { expiryKind: "rolling_months", expiryMonths: 12 });
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("S1", m.externalId, "2026-01-10T10:00:00Z", [{ category: "x", amount: "10.00" }]), f.ctx(new Date("2026-01-10T11:00:00Z")));
    await handle.db.update(members).set({ status: "erased" }).where(eq(members.id, m.id));
    expect(await notifyPointsExpiringSoon(handle.db, new Date("2026-12-20T00:00:00Z"), { programId: f.programId })).toEqual({ lots: 1, notices: 0 });
    expect((await receiver.bodies<Expiring>("points_expiring")).filter((b) => b.data.memberId === m.id)).toEqual([]);
  });
});

describe("reviewTiers", () => {
  it("queues tier_changed (down, Gold to Silver) for a member the yearly review moves", async () => {
    const f = await makeLoyaltyFixture(handle.db, { tierWindowMonths: 12, tierReviewMonths: 12, tierDowngradePolicy: "one_step" });
    const ctx = { actor: f.actor, programId: f.programId };
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    await createTier(handle.db, { name: "Silver", rank: 1, threshold: 300 }, ctx);
    await createTier(handle.db, { name: "Gold", rank: 2, threshold: 1000 }, ctx);
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("A1", m.externalId, "2024-12-10T10:00:00Z", [{ category: "x", amount: "1000.00" }]), f.ctx(new Date("2024-12-10T11:00:00Z")));
    await recordReceipt(handle.db, f.receipt("A2", m.externalId, "2025-06-10T10:00:00Z", [{ category: "x", amount: "250.00" }]), f.ctx(new Date("2025-06-10T11:00:00Z")));
    await reviewTiers(handle.db, new Date("2026-01-02T08:00:00Z"), { programId: f.programId });
    const events = (await receiver.bodies("tier_changed")).filter((b) => b.data.memberId === m.id);
    expect(events.map((e) => e.data)).toEqual([
      { memberId: m.id, memberExternalId: m.externalId, fromTier: "Gold", toTier: "Silver", direction: "down", changedAt: "2026-01-02T08:00:00.000Z" },
    ]);
  });
});
