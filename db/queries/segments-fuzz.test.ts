import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseRule, parseRuleText } from "@/lib/segments/parse";
import { describeIssue, type RuleNode } from "@/lib/segments/rule";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { memberFeatures, segments } from "../schema";
import { selectRows } from "../sql";
import { addMember, createWorld, setPrediction, type World } from "./features/fixtures";
import { sizeOfUntrustedRule } from "./segments-count";
import { referenceHolds, type ReferenceMember } from "./segments-reference";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;

let handle: DbHandle;
let world: World;
let tag: string;
let people: ReferenceMember[] = [];
let savedSegment: string;

const HOSTILE: unknown[] = [
  "'; DROP TABLE members; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  "Robert'); DELETE FROM member_features; --",
  "\\",
  "%",
  "_",
  "%_%'",
  "$1",
  "::uuid",
  "f.purchases",
  "purchases; select pg_sleep(1)",
  "ǅ😀\u202eabc",
  "\ud800",
  "a".repeat(5_000),
  "\u0000",
  "line\nbreak",
  "",
  " ",
  "null",
  "00000000-0000-4000-8000-000000000000",
  "__proto__",
  "constructor",
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  2 ** 53 + 1,
  1e-320,
  0.1,
  -1,
  [],
  [1, 2],
  ["a"],
  [[[]]],
  [null],
  {},
  { a: 1 },
  { all: [] },
  { toString: "x" },
  null,
  true,
  false,
  undefined,
];

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("fuzz");
  world = await createWorld(handle.db, tag);
  const specs: Array<Omit<ReferenceMember, "id">> = [
    { purchases: 3, netSpendMinor: 4_000, avgBasketMinor: 1_300, shareOnline: 0.5, lastPurchaseAt: new Date(NOW.getTime() - 3 * DAY), city: "Berlin", hasEmail: true, churnRisk: 0.7, homeStoreId: world.stores.a },
    { purchases: 0, netSpendMinor: 0, avgBasketMinor: null, shareOnline: null, lastPurchaseAt: null, city: "O'Hare %_", hasEmail: false, churnRisk: null, homeStoreId: world.stores.b },
    { purchases: 9, netSpendMinor: 90_000, avgBasketMinor: 10_000, shareOnline: 0, lastPurchaseAt: new Date(NOW.getTime() - 60 * DAY), city: null, hasEmail: true, churnRisk: 0.1, homeStoreId: world.stores.a },
  ];
  for (const [i, s] of specs.entries()) {
    const id = await addMember(handle.db, { joinedAt: new Date(NOW.getTime() - 365 * DAY), homeStoreId: s.homeStoreId, city: s.city, email: s.hasEmail ? `${tag}-${i}@x.test` : null });
    await handle.db
      .update(memberFeatures)
      .set({ asOf: NOW, purchases: s.purchases, netSpendMinor: s.netSpendMinor, avgBasketMinor: s.avgBasketMinor, shareOnline: s.shareOnline, lastPurchaseAt: s.lastPurchaseAt })
      .where(eq(memberFeatures.memberId, id));
    await setPrediction(handle.db, id, { churnRisk: s.churnRisk });
    people.push({ ...s, id });
  }
  const [saved] = await handle.db.insert(segments).values({ name: `${tag} saved`, rule: { field: "purchases", op: "gte", value: 1 } }).returning({ id: segments.id });
  savedSegment = saved!.id;
});

afterAll(async () => {
  await handle?.close();
});

/** Rules over the reference's fields: a number from the database can be checked against the TypeScript filter. */
const CHECKABLE: unknown[] = [
  { all: [{ field: "purchases", op: "gt", value: 2 }, { field: "city", op: "eq", value: "Berlin" }] },
  { any: [{ field: "net_spend", op: "between", value: [0, 5_000] }, { not: { field: "churn_risk", op: "lt", value: 0.5 } }] },
  { field: "city", op: "contains", value: "Ber" },
  { field: "city", op: "in", value: ["Berlin", "Oslo"] },
  { field: "has_email", op: "is_true" },
  { field: "avg_basket", op: "is_null" },
  { field: "last_purchase_at", op: "within_last", value: 30 },
  { not: { field: "recency_days", op: "lte", value: 10 } },
];
/** Rules over everything else: the answer must be a number or a validation error. */
const OTHERS = (): unknown[] => [
  { category: world.categories.books.code, op: "gte", value: 0.2 },
  { segment: savedSegment },
  { event: "purchase", channel: "online", withinDays: 30, atLeast: 2 },
  { event: "app_open", did: false, withinDays: 7 },
  { event: "purchase", category: world.categories.toys.code },
  { field: "home_store", op: "in", value: [world.stores.a] },
  { field: "age", op: "between", value: [18, 30] },
  { field: "joined_at", op: "before", value: "2025-01-01" },
  { field: "language", op: "not_in", value: ["de"] },
];

type Position = Array<string | number>;

function positions(value: unknown, path: Position = []): Position[] {
  const here: Position[] = [path];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => positions(v, [...path, i]))];
  if (typeof value === "object" && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => positions(v, [...path, k]))];
  return here;
}

function replaceAt(value: unknown, path: Position, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const object = value as Record<string, unknown>;
  return { ...object, [head as string]: replaceAt(object[head as string], rest, replacement) };
}

/** The live-size path of the builder; a bad rule must come back as invalid_input with its place, nothing else. */
async function answer(input: unknown): Promise<{ count: number } | { error: AppError }> {
  try {
    const size = await sizeOfUntrustedRule(handle.db, { input, scope: { kind: "stores", storeIds: [world.stores.a, world.stores.b] }, now: NOW });
    return { count: size.count };
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input" && error.message.length > 0) return { error };
    throw error;
  }
}

