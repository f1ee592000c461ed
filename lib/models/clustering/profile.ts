import type { TraitMessage } from "./features";
import type { FeatureMatrix } from "./matrix";
import { nameClusters, type ClusterName, type NamedFeature, type NamingOptions } from "./naming";
import { applyStandardizer, fitStandardizer, type FeatureTransform } from "./standardize";

export type ProfiledFeature = NamedFeature & { transform: FeatureTransform; label: TraitMessage };

export interface ProfileFeature {
  feature: string;
  /** The feature's name on the card: a message key under `features.` of the segments-ai catalogue. */
  label: TraitMessage;
  /** Mean standardized value of the cluster's members: how far the cluster sits from all members, in standard deviations. */
  z: number;
  /** Arithmetic means in the feature's raw units (shares, minor units, days, ...). */
  clusterMean: number;
  overallMean: number;
}

/** What a profile card shows of one cluster. */
export interface ClusterProfile {
  cluster: number;
  size: number;
  /** size / all members profiled, in [0, 1]. */
  share: number;
  name: ClusterName;
  /** The most distinctive features first (largest |z|). */
  features: ProfileFeature[];
}

export interface ProfileOptions extends NamingOptions {
  /** Features on each card (5). */
  top?: number;
}

/**
 * Profile cards of a clustering, over any set of features (those it was fitted on, or a wider set with
 * recency and categories, so a card can say "lapsing" of a cluster fitted on shopping style alone). Names
 * come from the same z-scores, so a card's name and its top features always agree.
 */
export function profileClusters(
  raw: FeatureMatrix,
  labels: ArrayLike<number>,
  k: number,
  features: readonly ProfiledFeature[],
  options: ProfileOptions = {},
): ClusterProfile[] {
  const { rows, cols, data } = raw;
  if (features.length !== cols) throw new Error(`${features.length} features for ${cols} columns`);
  if (labels.length !== rows) throw new Error(`${labels.length} labels for ${rows} rows`);
  const z = applyStandardizer(raw, fitStandardizer(raw, { transforms: features.map((f) => f.transform) }));
  const sizes = new Float64Array(k);
  const zSums = new Float64Array(k * cols);
  const rawSums = new Float64Array(k * cols);
  const overall = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const c = labels[i] as number;
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new Error(`row ${i} has label ${c}, outside [0, ${k})`);
    sizes[c] = (sizes[c] as number) + 1;
    for (let j = 0; j < cols; j++) {
      zSums[c * cols + j] = (zSums[c * cols + j] as number) + (z.data[i * cols + j] as number);
      rawSums[c * cols + j] = (rawSums[c * cols + j] as number) + (data[i * cols + j] as number);
      overall[j] = (overall[j] as number) + (data[i * cols + j] as number);
    }
  }
  const zMeans = zSums.map((sum, at) => {
    const size = sizes[Math.floor(at / cols)] as number;
    return size > 0 ? sum / size : 0;
  });
  const names = nameClusters(zMeans, features, options);
  return Array.from({ length: k }, (_, c) => {
    const size = sizes[c] as number;
    const profile = features.map((feature, j) => ({
      feature: feature.key,
      label: feature.label,
      z: zMeans[c * cols + j] as number,
      clusterMean: size > 0 ? (rawSums[c * cols + j] as number) / size : Number.NaN,
      overallMean: rows > 0 ? (overall[j] as number) / rows : Number.NaN,
    }));
    profile.sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
    return { cluster: c, size, share: rows > 0 ? size / rows : 0, name: names[c] as ClusterName, features: profile.slice(0, options.top ?? 5) };
  });
}
