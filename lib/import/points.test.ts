import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { members } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { createLoyaltyProgram, createTier } from "@/lib/loyalty/admin-program";
import { createEarningRule } from "@/lib/loyalty/admin-rules";
import { awardImportedReceipts } from "@/lib/loyalty/imported-receipts";
import { MAX_BATCH, recordReceipt, recordReceipts } from "@/lib/loyalty/receipts";
import type { ReceiptInput } from "@/lib/loyalty/schemas";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { createImportWorld, uploadCsv, type ImportWorld } from "@/test/import-fixtures";
import { generateTransactionsFile, type GeneratedFile } from "@/test/import-files";
import { ledgerCheck } from "@/test/loyalty";
import { previewImport, runImport } from "./run";

/**
 * Imported receipts earn exactly what the API would credit for the same baskets. The reference is a twin
 * program with the same rules and tiers, whose twin members get the same baskets through recordReceipts,
 * in the same order (time, then receipt number). The file holds more receipts than one round of the
 * import's crediting (1,000), so first purchases, caps and tier upgrades carry across rounds.
 */

const RECEIPTS = 1_250;
// Receipts are ten minutes apart from 2023-01-01 09:00 UTC: 1,250 of them end on 2023-01-09.
const NOW = new Date("2023-01-10T12:00:00Z");

let handle: DbHandle;
let world: ImportWorld;
let file: GeneratedFile;
const programs = { imported: "", api: "" };
let apiSource: string;
const actor = { kind: "staff" as const, id: randomUUID() };
/** World member external id -> twin external id. */
const twins = new Map<string, string>();

async function configure(code: string): Promise<string> {
  const ctx = { actor };
  const programId = await createLoyaltyProgram(
    handle.db,
    { code, name: code, currency: "EUR", timezone: "Europe/Berlin", onlineStoreId: world.webStoreId, returnWindowDays: 3, tierWindowMonths: 12 },
    ctx,
  );
  const c = { actor, programId };
  await createTier(handle.db, { name: "Member", rank: 0, threshold: 0 }, c);
  await createTier(handle.db, { name: "Silver", rank: 1, threshold: 300, earningFactor: "1.25" }, c);
  await createTier(handle.db, { name: "Gold", rank: 2, threshold: 1000, earningFactor: "1.5" }, c);
  await createEarningRule(handle.db, { name: "1 point per unit", kind: "base_rate", rate: "1" }, c);
  await createEarningRule(
    handle.db,
    { name: "Books on weekday afternoons", kind: "multiplier", factor: "2", capPerDay: 40, conditions: { categories: [world.categories.books], weekdays: [1, 2, 3, 4, 5], timeFrom: "12:00", timeTo: "18:00" } },
    c,
  );
  await createEarningRule(handle.db, { name: "Welcome", kind: "bonus", trigger: "first_purchase", points: 50 }, c);
  await createEarningRule(handle.db, { name: "Birthday", kind: "bonus", trigger: "birthday_month", points: 100 }, c);
  await createEarningRule(handle.db, { name: "Big basket", kind: "bonus", trigger: "basket", points: 10, capPerMonth: 30, conditions: { minBasketMinor: 6000 } }, c);
  return programId;
}

const decimal = (minor: number) => (minor / 100).toFixed(2);

interface StoredBasket {
  id: number;
  external_id: string;
  member: string;
  store: string;
  channel: "pos" | "online" | "app";
  occurred_at: string;
  currency: "EUR" | "SEK";
  lines: string;
}

/** The baskets the import stored, in the order it credits them, as the API would receive them. */
async function importedBaskets(): Promise<StoredBasket[]> {
  return selectRows<StoredBasket>(
    handle.db,
    sql`select t.id::float8 as id, t.external_id, m.external_id as member, s.code as store, t.channel, to_json(t.occurred_at)#>>'{}' as occurred_at, t.currency,
               (select json_agg(json_build_object('lineNo', l.line_no, 'sku', l.sku, 'category', c.code, 'quantity', l.quantity, 'amount', l.amount_minor, 'discount', l.discount_minor) order by l.line_no)
                  from transaction_lines l join categories c on c.id = l.category_id where l.transaction_id = t.id)::text as lines
          from transactions t join members m on m.id = t.member_id join stores s on s.id = t.store_id
         where t.source = 'csv' and t.external_id like ${`${world.tag}-R%`}
         order by t.occurred_at, t.id`,
  );
}

