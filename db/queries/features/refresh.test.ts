import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmptyDatabase, openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../../client";
import { engagementChannel, engagementType, salesChannel } from "../../schema/enums";
import { HOT_COLUMNS } from "@/lib/segments/hot-columns";
import { selectRows } from "../../sql";
import { extractMemberFeatures, readStoredFeatures } from "./extract";
import { addEvent, addMember, addReceipt, createWorld, type World } from "./fixtures";
import { rebuildMemberFeatures, refreshMemberFeatures, refreshWindowedMemberFeatures } from "./refresh";

const T0 = new Date("2025-03-01T08:00:00Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;

let handle: DbHandle;
let world: World;

beforeAll(async () => {
  handle = await openTestDatabase();
  world = await createWorld(handle.db, uniqueTag("fresh"));
});

afterAll(async () => {
  await handle?.close();
});

/** Members of one test, for set-based refreshes that must not touch other tests' rows in a shared database. */
const onlyEmails = (prefix: string) => sql`m.email LIKE ${`${prefix}%`}`;

type Op =
  | { kind: "sale"; member: number; daysBack: number; amount: number; channel: (typeof salesChannel.enumValues)[number]; category: number }
  | { kind: "return"; member: number; daysBack: number; amount: number }
  | { kind: "event"; member: number; daysBack: number; channel: (typeof engagementChannel.enumValues)[number]; type: (typeof engagementType.enumValues)[number] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("sale" as const),
    member: fc.nat(2),
    // Late receipts too: up to 400 days before the moment they arrive.
    daysBack: fc.integer({ min: 0, max: 400 }),
    amount: fc.integer({ min: 0, max: 50_000 }),
    channel: fc.constantFrom(...salesChannel.enumValues),
    category: fc.nat(3),
  }),
  fc.record({ kind: fc.constant("return" as const), member: fc.nat(2), daysBack: fc.integer({ min: 0, max: 400 }), amount: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({
    kind: fc.constant("event" as const),
    member: fc.nat(2),
    daysBack: fc.integer({ min: 0, max: 120 }),
    channel: fc.constantFrom(...engagementChannel.enumValues),
    type: fc.constantFrom(...engagementType.enumValues),
  }),
);

async function ingest(op: Op, memberId: string, arrivedAt: Date, tag: string): Promise<void> {
  const occurredAt = new Date(arrivedAt.getTime() - op.daysBack * DAY - 60_000);
  // As an ingestion path does: the receipt or event and the refresh commit together.
  await handle.db.transaction(async (tx) => {
    if (op.kind === "event") await addEvent(tx, tag, { memberId, channel: op.channel, type: op.type, occurredAt });
    else if (op.kind === "return") await addReceipt(tx, tag, { memberId, storeId: world.stores.a, occurredAt, totalMinor: -op.amount });
    else {
      const category = [world.categories.books.id, world.categories.toys.id, world.categories.coffee.id, null][op.category];
      const storeId = op.channel === "pos" ? world.stores.b : world.stores.online;
      await addReceipt(tx, tag, { memberId, storeId, channel: op.channel, occurredAt, totalMinor: op.amount, lines: [{ categoryId: category, amountMinor: op.amount }] });
    }
    await refreshMemberFeatures(tx, [memberId], arrivedAt);
  });
}

/**
 * Floating-point figures (coefficient of variation, shares) compared to 10 significant digits: PostgreSQL may sum
 * an aggregate's rows in another order on another run, which moves the last bit or two.
 */
function roundFloats<T>(value: T): T {
  if (typeof value === "number") return (Number.isInteger(value) ? value : Number(value.toPrecision(10))) as T;
  if (Array.isArray(value)) return value.map(roundFloats) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundFloats(v)])) as T;
  }
  return value;
}

/**
 * Rows where member_hot_features differs from member_features' columns of the same name (HOT_COLUMNS), in
 * either direction, for these members: none when the copy triggers (migration 0031) keep up.
 */
async function hotCopyDifferences(db: DbHandle["db"], ids: readonly string[]): Promise<unknown[]> {
  const columns = sql.raw([...HOT_COLUMNS].join(", "));
  const these = sql`member_id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`;
  return selectRows(
    db,
    sql`(SELECT 'missing' AS d, ${columns} FROM member_features WHERE ${these} EXCEPT SELECT 'missing', ${columns} FROM member_hot_features WHERE ${these})
        UNION ALL
        (SELECT 'extra' AS d, ${columns} FROM member_hot_features WHERE ${these} EXCEPT SELECT 'extra', ${columns} FROM member_features WHERE ${these})`,
  );
}

