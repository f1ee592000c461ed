import "server-only";
import { desc, eq } from "drizzle-orm";
import { rocAuc } from "@/lib/models/metrics";
import { parsePropensityModel, scorePropensities, trainPropensity, type PropensityModel } from "@/lib/models/propensity";
import { DAY_MS } from "@/lib/time";
import type { Db } from "../client";
import { personalizationModels } from "../schema";
import { offerExamples, type DatasetParams, type OfferExample } from "./offer-propensity-dataset";

/**
 * Training and judging the redemption propensity model (docs/personalization.md). The time split: the
 * model is trained on the offers whose validity ended by the cutoff (their outcome was known then) and
 * judged on the offers sent from the cutoff on, against the "redeemed before" baseline (the number of
 * offers the member had redeemed before the sending) on the same offers. The model kept for serving is
 * then trained again on every offer with a known outcome.
 */

/** Share of the offers (by sending time) held out after the default cutoff. */
export const HELD_OUT_SHARE = 0.3;
/** Too few examples or outcomes of one kind make neither a model nor a figure worth keeping. */
export const MIN_TRAINING_OFFERS = 200;
export const MIN_REDEMPTIONS = 20;

export interface PropensityMetrics {
  auc: number;
  baselineAuc: number;
  heldOutOffers: number;
  heldOutRedeemed: number;
  trainOffers: number;
  trainRedeemed: number;
  /** The time split's cutoff, epoch ms. */
  cutoffMs: number;
  [name: string]: number;
}

export interface PropensityEvaluation {
  cutoff: Date;
  metrics: PropensityMetrics;
}

export interface PropensityTraining {
  model: PropensityModel;
  evaluation: PropensityEvaluation;
  /** The end of the final model's data: `now`. */
  trainedThrough: Date;
  /** Offers the final model was trained on. */
  samples: number;
  elapsedMs: number;
}

const redeemedCount = (examples: readonly OfferExample[]) => examples.reduce((n, e) => n + (e.redeemed ? 1 : 0), 0);

/** Refused for lack of data: the daily job skips (a program without campaigns yet), callers can tell it from a failure. */
export class InsufficientOfferHistory extends Error {}

function checkEnough(examples: readonly OfferExample[], what: string): void {
  const redeemed = redeemedCount(examples);
  if (examples.length < MIN_TRAINING_OFFERS || redeemed < MIN_REDEMPTIONS || redeemed === examples.length) {
    throw new InsufficientOfferHistory(
      `too little offer history for the propensity model: ${what} has ${examples.length} offers with known outcomes, ${redeemed} redeemed ` +
        `(needs ${MIN_TRAINING_OFFERS} offers, ${MIN_REDEMPTIONS} redeemed and some not)`,
    );
  }
}

/** The start of the UTC day of the sending from which HELD_OUT_SHARE of the offers are held out. */
export function defaultCutoff(examples: readonly OfferExample[]): Date {
  const sends = examples.map((e) => e.sendAtMs).sort((a, b) => a - b);
  const at = sends[Math.floor((1 - HELD_OUT_SHARE) * sends.length)] ?? 0;
  return new Date(Math.floor(at / DAY_MS) * DAY_MS);
}

/** The time split of examples already read: AUC of the model and of "redeemed before" on the held-out offers. */
export function evaluateExamples(examples: readonly OfferExample[], cutoff: Date): PropensityEvaluation {
  const train = examples.filter((e) => e.validUntilMs <= cutoff.getTime());
  const test = examples.filter((e) => e.sendAtMs >= cutoff.getTime());
  checkEnough(train, "the training side of the split");
  if (redeemedCount(test) === 0 || redeemedCount(test) === test.length) throw new InsufficientOfferHistory("the held-out offers need both outcomes to be judged");
  const model = trainPropensity(train);
  const labels = Uint8Array.from(test, (e) => (e.redeemed ? 1 : 0));
  const scores = Float64Array.from(test, (e) => scorePropensities(model, e.inputs, [e.offer])[0] as number);
  const baseline = Float64Array.from(test, (e) => e.inputs.offers.redeemed);
  return {
    cutoff,
    metrics: {
      auc: rocAuc(labels, scores),
      baselineAuc: rocAuc(labels, baseline),
      heldOutOffers: test.length,
      heldOutRedeemed: redeemedCount(test),
      trainOffers: train.length,
      trainRedeemed: redeemedCount(train),
      cutoffMs: cutoff.getTime(),
    },
  };
}

/** The time split on the database's offers (a tagged program's only, with externalIdPrefix). */
export async function evaluatePropensity(db: Db, params: DatasetParams & { cutoff?: Date }): Promise<PropensityEvaluation> {
  const examples = await offerExamples(db, params);
  return evaluateExamples(examples, params.cutoff ?? defaultCutoff(examples));
}

/** Evaluates, then trains the model to keep on every offer whose outcome is known at `now`. */
export async function trainPropensityModel(db: Db, params: { now: Date; cutoff?: Date; externalIdPrefix?: string }): Promise<PropensityTraining> {
  const started = performance.now();
  const examples = await offerExamples(db, { observedUntil: params.now, externalIdPrefix: params.externalIdPrefix });
  checkEnough(examples, "the program");
  const evaluation = evaluateExamples(examples, params.cutoff ?? defaultCutoff(examples));
  const model = trainPropensity(examples);
  return { model, evaluation, trainedThrough: params.now, samples: examples.length, elapsedMs: performance.now() - started };
}

export async function storePropensityModel(db: Db, training: PropensityTraining): Promise<string> {
  const [row] = await db
    .insert(personalizationModels)
    .values({
      kind: "redemption_propensity",
      trainedThrough: training.trainedThrough,
      model: { ...training.model },
      metrics: { ...training.evaluation.metrics },
      samples: training.samples,
      elapsedMs: Math.round(training.elapsedMs),
    })
    .returning({ id: personalizationModels.id });
  if (!row) throw new Error("the propensity model was not stored");
  return row.id;
}

export interface StoredPropensityModel {
  id: string;
  model: PropensityModel;
  metrics: Record<string, number>;
  trainedThrough: Date;
  createdAt: Date;
}

/** The newest trained propensity model, or null when none was trained (by the (kind, created_at) index). */
export async function loadLatestPropensityModel(db: Db): Promise<StoredPropensityModel | null> {
  const [row] = await db
    .select()
    .from(personalizationModels)
    .where(eq(personalizationModels.kind, "redemption_propensity"))
    .orderBy(desc(personalizationModels.createdAt))
    .limit(1);
  if (!row) return null;
  return { id: row.id, model: parsePropensityModel(row.model), metrics: row.metrics, trainedThrough: row.trainedThrough, createdAt: row.createdAt };
}

export function formatPropensityEvaluation(evaluation: PropensityEvaluation): string[] {
  const m = evaluation.metrics;
  const n = (x: number) => x.toLocaleString("en");
  return [
    `Redemption propensity (time split at ${evaluation.cutoff.toISOString().slice(0, 10)}: trained on offers whose validity ended before it, judged on offers sent after it):`,
    `  trained on ${n(m.trainOffers)} offers (${n(m.trainRedeemed)} redeemed); held out ${n(m.heldOutOffers)} offers (${n(m.heldOutRedeemed)} redeemed)`,
    `  AUC: model ${m.auc.toFixed(3)}, "redeemed before" ${m.baselineAuc.toFixed(3)}`,
  ];
}
