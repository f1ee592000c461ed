import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePropensityModel, scoreOffers, type OfferKind } from "@/lib/models/propensity";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { seedDemoProgram, taggedMemberIds } from "../seed/program";
import { selectRows } from "../sql";
import { offerExamples, type OfferExample } from "./offer-propensity-dataset";
import { loadPropensityInputs } from "./offer-propensity-inputs";
import { defaultCutoff, evaluateExamples, formatPropensityEvaluation, storePropensityModel, trainPropensityModel, type PropensityEvaluation } from "./offer-propensity";

const END = new Date(Date.UTC(2026, 0, 1));

let handle: DbHandle;
let tag: string;
let examples: OfferExample[];
let evaluation: PropensityEvaluation;

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("prop");
  // Deterministic by seed and end date: the same 3,000 members and 15 past campaigns on every run.
  await seedDemoProgram(handle, { members: 3000, months: 24, seed: 5, end: END, tag });
  examples = await offerExamples(handle.db, { observedUntil: END, externalIdPrefix: `${tag}-` });
  evaluation = evaluateExamples(examples, defaultCutoff(examples));
  console.log(formatPropensityEvaluation(evaluation).join("\n"));
}, 300_000);
afterAll(async () => handle?.close());

/*
 * Measured (3,000 members, 24 months to 2026-01-01, seed 5; cutoff 2025-08-22): trained on 3,469 offers
 * (267 redeemed), judged on 1,920 offers sent after the cutoff (155 redeemed). The baseline is weak because
 * most members have never redeemed anything, so "redeemed before" ties most of them at 0; the model's lift
 * comes from price sensitivity, the taste for the offer's category and signs of lapsing (overdue purchases,
 * engagement gone quiet).
 */
describe("redemption propensity on the demo generator's past campaigns (3,000 members, 24 months, last 30% of offers held out)", () => {
  it("holds out the offers sent from the cutoff on and trains only on offers whose validity ended before it", () => {
    const cutoff = evaluation.cutoff.getTime();
    expect(evaluation.metrics.trainOffers).toBe(examples.filter((e) => e.validUntilMs <= cutoff).length);
    expect(evaluation.metrics.heldOutOffers).toBe(examples.filter((e) => e.sendAtMs >= cutoff).length);
    expect(evaluation.metrics.heldOutOffers).toBeGreaterThan(1000);
    expect(evaluation.metrics.heldOutRedeemed).toBeGreaterThan(100);
  });

  it("AUC 0.809 on 1,920 held-out offers vs 0.512 for 'redeemed before': at least 0.70 and above the baseline", () => {
    expect(evaluation.metrics.auc).toBeGreaterThanOrEqual(0.7);
    expect(evaluation.metrics.auc).toBeGreaterThan(evaluation.metrics.baselineAuc);
  });

  it("reads each offer's inputs strictly before its sending: exactly the member's earlier offers received and redeemed, never the offer itself", () => {
    const byMember = new Map<string, OfferExample[]>();
    for (const e of examples) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), e]);
    let withHistory = 0;
    for (const e of examples) {
      const earlier = (byMember.get(e.memberId) ?? []).filter((o) => o.sendAtMs < e.sendAtMs);
      // The generator's campaigns are 6-8 weeks apart and offers valid for 2: an earlier offer's outcome is known at the next sending.
      expect(e.inputs.offers).toEqual({ received: earlier.length, redeemed: earlier.filter((o) => o.redeemed).length });
      expect(e.inputs.daysSinceLastPurchase === null || e.inputs.daysSinceLastPurchase > 0).toBe(true);
      if (earlier.length > 0) withHistory++;
    }
    expect(withHistory).toBeGreaterThan(1000);
  });

  it("trains, stores and serves: the stored model scores a member's offers with the inputs as of now", async () => {
    const training = await trainPropensityModel(handle.db, { now: END, externalIdPrefix: `${tag}-` });
    expect(training.samples).toBe(examples.length);
    expect(training.evaluation.metrics).toEqual(evaluation.metrics);
    const id = await storePropensityModel(handle.db, training);
    const [row] = await selectRows<{ model: string; metrics: string; samples: number }>(
      handle.db,
      sql`select model::text as model, metrics::text as metrics, samples from personalization_models where id = ${id}`,
    );
    const stored = { model: parsePropensityModel(JSON.parse(row!.model)), metrics: JSON.parse(row!.metrics) as Record<string, number> };
    expect(stored.model).toEqual(training.model);
    expect(stored.metrics).toEqual(evaluation.metrics);
    expect(row!.samples).toBe(examples.length);

    const [memberId] = await taggedMemberIds(handle.db, tag);
    const inputs = await loadPropensityInputs(handle.db, { memberIds: [memberId!], asOf: END });
    const rewards = await selectRows<{ id: string; kind: OfferKind; category_id: string | null }>(
      handle.db,
      sql`select id, kind::text as kind, category_id from rewards where name like ${`${tag} %`} order by name`,
    );
    expect(rewards.length).toBe(9);
    const scores = scoreOffers(stored.model, inputs.get(memberId!)!, rewards.map((r) => ({ id: r.id, kind: r.kind, categoryId: r.category_id })));
    expect(scores.size).toBe(9);
    for (const p of scores.values()) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
  });
});
