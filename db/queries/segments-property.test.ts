import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { compileRule } from "@/lib/segments/compile";
import { featureTableFor } from "@/lib/segments/hot-columns";
import { parseRule } from "@/lib/segments/parse";
import type { RuleNode } from "@/lib/segments/rule";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { memberFeatures } from "../schema";
import { selectRows } from "../sql";
import { addMember, createWorld, setPrediction, type World } from "./features/fixtures";
import { uuidArray } from "./features/sql";
import { referenceHolds, type ReferenceMember } from "./segments-reference";

const NOW = new Date("2025-06-15T12:00:00Z");
const dialect = new PgDialect();
const DAY = 86_400_000;

let handle: DbHandle;
let world: World;

beforeAll(async () => {
  handle = await openTestDatabase();
  world = await createWorld(handle.db, uniqueTag("prop"));
});

afterAll(async () => {
  await handle?.close();
});

const CITIES = ["Berlin", "Bern", "Lund", "Oslo", "Bergen"] as const;
/** Whole and half values around 0..n, so thresholds fall on, between and beside the members' values. */
const half = (n: number) => fc.oneof(fc.integer({ min: 0, max: n + 1 }), fc.integer({ min: 0, max: n }).map((x) => x + 0.5));

type Generated = Omit<ReferenceMember, "id" | "homeStoreId" | "lastPurchaseAt"> & { store: "a" | "b" | null; daysBack: number | null };

const memberArb: fc.Arbitrary<Generated> = fc.record({
  purchases: fc.integer({ min: 0, max: 6 }),
  netSpendMinor: fc.integer({ min: -500, max: 5_000 }),
  avgBasketMinor: fc.option(fc.integer({ min: 0, max: 3_000 })),
  shareOnline: fc.option(fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }))),
  daysBack: fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
  city: fc.option(fc.constantFrom(...CITIES)),
  hasEmail: fc.boolean(),
  churnRisk: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  store: fc.option(fc.constantFrom("a" as const, "b" as const)),
});

const numberOps = fc.constantFrom("eq", "ne", "gt", "gte", "lt", "lte");
function numeric(field: string, values: fc.Arbitrary<number>, nullable: boolean): fc.Arbitrary<RuleNode> {
  const pair = fc.tuple(values, values).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
  const arbs: Array<fc.Arbitrary<RuleNode>> = [
    fc.record({ field: fc.constant(field), op: numberOps, value: values }) as fc.Arbitrary<RuleNode>,
    fc.record({ field: fc.constant(field), op: fc.constant("between"), value: pair }) as fc.Arbitrary<RuleNode>,
  ];
  if (nullable) arbs.push(fc.record({ field: fc.constant(field), op: fc.constantFrom("is_null", "is_not_null") }) as fc.Arbitrary<RuleNode>);
  return fc.oneof(...arbs);
}

const leafArb: fc.Arbitrary<RuleNode> = fc.oneof(
  numeric("purchases", half(6), false),
  numeric("net_spend", fc.oneof(fc.integer({ min: -600, max: 5_100 }), fc.constantFrom(-0.5, 0, 99.5)), false),
  numeric("avg_basket", half(3_000), true),
  numeric("share_online", fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })), true),
  numeric("recency_days", half(200), true),
  numeric("churn_risk", fc.double({ min: 0, max: 1, noNaN: true }), true),
  fc.record({ field: fc.constant("last_purchase_at"), op: fc.constant("within_last"), value: fc.integer({ min: 1, max: 200 }) }) as fc.Arbitrary<RuleNode>,
  fc.oneof(
    fc.record({ field: fc.constant("city"), op: fc.constantFrom("eq", "ne"), value: fc.constantFrom(...CITIES) }),
    fc.record({ field: fc.constant("city"), op: fc.constantFrom("in", "not_in"), value: fc.subarray([...CITIES], { minLength: 1 }) }),
    fc.record({ field: fc.constant("city"), op: fc.constantFrom("contains", "starts_with"), value: fc.constantFrom("er", "Ber", "BER", "lu", "o", "n") }),
    fc.record({ field: fc.constant("city"), op: fc.constantFrom("is_null", "is_not_null") }),
  ) as fc.Arbitrary<RuleNode>,
  fc.record({ field: fc.constant("has_email"), op: fc.constantFrom("is_true", "is_false") }) as fc.Arbitrary<RuleNode>,
  fc.oneof(
    fc.record({ field: fc.constant("home_store"), op: fc.constantFrom("in", "not_in"), value: fc.constantFrom(["a"], ["b"], ["a", "b"]) }),
    fc.record({ field: fc.constant("home_store"), op: fc.constantFrom("is_null", "is_not_null") }),
  ) as fc.Arbitrary<RuleNode>,
);

