import { chooseK, type ChooseKOptions, type KCandidate } from "./select-k";
import { assignClusters, fitMiniBatchKMeans } from "./kmeans";
import type { FeatureMatrix } from "./matrix";
import { standardize, type FeatureTransform, type Standardizer } from "./standardize";

export interface ClusterMembersOptions extends ChooseKOptions {
  /** One per column: how each raw feature is made symmetric before z-scoring. */
  transforms: readonly FeatureTransform[];
  /** z-score clip and column weights (see StandardizeOptions). */
  clip?: number;
  weights?: readonly number[];
  /** A fixed k; when absent, k is chosen in [kMin, kMax] by silhouette. */
  k?: number;
}

export interface ClusteringResult {
  k: number;
  standardizer: Standardizer;
  /** k x cols, row-major, in z units: how far each cluster's centre lies from the all-member mean. */
  centroids: Float64Array;
  /** Per input row (member), its cluster in [0, k). */
  labels: Int32Array;
  sizes: Int32Array;
  /** Mean squared distance to the own centroid, in z units. */
  meanInertia: number;
  /** Silhouette per candidate k; empty when k was fixed. */
  candidates: KCandidate[];
}

/** Raw features in, clusters out: standardize, choose k (or take it), fit mini-batch k-means, assign every row. */
export function clusterMembers(raw: FeatureMatrix, options: ClusterMembersOptions): ClusteringResult {
  const { matrix, standardizer } = standardize(raw, { transforms: options.transforms, clip: options.clip, weights: options.weights });
  const choice = options.k === undefined ? chooseK(matrix, options) : { k: options.k, model: fitMiniBatchKMeans(matrix, { ...options, k: options.k }), candidates: [] };
  const { labels, sizes, inertia } = assignClusters(matrix, choice.model.centroids, choice.k);
  return {
    k: choice.k,
    standardizer,
    centroids: choice.model.centroids,
    labels,
    sizes,
    meanInertia: matrix.rows > 0 ? inertia / matrix.rows : 0,
    candidates: choice.candidates,
  };
}
