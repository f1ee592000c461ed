import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { Db, DbHandle } from "./client";
import { members, stores, transactions } from "./schema";
import { selectRows } from "./sql";

let handle: DbHandle;
let storeId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  const tag = uniqueTag("links");
  const [store] = await handle.db
    .insert(stores)
    .values({ code: tag, name: tag, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" })
    .returning({ id: stores.id });
  storeId = store!.id;
});

afterAll(async () => {
  await handle.close();
});

async function newMembers(n: number): Promise<string[]> {
  const rows = await handle.db
    .insert(members)
    .values(Array.from({ length: n }, () => ({ joinedAt: new Date("2025-01-01T00:00:00Z") })))
    .returning({ id: members.id });
  return rows.map((r) => r.id);
}

/** Links as the trigger keeps them, beside the links recomputed from scratch, for the given members. */
async function linksVersusRecount(memberIds: string[], db: Db = handle.db) {
  return selectRows<{ id: number; prev: string | null; prev2: string | null; want_prev: string | null; want_prev2: string | null }>(
    db,
    sql`select id, prev_sale_at::text as prev, prev2_sale_at::text as prev2,
               (lag(occurred_at) over w)::text as want_prev, (lag(occurred_at, 2) over w)::text as want_prev2
          from transactions
         where kind = 'sale' and member_id in ${memberIds}
        window w as (partition by member_id order by occurred_at, id)`,
  );
}

const DAY = 86_400_000;
const sale = (memberId: string | null, day: number, tag: string, n: number, kind: "sale" | "return" = "sale") => ({
  memberId,
  storeId,
  channel: "pos" as const,
  kind,
  currency: "EUR" as const,
  source: tag,
  externalId: `r${n}`,
  itemCount: 1,
  occurredAt: new Date(Date.UTC(2026, 0, 1) + day * DAY),
  totalMinor: kind === "sale" ? 1000 : -500,
});

describe("sale links (previous and second-previous sale of the member)", () => {
  it("equal a recount after receipts arrive in any order, in batches of any size, with returns and guests mixed in", async () => {
    // Sales that have a second-previous sale, over all runs: the property must reach them to mean anything.
    let secondLinks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ member: fc.nat(2), day: fc.nat(60), kind: fc.constantFrom("sale", "sale", "sale", "return"), guest: fc.boolean() }), {
          minLength: 8,
          maxLength: 30,
        }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 25 }),
        async (receipts, batchSizes) => {
          const tag = uniqueTag("order");
          const ids = await newMembers(3);
          const rows = receipts.map((r, i) => sale(r.guest && r.kind === "sale" ? null : ids[r.member]!, r.day, tag, i, r.kind as "sale" | "return"));
          for (let start = 0, b = 0; start < rows.length; b++) {
            const size = batchSizes[b % batchSizes.length]!;
            await handle.db.insert(transactions).values(rows.slice(start, start + size));
            start += size;
          }
          const links = await linksVersusRecount(ids);
          secondLinks += links.filter((l) => l.want_prev2 !== null).length;
          expect(links).toHaveLength(rows.filter((r) => r.kind === "sale" && r.memberId !== null).length);
          for (const row of links) {
            expect([row.prev, row.prev2]).toEqual([row.want_prev, row.want_prev2]);
          }
        },
      ),
      { numRuns: 15 },
    );
    expect(secondLinks).toBeGreaterThan(0);
  });

  it("are left as written for the members a statement vouches for (loyalist.sale_links_filled names the others), for that statement only", async () => {
    const [vouched, named] = await newMembers(2);
    const tag = uniqueTag("vouched");
    await handle.db.insert(transactions).values([sale(vouched!, 10, tag, 1), sale(named!, 10, tag, 2)]);
    await handle.db.transaction(async (tx) => {
      // A writer that vouches for every member but `named`: the trigger relinks `named` alone, and leaves the
      // other's links as written, even where they are wrong (here: none at all).
      await selectRows(tx, sql`select set_config('loyalist.sale_links_filled', ${`{${named}}`}, true)`);
      await tx.insert(transactions).values([sale(vouched!, 12, tag, 3), sale(named!, 12, tag, 4)]);
      const [after] = await selectRows<{ flag: string }>(tx, sql`select coalesce(current_setting('loyalist.sale_links_filled', true), '') as flag`);
      expect(after!.flag).toBe("");
      const wrong = await linksVersusRecount([vouched!, named!], tx);
      expect(wrong.filter((r) => r.prev !== r.want_prev).map((r) => r.id)).toHaveLength(1);
      // The next statement is linked in full again: it relinks the day-12 sale after this day-11 one as well.
      await tx.insert(transactions).values(sale(vouched!, 11, tag, 5));
    });
    const rows = await linksVersusRecount([vouched!, named!]);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect([r.prev, r.prev2]).toEqual([r.want_prev, r.want_prev2]);
  });

  it("count members with a sale in a window: sales on days 1, 5, 40 and 41, 45 -> window days 30..59 has 2 members, 1 repeater", async () => {
    const tag = uniqueTag("count");
    const [a, b, c] = await newMembers(3);
    // a: days 1, 5, 40 (one sale in the window); b: days 41, 45 (two in the window); c: day 1 only (none).
    await handle.db.insert(transactions).values([sale(a!, 40, tag, 1), sale(b!, 45, tag, 2), sale(a!, 5, tag, 3), sale(c!, 1, tag, 4)]);
    await handle.db.insert(transactions).values([sale(b!, 41, tag, 5), sale(a!, 1, tag, 6)]);
    const start = new Date(Date.UTC(2026, 0, 1) + 30 * DAY).toISOString();
    const end = new Date(Date.UTC(2026, 0, 1) + 60 * DAY).toISOString();
    const [row] = await selectRows<{ buyers: number; repeaters: number }>(
      handle.db,
      sql`select count(*) filter (where prev_sale_at is null or prev_sale_at < ${start}::timestamptz)::int as buyers,
                 count(*) filter (where prev_sale_at >= ${start}::timestamptz
                                    and (prev2_sale_at is null or prev2_sale_at < ${start}::timestamptz))::int as repeaters
            from transactions
           where kind = 'sale' and member_id in ${[a, b, c]}
             and occurred_at >= ${start}::timestamptz and occurred_at < ${end}::timestamptz`,
    );
    expect(row).toEqual({ buyers: 2, repeaters: 1 });
  });
});
