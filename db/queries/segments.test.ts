import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "@/lib/errors";
import type { RuleNode } from "@/lib/segments/rule";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { memberFeatures, segments, staffUsers } from "../schema";
import { selectRows } from "../sql";
import type { AuditActor } from "./audit";
import { addMember, createWorld, type World } from "./features/fixtures";
import { archiveSegment, createSegment, duplicateSegment, getSegment, listSegments, segmentBuilderOptions, segmentSnapshots, updateSegment } from "./segments";
import { countSegment, profileSegment } from "./segments-count";
import { exportSegmentMembers, listSegmentMembers } from "./segments-members";
import { segmentsForMember } from "./segments-of-member";
import { setSegmentMembers, snapshotSegments } from "./segments-snapshot";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;

let handle: DbHandle;
let world: World;
let tag: string;
let actor: AuditActor;
const ids: Record<"ann" | "bo" | "cy" | "dee", string> = { ann: "", bo: "", cy: "", dee: "" };

const storeScope = () => ({ kind: "stores" as const, storeIds: [world.stores.a, world.stores.b] });
const buyers: RuleNode = { field: "purchases", op: "gte", value: 1 };

async function setFeatures(id: string, values: Partial<typeof memberFeatures.$inferInsert>): Promise<void> {
  await handle.db.update(memberFeatures).set({ asOf: NOW, ...values }).where(eq(memberFeatures.memberId, id));
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await selectRows<{ action: string }>(handle.db, sql`SELECT action FROM audit_log WHERE entity_type = 'segment' AND entity_id = ${entityId} ORDER BY id`);
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("seg");
  world = await createWorld(handle.db, tag);
  const [staff] = await handle.db.insert(staffUsers).values({ email: `${tag}@staff.test`, name: "Marketer", role: "marketer", passwordHash: "x" }).returning({ id: staffUsers.id });
  actor = { kind: "staff", id: staff!.id };
  const joined = new Date(NOW.getTime() - 200 * DAY);
  ids.ann = await addMember(handle.db, { joinedAt: joined, homeStoreId: world.stores.a, firstName: "Ann", lastName: tag, city: "Berlin", email: `ann.${tag}@x.test` });
  ids.bo = await addMember(handle.db, { joinedAt: joined, homeStoreId: world.stores.a, firstName: "Bo", lastName: tag, city: "Lund" });
  ids.cy = await addMember(handle.db, { joinedAt: joined, homeStoreId: world.stores.b, firstName: "=Cy", lastName: tag, city: "Berlin" });
  ids.dee = await addMember(handle.db, { joinedAt: joined, homeStoreId: world.stores.b, firstName: "Dee", lastName: tag });
  await setFeatures(ids.ann, { purchases: 4, netSpendMinor: 40_000, spend365dMinor: 30_000, lastPurchaseAt: new Date(NOW.getTime() - 5 * DAY) });
  await setFeatures(ids.bo, { purchases: 1, netSpendMinor: 5_000, spend365dMinor: 5_000, lastPurchaseAt: new Date(NOW.getTime() - 100 * DAY) });
  await setFeatures(ids.cy, { purchases: 2, netSpendMinor: 15_000, spend365dMinor: 15_000, lastPurchaseAt: new Date(NOW.getTime() - 40 * DAY) });
  await setFeatures(ids.dee, { purchases: 0 });
});

afterAll(async () => {
  await handle?.close();
});

