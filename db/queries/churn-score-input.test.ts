import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withdrawProfiling } from "@/lib/privacy/testing";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { seedDemoProgram, taggedMemberIds } from "../seed/program";
import { selectRows } from "../sql";
import { btydFitInputs } from "./btyd-stats";
import { eligibleMembers } from "./churn-labels";
import { memberSample } from "./churn-sample";
import { keptBtydStats, keptEligibleMembers, keptInputsServe, keptScoringInput, scoringInput, type ScoringInput } from "./churn-score-input";
import { addEvent, addReceipt, addRedemption } from "./features/fixtures";
import { refreshMemberFeatures } from "./features/refresh";

const DAY = 86_400_000;
// Before the other test files' programs: on a shared PostgreSQL their kept rows are computed later.
const END = new Date("2024-09-30T00:00:00Z");
const ALL = { after: "00000000-0000-0000-0000-000000000000", upTo: "ffffffff-ffff-ffff-ffff-ffffffffffff" };

let handle: DbHandle;
let tag: string;
let memberIds: string[];

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("kept");
  // The seed builds member features, and with them the kept churn inputs, as of END.
  await seedDemoProgram(handle, { members: 300, months: 14, seed: 9, end: END, tag });
  memberIds = await taggedMemberIds(handle.db, tag);
}, 300_000);

afterAll(async () => {
  await handle.close();
});

/** The input's rows for `ids` only (a shared database holds other files' members), as plain values; NaN kept. */
function rowsOf(input: ScoringInput, ids: readonly string[]) {
  const wanted = new Set(ids);
  return input.memberIds.flatMap((id, row) =>
    wanted.has(id)
      ? [{ id, features: input.features.columns.map((c) => c[row]), stats: input.stats.get(id), homeStoreId: input.homeStoreIds[row] }]
      : [],
  );
}

/** Equal within floating-point noise (the kept path computes the same SQL expressions in another order of operations). */
function expectSameInputs(kept: ReturnType<typeof rowsOf>, extracted: ReturnType<typeof rowsOf>): void {
  expect(kept.map((r) => r.id)).toEqual(extracted.map((r) => r.id));
  kept.forEach((row, i) => {
    const other = extracted[i]!;
    expect(row.homeStoreId).toBe(other.homeStoreId);
    row.features.forEach((value, j) => {
      if (Number.isNaN(other.features[j]!)) expect(value).toBeNaN();
      else expect(value).toBeCloseTo(other.features[j]!, 9);
    });
    for (const key of ["x", "tx", "T", "meanSpend"] as const) {
      const expected = other.stats![key];
      if (Number.isNaN(expected)) expect(row.stats![key]).toBeNaN();
      else expect(row.stats![key]).toBeCloseTo(expected, 9);
    }
  });
}

