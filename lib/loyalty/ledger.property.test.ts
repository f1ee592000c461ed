import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { redemptions } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { openTestDatabase } from "@/test/db";
import { ledgerCheck, makeLoyaltyFixture, type LoyaltyFixture } from "@/test/loyalty";
import { adjustPoints } from "./adjustments";
import { createReward } from "./admin-rewards";
import { LoyaltyError } from "./errors";
import { recordReceipt } from "./receipts";
import { redeemReward } from "./redemption";
import { recordReturn } from "./returns";
import { expirePoints, releasePendingPoints } from "./scheduler";

/**
 * Random sequences of earn, redeem, return, expire (time passing), release and adjust on one member,
 * with either negative-balance policy: after every step the cached balance equals the ledger, no lot gives
 * more than it holds, redeemed points never come back out of their lots, debt only exists while no lot can
 * pay it, and the balance equals what the operations' own answers add up to.
 */

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

type Op =
  | { kind: "earn"; days: number; ago: number; lines: { euros: number; quantity: number; books: boolean }[] }
  | { kind: "redeem"; days: number; reward: number }
  | { kind: "return"; days: number; sale: number; recent: boolean; whole: boolean; line: number }
  | { kind: "adjust"; days: number; points: number }
  | { kind: "time"; days: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("earn" as const), days: fc.nat(20), ago: fc.nat(6), lines: fc.array(fc.record({ euros: fc.integer({ min: 1, max: 90 }), quantity: fc.integer({ min: 1, max: 3 }), books: fc.boolean() }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("redeem" as const), days: fc.nat(20), reward: fc.nat(2) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("return" as const), days: fc.nat(10), sale: fc.nat(20), recent: fc.boolean(), whole: fc.boolean(), line: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("adjust" as const), days: fc.nat(5), points: fc.integer({ min: -60, max: 80 }).filter((p) => p !== 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), days: fc.integer({ min: 10, max: 200 }) }) },
);

const DAY = 86_400_000;
const PRICES = [20, 60, 150];

async function runSequence(ops: readonly Op[], policy: "allow_negative" | "write_off"): Promise<void> {
  const f: LoyaltyFixture = await makeLoyaltyFixture(handle.db, { negativeBalancePolicy: policy, returnWindowDays: 3, expiryKind: "rolling_months", expiryMonths: 6 });
  await f.rule({ name: "base", kind: "base_rate", rate: "1" });
  await f.rule({ name: "books ×2", kind: "multiplier", factor: "2", conditions: { categories: ["books"] } });
  const admin = { actor: f.actor, programId: f.programId };
  const rewards = [];
  for (const price of PRICES) rewards.push(await createReward(handle.db, { name: `r${price}`, value: { kind: "percent_off", percent: 10 }, pointsPrice: price, costMinor: 100, costCurrency: "EUR" }, admin));
  const m = await f.makeMember();
  let clock = new Date("2026-01-05T10:00:00Z").getTime();
  const sales: string[] = [];
  // What the operations' answers say the balance is (available + pending, points owed counted negative).
  let expected = 0;

  for (const [step, op] of ops.entries()) {
    clock += op.days * DAY;
    const now = new Date(clock);
    const ctx = f.ctx(now);
    // The scheduler runs as time passes: pending points become available, old points expire.
    await releasePendingPoints(handle.db, now, { programId: f.programId });
    expected -= (await expirePoints(handle.db, now, { programId: f.programId })).points;
    try {
      if (op.kind === "earn") {
        const id = `S${step}`;
        const lines = op.lines.map((l) => ({ category: l.books ? "books" : "tea", amount: `${l.euros}.00`, quantity: l.quantity }));
        // Some receipts arrive days late: past the 3-day return window their points are available at once.
        const result = await recordReceipt(handle.db, f.receipt(id, m.externalId, new Date(clock - op.ago * DAY).toISOString(), lines), ctx);
        sales.push(id);
        expected += result.points;
      } else if (op.kind === "redeem") {
        const result = await redeemReward(handle.db, { memberId: m.id, rewardId: rewards[op.reward] ?? "", externalId: `K${step}` }, ctx);
        expected -= result.points;
      } else if (op.kind === "return" && sales.length > 0) {
        // Half the returns are of the latest sale, whose points are most likely spent already.
        const sale = (op.recent ? sales[sales.length - 1] : sales[op.sale % sales.length]) ?? "";
        const input = { externalId: `${sale}-R${step}`, originalExternalId: sale, occurredAt: now.toISOString(), ...(op.whole ? {} : { lines: [{ lineNo: op.line + 1, quantity: 1 }] }) };
        const result = await recordReturn(handle.db, input, ctx);
        expected += -result.points + result.writtenOff;
      } else if (op.kind === "adjust") {
        const result = await adjustPoints(handle.db, { memberId: m.id, points: op.points, reason: `step ${step}` }, ctx);
        expected += result.points;
      }
    } catch (error) {
      // Refusals the policies allow: not enough points, points owed, nothing left of a line to return.
      if (!(error instanceof LoyaltyError)) throw error;
      expect(["insufficient_points", "balance_negative", "nothing_to_return", "return_exceeds_sale", "invalid_input"]).toContain(error.reason);
      if (error.reason === "invalid_input") expect(error.message).toMatch(/no line|nothing to refund/);
    }

    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect(check.inconsistentLots).toBe(0);
    expect(check.cached.available + check.cached.pending).toBe(expected);
    if (check.cached.debt > 0) expect(check.lotsAvailable).toBe(0);
    if (policy === "write_off") {
      expect(check.cached.debt).toBe(0);
      expect(check.cached.available).toBeGreaterThanOrEqual(0);
    }
  }

  // Every redemption still holds exactly its price in its lots' consumptions: expiry never took redeemed points.
  const held = await selectRows<{ points: number; consumed: number }>(
    handle.db,
    sql`select r.points, coalesce((select sum(c.points) from lot_consumptions c where c.redemption_id = r.id), 0)::int as consumed
          from redemptions r where r.member_id = ${m.id}`,
  );
  for (const row of held) expect(row.consumed).toBe(row.points);
  const [count] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(redemptions).where(eq(redemptions.memberId, m.id));
  expect(count?.n).toBe(held.length);
}

describe("ledger invariants under random sequences", () => {
  it("hold for 50 sequences of up to 14 operations (earn, redeem, return, adjust, time passing with expiry and release) under both policies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 14 }), fc.constantFrom("allow_negative" as const, "write_off" as const), runSequence),
      { numRuns: 50 },
    );
  });
});