const { tree: treeArb } = fc.letrec<{ tree: RuleNode }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { arbitrary: leafArb, weight: 3 },
    { arbitrary: fc.array(tie("tree"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })), weight: 1 },
    { arbitrary: fc.array(tie("tree"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })), weight: 1 },
    { arbitrary: tie("tree").map((not) => ({ not })), weight: 1 },
  ),
}));

/** Store placeholders ("a", "b") in home_store conditions become the world's store ids. */
function withStores(node: RuleNode): RuleNode {
  if ("all" in node) return { all: node.all.map(withStores) };
  if ("any" in node) return { any: node.any.map(withStores) };
  if ("not" in node) return { not: withStores(node.not) };
  if ("field" in node && node.field === "home_store" && "value" in node && Array.isArray(node.value)) {
    return { ...node, value: (node.value as string[]).map((s) => (s === "a" ? world.stores.a : world.stores.b)) } as RuleNode;
  }
  return node;
}

async function insertMembers(generated: Generated[], tag: string): Promise<ReferenceMember[]> {
  const out: ReferenceMember[] = [];
  for (const [i, g] of generated.entries()) {
    const homeStoreId = g.store === null ? null : world.stores[g.store];
    const id = await addMember(handle.db, { joinedAt: new Date(NOW.getTime() - 500 * DAY), homeStoreId, city: g.city, email: g.hasEmail ? `${tag}-${i}@x.test` : null });
    const lastPurchaseAt = g.daysBack === null ? null : new Date(NOW.getTime() - Math.round(g.daysBack * DAY));
    await handle.db
      .update(memberFeatures)
      .set({ asOf: NOW, purchases: g.purchases, netSpendMinor: g.netSpendMinor, avgBasketMinor: g.avgBasketMinor, shareOnline: g.shareOnline, lastPurchaseAt })
      .where(eq(memberFeatures.memberId, id));
    await setPrediction(handle.db, id, { churnRisk: g.churnRisk });
    out.push({ ...g, id, homeStoreId, lastPurchaseAt });
  }
  return out;
}

describe("compiled rules against a plain TypeScript filter", () => {
  it("select exactly the members the TypeScript reading of the rule selects (fast-check, random trees over ten fields)", async () => {
    const tables = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(memberArb, { minLength: 10, maxLength: 30 }), fc.array(treeArb, { minLength: 40, maxLength: 40 }), async (generated, trees) => {
        const people = await insertMembers(generated, uniqueTag("p"));
        const ids = people.map((p) => p.id);
        for (const tree of trees) {
          const parsed = parseRule(withStores(tree));
          expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
          if (!parsed.ok) return;
          const condition = compileRule(parsed.rule, { now: NOW, timeZone: "UTC", segments: new Map() });
          const expected = people.filter((p) => referenceHolds(parsed.rule, p, NOW)).map((p) => p.id).sort();
          // Over member_features, and over the table a live count reads (member_hot_features when the rule
          // uses only its columns): both must select exactly the reference's members.
          const table = featureTableFor(condition);
          for (const from of [sql.raw("member_features"), table]) {
            const rows = await selectRows<{ member_id: string }>(handle.db, sql`SELECT f.member_id FROM ${from} f WHERE f.member_id = ANY(${uuidArray(ids)}) AND ${condition}`);
            expect(rows.map((r) => r.member_id).sort(), JSON.stringify(parsed.rule)).toEqual(expected);
          }
          tables.add(dialect.sqlToQuery(table).sql);
        }
      }),
      { numRuns: 20 },
    );
    // Both kinds of rule came up: some on the hot columns only, some needing the wide table.
    expect([...tables].sort()).toEqual(["member_features", "member_hot_features"]);
  });
});