function apiReceipt(basket: StoredBasket): ReceiptInput {
  const lines = JSON.parse(basket.lines) as { lineNo: number; sku: string; category: string; quantity: number; amount: number; discount: number }[];
  return {
    externalId: basket.external_id,
    memberExternalId: twins.get(basket.member)!,
    storeCode: basket.store,
    channel: basket.channel,
    occurredAt: new Date(basket.occurred_at).toISOString(),
    currency: basket.currency,
    lines: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, category: l.category, quantity: l.quantity, amount: decimal(l.amount), discount: decimal(l.discount) })),
  };
}

/** Points per receipt of a program, by the receipt's number. */
async function pointsByReceipt(programId: string, source: string): Promise<Map<string, number>> {
  const rows = await selectRows<{ external_id: string; points: number }>(
    handle.db,
    sql`select t.external_id, coalesce(sum(e.points), 0)::int as points
          from transactions t left join points_entries e on e.transaction_id = t.id and e.program_id = ${programId} and e.kind = 'earn'
         where t.source = ${source} and t.external_id like ${`${world.tag}-R%`} group by 1`,
  );
  return new Map(rows.map((r) => [r.external_id, r.points]));
}

interface Balance {
  external_id: string;
  available: number;
  pending: number;
  earned: number;
  tier: string | null;
}

async function balances(programId: string, prefix: string): Promise<Balance[]> {
  return selectRows<Balance>(
    handle.db,
    sql`select m.external_id, mp.available::int, mp.pending::int, mp.lifetime_earned::int as earned, t.name as tier
          from member_points mp join members m on m.id = mp.member_id left join loyalty_tiers t on t.id = mp.tier_id
         where mp.program_id = ${programId} and m.external_id like ${`${prefix}%`} order by 1`,
  );
}