describe("saved segments", () => {
  it("create, update, duplicate and archive, each audited; a stale version is refused", async () => {
    const created = await createSegment(handle.db, { input: { name: `${tag} Buyers`, rule: buyers }, actor });
    expect([created.version, created.status, created.createdBy]).toEqual([1, "active", actor.kind === "staff" ? actor.id : null]);
    const updated = await updateSegment(handle.db, { id: created.id, version: 1, input: { name: `${tag} Buyers`, description: "bought once", rule: { field: "purchases", op: "gte", value: 2 } }, actor });
    expect([updated.version, updated.description, updated.rule]).toEqual([2, "bought once", { field: "purchases", op: "gte", value: 2 }]);
    await expect(updateSegment(handle.db, { id: created.id, version: 1, input: { name: "late", rule: buyers }, actor })).rejects.toMatchObject({ code: "conflict" });
    const copy = await duplicateSegment(handle.db, { id: created.id, actor });
    const copy2 = await duplicateSegment(handle.db, { id: created.id, actor });
    expect([copy.name, copy2.name, copy.rule]).toEqual([`${tag} Buyers (copy)`, `${tag} Buyers (copy 2)`, updated.rule]);
    const archived = await archiveSegment(handle.db, { id: created.id, actor });
    expect([archived.status, archived.version]).toEqual(["archived", 3]);
    expect(await auditActions(created.id)).toEqual(["segment.create", "segment.update", "segment.archive"]);
    expect(await auditActions(copy.id)).toEqual(["segment.duplicate"]);
    await expect(updateSegment(handle.db, { id: created.id, version: 3, input: { name: "x", rule: buyers }, actor })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses two active segments with one name, and a rule that makes a cycle, writing nothing", async () => {
    const first = await createSegment(handle.db, { input: { name: `${tag} Loop A`, rule: buyers }, actor });
    const second = await createSegment(handle.db, { input: { name: `${tag} Loop B`, rule: { segment: first.id } }, actor });
    const duplicateName = await createSegment(handle.db, { input: { name: `${tag} loop a`, rule: buyers }, actor }).catch((e: unknown) => e);
    expect(isUniqueViolation(duplicateName)).toBe(true);
    await expect(updateSegment(handle.db, { id: first.id, version: 1, input: { name: `${tag} Loop A`, rule: { segment: second.id } }, actor })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/cycle/),
    });
    const after = await getSegment(handle.db, { id: first.id });
    expect([after?.version, after?.rule]).toEqual([1, buyers]);
    expect(await auditActions(first.id)).toEqual(["segment.create"]);
  });

  it("snapshots count who entered and who left, per day and per home store, and the list shows size and trend", async () => {
    // Buyers in this test's stores, so members other tests add meanwhile cannot enter.
    const rule: RuleNode = { all: [buyers, { field: "home_store", op: "in", value: [world.stores.a, world.stores.b] }] };
    const segment = await createSegment(handle.db, { input: { name: `${tag} Snap`, rule }, actor });
    const only = { segmentIds: [segment.id] };
    const [day1] = await snapshotSegments(handle.db, NOW, only);
    expect(day1?.entered).toBeNull();
    const ours = async () => (await listSegments(handle.db, { scope: storeScope() })).find((s) => s.id === segment.id);
    expect((await ours())?.size).toBe(3); // ann, bo, cy
    await setFeatures(ids.bo, { purchases: 0 });
    await setFeatures(ids.dee, { purchases: 3 });
    const [day2] = await snapshotSegments(handle.db, new Date(NOW.getTime() + DAY), only);
    expect([day2?.entered, day2?.left]).toEqual([1, 1]);
    const mine = await ours();
    expect(mine?.trend.map((t) => t.size)).toEqual([3, 3]);
    const storeA = (await listSegments(handle.db, { scope: { kind: "stores", storeIds: [world.stores.a] } })).find((s) => s.id === segment.id);
    // Store A: ann and bo on day 1, ann alone on day 2.
    expect([storeA?.trend.map((t) => t.size), storeA?.entered]).toEqual([[2, 1], null]);
    expect(mine?.ownerName).toBe("Marketer");
    // The segment page's trend: the same points, with the day's moves for a caller who sees every store.
    expect(await segmentSnapshots(handle.db, { segmentId: segment.id, scope: { kind: "all" } })).toEqual([
      { day: day1!.day, size: 3, entered: null, left: null },
      { day: day2!.day, size: 3, entered: 1, left: 1 },
    ]);
    expect((await segmentSnapshots(handle.db, { segmentId: segment.id, scope: { kind: "stores", storeIds: [world.stores.a] } })).map((p) => [p.size, p.entered])).toEqual([
      [2, null],
      [1, null],
    ]);
    await setFeatures(ids.bo, { purchases: 1 });
    await setFeatures(ids.dee, { purchases: 0 });
  });

  it("a list-only segment's membership is replaced with its moves recorded", async () => {
    const list = await createSegment(handle.db, { input: { name: `${tag} Hand-picked`, rule: null, kind: "manual" }, actor });
    const first = await setSegmentMembers(handle.db, { segmentId: list.id, memberIds: [ids.ann, ids.bo], now: NOW });
    expect([first.size, first.entered]).toEqual([2, null]);
    const second = await setSegmentMembers(handle.db, { segmentId: list.id, memberIds: [ids.bo, ids.cy, ids.dee], now: new Date(NOW.getTime() + DAY) });
    expect([second.size, second.entered, second.left]).toEqual([3, 2, 1]);
    const page = await listSegmentMembers(handle.db, { segmentId: list.id, scope: { kind: "stores", storeIds: [world.stores.b] }, now: NOW });
    expect(page.rows.map((r) => r.id).sort()).toEqual([ids.cy, ids.dee].sort());
  });
});