describe("member features kept current", () => {
  it("after a random stream of receipts, returns and events, each row equals a fresh extraction as of its refresh, and the daily refresh brings all to one extraction as of the day (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), fc.integer({ min: 0, max: 200 }), async (ops, daysLater) => {
        const tag = uniqueTag("stream");
        const ids = await Promise.all([0, 1, 2].map((i) => addMember(handle.db, { joinedAt: new Date(T0.getTime() - 500 * DAY), email: `${tag}-${i}@x.test`, homeStoreId: world.stores.a })));
        for (const [i, op] of ops.entries()) await ingest(op, ids[op.member]!, new Date(T0.getTime() + i * HOUR), tag);

        expect(await hotCopyDifferences(handle.db, ids)).toEqual([]);
        const stored = await readStoredFeatures(handle.db, { memberIds: ids });
        for (const row of stored) {
          const [fresh] = await extractMemberFeatures(handle.db, { asOf: row.asOf, memberIds: [row.memberId] });
          expect(roundFloats(row)).toEqual(roundFloats(fresh));
        }
        expect(stored.map((r) => r.memberId).sort()).toEqual([...new Set(ops.map((o) => ids[o.member]!))].sort());

        const day = new Date(T0.getTime() + ops.length * HOUR + daysLater * DAY);
        await refreshWindowedMemberFeatures(handle.db, day, { members: onlyEmails(tag) });
        const fresh = await extractMemberFeatures(handle.db, { asOf: day, memberIds: ids });
        const current = await readStoredFeatures(handle.db, { memberIds: ids });
        // Rows the daily refresh skipped (no activity within their windows) keep their as_of, so day counts
        // differ; every figure must agree.
        const comparable = (f: (typeof fresh)[number]) => ({ ...f, asOf: null, recencyDays: null, tenureDays: null, daysSinceEngagement: null, age: null });
        expect(roundFloats(current.map(comparable))).toEqual(roundFloats(fresh.map(comparable)));
        expect(await hotCopyDifferences(handle.db, ids)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  it("the daily refresh recomputes rows with activity inside their windows and leaves the others alone", async () => {
    const tag = uniqueTag("daily");
    const recent = await addMember(handle.db, { joinedAt: new Date(T0.getTime() - 900 * DAY), email: `${tag}-recent@x.test` });
    const dormant = await addMember(handle.db, { joinedAt: new Date(T0.getTime() - 900 * DAY), email: `${tag}-dormant@x.test` });
    await addReceipt(handle.db, tag, { memberId: recent, storeId: world.stores.a, occurredAt: new Date(T0.getTime() - 80 * DAY), totalMinor: 4_200 });
    await addReceipt(handle.db, tag, { memberId: dormant, storeId: world.stores.a, occurredAt: new Date(T0.getTime() - 700 * DAY), totalMinor: 1_000 });
    await refreshMemberFeatures(handle.db, [recent, dormant], T0);
    const before = await selectRows<{ member_id: string; refreshed: string }>(handle.db, sql`SELECT member_id, refreshed_at::text AS refreshed FROM member_features WHERE member_id IN (${recent}, ${dormant}) ORDER BY member_id`);

    // Twenty days on, the sale 80 days back is 100 days back: out of the 90-day window.
    const later = new Date(T0.getTime() + 20 * DAY);
    const result = await refreshWindowedMemberFeatures(handle.db, later, { members: onlyEmails(tag) });
    expect(result).toEqual({ members: 1, changed: 1, churnRows: 1 });
    const [r] = await readStoredFeatures(handle.db, { memberIds: [recent] });
    expect([r?.spend90dMinor, r?.spendPrev90dMinor, r?.purchases90d, r?.asOf]).toEqual([0, 4_200, 0, later]);
    const after = await selectRows<{ member_id: string; refreshed: string }>(handle.db, sql`SELECT member_id, refreshed_at::text AS refreshed FROM member_features WHERE member_id = ${dormant}`);
    expect(after[0]?.refreshed).toBe(before.find((b) => b.member_id === dormant)?.refreshed);
  });

  it("a rebuild rewrites a row that went wrong and only rows that changed", async () => {
    const tag = uniqueTag("rebuild");
    const a = await addMember(handle.db, { joinedAt: new Date(T0.getTime() - 90 * DAY), email: `${tag}-a@x.test` });
    const b = await addMember(handle.db, { joinedAt: new Date(T0.getTime() - 90 * DAY), email: `${tag}-b@x.test` });
    await addReceipt(handle.db, tag, { memberId: a, storeId: world.stores.a, occurredAt: new Date(T0.getTime() - DAY), totalMinor: 700, lines: [{ categoryId: world.categories.toys.id, amountMinor: 700 }] });
    await refreshMemberFeatures(handle.db, [a, b], T0);
    await handle.db.execute(sql`UPDATE member_features SET purchases = 99, net_spend_minor = -1 WHERE member_id = ${a}`);
    await handle.db.execute(sql`DELETE FROM member_category_features WHERE member_id = ${a}`);

    const result = await rebuildMemberFeatures(handle.db, T0, { members: onlyEmails(tag) });
    expect(result).toEqual({ members: 2, changed: 1, churnRows: 0 });
    const [fixed] = await readStoredFeatures(handle.db, { memberIds: [a] });
    expect([fixed?.purchases, fixed?.netSpendMinor, fixed?.categoryShares]).toEqual([1, 700, { [world.categories.toys.code]: 1 }]);
  });

  it("a rebuild of the whole program vacuums and analyses the feature tables after it commits", async () => {
    // A private database: a whole-program rebuild would recompute other test files' members on a shared one.
    const own = await openEmptyDatabase();
    try {
      const w = await createWorld(own.db, uniqueTag("whole"));
      const a = await addMember(own.db, { joinedAt: new Date(T0.getTime() - 90 * DAY), email: "whole-a@x.test" });
      await addReceipt(own.db, "whole", { memberId: a, storeId: w.stores.a, occurredAt: new Date(T0.getTime() - DAY), totalMinor: 900, lines: [{ categoryId: w.categories.toys.id, amountMinor: 900 }] });
      const stats = () =>
        selectRows<{ relname: string; analyzed: boolean }>(
          own.db,
          sql`SELECT relname, (last_analyze IS NOT NULL) AS analyzed FROM pg_stat_user_tables
               WHERE relname IN ('member_features', 'member_category_features') ORDER BY relname`,
        );
      expect((await stats()).map((r) => r.analyzed)).toEqual([false, false]);
      expect(await rebuildMemberFeatures(own.db, T0)).toMatchObject({ members: 1, changed: 1 });
      expect(await stats()).toEqual([
        { relname: "member_category_features", analyzed: true },
        { relname: "member_features", analyzed: true },
      ]);
    } finally {
      await own.close();
    }
  });

  it("a new member gets a row at once, and profile changes reach it in the same transaction", async () => {
    const tag = uniqueTag("profile");
    const id = await addMember(handle.db, { joinedAt: T0, email: `${tag}@x.test`, city: "Kraków", homeStoreId: world.stores.a });
    const read = () =>
      selectRows<{ city: string | null; home_store_id: string | null; has_email: boolean; purchases: number; as_of: string | null }>(
        handle.db,
        sql`SELECT city, home_store_id, has_email, purchases, as_of::text AS as_of FROM member_features WHERE member_id = ${id}`,
      );
    expect(await read()).toEqual([{ city: "Kraków", home_store_id: world.stores.a, has_email: true, purchases: 0, as_of: null }]);
    await handle.db.execute(sql`UPDATE members SET city = 'Lund', home_store_id = ${world.stores.b}, email = NULL WHERE id = ${id}`);
    expect(await read()).toEqual([{ city: "Lund", home_store_id: world.stores.b, has_email: false, purchases: 0, as_of: null }]);
    expect(await hotCopyDifferences(handle.db, [id])).toEqual([]);
  });

  it("the copy of the hot columns follows inserts, updates of those columns only, and deletes", async () => {
    const tag = uniqueTag("hot");
    const id = await addMember(handle.db, { joinedAt: T0, email: `${tag}@x.test`, homeStoreId: world.stores.a });
    const copy = () => selectRows<{ purchases: number }>(handle.db, sql`SELECT purchases FROM member_hot_features WHERE member_id = ${id}`);
    expect(await copy()).toEqual([{ purchases: 0 }]);
    await handle.db.execute(sql`UPDATE member_features SET purchases = 4, city = 'Malmö' WHERE member_id = ${id}`);
    expect(await copy()).toEqual([{ purchases: 4 }]);
    expect(await hotCopyDifferences(handle.db, [id])).toEqual([]);
    await handle.db.execute(sql`DELETE FROM member_features WHERE member_id = ${id}`);
    expect(await copy()).toEqual([]);
  });

  it("HOT_COLUMNS are exactly member_hot_features' columns", async () => {
    const rows = await selectRows<{ column_name: string }>(
      handle.db,
      sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'member_hot_features' AND table_schema = current_schema()`,
    );
    expect(rows.map((r) => r.column_name).sort()).toEqual([...HOT_COLUMNS].sort());
  });
});