async function ledgerSize(programId: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from points_entries where program_id = ${programId}`);
  return row!.n;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  world = await createImportWorld(handle, uniqueTag("pts"), 40);
  file = generateTransactionsFile(world, { receipts: RECEIPTS, badShare: 0.1, seed: 23 });
  // Twins of the world's members; five of each pair have their birthday in January, when the file's receipts are.
  const twinRows = world.members.map((externalId, i) => ({ externalId: externalId.replace(/-M(\d+)$/, "-T$1"), joinedAt: new Date("2023-01-01T00:00:00Z"), birthDate: i < 5 ? "1990-01-20" : undefined }));
  world.members.forEach((m, i) => twins.set(m, twinRows[i]!.externalId));
  await handle.db.insert(members).values(twinRows);
  await handle.db.execute(sql`update members set birth_date = '1990-01-20' where external_id = any(${`{${world.members.slice(0, 5).join(",")}}`}::text[])`);
  programs.imported = await configure(`${world.tag}-imp`);
  programs.api = await configure(`${world.tag}-api`);
  apiSource = `${world.tag}-api`;
  // The first member of each pair bought before the import (after the file's receipts, even): none of
  // their imported receipts is a first purchase.
  const earlier = (member: string, externalId: string): ReceiptInput => ({
    externalId,
    memberExternalId: member,
    storeCode: world.stores.berlin,
    channel: "pos",
    occurredAt: "2023-01-09T10:00:00Z",
    currency: "EUR",
    lines: [{ sku: world.knownSku, category: world.categories.coffee, quantity: 1, amount: "3.00" }],
  });
  await recordReceipt(handle.db, earlier(world.members[0]!, `${world.tag}-PRE-1`), { actor, programId: programs.imported, source: apiSource, now: NOW });
  await recordReceipt(handle.db, earlier(twins.get(world.members[0]!)!, `${world.tag}-PRE-2`), { actor, programId: programs.api, source: apiSource, now: NOW });
});

afterAll(async () => {
  await handle.close();
});

describe("points of imported receipts", () => {
  let importId: string;
  let previewPoints: number;

  it("a preview reports the points the import would award and writes none", async () => {
    importId = await uploadCsv(handle, world, "transactions", file.text);
    const entriesBefore = await ledgerSize(programs.imported);
    const preview = await previewImport(handle, importId, { limit: Number.MAX_SAFE_INTEGER, now: NOW, programId: programs.imported });
    expect(preview.counts.insertedReceipts).toBe(file.expected.validReceipts);
    expect(preview.counts.awardedPoints).toBeGreaterThan(file.expected.validReceipts);
    previewPoints = preview.counts.awardedPoints;
    expect(await ledgerSize(programs.imported)).toBe(entriesBefore);
    expect(await balances(programs.imported, `${world.tag}-M`)).toHaveLength(1);
  });

  it("credits each valid receipt of a file with bad rows exactly what recordReceipts credits the same basket, and only those", async () => {
    const counts = await runImport(handle, importId, { now: NOW, programId: programs.imported });
    expect(counts).toMatchObject({ insertedReceipts: file.expected.validReceipts, invalidRows: file.expected.invalidRows });
    expect(counts.awardedPoints).toBe(previewPoints);

    const baskets = await importedBaskets();
    expect(baskets).toHaveLength(file.expected.validReceipts);
    expect(baskets.length).toBeGreaterThan(MAX_BATCH);
    const outcomes = [];
    for (let i = 0; i < baskets.length; i += MAX_BATCH) {
      outcomes.push(...(await recordReceipts(handle.db, baskets.slice(i, i + MAX_BATCH).map(apiReceipt), { actor, programId: programs.api, source: apiSource, now: NOW })));
    }
    expect(outcomes.filter((o) => o.status !== "recorded")).toEqual([]);
    const expected = new Map(outcomes.map((o) => [o.externalId, o.status === "recorded" ? o.points : -1]));

    const imported = await pointsByReceipt(programs.imported, "csv");
    expect(imported.size).toBe(file.expected.validReceipts);
    expect(Object.fromEntries(imported)).toEqual(Object.fromEntries(expected));
    expect([...imported.values()].reduce((s, p) => s + p, 0)).toBe(counts.awardedPoints);

    // The rules all had their say: welcome and birthday bonuses, caps, and upgrades to both tiers.
    const [shares] = await selectRows<{ welcome: number; birthday: number; basket: number }>(
      handle.db,
      sql`select count(*) filter (where r->>'kind' = 'bonus' and e.points = 50)::int as welcome,
                 count(*) filter (where r->>'kind' = 'bonus' and e.points = 100)::int as birthday,
                 count(*) filter (where r->>'kind' = 'bonus' and e.points = 10)::int as basket
            from points_entries e join transactions t on t.id = e.transaction_id and t.source = 'csv', jsonb_array_elements(e.rules) r
           where e.program_id = ${programs.imported} and e.line_no is null`,
    );
    // The first member's welcome and birthday bonuses went to their earlier receipt.
    expect(shares).toEqual({ welcome: world.members.length - 1, birthday: 4, basket: expect.any(Number) });
    expect(shares!.basket).toBeGreaterThan(0);

    // Balances, lifetime points and tiers are the twins'.
    const mine = await balances(programs.imported, `${world.tag}-M`);
    const theirs = await balances(programs.api, `${world.tag}-T`);
    expect(mine.map(({ external_id, ...b }) => [twins.get(external_id), b])).toEqual(theirs.map(({ external_id, ...b }) => [external_id, b]));
    expect(mine.some((b) => b.tier === "Gold")).toBe(true);
    expect(mine.some((b) => b.pending > 0) && mine.some((b) => b.available > 0)).toBe(true);
  });

  it("keeps every balance equal to its ledger (ledgerCheck)", async () => {
    const ids = await selectRows<{ id: string }>(handle.db, sql`select id from members where external_id like ${`${world.tag}-M%`}`);
    for (const { id } of ids) {
      const check = await ledgerCheck(handle.db, programs.imported, id);
      expect(check.cached).toEqual(check.ledger);
      expect(check.inconsistentLots).toBe(0);
    }
  });

  it("importing the same file again awards nothing: no balance moves, no ledger entry is written", async () => {
    const before = { balances: await balances(programs.imported, `${world.tag}-M`), entries: await ledgerSize(programs.imported) };
    const id = await uploadCsv(handle, world, "transactions", file.text);
    const counts = await runImport(handle, id, { now: NOW, programId: programs.imported });
    expect(counts).toMatchObject({ insertedReceipts: 0, duplicateReceipts: file.expected.validReceipts, awardedPoints: 0 });
    expect({ balances: await balances(programs.imported, `${world.tag}-M`), entries: await ledgerSize(programs.imported) }).toEqual(before);
  });

  it("refuses to credit a receipt twice, or one of another source, and writes nothing", async () => {
    const [credited] = await selectRows<{ id: number }>(
      handle.db,
      sql`select o.transaction_id::float8 as id from points_lots o join transactions t on t.id = o.transaction_id and t.source = 'csv'
           where o.program_id = ${programs.imported} limit 1`,
    );
    const entries = await ledgerSize(programs.imported);
    const ctx = { actor, programId: programs.imported, source: "csv", now: NOW };
    await expect(handle.rawTransaction((raw) => awardImportedReceipts(raw.db, [credited!.id], ctx))).rejects.toThrow(/another source or already credited/);
    await expect(handle.rawTransaction((raw) => awardImportedReceipts(raw.db, [credited!.id], { ...ctx, source: apiSource }))).rejects.toThrow(/another source/);
    expect(await ledgerSize(programs.imported)).toBe(entries);
  });
});