describe("segment members, export and counts", () => {
  it("lists a segment's members by spend, a page at a time, within the scope", async () => {
    const segment = await createSegment(handle.db, { input: { name: `${tag} Members`, rule: buyers }, actor });
    const page1 = await listSegmentMembers(handle.db, { segmentId: segment.id, scope: storeScope(), pageSize: 2, now: NOW });
    expect([page1.total, page1.pageCount, page1.rows.map((r) => r.displayName)]).toEqual([3, 2, [`Ann ${tag}`, `=Cy ${tag}`]]);
    const page2 = await listSegmentMembers(handle.db, { segmentId: segment.id, scope: storeScope(), pageSize: 2, page: 2, now: NOW });
    expect(page2.rows.map((r) => [r.displayName, r.purchases, r.netSpendMinor])).toEqual([[`Bo ${tag}`, 1, 5_000]]);
    const past = await listSegmentMembers(handle.db, { segmentId: segment.id, scope: storeScope(), pageSize: 2, page: 9, now: NOW });
    expect(past.page).toBe(2);
    const storeB = await listSegmentMembers(handle.db, { segmentId: segment.id, scope: { kind: "stores", storeIds: [world.stores.b] }, now: NOW });
    expect(storeB.rows.map((r) => r.id)).toEqual([ids.cy]);
  });

  it("exports the members as CSV with a header, neutralising spreadsheet formulas, within the scope", async () => {
    const segment = await createSegment(handle.db, { input: { name: `${tag} Export`, rule: { field: "city", op: "eq", value: "Berlin" } }, actor });
    let csv = "";
    for await (const chunk of exportSegmentMembers(handle.db, { segmentId: segment.id, scope: storeScope(), now: NOW })) csv += chunk;
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("member_id,member_number,first_name,last_name,email,home_store,status,joined_at,purchases,net_spend_minor,last_purchase_at");
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith(ids.cy))).toContain(`"'=Cy"`);
    let scoped = "";
    for await (const chunk of exportSegmentMembers(handle.db, { segmentId: segment.id, scope: { kind: "stores", storeIds: [world.stores.a] }, now: NOW })) scoped += chunk;
    expect(scoped.trim().split("\r\n").slice(1).map((l) => l.split(",")[0])).toEqual([ids.ann]);
  });

  it("counts a segment with its share of members and of members' revenue: 2 of 4, 45000 of 50000", async () => {
    const size = await countSegment(handle.db, { rule: { field: "city", op: "eq", value: "Berlin" }, scope: storeScope(), now: NOW });
    expect(size).toEqual({ count: 2, total: 4, shareOfMembers: 0.5, revenueMinor: 45_000, totalRevenueMinor: 50_000, shareOfRevenue: 0.9 });
  });

  it("profiles a segment against all members of the scope", async () => {
    const profile = await profileSegment(handle.db, { rule: buyers, scope: storeScope(), now: NOW });
    expect([profile.count, profile.total]).toEqual([3, 4]);
    // Purchases 4, 1, 2 in the segment; 4, 1, 2, 0 overall.
    expect(profile.means.purchases).toEqual({ segment: 7 / 3, all: 7 / 4 });
    // Last purchases 5, 100 and 40 days ago; dee never bought.
    expect(profile.recency["0-30"]).toEqual({ segment: 1, all: 1 });
    expect(profile.recency["31-90"]).toEqual({ segment: 1, all: 1 });
    expect(profile.recency["91-180"]).toEqual({ segment: 1, all: 1 });
    expect(profile.recency.never).toEqual({ segment: 0, all: 1 });
    expect(profile.means.recency_days.segment).toBeCloseTo(145 / 3, 9);
  });
});

