import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { runBacktest, type BacktestResult, type CutoffSet } from "@/lib/models/churn/backtest";
import { btydBaseline } from "@/lib/models/churn/btyd-baseline";
import { CHURN_RFM_FEATURES } from "@/lib/models/churn/features";
import { groundTruthReport } from "@/lib/models/churn/ground-truth";
import { explainRisk } from "@/lib/models/churn/reasons";
import { takeRows } from "@/lib/models/matrix";
import type { DbHandle } from "../client";
import { seedDemoProgram, taggedMemberIds } from "../seed/program";
import { btydStatsAsOf } from "./btyd-stats";
import { churnCutoffSet } from "./churn-dataset";
import { readGroundTruth } from "./churn-ground-truth";

const DAY = 86_400_000;
const END = new Date("2025-06-30T00:00:00Z");
const H = 90;
const TEST_CUTOFF = new Date(END.getTime() - H * DAY);
const TRAIN_CUTOFFS = [0, 30, 60, 90, 120].map((back) => new Date(TEST_CUTOFF.getTime() - (H + back) * DAY));

let handle: DbHandle;
let memberIds: string[];
let test: CutoffSet;
let result: BacktestResult;

const atCutoff = (cutoff: Date) => churnCutoffSet(handle.db, { cutoff, horizonDays: H, memberIds, observedUntil: END });

beforeAll(async () => {
  handle = await openTestDatabase();
  const tag = uniqueTag("bt");
  // The generator is deterministic by seed and end date: the same 3,000 members on every run.
  await seedDemoProgram(handle, { members: 3000, months: 24, seed: 1, end: END, tag });
  memberIds = await taggedMemberIds(handle.db, tag);
  const train: CutoffSet[] = [];
  for (const cutoff of TRAIN_CUTOFFS) train.push(await atCutoff(cutoff));
  test = await atCutoff(TEST_CUTOFF);
  const btyd = btydBaseline(test.memberIds, await btydStatsAsOf(handle.db, { cutoff: TEST_CUTOFF, memberIds }), H);
  result = runBacktest({ train, test, horizonDays: H, rfm: CHURN_RFM_FEATURES, scoreBaselines: [btyd] });
}, 900_000);

afterAll(async () => {
  await handle.close();
});

const auc = (name: string) => result.evaluations.find((e) => e.name === name)?.auc ?? Number.NaN;

describe("churn backtest on 3,000 generated members (features at 5 cutoffs before 2025-04-01, tested on 2025-04-01 + 90 days)", () => {
  it("the GBT's AUC beats the RFM-only and the BTYD-only (BG/NBD P(no purchase in 90 days)) baselines by at least 0.02", () => {
    expect(result.testRows).toBeGreaterThan(2000);
    console.log(`AUC gbt ${auc("gbt").toFixed(4)}, rfm ${auc("rfm").toFixed(4)}, btyd ${auc("btyd").toFixed(4)}`);
    expect(auc("gbt")).toBeGreaterThanOrEqual(auc("rfm") + 0.02);
    expect(auc("btyd")).toBeGreaterThan(0.5);
    expect(auc("gbt")).toBeGreaterThanOrEqual(auc("btyd") + 0.02);
  });

  it("judged against the generator's truth: below the oracle's ceiling, and better than RFM at finding members who already stopped", async () => {
    const report = groundTruthReport({
      test,
      truth: await readGroundTruth(handle.db, test.memberIds),
      testScores: result.testScores,
      horizonDays: H,
    });
    expect(report.oracle.auc).toBeGreaterThan(auc("gbt"));
    const dead = Object.fromEntries(report.deadAuc.map((d) => [d.name, d.auc]));
    expect(dead.gbt).toBeGreaterThan(dead.rfm! + 0.05);
  });

  it("names at least one reason, in the member's figures, for each of the 50 members most at risk", () => {
    const scores = result.testScores.get("gbt")!;
    const riskiest = Array.from(scores.keys())
      .sort((a, b) => scores[b]! - scores[a]!)
      .slice(0, 50);
    const reasons = explainRisk(result.models.gbt, takeRows(test.features, riskiest));
    for (const member of reasons) {
      expect(member.length).toBeGreaterThan(0);
      for (const reason of member) expect(Object.values(reason.message.params).every(Number.isInteger)).toBe(true);
    }
  });
});
