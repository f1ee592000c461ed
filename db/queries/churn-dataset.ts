import "server-only";
import type { CutoffSet } from "@/lib/models/churn/backtest";
import { joinLabels } from "@/lib/models/churn/dataset";
import type { Db } from "../client";
import { churnLabels } from "./churn-labels";
import { extractChurnFeatures } from "./features/churn";

/**
 * Features and labels of one cutoff, joined: what the backtest and the training take per cutoff. Members
 * who withdrew profiling consent have no features, so they drop out here (labels alone are not enough).
 */
export async function churnCutoffSet(
  db: Db,
  params: { cutoff: Date; horizonDays: number; memberIds?: readonly string[]; observedUntil: Date },
): Promise<CutoffSet> {
  const features = await extractChurnFeatures(db, params.memberIds ? { asOf: params.cutoff, memberIds: params.memberIds } : { asOf: params.cutoff, all: true });
  const labels = await churnLabels(db, params);
  return { ...joinLabels(features, labels), cutoff: params.cutoff };
}
