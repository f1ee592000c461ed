import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { pointsEntries, tierProgress, transactionLines, transactions } from "@/db/schema";
import { openTestDatabase } from "@/test/db";
import { ledgerCheck, type LoyaltyFixture, makeLoyaltyFixture, refusal } from "@/test/loyalty";
import { setEarningRuleActive } from "./admin-rules";
import { createReward } from "./admin-rewards";
import { recordReceipt } from "./receipts";
import { redeemReward } from "./redemption";
import { recordReturn } from "./returns";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

const AT = "2026-03-10T15:00:00+01:00"; // Tuesday afternoon, Berlin
const NOW = new Date("2026-03-10T16:00:00Z");
const LATER = new Date("2026-03-12T10:00:00Z");

async function expectLedgerConsistent(f: LoyaltyFixture, memberId: string) {
  const check = await ledgerCheck(handle.db, f.programId, memberId);
  expect(check.cached).toEqual(check.ledger);
  expect(check.inconsistentLots).toBe(0);
  return check;
}

describe("returns take back exactly the returned lines' points", () => {
  it("a return of lines that earned double points in a promotion reverses exactly those points", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "1 point per euro", kind: "base_rate", rate: "1" });
    const promo = await f.rule({ name: "Double points on Books on weekday afternoons", kind: "multiplier", factor: "2", conditions: { categories: ["books"], weekdays: [1, 2, 3, 4, 5], timeFrom: "14:00", timeTo: "17:00" } });
    const m = await f.makeMember();
    // 2 books for 30.00 at 2x = 60 points, tea 5.00 = 5 points.
    const sale = await recordReceipt(handle.db, f.receipt("S1", m.externalId, AT, [{ category: "books", amount: "30.00", quantity: 2 }, { category: "tea", amount: "5.00" }]), f.ctx(NOW));
    expect(sale.points).toBe(65);
    // The promotion is over before the return: the return still takes back what the promotion gave.
    await setEarningRuleActive(handle.db, promo.ruleId, false, { actor: f.actor, programId: f.programId });

    const one = await recordReturn(handle.db, { externalId: "S1-R1", originalExternalId: "S1", occurredAt: "2026-03-12T11:00:00+01:00", lines: [{ lineNo: 1, quantity: 1 }] }, f.ctx(LATER));
    expect(one).toMatchObject({ points: 30, amountMinor: 1500, debt: 0 });
    expect(one.lines[0]?.shares.map((s) => [s.kind, s.ruleId === promo.ruleId, s.points])).toEqual([
      ["base_rate", false, -15],
      ["multiplier", true, -15],
    ]);
    const rest = await recordReturn(handle.db, { externalId: "S1-R2", originalExternalId: "S1", occurredAt: "2026-03-12T12:00:00+01:00", lines: [{ lineNo: 1, quantity: 1 }] }, f.ctx(LATER));
    expect(rest.points).toBe(30);
    const check = await expectLedgerConsistent(f, m.id);
    expect(check.cached.available).toBe(5);
    expect(check.cached.earned).toBe(5);

    const reversed = await handle.db
      .select({ lineNo: pointsEntries.lineNo, points: pointsEntries.points })
      .from(pointsEntries)
      .innerJoin(transactions, eq(transactions.id, pointsEntries.transactionId))
      .where(and(eq(transactions.originalTransactionId, sale.transactionId), eq(pointsEntries.kind, "reverse")));
    expect(reversed.reduce((s, e) => s + e.points, 0)).toBe(-60);
    expect(new Set(reversed.map((e) => e.lineNo))).toEqual(new Set([1]));
  });

  it("a return line keeps the sale's line number and negative quantity and amount; a third return of the line is refused", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    const sale = await recordReceipt(handle.db, f.receipt("S1", m.externalId, AT, [{ category: "tea", amount: "5.00" }, { category: "mugs", amount: "10.00", quantity: 3 }]), f.ctx(NOW));
    const ret = await recordReturn(handle.db, { externalId: "S1-R", originalExternalId: "S1", occurredAt: "2026-03-11T10:00:00Z", lines: [{ lineNo: 2, quantity: 3 }] }, f.ctx(LATER));
    const lines = await handle.db.select().from(transactionLines).where(eq(transactionLines.transactionId, ret.transactionId));
    expect(lines.map((l) => [l.lineNo, l.quantity, l.amountMinor])).toEqual([[2, -3, -1000]]);
    const [row] = await handle.db.select().from(transactions).where(eq(transactions.id, ret.transactionId));
    expect(row).toMatchObject({ kind: "return", originalTransactionId: sale.transactionId, totalMinor: -1000, itemCount: -3 });
    const again = await refusal(recordReturn(handle.db, { externalId: "S1-R2", originalExternalId: "S1", occurredAt: "2026-03-11T11:00:00Z", lines: [{ lineNo: 2, quantity: 1 }] }, f.ctx(LATER)));
    expect(again.reason).toBe("return_exceeds_sale");
  });

  it("the same return sent again answers the first and takes nothing more", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("S1", m.externalId, AT, [{ category: "tea", amount: "40.00" }]), f.ctx(NOW));
    const input = { externalId: "S1-R", originalExternalId: "S1", occurredAt: "2026-03-11T10:00:00Z" };
    const first = await recordReturn(handle.db, input, f.ctx(LATER));
    const again = await recordReturn(handle.db, input, f.ctx(LATER));
    expect(again).toMatchObject({ status: "replayed", transactionId: first.transactionId, points: 40, amountMinor: 4000 });
    expect((await expectLedgerConsistent(f, m.id)).cached.available).toBe(0);
  });

  it("a return reduces tier progress in the sale's month by exactly the returned lines' points and spend", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    await f.rule({ name: "books ×2", kind: "multiplier", factor: "2", conditions: { categories: ["books"] } });
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("S1", m.externalId, AT, [{ category: "books", amount: "20.00" }, { category: "tea", amount: "7.00" }]), f.ctx(NOW));
    await recordReturn(handle.db, { externalId: "S1-R", originalExternalId: "S1", occurredAt: "2026-04-02T10:00:00Z", lines: [{ lineNo: 1, quantity: 1 }] }, f.ctx(new Date("2026-04-02T10:00:00Z")));
    const rows = await handle.db.select().from(tierProgress).where(and(eq(tierProgress.programId, f.programId), eq(tierProgress.memberId, m.id)));
    // Sale: 40 + 7 points, 27.00 spent in March; the books (40 points, 20.00) came back in April but count against March.
    expect(rows.map((r) => [r.month, r.points, r.spendMinor])).toEqual([["2026-03-01", 7, 700]]);
  });
});

