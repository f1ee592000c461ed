import { randomUUID } from "node:crypto";
import { like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { getProgramConfig } from "@/db/queries/loyalty/config";
import { listEarningRules } from "@/db/queries/loyalty/rules";
import { listRewards } from "@/db/queries/loyalty/rewards";
import { stores } from "@/db/schema";
import { seedDemoProgram } from "@/db/seed/program";
import { selectRows } from "@/db/sql";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { ledgerCheck } from "@/test/loyalty";
import { createLoyaltyProgram } from "./admin-program";
import { evaluateBasket, NO_MEMBER } from "./earning-rules";
import { awardHistoricalPoints, seedLoyaltyProgram, type SeededProgram } from "./seed";

const END = new Date("2026-01-01T00:00:00Z");

describe("the demo program's loyalty configuration and history", () => {
  let handle: DbHandle;
  let tag: string;
  let seeded: SeededProgram;
  let storeIds: string[];

  beforeAll(async () => {
    handle = await openTestDatabase();
    tag = uniqueTag("hist");
    await seedDemoProgram(handle, { members: 150, months: 8, seed: 11, end: END, tag });
    const programId = await createLoyaltyProgram(handle.db, { code: tag, timezone: "Europe/Berlin" }, { actor: { kind: "system" } });
    seeded = await seedLoyaltyProgram(handle.db, { programId, tag });
    storeIds = (await handle.db.select({ id: stores.id }).from(stores).where(like(stores.code, `${tag}-%`))).map((s) => s.id);
  });
  afterAll(async () => handle.close());

  it("configures a base rate, the books promotion, bonuses, three tiers and one reward of each kind", async () => {
    const rules = await listEarningRules(handle.db, { programId: seeded.programId });
    expect(rules.map((r) => r.kind).sort()).toEqual(["base_rate", "bonus", "bonus", "bonus", "bonus", "multiplier"]);
    const config = await getProgramConfig(handle.db, seeded.programId);
    expect(config.tiers.map((t) => [t.name, t.threshold, t.earningFactor])).toEqual([
      ["Member", 0, "1"],
      ["Silver", 300, "1.25"],
      ["Gold", 1000, "1.5"],
    ]);
    expect(config.onlineStoreId).not.toBeNull();
    const rewards = await listRewards(handle.db, { programId: seeded.programId });
    expect(new Set(rewards.map((r) => r.kind))).toEqual(new Set(["amount_off", "percent_off", "free_product", "bogo", "points_multiplier", "event_invitation"]));
    await expect(seedLoyaltyProgram(handle.db, { programId: seeded.programId, tag })).rejects.toThrow("already has earning rules");
  });

  it("credits the history exactly as the engine would (base rate and promotion, returns taken back), keeps every balance equal to its ledger, and credits nothing twice", async () => {
    const counts = await awardHistoricalPoints(handle.db, { programId: seeded.programId, now: END, storeIds });
    expect(counts.receipts).toBeGreaterThan(300);
    expect(counts.returns).toBeGreaterThan(0);

    // The engine's verdict on every stored sale, minus the lines that came back (matched by SKU, in order).
    const config = await getProgramConfig(handle.db, seeded.programId);
    const setup = { ...config, rules: config.rules.filter((r) => r.kind !== "bonus"), tiers: [] };
    const sales = await selectRows<{ id: number; member_id: string; store_id: string; channel: "pos" | "online" | "app"; at: number; lines: string; returned: string | null }>(
      handle.db,
      sql`select t.id::float8 as id, t.member_id, t.store_id, t.channel, (extract(epoch from t.occurred_at) * 1000)::float8 as at,
                 (select json_agg(json_build_object('lineNo', l.line_no, 'sku', l.sku, 'category', c.code, 'quantity', l.quantity, 'amountMinor', l.amount_minor) order by l.line_no)
                    from transaction_lines l left join categories c on c.id = l.category_id where l.transaction_id = t.id)::text as lines,
                 (select json_agg(l.sku order by l.line_no) from transactions r join transaction_lines l on l.transaction_id = r.id
                   where r.original_transaction_id = t.id and r.kind = 'return')::text as returned
            from transactions t where t.kind = 'sale' and t.member_id is not null and t.store_id = any(${`{${storeIds.join(",")}}`}::uuid[])`,
    );
    const expected = new Map<string, number>();
    for (const sale of sales) {
      const lines = JSON.parse(sale.lines) as { lineNo: number; sku: string; category: string; quantity: number; amountMinor: number }[];
      const earning = evaluateBasket({ currency: "EUR", channel: sale.channel, storeId: sale.store_id, occurredAt: new Date(sale.at), lines }, NO_MEMBER, setup, new Map());
      let points = earning.points;
      const returned = [...((JSON.parse(sale.returned ?? "[]") as string[]) ?? [])];
      for (const line of earning.lines) {
        const i = returned.indexOf(lines.find((l) => l.lineNo === line.lineNo)?.sku ?? "");
        if (i >= 0) {
          points -= line.points;
          returned.splice(i, 1);
        }
      }
      expected.set(sale.member_id, (expected.get(sale.member_id) ?? 0) + points);
    }
    const earned = await selectRows<{ member_id: string; earned: number }>(
      handle.db,
      sql`select member_id, lifetime_earned::float8 as earned from member_points where program_id = ${seeded.programId}`,
    );
    expect(earned.length).toBe(expected.size);
    for (const row of earned) expect([row.member_id, row.earned]).toEqual([row.member_id, expected.get(row.member_id)]);
    const promoted = sales.filter((s) => (JSON.parse(s.lines) as { category: string }[]).some((l) => l.category === `${tag}-books`));
    expect(promoted.length).toBeGreaterThan(0);

    for (const row of earned.slice(0, 40)) {
      const check = await ledgerCheck(handle.db, seeded.programId, row.member_id);
      expect(check.cached).toEqual(check.ledger);
      expect(check.inconsistentLots).toBe(0);
    }
    const tiers = await selectRows<{ tier: string | null; n: number }>(
      handle.db,
      sql`select t.name as tier, count(*)::int as n from member_points mp left join loyalty_tiers t on t.id = mp.tier_id
           where mp.program_id = ${seeded.programId} group by 1 order by 1`,
    );
    expect(tiers.find((t) => t.tier === "Member")?.n ?? 0).toBeGreaterThan(0);

    const again = await awardHistoricalPoints(handle.db, { programId: seeded.programId, now: END, storeIds });
    expect(again).toMatchObject({ receipts: 0, entries: 0, returns: 0 });
  });

  it("leaves other stores' sales alone", async () => {
    const other = await awardHistoricalPoints(handle.db, { programId: seeded.programId, now: END, storeIds: [randomUUID()] });
    expect(other.receipts).toBe(0);
  });
});
