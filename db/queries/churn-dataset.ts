import "server-only";
import type { SQL } from "drizzle-orm";
import type { CutoffSet } from "@/lib/models/churn/backtest";
import { joinLabels } from "@/lib/models/churn/dataset";
import type { Db } from "../client";
import { churnLabels } from "./churn-labels";
import { extractChurnFeatures } from "./features/churn";

/**
 * Features and labels of one cutoff, joined: what the backtest and the training take per cutoff. Members
 * who withdrew profiling consent have no features, so they drop out here (labels alone are not enough).
 * `memberIds` or `where` (a condition on `m` = members, e.g. the training sample) narrow the members.
 */
export async function churnCutoffSet(
  db: Db,
  params: { cutoff: Date; horizonDays: number; memberIds?: readonly string[]; where?: SQL; observedUntil: Date },
): Promise<CutoffSet> {
  const { cutoff: asOf, memberIds, where } = params;
  const features = await extractChurnFeatures(db, memberIds ? { asOf, memberIds } : where ? { asOf, where } : { asOf, all: true });
  const labels = await churnLabels(db, params);
  return { ...joinLabels(features, labels), cutoff: params.cutoff };
}
