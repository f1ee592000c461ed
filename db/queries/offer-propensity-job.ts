import "server-only";
import type { Db } from "../client";
import { InsufficientOfferHistory, storePropensityModel, trainPropensityModel, type PropensityMetrics, type PropensityTraining } from "./offer-propensity";
import { rescorePropensities } from "./offer-propensity-scores";

/** The job kind: train the redemption propensity model, store it, rescore every member (lib/jobs/schedule.ts). */
export const PROPENSITY_JOB = "personalization.train_propensity";

export type PropensityJobResult =
  | { trained: true; modelId: string; metrics: PropensityMetrics; samples: number; trainingMs: number; members: number; scored: number }
  | { trained: false; reason: string };

/**
 * Trains on every offer whose outcome is known at `now`, stores the model with its held-out figures, and
 * writes each member's member_predictions.redemption_propensity with it. A program without enough offer
 * history yet (no campaigns) is skipped with the reason, not failed: the daily job tries again tomorrow.
 */
export async function trainAndScorePropensity(db: Db, params: { now: Date; externalIdPrefix?: string }): Promise<PropensityJobResult> {
  let training: PropensityTraining;
  try {
    training = await trainPropensityModel(db, params);
  } catch (error) {
    if (error instanceof InsufficientOfferHistory) return { trained: false, reason: error.message };
    throw error;
  }
  const modelId = await storePropensityModel(db, training);
  const { members, scored } = await rescorePropensities(db, { now: params.now, model: training.model, externalIdPrefix: params.externalIdPrefix });
  return { trained: true, modelId, metrics: training.evaluation.metrics, samples: training.samples, trainingMs: Math.round(training.elapsedMs), members, scored };
}
