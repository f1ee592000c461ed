import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { refreshMemberFeatures } from "../db/queries/features/refresh";
import { selectRows } from "../db/sql";
import { DAY_MS } from "../lib/time";
import { makeLoyaltyFixture, type LoyaltyFixture } from "./loyalty";

/**
 * A small world of this test's own for personalization: a program, three categories (coffee, tea, bakery),
 * a product or two in each, members with receipts placed on given days before `now`, and their member features.
 */
export interface PersonalizationWorld {
  fixture: LoyaltyFixture;
  tag: string;
  now: Date;
  categories: { coffee: string; tea: string; bakery: string };
  products: { flatWhite: string; espresso: string; greenTea: string; croissant: string };
  productName(id: string): string;
  /** A member whose receipts are `[daysAgo, productKeys[]]`, features refreshed as of now. */
  member(receipts: readonly (readonly [number, readonly (keyof PersonalizationWorld["products"])[]])[]): Promise<{ id: string; externalId: string }>;
}

export async function makePersonalizationWorld(db: Db, now: Date): Promise<PersonalizationWorld> {
  const fixture = await makeLoyaltyFixture(db);
  const tag = fixture.tag;
  const cats = await selectRows<{ id: string; code: string }>(
    db,
    sql`INSERT INTO categories (code, name) VALUES (${`${tag}-coffee`}, ${`Coffee ${tag}`}), (${`${tag}-tea`}, ${`Tea ${tag}`}), (${`${tag}-bakery`}, ${`Bakery ${tag}`})
        RETURNING id, code`,
  );
  const cat = (name: string) => cats.find((c) => c.code === `${tag}-${name}`)!.id;
  const categories = { coffee: cat("coffee"), tea: cat("tea"), bakery: cat("bakery") };
  const spec = { flatWhite: ["Oat Flat White", categories.coffee, 400], espresso: ["Espresso", categories.coffee, 250], greenTea: ["Green Tea", categories.tea, 600], croissant: ["Croissant", categories.bakery, 300] } as const;
  const products = {} as Record<keyof typeof spec, string>;
  const names = new Map<string, string>();
  const prices = new Map<string, number>();
  for (const [key, [name, categoryId, price]] of Object.entries(spec) as [keyof typeof spec, (typeof spec)[keyof typeof spec]][]) {
    const [row] = await selectRows<{ id: string }>(
      db,
      sql`INSERT INTO products (sku, name, category_id, price_minor, currency) VALUES (${`${tag}-${key}`}, ${`${name} ${tag}`}, ${categoryId}::uuid, ${price}, 'EUR') RETURNING id`,
    );
    products[key] = row!.id;
    names.set(row!.id, `${name} ${tag}`);
    prices.set(row!.id, price);
  }
  let receiptNo = 0;
  return {
    fixture,
    tag,
    now,
    categories,
    products,
    productName: (id) => names.get(id)!,
    async member(receipts) {
      const m = await fixture.makeMember();
      for (const [daysAgo, keys] of receipts) {
        const lines = keys.map((k) => products[k]);
        const total = lines.reduce((n, id) => n + prices.get(id)!, 0);
        const [t] = await selectRows<{ id: number }>(
          db,
          sql`INSERT INTO transactions (member_id, store_id, channel, kind, occurred_at, currency, total_minor, item_count, source, external_id)
              VALUES (${m.id}::uuid, ${fixture.store.id}::uuid, 'pos', 'sale', ${new Date(now.getTime() - daysAgo * DAY_MS + 3_600_000).toISOString()}::timestamptz,
                      'EUR', ${total}, ${lines.length}, ${`${tag}-test`}, ${`${tag}-R${++receiptNo}`})
              RETURNING id::int AS id`,
        );
        await db.execute(sql`INSERT INTO transaction_lines (transaction_id, line_no, product_id, sku, category_id, quantity, amount_minor)
          SELECT ${t!.id}, n, p.id, p.sku, p.category_id, 1, p.price_minor
            FROM unnest(${`{${lines.join(",")}}`}::uuid[]) WITH ORDINALITY AS x(id, n) JOIN products p ON p.id = x.id`);
      }
      await refreshMemberFeatures(db, [m.id], now);
      return m;
    },
  };
}

/**
 * The scenario of the personalization tests: `count` look-alikes who mostly buy coffee and tea on two days
 * (every other one also had an espresso 120 days ago, history before a 90-day held-out window), and Ada, who
 * buys an oat flat white every week for ten weeks and never tea.
 */
export async function coffeeDrinkers(world: PersonalizationWorld, count: number): Promise<{ ada: { id: string; externalId: string } }> {
  for (let i = 0; i < count; i++) {
    await world.member([
      ...(i % 2 === 0 ? ([[120, ["espresso"]]] as const) : []),
      [7, ["flatWhite", "greenTea"]],
      [14, ["flatWhite"]],
      [21, ["flatWhite", "greenTea"]],
      [28, ["flatWhite"]],
      [35, ["flatWhite"]],
    ]);
  }
  const ada = await world.member(Array.from({ length: 10 }, (_, w) => [7 * (w + 1), ["flatWhite"]] as const));
  return { ada };
}

export interface RewardValues {
  kind?: string;
  value?: object;
  categoryId?: string | null;
  cost: number;
  stock?: number;
  tiers?: string[];
  /** false for a reward only past offers name: never a candidate, so tests stay independent of each other. */
  active?: boolean;
}

/** A reward of the world's program, valid 14 days once given; its name carries the world's tag. */
export async function makeWorldReward(db: Db, world: PersonalizationWorld, name: string, values: RewardValues): Promise<string> {
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`INSERT INTO rewards (program_id, name, kind, value, category_id, points_price, cost_minor, cost_currency, stock, voucher_days, eligible_tier_ids, active)
        VALUES (${world.fixture.programId}::uuid, ${`${name} ${world.tag}`}, ${values.kind ?? "percent_off"}::reward_kind, ${JSON.stringify(values.value ?? { kind: "percent_off", percent: 20 })}::jsonb,
                ${values.categoryId ?? null}::uuid, 100, ${values.cost}, 'EUR', ${values.stock ?? null}::int, 14, ${`{${(values.tiers ?? []).join(",")}}`}::uuid[], ${values.active ?? true})
        RETURNING id`,
  );
  return row!.id;
}
