import { drizzle } from "drizzle-orm/postgres-js";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/db/client";
import * as schema from "@/db/schema";
import { redemptions, transactions } from "@/db/schema";
import { openTestDatabase } from "@/test/db";
import { ledgerCheck, makeLoyaltyFixture } from "@/test/loyalty";
import { adjustPoints } from "./adjustments";
import { createReward } from "./admin-rewards";
import { LoyaltyError } from "./errors";
import { recordReceipt } from "./receipts";
import { redeemReward } from "./redemption";

/**
 * Many requests for one member at once. On PostgreSQL (DATABASE_URL) they really run concurrently, over a
 * pool of 24 connections; on PGlite, which has one connection, the same requests queue up and run one
 * after the other, interleaved between their statements.
 */

let handle: DbHandle;
let db: Db;
let pool: postgres.Sql | null = null;

beforeAll(async () => {
  handle = await openTestDatabase();
  if (handle.driver === "postgres" && handle.url) {
    pool = postgres(handle.url, { max: 24, onnotice: () => {} });
    db = drizzle(pool, { schema, casing: "snake_case" }) as unknown as Db;
  } else {
    db = handle.db;
  }
});
afterAll(async () => {
  await pool?.end({ timeout: 5 });
  await handle.close();
});

const AT = "2026-03-10T10:00:00Z";
const NOW = new Date("2026-03-10T11:00:00Z");

/** A fixed permutation: stepping by 77 through 200 items (77 and 200 share no factor) visits each once. */
function shuffled<T>(items: T[]): T[] {
  return items.map((_, i) => items[(i * 77) % items.length] as T);
}

describe("one member, many requests at once", () => {
  it("200 requests (50 receipts of 10 points and 50 redemptions of 20, each sent twice) on 1,000 points end at 1,000 + 500 - 1,000 = 500", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const reward = await createReward(handle.db, { name: "v", value: { kind: "percent_off", percent: 5 }, pointsPrice: 20, costMinor: 10, costCurrency: "EUR" }, { actor: f.actor, programId: f.programId });
    const m = await f.makeMember();
    await adjustPoints(handle.db, { memberId: m.id, points: 1000, reason: "opening balance" }, f.ctx(NOW));

    const requests: (() => Promise<{ kind: string; key: string; id: string }>)[] = [];
    for (let i = 0; i < 50; i++) {
      for (let attempt = 0; attempt < 2; attempt++) {
        requests.push(async () => {
          const r = await recordReceipt(db, f.receipt(`R${i}`, m.externalId, AT, [{ category: "x", amount: "10.00" }]), f.ctx(NOW));
          return { kind: "receipt", key: `R${i}`, id: String(r.transactionId) };
        });
        requests.push(async () => {
          const r = await redeemReward(db, { memberId: m.id, rewardId: reward, externalId: `K${i}` }, f.ctx(NOW));
          return { kind: "redemption", key: `K${i}`, id: r.redemptionId };
        });
      }
    }
    expect(requests).toHaveLength(200);
    const answers = await Promise.all(shuffled(requests).map((request) => request()));
    expect(answers).toHaveLength(200);

    // Each retry answered with the same receipt or redemption as its twin.
    const idsByKey = new Map<string, Set<string>>();
    for (const a of answers) idsByKey.set(a.key, (idsByKey.get(a.key) ?? new Set()).add(a.id));
    expect([...idsByKey.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(idsByKey.size).toBe(100);

    const [receipts] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(transactions).where(eq(transactions.source, f.ctx().source));
    const [redeemed] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(redemptions).where(eq(redemptions.memberId, m.id));
    expect([receipts?.n, redeemed?.n]).toEqual([50, 50]);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect([check.cached.available, check.cached.earned, check.cached.redeemed]).toEqual([500, 500, 1000]);
  });

  it("40 different redemptions of 20 points at once on a balance of 500: exactly 25 go through, 15 are refused, and the balance ends at 0, never below", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const reward = await createReward(handle.db, { name: "v", value: { kind: "percent_off", percent: 5 }, pointsPrice: 20, costMinor: 10, costCurrency: "EUR" }, { actor: f.actor, programId: f.programId });
    const m = await f.makeMember();
    await adjustPoints(handle.db, { memberId: m.id, points: 500, reason: "opening balance" }, f.ctx(NOW));
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        redeemReward(db, { memberId: m.id, rewardId: reward, externalId: `K${i}` }, f.ctx(NOW)).then(
          () => "issued",
          (error: unknown) => (error instanceof LoyaltyError ? error.reason : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "issued")).toHaveLength(25);
    expect(outcomes.filter((o) => o === "insufficient_points")).toHaveLength(15);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect([check.cached.available, check.cached.debt, check.inconsistentLots]).toEqual([0, 0, 0]);
  });

  it("10 first receipts of a new member at once: the 50-point welcome bonus goes to exactly one (each reads after the one before committed)", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    await f.rule({ name: "Welcome", kind: "bonus", trigger: "first_purchase", points: 50 });
    const m = await f.makeMember();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => recordReceipt(db, f.receipt(`W${i}`, m.externalId, AT, [{ category: "x", amount: "10.00" }]), f.ctx(NOW))),
    );
    expect(results.map((r) => r.points).sort((a, b) => b - a)).toEqual([60, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect(check.cached.available).toBe(150);
  });
});