describe("the churn inputs kept beside member_features", () => {
  it("give the scoring run the same features and BTYD statistics as the extraction from receipts and events, as of the time they were computed", async () => {
    const [kept, extracted] = await Promise.all([keptScoringInput(handle.db, { asOf: END, ...ALL }), scoringInput(handle.db, { asOf: END, ...ALL })]);
    const rows = rowsOf(extracted, memberIds);
    expect(rows.length).toBeGreaterThan(200);
    // Not every feature is empty: the comparison compares something.
    expect(rows.filter((r) => r.stats!.x > 0).length).toBeGreaterThan(100);
    expectSameInputs(rowsOf(kept, memberIds), rows);
  });

  it("give the BTYD fit and the member sample the same inputs as the receipts", async () => {
    const tagged = sql`m.external_id LIKE ${`${tag}-M%`}`;
    const fromReceipts = await btydFitInputs(handle.db, { cutoff: END, where: tagged });
    const fromKept = await btydFitInputs(handle.db, { cutoff: END, stats: keptBtydStats(END, tagged) });
    expect(fromReceipts.rfm.length).toBeGreaterThan(20);
    expect(fromReceipts.spend.length).toBeGreaterThan(100);
    expect(fromKept).toEqual(fromReceipts);
    const sample = { cutoff: END, maxMembers: 100 };
    const eligible = sql`SELECT x.id FROM (${eligibleMembers(END, undefined, tagged)}) x`;
    const [receipts, kept] = [await memberSample(handle.db, { ...sample, eligible }), await memberSample(handle.db, { ...sample, eligible: keptEligibleMembers(END, tagged) })];
    expect(receipts.eligible).toBeGreaterThan(200);
    expect(kept).toEqual(receipts);
  });

  it("follow a member's new sale, event and redemption when their features are refreshed, and leave out a member who objects to profiling", async () => {
    const later = new Date(END.getTime() + 20 * DAY);
    // Four members who had bought by END (memberIds holds members who never did too, in id order).
    const [buyer, engaged, redeemer, objector] = (
      await selectRows<{ member_id: string }>(
        handle.db,
        sql`select member_id from member_features where purchases > 0 and member_id = any(${`{${memberIds.join(",")}}`}::uuid[]) order by member_id limit 4`,
      )
    ).map((r) => r.member_id);
    const [{ store_id: storeId } = { store_id: "" }] = await selectRows<{ store_id: string }>(
      handle.db,
      sql`select store_id from transactions where member_id = ${buyer!} and kind = 'sale' limit 1`,
    );
    const [buyerBefore] = rowsOf(await keptScoringInput(handle.db, { asOf: END, ...ALL }), [buyer!]);
    await addReceipt(handle.db, tag, { memberId: buyer!, storeId, channel: "app", occurredAt: new Date(END.getTime() + 3 * DAY), totalMinor: 4_250 });
    await addEvent(handle.db, tag, { memberId: engaged!, channel: "app", type: "app_open", occurredAt: new Date(END.getTime() + 5 * DAY) });
    await addRedemption(handle.db, tag, { memberId: redeemer!, at: new Date(END.getTime() + 7 * DAY), n: 1 });
    await withdrawProfiling(handle.db, objector!, new Date(END.getTime() + 8 * DAY));
    const touched = [buyer!, engaged!, redeemer!, objector!];
    await refreshMemberFeatures(handle.db, touched, later);
    const [kept, extracted] = await Promise.all([keptScoringInput(handle.db, { asOf: later, ...ALL }), scoringInput(handle.db, { asOf: later, ...ALL })]);
    const rows = rowsOf(extracted, touched);
    expect(rows.map((r) => r.id).sort()).toEqual([buyer!, engaged!, redeemer!].sort());
    expectSameInputs(rowsOf(kept, touched), rows);
    // The new sale moved the buyer's figures: the comparison is not between two stale rows.
    expect(rows.find((r) => r.id === buyer)!.stats!.x).toBe(buyerBefore!.stats!.x + 1);
  });

  it("serve a run only as of an instant no kept row is newer than", async () => {
    const [{ newest } = { newest: "" }] = await selectRows<{ newest: string }>(handle.db, sql`select max(as_of)::text as newest from member_churn_features`);
    const newestAt = new Date(newest).getTime();
    expect(await keptInputsServe(handle.db, END)).toBe(false);
    expect(await keptInputsServe(handle.db, new Date(newestAt - 1))).toBe(false);
    // This program's members, whose rows are all kept: served from the newest row's instant on.
    const [{ mine } = { mine: "" }] = await selectRows<{ mine: string }>(
      handle.db,
      sql`select max(as_of)::text as mine from member_churn_features where member_id = any(${`{${memberIds.join(",")}}`}::uuid[])`,
    );
    expect(await keptInputsServe(handle.db, new Date(mine), { only: memberIds })).toBe(true);
    expect(await keptInputsServe(handle.db, new Date(new Date(mine).getTime() - 1), { only: memberIds })).toBe(false);
    // A member with purchases but no kept row (a database migrated from before the table): not served.
    const [buyer] = await selectRows<{ member_id: string }>(
      handle.db,
      sql`select member_id from member_features where purchases > 0 and member_id = any(${`{${memberIds.join(",")}}`}::uuid[]) order by member_id limit 1`,
    );
    await handle.db.execute(sql`delete from member_churn_features where member_id = ${buyer!.member_id}`);
    expect(await keptInputsServe(handle.db, new Date(mine), { only: memberIds })).toBe(false);
  });
});
