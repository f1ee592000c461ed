import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { seedDemoProgram } from "../seed/program";
import { selectRows } from "../sql";
import { eligibleMembers } from "./churn-labels";
import { inSample, memberSample, type MemberSample } from "./churn-sample";
import { trainChurnModel } from "./churn-train";

const DAY = 86_400_000;
// Years before the other test files' programs: on a shared PostgreSQL no other fixture's member could churn
// at these cutoffs, so the sample is this program's alone.
const END = new Date("2019-06-30T00:00:00Z");
const LATEST_CUTOFF = new Date(END.getTime() - 90 * DAY);
const EARLIEST_CUTOFF = new Date(END.getTime() - 210 * DAY);
const MAX = 400;

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  await seedDemoProgram(handle, { members: 1000, months: 24, seed: 11, end: END, tag: uniqueTag("sample") });
}, 900_000);

afterAll(async () => {
  await handle.close();
});

const sampled = async (cutoff: Date, sample: MemberSample | null) =>
  (await selectRows<{ id: string }>(handle.db, sql`SELECT e.id FROM (${eligibleMembers(cutoff, undefined, inSample(sql`m.id`, sample))}) e ORDER BY e.id`)).map(
    (r) => r.id,
  );

describe("the churn training sample (1,000 generated members, at most 400 per cutoff)", () => {
  it("holds exactly 400 of the members who could churn at the latest cutoff, the same ones again, and a subset of them earlier", async () => {
    const first = await memberSample(handle.db, { cutoff: LATEST_CUTOFF, maxMembers: MAX });
    const second = await memberSample(handle.db, { cutoff: LATEST_CUTOFF, maxMembers: MAX });
    expect(first.sample).not.toBeNull();
    expect(first.eligible).toBeGreaterThan(MAX);
    expect(second).toEqual(first);
    const latest = await sampled(LATEST_CUTOFF, first.sample);
    expect(latest).toHaveLength(MAX);
    const earliest = await sampled(EARLIEST_CUTOFF, first.sample);
    expect(earliest.length).toBeLessThan(MAX);
    expect(earliest.every((id) => latest.includes(id))).toBe(true);
  });

  it("is every member (no sample) when no more than the maximum could churn", async () => {
    const { sample, eligible } = await memberSample(handle.db, { cutoff: LATEST_CUTOFF, maxMembers: 1_000_000 });
    expect(sample).toBeNull();
    expect(await sampled(LATEST_CUTOFF, sample)).toHaveLength(eligible);
  });

  it("trains on at most 400 members per cutoff, records the sample, and trains on the same members twice", async () => {
    const train = () => trainChurnModel(handle.db, { now: END, trainCutoffs: 2, maxMembers: MAX });
    const [a, b] = [await train(), await train()];
    expect(a.sample.members).toBe(MAX);
    expect(a.sample.eligible).toBeGreaterThan(MAX);
    type Run = { version: number; sample_members: number; eligible_members: number; train_rows: number; test_rows: number; evaluations: unknown };
    const runs = await selectRows<Run>(
      handle.db,
      sql`SELECT version, sample_members, eligible_members, train_rows, test_rows, evaluations
            FROM churn_model_runs WHERE id IN (${a.id}, ${b.id}) ORDER BY version`,
    );
    expect(runs).toHaveLength(2);
    const [first, second] = runs as [Run, Run];
    expect(first).toMatchObject({ sample_members: MAX, eligible_members: a.sample.eligible, test_rows: MAX });
    // Two backtest cutoffs of at most 400 members each.
    expect(first.train_rows).toBeLessThanOrEqual(2 * MAX);
    // The same members and rows; the same model up to the last digits (PostgreSQL may run an aggregate in
    // parallel or not, which can move a float feature's last bit; on PGlite the two are equal).
    const rows = (r: Run) => [r.sample_members, r.eligible_members, r.train_rows, r.test_rows];
    expect(rows(second)).toEqual(rows(first));
    const auc = (r: Run) => {
      const evaluations = (typeof r.evaluations === "string" ? JSON.parse(r.evaluations) : r.evaluations) as Array<{ name: string; auc: number }>;
      return evaluations.find((e) => e.name === "gbt")!.auc;
    };
    expect(auc(second)).toBeCloseTo(auc(first), 3);
  }, 300_000);
});
