import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { categories, members, staffUsers } from "@/db/schema";
import { createTier, deactivateTier } from "@/lib/loyalty/admin-program";
import { recordReceipt } from "@/lib/loyalty/receipts";
import { openTestDatabase } from "@/test/db";
import { makeLoyaltyFixture } from "@/test/loyalty";
import { findMemberInScope, listTiers, loyaltyOptions, staffNames } from "./admin-views";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe("listTiers", () => {
  it("lists active tiers by rank, then retired ones, with their benefits and how many members hold each", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const ctx = { actor: f.actor, programId: f.programId };
    const member = await createTier(handle.db, { name: "Member", rank: 0, threshold: 0 }, ctx);
    const gold = await createTier(handle.db, { name: "Gold", rank: 2, threshold: 100, earningFactor: "1.50", benefits: ["lounge"] }, ctx);
    const old = await createTier(handle.db, { name: "Old", rank: 1, threshold: 50 }, ctx);
    await deactivateTier(handle.db, old, ctx);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    // 20.00 EUR earn 20 points: the member qualifies for Member (0) at once, not Gold (100).
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("R1", m.externalId, "2026-03-10T10:00:00+01:00", [{ category: "x", amount: "20.00" }]), f.ctx(new Date("2026-03-10T12:00:00Z")));

    const tiers = await listTiers(handle.db, { programId: f.programId });
    expect(tiers.map((t) => [t.id, t.name, t.rank, t.threshold, t.earningFactor, t.benefits, t.active, t.members])).toEqual([
      [member, "Member", 0, 0, "1", [], true, 1],
      [gold, "Gold", 2, 100, "1.5", ["lounge"], true, 0],
      [old, "Old", 1, 50, "1", [], false, 0],
    ]);
  });
});

describe("loyaltyOptions and findMemberInScope", () => {
  it("a store manager's options hold only their stores, and a member of another store is not found for them", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const code = `cat-${randomUUID().slice(0, 8)}`;
    await handle.db.insert(categories).values({ code, name: `Category ${code}` });
    const externalId = `${f.tag}-home`;
    await handle.db.insert(members).values({ externalId, joinedAt: new Date("2025-01-01T00:00:00Z"), homeStoreId: f.store.id });

    const mine = await loyaltyOptions(handle.db, { scope: { kind: "stores", storeIds: [f.online.id] } });
    expect(mine.stores.map((s) => [s.id, s.code, s.kind, s.currency])).toEqual([[f.online.id, f.online.code, "online", "EUR"]]);
    expect(mine.categories).toContainEqual({ code, name: `Category ${code}` });
    expect(mine.channels).toEqual(["pos", "online", "app"]);
    const all = await loyaltyOptions(handle.db, { scope: { kind: "all" } });
    expect(all.stores.map((s) => s.id)).toEqual(expect.arrayContaining([f.store.id, f.online.id]));

    expect(await findMemberInScope(handle.db, { externalId, scope: { kind: "all" } })).toEqual({ id: expect.any(String) });
    expect(await findMemberInScope(handle.db, { externalId, scope: { kind: "stores", storeIds: [f.store.id] } })).not.toBeNull();
    expect(await findMemberInScope(handle.db, { externalId, scope: { kind: "stores", storeIds: [f.online.id] } })).toBeNull();
    expect(await findMemberInScope(handle.db, { externalId: `${f.tag}-nobody`, scope: { kind: "all" } })).toBeNull();
  });
});

describe("staffNames", () => {
  it("names the staff ids it knows and skips the rest", async () => {
    const [row] = await handle.db
      .insert(staffUsers)
      .values({ email: `${randomUUID()}@names.test`, name: "Nora Names", role: "admin", passwordHash: "x" })
      .returning({ id: staffUsers.id });
    const names = await staffNames(handle.db, [row!.id, randomUUID(), null, "not-a-uuid"]);
    expect([...names]).toEqual([[row!.id, "Nora Names"]]);
  });
});