function valueAt(value: unknown, path: Position): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)?.[key], value);
}

/** A valid template with one position replaced by a hostile value, or one object given a hostile extra key. */
const mutation = (templates: unknown[]) =>
  fc
    .tuple(fc.constantFrom(...templates), fc.nat(), fc.constantFrom(...HOSTILE), fc.boolean(), fc.constantFrom("value", "op", "extra", "all", "field", "not"))
    .map(([template, at, hostile, addKey, key]) => {
      const spots = positions(template);
      if (!addKey) return replaceAt(template, spots[at % spots.length] ?? [], hostile);
      const objects = spots.filter((p) => {
        const v = valueAt(template, p);
        return typeof v === "object" && v !== null && !Array.isArray(v);
      });
      const target = objects[at % objects.length] ?? [];
      return replaceAt(template, target, { ...(valueAt(template, target) as object), [key]: hostile });
    });

describe("hostile and wrong input in every position of a rule", () => {
  it("answers with a validation error naming the place, or a correct count, never a database error (fast-check)", async () => {
    const seen = { errors: 0, counts: 0 };
    await fc.assert(
      fc.asyncProperty(mutation(CHECKABLE), async (input) => {
        const result = await answer(input);
        seen["error" in result ? "errors" : "counts"]++;
        if ("error" in result) return;
        const parsed = parseRule(input);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(result.count).toBe(people.filter((p) => referenceHolds(parsed.rule as RuleNode, p, NOW)).length);
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(mutation(OTHERS()), async (input) => {
        const result = await answer(input);
        seen["error" in result ? "errors" : "counts"]++;
        if ("count" in result) expect(result.count).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
    // Hostile text where text belongs is a valid question with a correct answer.
    const textValue = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(...HOSTILE.filter((h): h is string => typeof h === "string")));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("eq", "ne", "contains", "starts_with", "in", "not_in"), textValue, async (op, text) => {
        const input = { all: [{ field: "city", op, value: op.endsWith("in") ? [text, "Berlin"] : text }, { field: "purchases", op: "gte", value: 0 }] };
        const result = await answer(input);
        seen["error" in result ? "errors" : "counts"]++;
        if ("error" in result) return;
        const parsed = parseRule(input);
        expect(parsed.ok && result.count === people.filter((p) => referenceHolds(parsed.rule, p, NOW)).length).toBe(true);
      }),
      { numRuns: 200 },
    );
    // Both outcomes occur.
    expect(seen.errors).toBeGreaterThan(50);
    expect(seen.counts).toBeGreaterThan(100);
  });

  it("names the path and the reason of each problem", async () => {
    const issues = (input: unknown) => {
      const parsed = parseRule(input);
      return parsed.ok ? [] : parsed.issues.map(describeIssue);
    };
    expect(issues({ all: [{ field: "purchases", op: "gt", value: 1 }, { field: "city", op: "eq", value: "x" }, { field: "spend_90d", op: "gt", value: "200" }] })).toEqual([
      "all[2].value: must be a number between -1000000000000 and 1000000000000",
    ]);
    expect(issues({ any: [{ field: "share_online", op: "gte", value: 7 }] })).toEqual(["any[0].value: must be a number between 0 and 1"]);
    expect(issues({ not: { field: "nope", op: "eq", value: 1 } })).toEqual(["not.field: must be a field of the catalogue"]);
    expect(issues({ field: "purchases", op: "contains", value: "x" })).toEqual(["op: must be one of gt, gte, lt, lte, eq, ne, between, is_null, is_not_null"]);
    expect(issues({ field: "city", op: "eq", value: "a\u0000b" })).toEqual(["value: must not contain control characters"]);
    expect(issues({ event: "purchase", withinDays: 0 })).toEqual(["withinDays: must be a number between 1 and 3650"]);
    expect(issues({ event: "app_open", category: "books" })).toEqual(["category: applies to purchases only"]);
    expect(issues({ all: [] })).toEqual(["all: must be a list of 1 to 50 conditions"]);
    expect(issues([])).toEqual(["must be a group ({ all }, { any }, { not }) or a condition"]);
    expect(issues({ field: "purchases", op: "between", value: [5, 1] })).toEqual(["value: the first number must not be greater than the second"]);
    expect(issues({ segment: "1; drop table segments" })).toEqual(["segment: must be a segment id"]);
    expect(parseRuleText("{not json")).toEqual({ ok: false, issues: [{ path: "", message: "must be JSON" }] });
    expect(parseRuleText("[".repeat(100_000)).ok).toBe(false);
  });

  it("leaves the database as it was: no statement in a value ever runs", async () => {
    await answer({ field: "city", op: "eq", value: "x'); DELETE FROM member_features; --" });
    await answer({ field: "city", op: "in", value: ["a", "b'); DROP TABLE members; --"] });
    const rows = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM member_features f JOIN members m ON m.id = f.member_id WHERE m.email LIKE ${`${tag}%`}`);
    expect(rows[0]?.n).toBe(2);
    expect(await answer({ field: "city", op: "eq", value: "O'Hare %_" })).toEqual({ count: 1 });
    expect(await answer({ field: "city", op: "contains", value: "%_" })).toEqual({ count: 1 });
    expect(await answer({ field: "city", op: "contains", value: "'" })).toEqual({ count: 1 });
  });
});