describe("segment of one", () => {
  it("lists the segments a member is in, with which conditions hold, and nothing outside the scope", async () => {
    const berliners = await createSegment(handle.db, { input: { name: `${tag} Berlin buyers`, rule: { all: [buyers, { field: "city", op: "eq", value: "Berlin" }] } }, actor });
    const either = await createSegment(handle.db, { input: { name: `${tag} Big or recent`, rule: { any: [{ field: "net_spend", op: "gt", value: 100_000 }, { field: "recency_days", op: "lte", value: 7 }] } }, actor });
    const lund = await createSegment(handle.db, { input: { name: `${tag} Lund`, rule: { field: "city", op: "eq", value: "Lund" } }, actor });
    const nested = await createSegment(handle.db, { input: { name: `${tag} Nested`, rule: { all: [{ segment: berliners.id }, { not: { field: "has_email", op: "is_false" } }] } }, actor });
    const picked = await createSegment(handle.db, { input: { name: `${tag} Picked`, rule: null, kind: "manual" }, actor });
    await setSegmentMembers(handle.db, { segmentId: picked.id, memberIds: [ids.ann], now: NOW });

    const found = await segmentsForMember(handle.db, { memberId: ids.ann, scope: storeScope(), now: NOW });
    const mine = found?.filter((s) => [berliners.id, either.id, lund.id, nested.id, picked.id].includes(s.id));
    expect(mine?.map((s) => [s.name, s.conditions.map((c) => [c.path, c.holds, c.negated])])).toEqual([
      [`${tag} Berlin buyers`, [["all[0]", true, false], ["all[1]", true, false]]],
      [`${tag} Big or recent`, [["any[0]", false, false], ["any[1]", true, false]]],
      // "not: has no e-mail": the condition does not hold, and under the negation that is what counts.
      [`${tag} Nested`, [["all[0]", true, false], ["all[1].not", false, true]]],
      [`${tag} Picked`, []],
    ]);
    expect(await segmentsForMember(handle.db, { memberId: ids.ann, scope: { kind: "stores", storeIds: [world.stores.b] }, now: NOW })).toBeNull();
    const cy = await segmentsForMember(handle.db, { memberId: ids.cy, scope: storeScope(), now: NOW });
    expect(cy?.filter((s) => s.id === nested.id)).toEqual([]);
  });
});

describe("builder options", () => {
  it("offers a store manager their own stores only, and every category and active segment", async () => {
    const active = await createSegment(handle.db, { input: { name: `${tag} Offered`, rule: buyers }, actor });
    const options = await segmentBuilderOptions(handle.db, { scope: { kind: "stores", storeIds: [world.stores.a] } });
    expect(options.stores.map((s) => s.id)).toEqual([world.stores.a]);
    expect(options.categories.map((c) => c.code)).toEqual(expect.arrayContaining([world.categories.books.code, world.categories.toys.code]));
    expect(options.segments.map((s) => s.id)).toContain(active.id);
    const all = await segmentBuilderOptions(handle.db, { scope: { kind: "all" } });
    expect(all.stores.map((s) => s.id)).toEqual(expect.arrayContaining([world.stores.a, world.stores.b, world.stores.online]));
  });
});

describe("segments table", () => {
  it("keeps names unique among active segments only", async () => {
    const one = await createSegment(handle.db, { input: { name: `${tag} Reused`, rule: buyers }, actor });
    await archiveSegment(handle.db, { id: one.id, actor });
    const two = await createSegment(handle.db, { input: { name: `${tag} Reused`, rule: buyers }, actor });
    const rows = await handle.db.select({ id: segments.id }).from(segments).where(eq(segments.name, `${tag} Reused`));
    expect(rows.map((r) => r.id).sort()).toEqual([one.id, two.id].sort());
  });
});
