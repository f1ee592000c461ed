import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRule } from "@/lib/segments/compile";
import { parseRule } from "@/lib/segments/parse";
import type { RuleNode } from "@/lib/segments/rule";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { memberCategoryFeatures, memberFeatures, segmentMembers, segments } from "../schema";
import { selectRows } from "../sql";
import { addEvent, addMember, addReceipt, createWorld, setPrediction, type World } from "./features/fixtures";
import { refreshMemberFeatures } from "./features/refresh";
import { uuidArray } from "./features/sql";
import { countSegmentMembers } from "./segments-count";
import { loadReferencedSegments, programTimeZone } from "./segments-rule";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let handle: DbHandle;
let world: World;
let tag: string;
let timeZone: string;
const m: Record<"m1" | "m2" | "m3" | "e1" | "e2", string> = { m1: "", m2: "", m3: "", e1: "", e2: "" };
let profileIds: string[] = [];
let eventIds: string[] = [];

/** The names (m1, m2, ...) of the members among `ids` that a rule selects, compiled and run on the database. */
async function select(rule: unknown, ids: string[] = profileIds): Promise<string[]> {
  const parsed = parseRule(rule);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const segmentsById = await loadReferencedSegments(handle.db, parsed.rule);
  const condition = compileRule(parsed.rule, { now: NOW, timeZone, segments: segmentsById });
  const rows = await selectRows<{ member_id: string }>(handle.db, sql`SELECT f.member_id FROM member_features f WHERE f.member_id = ANY(${uuidArray(ids)}) AND ${condition}`);
  const names = Object.entries(m).filter(([, id]) => rows.some((r) => r.member_id === id)).map(([name]) => name);
  return names.sort();
}

async function setFeatures(id: string, { churnRisk, ...values }: Partial<typeof memberFeatures.$inferInsert> & { churnRisk?: number }): Promise<void> {
  await handle.db.update(memberFeatures).set({ asOf: NOW, ...values }).where(eq(memberFeatures.memberId, id));
  if (churnRisk !== undefined) await setPrediction(handle.db, id, { churnRisk });
}

async function saveSegment(name: string, rule: RuleNode | null): Promise<string> {
  const [row] = await handle.db.insert(segments).values({ name: `${tag} ${name}`, rule, kind: rule ? "rule" : "manual" }).returning({ id: segments.id });
  return row!.id;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("cmp");
  world = await createWorld(handle.db, tag);
  timeZone = await programTimeZone(handle.db);
  const db = handle.db;
  const { a, b } = world.stores;
  m.m1 = await addMember(db, { joinedAt: ago(400), homeStoreId: a, city: "Berlin", countryCode: "DE", postcode: "10115", birthDate: "1990-01-01", locale: "de", email: `${tag}-1@x.test` });
  m.m2 = await addMember(db, { joinedAt: ago(30), homeStoreId: b });
  m.m3 = await addMember(db, { joinedAt: ago(100), homeStoreId: a, city: "Bern", countryCode: "CH", postcode: "3011", birthDate: "2000-06-16", email: `${tag}-3@x.test`, status: "inactive" });
  profileIds = [m.m1, m.m2, m.m3];
  await setFeatures(m.m1, { purchases: 5, netSpendMinor: 12_000, avgBasketMinor: 2_400, lastPurchaseAt: ago(10), spend90dMinor: 5_000, shareOnline: 0.5, churnRisk: 0.8, tier: "gold", lastAppOpenAt: ago(5), lineSalesMinor: 1_000 });
  await setFeatures(m.m3, { purchases: 2, netSpendMinor: 20_001, avgBasketMinor: 10_001, lastPurchaseAt: ago(45), spend90dMinor: 0, shareOnline: 0, churnRisk: 0.2, lineSalesMinor: 500 });
  const { books, toys } = world.categories;
  await db.insert(memberCategoryFeatures).values([
    { memberId: m.m1, categoryId: books.id, spendMinor: 600, share: 0.6 },
    { memberId: m.m1, categoryId: toys.id, spendMinor: 400, share: 0.4 },
    { memberId: m.m3, categoryId: books.id, spendMinor: 500, share: 1 },
  ]);

  m.e1 = await addMember(db, { joinedAt: ago(300), homeStoreId: a });
  m.e2 = await addMember(db, { joinedAt: ago(300), homeStoreId: b });
  eventIds = [m.e1, m.e2];
  await addReceipt(db, tag, { memberId: m.e1, storeId: a, occurredAt: ago(3), totalMinor: 1_000 });
  await addReceipt(db, tag, { memberId: m.e1, storeId: world.stores.online, channel: "online", occurredAt: ago(20), totalMinor: 2_000, lines: [{ categoryId: books.id, amountMinor: 2_000 }] });
  await addReceipt(db, tag, { memberId: m.e1, storeId: a, occurredAt: ago(100), totalMinor: 3_000 });
  await addReceipt(db, tag, { memberId: m.e2, storeId: world.stores.online, channel: "app", occurredAt: ago(200), totalMinor: 500, lines: [{ productId: toys.productId, amountMinor: 500 }] });
  await addEvent(db, tag, { memberId: m.e1, channel: "app", type: "app_open", occurredAt: ago(5) });
  await addEvent(db, tag, { memberId: m.e1, channel: "app", type: "app_open", occurredAt: ago(40) });
  await addEvent(db, tag, { memberId: m.e1, channel: "email", type: "email_open", occurredAt: ago(10) });
  await addEvent(db, tag, { memberId: m.e2, channel: "web", type: "page_view", occurredAt: ago(2) });
  await refreshMemberFeatures(db, eventIds, NOW);
});

