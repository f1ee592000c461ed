import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { memberTierHistory, pointsEntries, pointsLots, transactions } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { openTestDatabase } from "@/test/db";
import { ledgerCheck, type LoyaltyFixture, makeLoyaltyFixture, refusal } from "@/test/loyalty";
import { createTier } from "./admin-program";
import { dryRun } from "./dry-run";
import { recordReceipt, recordReceipts } from "./receipts";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

const AT = "2026-03-10T15:00:00+01:00"; // a Tuesday afternoon in Berlin
const NOW = new Date("2026-03-10T16:00:00Z");

async function booksProgram(policy = {}): Promise<LoyaltyFixture> {
  const f = await makeLoyaltyFixture(handle.db, policy);
  await f.rule({ name: "1 point per euro", kind: "base_rate", rate: "1" });
  await f.rule({ name: "Double points on Books", kind: "multiplier", factor: "2", conditions: { categories: ["books"] } });
  return f;
}

describe("recordReceipt", () => {
  it("basket 120.00 EUR at 2x in Books plus 5.50 EUR of tea earns 240 + 5 = 245 points, one entry per line with its rule versions", async () => {
    const f = await booksProgram();
    const m = await f.makeMember();
    const result = await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "books", amount: "120.00" }, { category: "tea", amount: "5.50" }]), f.ctx(NOW));
    expect(result).toMatchObject({ status: "recorded", points: 245, balance: { available: 245, pending: 0 } });

    const entries = await handle.db.select().from(pointsEntries).where(eq(pointsEntries.transactionId, result.transactionId)).orderBy(pointsEntries.lineNo);
    expect(entries.map((e) => [e.kind, e.lineNo, e.points, e.rules?.map((r) => [r.kind, r.version, r.points])])).toEqual([
      ["earn", 1, 240, [["base_rate", 1, 120], ["multiplier", 1, 120]]],
      ["earn", 2, 5, [["base_rate", 1, 5]]],
    ]);
    const [receipt] = await handle.db.select().from(transactions).where(eq(transactions.id, result.transactionId));
    expect(receipt).toMatchObject({ totalMinor: 12550, itemCount: 2, kind: "sale", memberId: m.id, source: f.ctx().source });
    const [lot] = await handle.db.select().from(pointsLots).where(eq(pointsLots.transactionId, result.transactionId));
    expect(lot).toMatchObject({ amount: 245, remaining: 245, status: "available" });
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
  });

  it("the same receipt sent again answers the first result and credits nothing", async () => {
    const f = await booksProgram();
    const m = await f.makeMember();
    const receipt = f.receipt("R1", m.externalId, AT, [{ category: "books", amount: "10.00" }]);
    const first = await recordReceipt(handle.db, receipt, f.ctx(NOW));
    const again = await recordReceipt(handle.db, receipt, f.ctx(NOW));
    expect(again).toMatchObject({ status: "replayed", transactionId: first.transactionId, points: 20, balance: { available: 20 } });
    expect(again.lines).toEqual(first.lines.map((l) => ({ ...l, shares: l.shares.map((s) => expect.objectContaining(s)) })));
    const [count] = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from transactions where source = ${f.ctx().source}`);
    expect(count?.n).toBe(1);
  });

  it("an anonymous receipt is recorded and earns nothing", async () => {
    const f = await booksProgram();
    const result = await recordReceipt(handle.db, f.receipt("ANON", undefined, AT, [{ category: "books", amount: "30.00" }]), f.ctx(NOW));
    expect(result).toMatchObject({ status: "recorded", memberId: null, points: 0, lot: null, balance: null });
    expect(result.transactionId).toBeGreaterThan(0);
  });

  it("an unknown member is refused, naming memberExternalId, and nothing is written", async () => {
    const f = await booksProgram();
    const error = await refusal(recordReceipt(handle.db, f.receipt("R1", `${f.tag}-nobody`, AT, [{ category: "books", amount: "10.00" }]), f.ctx(NOW)));
    expect(error).toMatchObject({ reason: "unknown_member", code: "not_found" });
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["memberExternalId"]);
    expect(await handle.db.select().from(transactions).where(eq(transactions.source, f.ctx().source))).toHaveLength(0);
  });

  it("a till receipt must name a physical store; an online receipt without a store books to the program's online store", async () => {
    const f = await booksProgram();
    const m = await f.makeMember();
    const wrong = await refusal(recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "tea", amount: "1.00" }], { storeCode: f.online.code }), f.ctx(NOW)));
    expect(wrong.reason).toBe("store_channel_mismatch");
    const unknown = await refusal(recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "tea", amount: "1.00" }], { storeCode: `${f.tag}-nowhere` }), f.ctx(NOW)));
    expect(unknown.reason).toBe("unknown_store");
    const online = await recordReceipt(handle.db, f.receipt("R2", m.externalId, AT, [{ category: "tea", amount: "1.00" }], { storeCode: undefined, channel: "online" }), f.ctx(NOW));
    const [row] = await handle.db.select({ storeId: transactions.storeId, channel: transactions.channel }).from(transactions).where(eq(transactions.id, online.transactionId));
    expect(row).toEqual({ storeId: f.online.id, channel: "online" });
  });

  it("a receipt number sent again for another member is refused as reused", async () => {
    const f = await booksProgram();
    const [a, b] = [await f.makeMember(), await f.makeMember()];
    await recordReceipt(handle.db, f.receipt("R1", a.externalId, AT, [{ category: "tea", amount: "1.00" }]), f.ctx(NOW));
    const error = await refusal(recordReceipt(handle.db, f.receipt("R1", b.externalId, AT, [{ category: "tea", amount: "1.00" }]), f.ctx(NOW)));
    expect(error.reason).toBe("external_id_reused");
  });

  it("points stay pending for the 14-day return window: a purchase on 10 March is available on 24 March", async () => {
    const f = await booksProgram({ returnWindowDays: 14 });
    const m = await f.makeMember();
    const result = await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "tea", amount: "10.00" }]), f.ctx(NOW));
    expect(result.lot).toMatchObject({ status: "pending", availableAt: new Date("2026-03-24T14:00:00Z") });
    expect(result.balance).toEqual({ available: 0, pending: 10 });
  });
});

describe("tiers on earning", () => {
  it("a member reaching 300 points in the window moves up to Silver at once, with a history row", async () => {
    const f = await booksProgram();
    const ctx = { actor: f.actor, programId: f.programId };
    const member = await createTier(handle.db, { name: "Member", rank: 0, threshold: 0 }, ctx);
    const silver = await createTier(handle.db, { name: "Silver", rank: 1, threshold: 300, earningFactor: "1.5" }, ctx);
    const m = await f.makeMember();
    const first = await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "tea", amount: "200.00" }]), f.ctx(NOW));
    expect(first.tierChange).toEqual({ fromTierId: null, toTierId: member });
    // 120.00 of tea: 120 points at Member (the tier before this receipt), 320 in the window → Silver.
    const second = await recordReceipt(handle.db, f.receipt("R2", m.externalId, AT, [{ category: "tea", amount: "120.00" }]), f.ctx(NOW));
    expect(second.points).toBe(120);
    expect(second.tierChange).toEqual({ fromTierId: member, toTierId: silver });
    // Now Silver earns ×1.5: 10.00 of tea = 10 + 5.
    const third = await recordReceipt(handle.db, f.receipt("R3", m.externalId, AT, [{ category: "tea", amount: "10.00" }]), f.ctx(NOW));
    expect(third.points).toBe(15);
    const history = await handle.db.select().from(memberTierHistory).where(and(eq(memberTierHistory.memberId, m.id), eq(memberTierHistory.programId, f.programId))).orderBy(memberTierHistory.id);
    expect(history.map((h) => [h.toTierId, h.reason, h.qualifyingAmount])).toEqual([
      [member, "upgrade", 200],
      [silver, "upgrade", 320],
    ]);
  });
});

describe("recordReceipts (batch)", () => {
  it("records the good receipts of a batch and answers each: recorded, replayed (a duplicate), rejected (with its index and reason)", async () => {
    const f = await booksProgram();
    await f.rule({ name: "Welcome", kind: "bonus", trigger: "first_purchase", points: 50 });
    const m = await f.makeMember();
    const other = await f.makeMember();
    const outcomes = await recordReceipts(
      handle.db,
      [
        f.receipt("B1", m.externalId, AT, [{ category: "books", amount: "10.00" }]),
        f.receipt("B2", m.externalId, AT, [{ category: "tea", amount: "3.00" }]),
        f.receipt("B1", m.externalId, AT, [{ category: "books", amount: "10.00" }]),
        f.receipt("B3", `${f.tag}-nobody`, AT, [{ category: "tea", amount: "3.00" }]),
        { ...f.receipt("B4", m.externalId, AT, [{ category: "tea", amount: "3.001" }]) },
        f.receipt("B1", other.externalId, AT, [{ category: "books", amount: "10.00" }]),
      ],
      f.ctx(NOW),
    );
    expect(outcomes.map((o) => [o.index, o.status, o.status === "rejected" ? o.reason : o.points])).toEqual([
      [0, "recorded", 20 + 50],
      [1, "recorded", 3],
      [2, "replayed", 70],
      [3, "rejected", "unknown_member"],
      [4, "rejected", "invalid_input"],
      [5, "rejected", "external_id_reused"],
    ]);
    const rejected = outcomes[4];
    expect(rejected?.status === "rejected" && Object.keys(rejected.fieldErrors ?? {})).toEqual(["[4].lines[0].amount"]);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect(check.cached.available).toBe(73);
  });

  it("a batch of 300 receipts for 30 members credits each member the sum of their receipts", async () => {
    const f = await booksProgram();
    const people = await Promise.all(Array.from({ length: 30 }, () => f.makeMember()));
    const inputs = Array.from({ length: 300 }, (_, i) =>
      f.receipt(`P${i}`, people[i % 30]?.externalId, AT, [
        { category: "books", amount: `${(i % 7) + 1}.00` },
        { category: "tea", amount: "0.99" },
      ]),
    );
    const outcomes = await recordReceipts(handle.db, inputs, f.ctx(NOW));
    expect(outcomes.every((o) => o.status === "recorded")).toBe(true);
    for (const [index, person] of people.entries()) {
      // Receipts index, index + 30, ...: books (i % 7 + 1) euros at ×2, tea 0.99 earns 0.
      const expected = Array.from({ length: 10 }, (_, j) => index + 30 * j).reduce((sum, i) => sum + 2 * ((i % 7) + 1), 0);
      const check = await ledgerCheck(handle.db, f.programId, person.id);
      expect(check.cached.available).toBe(expected);
      expect(check.cached).toEqual(check.ledger);
    }
  });

  it("refuses a batch of more than 1,000 receipts", async () => {
    const f = await booksProgram();
    const error = await refusal(recordReceipts(handle.db, Array.from({ length: 1001 }, () => ({})), f.ctx(NOW)));
    expect(error.reason).toBe("invalid_input");
  });
});

describe("dryRun", () => {
  it("explains every line and equals what recordReceipt then awards", async () => {
    const f = await booksProgram();
    await f.rule({ name: "Afternoon ×3 on tea, best of", kind: "multiplier", factor: "3", combine: "best_of", conditions: { categories: ["tea"], timeFrom: "14:00", timeTo: "17:00" } });
    await f.rule({ name: "Capped ×2 on everything, 30 a day", kind: "multiplier", factor: "2", capPerDay: 30 });
    await f.rule({ name: "Welcome", kind: "bonus", trigger: "first_purchase", points: 50 });
    const m = await f.makeMember();
    const baskets = [
      [{ category: "books", amount: "25.00" }, { category: "tea", amount: "4.40" }, { category: "cards", amount: "0.50" }],
      [{ category: "tea", amount: "12.00" }],
    ];
    for (const [i, lines] of baskets.entries()) {
      const receipt = f.receipt(`D${i}`, m.externalId, AT, lines);
      const preview = await dryRun(handle.db, receipt, f.ctx(NOW));
      for (const line of preview.lines) expect(line.explanations.length).toBeGreaterThan(0);
      const recorded = await recordReceipt(handle.db, receipt, f.ctx(NOW));
      expect(recorded.points).toBe(preview.points);
      expect(recorded.lines.map((l) => [l.lineNo, l.points, l.shares])).toEqual(preview.lines.map((l) => [l.lineNo, l.points, l.shares]));
    }
  });

  it("on 25.00 EUR of books explains base 25, ×2 +25, and that the tea-only rule does not apply (category)", async () => {
    const f = await booksProgram();
    await f.rule({ name: "Tea ×3", kind: "multiplier", factor: "3", conditions: { categories: ["tea"] } });
    const preview = await dryRun(handle.db, { ...f.receipt("x", undefined, AT, [{ category: "books", amount: "25.00" }]), externalId: undefined }, f.ctx(NOW));
    const line = preview.lines[0];
    expect(line?.points).toBe(50);
    const explained = line?.explanations.map((e) => [e.name, e.applied, e.points, e.reason ?? null]);
    expect(explained).toHaveLength(3);
    expect(explained).toEqual(
      expect.arrayContaining([
        ["1 point per euro", true, 25, null],
        ["Tea ×3", false, 0, "category"],
        ["Double points on Books", true, 25, null],
      ]),
    );
    expect(line?.explanations.find((e) => e.name === "Double points on Books")?.text).toBe("Double points on Books v1: ×2 on 25.00 EUR adds 25 points");
  });
});

describe("sale links of recorded receipts", () => {
  it("equal a recount whatever the order receipts arrive in, alone or in batches, and in-order receipts come with them filled", async () => {
    const f = await booksProgram();
    const [a, b] = [await f.makeMember(), await f.makeMember()];
    const day = (d: number) => new Date(Date.UTC(2026, 0, d, 12)).toISOString();
    // In order, one by one: the writer fills the links itself.
    for (const d of [1, 3, 3, 7]) await recordReceipt(handle.db, f.receipt(`A${d}-${Math.random()}`, a.externalId, day(d), [{ category: "tea", amount: "1.00" }]), f.ctx(NOW));
    // Late and mixed, in batches: a receipt before the member's latest one is left to the trigger.
    await recordReceipts(handle.db, [9, 2, 12].map((d) => f.receipt(`B${d}`, b.externalId, day(d), [{ category: "tea", amount: "1.00" }])), f.ctx(NOW));
    await recordReceipts(handle.db, [5, 20, 1].map((d) => f.receipt(`C${d}`, b.externalId, day(d), [{ category: "tea", amount: "1.00" }])), f.ctx(NOW));
    await recordReceipts(handle.db, [8, 2].map((d) => f.receipt(`D${d}`, a.externalId, day(d), [{ category: "tea", amount: "1.00" }])), f.ctx(NOW));

    const rows = await selectRows<{ member_id: string; prev: string | null; prev2: string | null; want_prev: string | null; want_prev2: string | null }>(
      handle.db,
      sql`select member_id, prev_sale_at::text as prev, prev2_sale_at::text as prev2,
                 (lag(occurred_at) over w)::text as want_prev, (lag(occurred_at, 2) over w)::text as want_prev2
            from transactions where kind = 'sale' and member_id in (${a.id}, ${b.id})
          window w as (partition by member_id order by occurred_at, id)`,
    );
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.want_prev2 !== null).length).toBeGreaterThan(0);
    for (const r of rows) expect([r.prev, r.prev2]).toEqual([r.want_prev, r.want_prev2]);
  });
});
