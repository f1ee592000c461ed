import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RFM_SEGMENTS, type RfmSegment } from "@/lib/models/rfm";
import { parseRule } from "@/lib/segments/parse";
import { rfmSegmentRule, summarizeRfm } from "@/lib/segments/rfm";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { memberFeatures } from "../schema";
import { selectRows } from "../sql";
import { addMember, createWorld } from "./features/fixtures";
import { loadRfmValues } from "./segments-rfm";
import { memberBase, prepareRule } from "./segments-rule";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;

let handle: DbHandle;
let storeId: string;
const scope = () => ({ kind: "stores" as const, storeIds: [storeId] });

/** A small linear congruential generator: the same members on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const tag = uniqueTag("rfm");
  storeId = (await createWorld(handle.db, tag)).stores.a;
  const random = lcg(11);
  for (let i = 0; i < 160; i++) {
    const id = await addMember(handle.db, { joinedAt: new Date(NOW.getTime() - 800 * DAY), homeStoreId: storeId, externalId: `${tag}-${i}` });
    if (i % 16 === 0) continue; // never bought: no scores, in no RFM segment
    // Many ties: 40% bought once, spend on a coarse grid, recency in whole days plus a few hours.
    const purchases = random() < 0.4 ? 1 : 1 + Math.floor(random() * 12);
    const recency = Math.floor(random() * 400);
    await handle.db
      .update(memberFeatures)
      .set({
        asOf: NOW,
        purchases,
        netSpendMinor: Math.round(random() * 40) * 500 - (i % 23 === 0 ? 3_000 : 0),
        lastPurchaseAt: new Date(NOW.getTime() - recency * DAY - Math.floor(random() * 20) * 3_600_000),
      })
      .where(eq(memberFeatures.memberId, id));
  }
});

afterAll(async () => handle?.close());

async function selected(rule: unknown): Promise<Set<string>> {
  const parsed = parseRule(rule);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const { condition } = await prepareRule(handle.db, parsed.rule, { now: NOW });
  const rows = await selectRows<{ id: string }>(handle.db, sql`SELECT f.member_id AS id FROM member_features f WHERE ${memberBase(scope())} AND ${condition}`);
  return new Set(rows.map((r) => r.id));
}

describe("RFM segments as saved rules", () => {
  it("scores the 150 members with a purchase and leaves out the 10 who never bought", async () => {
    const values = await loadRfmValues(handle.db, { scope: scope(), now: NOW });
    expect(values).toHaveLength(150);
    const summary = summarizeRfm(values);
    expect(summary.grid.flat().reduce((a, b) => a + b, 0)).toBe(150);
    expect(Object.values(summary.segments).reduce((a, b) => a + b, 0)).toBe(150);
  });

  it("each named segment's rule selects, on the database, exactly the members the model puts in it", async () => {
    const values = await loadRfmValues(handle.db, { scope: scope(), now: NOW });
    const summary = summarizeRfm(values);
    const expected = new Map<RfmSegment, Set<string>>(RFM_SEGMENTS.map((s) => [s, new Set()]));
    values.forEach((v, i) => expected.get(summary.segmentOf[i]!)!.add(v.memberId));
    let nonEmpty = 0;
    for (const segment of RFM_SEGMENTS) {
      const rule = rfmSegmentRule(segment, summary.cuts);
      const want = expected.get(segment)!;
      if (rule === null) {
        expect(want.size, segment).toBe(0);
        continue;
      }
      nonEmpty++;
      expect([...(await selected(rule))].sort(), segment).toEqual([...want].sort());
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(6);
  });

  it("with every member alike all score 1 (Lost): Lost's rule is every member with a purchase, Champions has none", () => {
    const same = Array.from({ length: 10 }, () => ({ recencyDays: 3, frequency: 2, monetary: 1000 }));
    const summary = summarizeRfm(same);
    // Equal values share a score: all score 1 + floor(5 * 0 / 10) = 1, so R 1 and FM 1: Lost.
    expect(summary.segments.lost).toBe(10);
    expect(rfmSegmentRule("champions", summary.cuts)).toBeNull();
    expect(rfmSegmentRule("lost", summary.cuts)).toEqual({ field: "last_purchase_at", op: "is_not_null" });
  });
});
