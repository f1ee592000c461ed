import { assignClusters, fitMiniBatchKMeans, type KMeansModel, type MiniBatchOptions } from "./kmeans";
import { selectRows, type FeatureMatrix } from "./matrix";
import { sampleIndices, seededUniform } from "./random";
import { pairwiseDistances, silhouetteFromDistances } from "./silhouette";

export interface ChooseKOptions extends Omit<MiniBatchOptions, "k"> {
  kMin?: number;
  kMax?: number;
  /** Rows the silhouette is computed on (3,000: 4.5M pairs); all rows when fewer. */
  silhouetteSample?: number;
}

export interface KCandidate {
  k: number;
  silhouette: number;
}

export interface KChoice {
  k: number;
  model: KMeansModel;
  candidates: KCandidate[];
}

/**
 * Fits mini-batch k-means for every k in [kMin, kMax] and keeps the one whose labelling of a fixed random
 * sample has the highest mean silhouette (ties to the smaller k). The sample's pairwise distances are
 * computed once; each candidate then costs its mini-batches plus one O(sample^2) pass, not a pass over all
 * rows.
 */
export function chooseK(m: FeatureMatrix, options: ChooseKOptions): KChoice {
  const kMin = options.kMin ?? 3;
  const kMax = Math.min(options.kMax ?? 10, m.rows - 1);
  if (kMin < 2 || kMax < kMin) throw new Error(`no k to choose from in [${kMin}, ${kMax}] for ${m.rows} rows`);
  const sample = selectRows(m, sampleIndices(seededUniform(options.seed, 1_000), m.rows, options.silhouetteSample ?? 3000));
  const distances = pairwiseDistances(sample);
  const candidates: KCandidate[] = [];
  let best: { k: number; model: KMeansModel; silhouette: number } | null = null;
  for (let k = kMin; k <= kMax; k++) {
    const model = fitMiniBatchKMeans(m, { ...options, k });
    const { labels } = assignClusters(sample, model.centroids, k);
    const silhouette = silhouetteFromDistances(distances, sample.rows, labels, k);
    candidates.push({ k, silhouette });
    if (!best || silhouette > best.silhouette) best = { k, model, silhouette };
  }
  if (!best) throw new Error("no candidate k was fitted");
  return { k: best.k, model: best.model, candidates };
}