describe("negative balance policy", () => {
  async function spentThenReturned(policy: "allow_negative" | "write_off") {
    const f = await makeLoyaltyFixture(handle.db, { negativeBalancePolicy: policy });
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const reward = await createReward(
      handle.db,
      { name: "Voucher", value: { kind: "amount_off", amountMinor: 500, currency: "EUR" }, pointsPrice: 80, costMinor: 500, costCurrency: "EUR" },
      { actor: f.actor, programId: f.programId },
    );
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("S1", m.externalId, AT, [{ category: "tea", amount: "100.00" }]), f.ctx(NOW));
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "first" }, f.ctx(NOW));
    const ret = await recordReturn(handle.db, { externalId: "S1-R", originalExternalId: "S1", occurredAt: "2026-03-11T10:00:00Z" }, f.ctx(LATER));
    return { f, m, reward, ret };
  }

  it("allow_negative: buy 100, redeem 80, return the 100: the member owes 80 and redemption is refused until new points pay it back", async () => {
    const { f, m, reward, ret } = await spentThenReturned("allow_negative");
    expect([ret.points, ret.debt, ret.writtenOff, ret.balance?.available]).toEqual([100, 80, 0, -80]);
    const refused = await refusal(redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "second" }, f.ctx(LATER)));
    expect(refused.reason).toBe("balance_negative");
    let check = await expectLedgerConsistent(f, m.id);
    expect([check.cached.available, check.cached.debt]).toEqual([-80, 80]);

    // 50.00 of new purchases pay back 50: still owes 30. Another 110.00: pays 30, 80 left to spend.
    await recordReceipt(handle.db, f.receipt("S2", m.externalId, AT, [{ category: "tea", amount: "50.00" }]), f.ctx(LATER));
    check = await expectLedgerConsistent(f, m.id);
    expect([check.cached.available, check.cached.debt, check.lotsAvailable]).toEqual([-30, 30, 0]);
    await recordReceipt(handle.db, f.receipt("S3", m.externalId, AT, [{ category: "tea", amount: "110.00" }]), f.ctx(LATER));
    check = await expectLedgerConsistent(f, m.id);
    expect([check.cached.available, check.cached.debt]).toEqual([80, 0]);
    await redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "third" }, f.ctx(LATER));
    expect((await expectLedgerConsistent(f, m.id)).cached.available).toBe(0);
  });

  it("write_off: the same story forgives the 80 spent points: the balance stays at 0, and the write-off is an adjustment with its reason", async () => {
    const { f, m, reward, ret } = await spentThenReturned("write_off");
    expect([ret.points, ret.debt, ret.writtenOff, ret.balance?.available]).toEqual([100, 0, 80, 0]);
    const refused = await refusal(redeemReward(handle.db, { memberId: m.id, rewardId: reward, externalId: "second" }, f.ctx(LATER)));
    expect(refused.reason).toBe("insufficient_points");
    const check = await expectLedgerConsistent(f, m.id);
    expect([check.cached.available, check.cached.debt, check.cached.earned]).toEqual([0, 0, 0]);
    const adjustments = await handle.db.select().from(pointsEntries).where(and(eq(pointsEntries.memberId, m.id), eq(pointsEntries.kind, "adjust")));
    expect(adjustments.map((a) => [a.points, a.transactionId === ret.transactionId, a.reason?.includes("written off")])).toEqual([[80, true, true]]);
  });

  it("a return first takes its sale's own lot, even when pending, before other lots", async () => {
    const f = await makeLoyaltyFixture(handle.db, { returnWindowDays: 14 });
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    await recordReceipt(handle.db, f.receipt("OLD", m.externalId, "2026-01-05T10:00:00+01:00", [{ category: "tea", amount: "30.00" }]), f.ctx(NOW));
    await recordReceipt(handle.db, f.receipt("NEW", m.externalId, AT, [{ category: "tea", amount: "20.00" }]), f.ctx(NOW));
    const ret = await recordReturn(handle.db, { externalId: "NEW-R", originalExternalId: "NEW", occurredAt: "2026-03-11T10:00:00Z" }, f.ctx(LATER));
    expect(ret.balance).toEqual({ available: 30, pending: 0 });
    await expectLedgerConsistent(f, m.id);
  });
});
