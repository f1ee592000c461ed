import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withdrawProfiling } from "@/lib/privacy/testing";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { engagementEvents, transactions } from "../schema";
import { seedDemoProgram, taggedMemberIds } from "../seed/program";
import { selectRows } from "../sql";
import { churnLabels } from "./churn-labels";
import { CHURN_FEATURES, extractChurnFeatures } from "./features/churn";
import { addRedemption } from "./features/fixtures";

const DAY = 86_400_000;
const END = new Date("2025-06-30T00:00:00Z");
const CUTOFF = new Date(END.getTime() - 120 * DAY);

let handle: DbHandle;
let tag: string;
let memberIds: string[];

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("pit");
  await seedDemoProgram(handle, { members: 300, months: 12, seed: 5, end: END, tag });
  memberIds = await taggedMemberIds(handle.db, tag);
});

afterAll(async () => {
  await handle.close();
});

/** Columns as plain arrays, NaN kept (toEqual treats NaN as equal to NaN). */
const snapshot = async () => {
  const { memberIds: ids, features } = await extractChurnFeatures(handle.db, { asOf: CUTOFF, memberIds });
  return { ids, columns: features.columns.map((c) => Array.from(c)) };
};

/** A redemption of a reward of the default program, created at `at`. */
const redeem = (memberId: string, at: Date, n: number) => addRedemption(handle.db, tag, { memberId, at, n });

const column = (name: string) => CHURN_FEATURES.indexOf(name);

describe("point in time (churn features, labels)", () => {
  it("adding sales, returns, engagement and redemptions at or after the cutoff changes no feature at the cutoff", async () => {
    // A redemption 30 days before the cutoff is seen (30 days since it); later ones must not be.
    const redeemerId = (await snapshot()).ids[2]!;
    await redeem(redeemerId, new Date(CUTOFF.getTime() - 30 * DAY), 0);
    const before = await snapshot();
    expect(before.ids.length).toBeGreaterThan(100);
    const redeemer = before.ids.indexOf(redeemerId);
    expect(before.columns[column("days_since_redemption")]![redeemer]).toBeCloseTo(30, 9);
    expect(before.columns[column("redemptions_90d")]![redeemer]).toBe(1);
    const [store] = await selectRows<{ store_id: string }>(handle.db, sql`select store_id from transactions where member_id = ${before.ids[0]} limit 1`);
    const touched = before.ids.slice(0, 25);
    let n = 0;
    for (const memberId of touched) {
      for (const days of [0, 3, 40]) {
        await handle.db.insert(transactions).values({
          memberId,
          storeId: store!.store_id,
          channel: "app",
          kind: days === 3 ? "return" : "sale",
          occurredAt: new Date(CUTOFF.getTime() + days * DAY),
          currency: "EUR",
          totalMinor: days === 3 ? -700 : 99_900,
          discountMinor: days === 3 ? 0 : 50_000,
          itemCount: days === 3 ? -1 : 9,
          source: `test-${tag}`,
          externalId: `late-${++n}`,
        });
        await handle.db.insert(engagementEvents).values({
          memberId,
          channel: "app",
          type: "app_open",
          occurredAt: new Date(CUTOFF.getTime() + days * DAY),
          source: `test-${tag}`,
          externalId: `late-${n}`,
        });
        await redeem(memberId, new Date(CUTOFF.getTime() + days * DAY), n);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("leaves out members who withdrew profiling consent", async () => {
    const before = await snapshot();
    const objector = before.ids[1]!;
    await withdrawProfiling(handle.db, objector, new Date());
    const after = await snapshot();
    expect(after.ids).toEqual(before.ids.filter((id) => id !== objector));
  });

  it("labels are the same before and after rows arrive past cutoff + horizon", async () => {
    const horizonDays = 60;
    const labels = () => churnLabels(handle.db, { cutoff: CUTOFF, horizonDays, memberIds, observedUntil: END });
    const before = await labels();
    const gone = before.filter((l) => l.churned).slice(0, 10);
    expect(gone.length).toBe(10);
    const [store] = await selectRows<{ store_id: string }>(handle.db, sql`select store_id from transactions where member_id = ${gone[0]!.memberId} limit 1`);
    for (const [i, { memberId }] of gone.entries()) {
      await handle.db.insert(transactions).values({
        memberId,
        storeId: store!.store_id,
        channel: "pos",
        occurredAt: new Date(CUTOFF.getTime() + (horizonDays + 1) * DAY),
        currency: "EUR",
        totalMinor: 1000,
        itemCount: 1,
        source: `test-${tag}`,
        externalId: `after-window-${i}`,
      });
    }
    expect(await labels()).toEqual(before);
  });
});