afterAll(async () => {
  await handle?.close();
});

describe("compiled segment conditions on hand-made members", () => {
  it("number on an integer column: purchases 5, 0, 2", async () => {
    expect(await select({ field: "purchases", op: "gt", value: 2 })).toEqual(["m1"]);
    expect(await select({ field: "purchases", op: "gte", value: 2 })).toEqual(["m1", "m3"]);
    expect(await select({ field: "purchases", op: "lt", value: 2 })).toEqual(["m2"]);
    expect(await select({ field: "purchases", op: "lte", value: 2 })).toEqual(["m2", "m3"]);
    expect(await select({ field: "purchases", op: "eq", value: 2 })).toEqual(["m3"]);
    expect(await select({ field: "purchases", op: "ne", value: 2 })).toEqual(["m1", "m2"]);
    expect(await select({ field: "purchases", op: "between", value: [1, 3] })).toEqual(["m3"]);
    // Whole-number columns with decimal thresholds: > 2.5 is >= 3; = 2.5 holds for nobody; <= 1.9 is <= 1.
    expect(await select({ field: "purchases", op: "gt", value: 2.5 })).toEqual(["m1"]);
    expect(await select({ field: "purchases", op: "eq", value: 2.5 })).toEqual([]);
    expect(await select({ field: "purchases", op: "lte", value: 1.9 })).toEqual(["m2"]);
    expect(await select({ field: "purchases", op: "between", value: [1.5, 5] })).toEqual(["m1", "m3"]);
    expect(await select({ field: "purchases", op: "is_null" })).toEqual([]);
  });

  it("money and nullable money: net spend 12000, 0, 20001; average basket 2400, none, 10001", async () => {
    expect(await select({ field: "net_spend", op: "gt", value: 12_000 })).toEqual(["m3"]);
    expect(await select({ field: "net_spend", op: "between", value: [0, 12_000] })).toEqual(["m1", "m2"]);
    expect(await select({ field: "avg_basket", op: "lt", value: 5_000 })).toEqual(["m1"]);
    expect(await select({ field: "avg_basket", op: "is_null" })).toEqual(["m2"]);
    expect(await select({ field: "avg_basket", op: "is_not_null" })).toEqual(["m1", "m3"]);
    // A missing value makes the condition false, and NOT negates it: members who never bought are in.
    expect(await select({ not: { field: "avg_basket", op: "gt", value: 5_000 } })).toEqual(["m1", "m2"]);
    expect(await select({ field: "avg_basket", op: "ne", value: 2_400 })).toEqual(["m3"]);
  });

  it("days since a time, computed at query time: last purchase 10 days, never, 45 days ago", async () => {
    expect(await select({ field: "recency_days", op: "gt", value: 10 })).toEqual(["m3"]);
    expect(await select({ field: "recency_days", op: "gte", value: 10 })).toEqual(["m1", "m3"]);
    expect(await select({ field: "recency_days", op: "lt", value: 45 })).toEqual(["m1"]);
    expect(await select({ field: "recency_days", op: "lte", value: 45 })).toEqual(["m1", "m3"]);
    expect(await select({ field: "recency_days", op: "eq", value: 45 })).toEqual(["m3"]);
    expect(await select({ field: "recency_days", op: "ne", value: 45 })).toEqual(["m1"]);
    expect(await select({ field: "recency_days", op: "between", value: [0, 20] })).toEqual(["m1"]);
    expect(await select({ field: "recency_days", op: "is_null" })).toEqual(["m2"]);
    expect(await select({ not: { field: "recency_days", op: "gt", value: 10 } })).toEqual(["m1", "m2"]);
    // Tenure: joined 400, 30 and 100 days ago.
    expect(await select({ field: "tenure_days", op: "gt", value: 99 })).toEqual(["m1", "m3"]);
    expect(await select({ field: "tenure_days", op: "eq", value: 30 })).toEqual(["m2"]);
  });

  it("whole years since birth: 35 (born 1990-01-01), unknown, 24 (born 2000-06-16, birthday tomorrow)", async () => {
    expect(await select({ field: "age", op: "gte", value: 25 })).toEqual(["m1"]);
    expect(await select({ field: "age", op: "lt", value: 25 })).toEqual(["m3"]);
    expect(await select({ field: "age", op: "eq", value: 24 })).toEqual(["m3"]);
    expect(await select({ field: "age", op: "between", value: [30, 40] })).toEqual(["m1"]);
    expect(await select({ field: "age", op: "is_null" })).toEqual(["m2"]);
  });

  it("shares and predictions: online share 0.5, none, 0; churn risk 0.8, none, 0.2", async () => {
    expect(await select({ field: "share_online", op: "eq", value: 0 })).toEqual(["m3"]);
    expect(await select({ field: "share_online", op: "gt", value: 0 })).toEqual(["m1"]);
    expect(await select({ field: "share_online", op: "lte", value: 0.5 })).toEqual(["m1", "m3"]);
    expect(await select({ field: "share_online", op: "between", value: [0.25, 1] })).toEqual(["m1"]);
    expect(await select({ field: "share_online", op: "is_null" })).toEqual(["m2"]);
    expect(await select({ field: "churn_risk", op: "gte", value: 0.5 })).toEqual(["m1"]);
    expect(await select({ field: "churn_risk", op: "ne", value: 0.8 })).toEqual(["m3"]);
  });

  it("dates: last purchase within the last N days, before and after a program-local day", async () => {
    expect(await select({ field: "last_purchase_at", op: "within_last", value: 30 })).toEqual(["m1"]);
    expect(await select({ field: "last_purchase_at", op: "within_last", value: 45 })).toEqual(["m1", "m3"]);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    // 45 days ago at 12:00 UTC is on that calendar day in any zone within 12 hours of UTC.
    expect(await select({ field: "last_purchase_at", op: "before", value: day(ago(20)) })).toEqual(["m3"]);
    expect(await select({ field: "last_purchase_at", op: "after", value: day(ago(45)) })).toEqual(["m1"]);
    expect(await select({ field: "last_purchase_at", op: "after", value: day(ago(46)) })).toEqual(["m1", "m3"]);
    expect(await select({ field: "joined_at", op: "before", value: day(ago(99)) })).toEqual(["m1", "m3"]);
    expect(await select({ field: "last_purchase_at", op: "is_null" })).toEqual(["m2"]);
  });

  it("choices, text and booleans", async () => {
    expect(await select({ field: "home_store", op: "in", value: [world.stores.a] })).toEqual(["m1", "m3"]);
    expect(await select({ field: "home_store", op: "not_in", value: [world.stores.a] })).toEqual(["m2"]);
    expect(await select({ field: "language", op: "in", value: ["de"] })).toEqual(["m1"]);
    expect(await select({ field: "status", op: "in", value: ["inactive"] })).toEqual(["m3"]);
    expect(await select({ field: "city", op: "eq", value: "Berlin" })).toEqual(["m1"]);
    expect(await select({ field: "city", op: "ne", value: "Berlin" })).toEqual(["m3"]);
    expect(await select({ field: "city", op: "contains", value: "er" })).toEqual(["m1", "m3"]);
    expect(await select({ field: "city", op: "starts_with", value: "bern" })).toEqual(["m3"]);
    expect(await select({ field: "city", op: "contains", value: "%" })).toEqual([]);
    expect(await select({ field: "city", op: "in", value: ["Berlin", "Bern"] })).toEqual(["m1", "m3"]);
    expect(await select({ field: "city", op: "not_in", value: ["Berlin"] })).toEqual(["m3"]);
    expect(await select({ field: "city", op: "is_null" })).toEqual(["m2"]);
    expect(await select({ field: "country", op: "in", value: ["CH", "AT"] })).toEqual(["m3"]);
    expect(await select({ field: "postcode", op: "starts_with", value: "101" })).toEqual(["m1"]);
    expect(await select({ field: "tier", op: "eq", value: "gold" })).toEqual(["m1"]);
    expect(await select({ field: "has_email", op: "is_true" })).toEqual(["m1", "m3"]);
    expect(await select({ field: "has_email", op: "is_false" })).toEqual(["m2"]);
  });

  it("category shares: books 0.6 / toys 0.4, no spend, books 1.0", async () => {
    const { books, toys } = world.categories;
    expect(await select({ category: books.code, op: "gte", value: 0.5 })).toEqual(["m1", "m3"]);
    expect(await select({ category: books.code, op: "lt", value: 0.7 })).toEqual(["m1"]);
    // Bought, but no toys: share 0; no spend at all: no share, the condition is false.
    expect(await select({ category: toys.code, op: "lt", value: 0.1 })).toEqual(["m3"]);
    expect(await select({ category: toys.code, op: "eq", value: 0 })).toEqual(["m3"]);
    expect(await select({ category: toys.code, op: "between", value: [0.3, 0.5] })).toEqual(["m1"]);
    expect(await select({ category: `${tag}-nothing`, op: "lt", value: 0.5 })).toEqual(["m1", "m3"]);
    expect(await select({ category: `${tag}-nothing`, op: "gt", value: 0 })).toEqual([]);
  });

  it("groups: all, any, not, nested", async () => {
    expect(await select({ all: [{ field: "purchases", op: "gte", value: 1 }, { field: "city", op: "eq", value: "Bern" }] })).toEqual(["m3"]);
    expect(await select({ any: [{ field: "purchases", op: "eq", value: 0 }, { field: "city", op: "eq", value: "Bern" }] })).toEqual(["m2", "m3"]);
    expect(await select({ not: { any: [{ field: "purchases", op: "eq", value: 0 }, { field: "city", op: "eq", value: "Bern" }] } })).toEqual(["m1"]);
    expect(await select({ all: [{ not: { field: "city", op: "is_null" } }, { any: [{ field: "age", op: "gt", value: 30 }, { field: "churn_risk", op: "lt", value: 0.5 }] }] })).toEqual(["m1", "m3"]);
  });

  it("membership of saved segments: by rule, by stored list, and through another segment", async () => {
    const buyers = await saveSegment("buyers", { field: "purchases", op: "gte", value: 2 });
    const listed = await saveSegment("listed", null);
    await handle.db.insert(segmentMembers).values({ segmentId: listed, memberId: m.m2 });
    const nested = await saveSegment("nested", { all: [{ segment: buyers }, { field: "city", op: "eq", value: "Berlin" }] });
    expect(await select({ segment: buyers })).toEqual(["m1", "m3"]);
    expect(await select({ not: { segment: buyers } })).toEqual(["m2"]);
    expect(await select({ segment: listed })).toEqual(["m2"]);
    expect(await select({ segment: nested })).toEqual(["m1"]);
  });

  it("refuses a segment that refers to itself through another, and an unknown segment", async () => {
    const first = await saveSegment("first", null);
    const second = await saveSegment("second", { segment: first });
    await handle.db.update(segments).set({ rule: { segment: second } }).where(eq(segments.id, first));
    await expect(select({ segment: first })).rejects.toThrow(/cycle/);
    await expect(select({ segment: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(/no segment/);
  });

  it("events: purchases and engagement in a window, in a channel or category, at least N times, or not", async () => {
    const { books, toys } = world.categories;
    const ev = (rule: unknown) => select(rule, eventIds);
    // e1: sales 3 (pos), 20 (online, books) and 100 (pos) days ago; app opens 5 and 40, e-mail open 10 days ago.
    // e2: a sale 200 days ago in the app (toys, through the product); a page view 2 days ago.
    expect(await ev({ event: "purchase", withinDays: 30 })).toEqual(["e1"]);
    expect(await ev({ event: "purchase", atLeast: 3 })).toEqual(["e1"]);
    expect(await ev({ event: "purchase", channel: "online", withinDays: 30 })).toEqual(["e1"]);
    expect(await ev({ event: "purchase", channel: "online", withinDays: 10 })).toEqual([]);
    expect(await ev({ event: "purchase", channel: "app" })).toEqual(["e2"]);
    expect(await ev({ event: "purchase", category: books.code, withinDays: 30 })).toEqual(["e1"]);
    expect(await ev({ event: "purchase", category: toys.code })).toEqual(["e2"]);
    expect(await ev({ event: "purchase", atLeast: 2, withinDays: 30 })).toEqual(["e1"]);
    expect(await ev({ event: "purchase", atLeast: 3, withinDays: 30 })).toEqual([]);
    expect(await ev({ event: "purchase", did: false, withinDays: 30 })).toEqual(["e2"]);
    expect(await ev({ event: "app_open", withinDays: 30 })).toEqual(["e1"]);
    expect(await ev({ event: "app_open", atLeast: 2, withinDays: 60 })).toEqual(["e1"]);
    expect(await ev({ event: "app_open", atLeast: 2, withinDays: 30 })).toEqual([]);
    expect(await ev({ event: "engagement", channel: "web", withinDays: 7 })).toEqual(["e2"]);
    expect(await ev({ event: "engagement", withinDays: 3 })).toEqual(["e2"]);
    expect(await ev({ event: "email_open", channel: "app" })).toEqual([]);
    expect(await ev({ event: "review" })).toEqual([]);
    expect(await ev({ event: "review", did: false })).toEqual(["e1", "e2"]);
  });

  it("a store manager's count holds only members of their stores, and erased members never count", async () => {
    const scopeTag = uniqueTag("scope");
    const own = await createWorld(handle.db, scopeTag);
    const inside = await addMember(handle.db, { joinedAt: ago(10), homeStoreId: own.stores.a });
    await addMember(handle.db, { joinedAt: ago(10), homeStoreId: own.stores.b });
    await addMember(handle.db, { joinedAt: ago(10), homeStoreId: own.stores.a, status: "erased" });
    const everyone: RuleNode = { field: "purchases", op: "gte", value: 0 };
    expect(await countSegmentMembers(handle.db, { rule: everyone, scope: { kind: "stores", storeIds: [own.stores.a] }, now: NOW })).toBe(1);
    expect(await countSegmentMembers(handle.db, { rule: everyone, scope: { kind: "stores", storeIds: [own.stores.a, own.stores.b] }, now: NOW })).toBe(2);
    expect(await countSegmentMembers(handle.db, { rule: everyone, scope: { kind: "stores", storeIds: [] }, now: NOW })).toBe(0);
    const rows = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM member_features WHERE member_id = ${inside}`);
    expect(rows[0]?.n).toBe(1);
  });
});
