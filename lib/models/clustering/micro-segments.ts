import { clusterMembers } from "./cluster-members";
import { behaviourMatrix, categoryFeatures, LIFECYCLE_FEATURES, STYLE_FEATURES, type MemberBehaviour } from "./features";
import { assignClusters } from "./kmeans";
import { profileClusters, type ClusterProfile } from "./profile";
import type { KCandidate } from "./select-k";
import { applyStandardizer } from "./standardize";

/**
 * The product's AI micro-segments, as docs/segments-ai.md argues them: fit on how members shop
 * (STYLE_FEATURES) using members with enough history (3+ purchases), place every member with a purchase
 * in the nearest cluster, and describe each cluster on a wider set of features (lifecycle and categories
 * too), so a card can say "Lapsing" of a cluster fitted on shopping style. Members without a purchase
 * have no shopping style and stay out.
 */

export const MIN_SALES_TO_FIT = 3;

export interface MicroSegmentOptions {
  seed: number;
  /** A fixed number of clusters; absent: chosen by silhouette in [kMin, kMax]. */
  k?: number;
  kMin?: number;
  kMax?: number;
}

export interface MicroSegments {
  k: number;
  candidates: KCandidate[];
  /** Members fitted on and members placed (the ids and labels below). */
  fitted: number;
  memberIds: string[];
  labels: Int32Array;
  profiles: ClusterProfile[];
}

/** Members the model needs at the least: a few per cluster of the largest k tried. */
export function minimumToFit(options: Pick<MicroSegmentOptions, "k" | "kMax">): number {
  return 10 * (options.k ?? options.kMax ?? 10);
}

export function findMicroSegments(
  members: readonly MemberBehaviour[],
  categories: readonly { code: string; name: string }[],
  options: MicroSegmentOptions,
): MicroSegments {
  const fitted = members.filter((m) => m.sales >= MIN_SALES_TO_FIT);
  if (fitted.length < minimumToFit(options)) throw new Error(`${fitted.length} members with ${MIN_SALES_TO_FIT}+ purchases; at least ${minimumToFit(options)} are needed`);
  const transforms = STYLE_FEATURES.map((f) => f.transform);
  const model = clusterMembers(behaviourMatrix(fitted, STYLE_FEATURES), { transforms, seed: options.seed, k: options.k, kMin: options.kMin, kMax: options.kMax });
  const placed = members.filter((m) => m.sales >= 1);
  const { labels } = assignClusters(applyStandardizer(behaviourMatrix(placed, STYLE_FEATURES), model.standardizer), model.centroids, model.k);
  const profiled = [...STYLE_FEATURES, ...LIFECYCLE_FEATURES, ...categoryFeatures(categories)];
  const profiles = profileClusters(behaviourMatrix(placed, profiled), labels, model.k, profiled);
  return { k: model.k, candidates: model.candidates, fitted: fitted.length, memberIds: placed.map((m) => m.memberId), labels, profiles };
}
