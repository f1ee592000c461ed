import type { FeatureDefinition, TraitMessage } from "./features";

/** What naming needs of a feature: its family and what each direction is called. */
export type NamedFeature = Pick<FeatureDefinition, "key" | "family" | "high" | "low">;

export interface NamedTrait extends TraitMessage {
  /** The feature behind the trait and the cluster's distance from the all-member mean, in standard deviations. */
  feature: string;
  z: number;
}

/**
 * A cluster's name as messages, so that the UI renders it in every language: the pattern `key` (under the
 * segments-ai namespace) joins the translated `traits.<trait key>` messages; `ordinal` tells apart clusters
 * whose traits came out the same.
 */
export interface ClusterName {
  key: "name.typical" | "name.one" | "name.two" | "name.three" | "name.four";
  traits: NamedTrait[];
  ordinal?: number;
}

export interface NamingOptions {
  /** Traits in a name (3). A fourth is added only to tell two clusters apart. */
  maxTraits?: number;
  /** A feature names a cluster only if the cluster's mean lies at least this many standard deviations from all members' (0.5). */
  minAbsZ?: number;
}

const PATTERNS: readonly ClusterName["key"][] = ["name.typical", "name.one", "name.two", "name.three", "name.four"];
const PLACEHOLDERS = ["first", "second", "third", "fourth"] as const;

/** A cluster's candidate traits, most distinctive first (ties to the earlier feature), one per family. */
function rankedTraits(z: ArrayLike<number>, features: readonly NamedFeature[], minAbsZ: number): NamedTrait[] {
  const candidates = features
    .map((feature, j) => ({ feature, j, z: z[j] as number }))
    .filter((c) => Math.abs(c.z) >= minAbsZ && (c.z > 0 ? c.feature.high : c.feature.low) !== null)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.j - b.j);
  const families = new Set<string>();
  const out: NamedTrait[] = [];
  for (const c of candidates) {
    if (families.has(c.feature.family)) continue;
    families.add(c.feature.family);
    const message = (c.z > 0 ? c.feature.high : c.feature.low) as TraitMessage;
    out.push({ ...message, feature: c.feature.key, z: c.z });
  }
  return out;
}

const signature = (traits: readonly NamedTrait[]) => traits.map((t) => `${t.key}${JSON.stringify(t.params ?? {})}`).join("|");

function asName(traits: NamedTrait[]): ClusterName {
  return { key: PATTERNS[traits.length] ?? "name.typical", traits };
}

/**
 * Names each cluster by what sets it apart: the features whose cluster mean lies furthest from the all-member
 * mean (|z|, in the standardized units the centroids are in), one per family, up to three. "Weekend · Online ·
 * Big baskets" is a cluster whose members buy at weekends, online, in big baskets far more than members at
 * large. A cluster close to the mean on everything is "Typical members". Clusters whose names collide get a
 * fourth trait, and if that does not separate them, an ordinal.
 *
 * `z` holds one row of `features.length` values per cluster (k x features, row-major).
 */
export function nameClusters(z: Float64Array, features: readonly NamedFeature[], options: NamingOptions = {}): ClusterName[] {
  const cols = features.length;
  const k = cols > 0 ? z.length / cols : 0;
  if (!Number.isInteger(k)) throw new Error(`${z.length} centroid values do not fit ${cols} features`);
  const maxTraits = Math.min(options.maxTraits ?? 3, PLACEHOLDERS.length - 1);
  const ranked = Array.from({ length: k }, (_, c) => rankedTraits(z.subarray(c * cols, (c + 1) * cols), features, options.minAbsZ ?? 0.5));
  const names = ranked.map((traits) => asName(traits.slice(0, maxTraits)));

  const groups = (list: ClusterName[]) => {
    const bySignature = new Map<string, number[]>();
    list.forEach((name, c) => bySignature.set(signature(name.traits), [...(bySignature.get(signature(name.traits)) ?? []), c]));
    return [...bySignature.values()].filter((clusters) => clusters.length > 1);
  };
  for (const clusters of groups(names)) {
    for (const c of clusters) names[c] = asName((ranked[c] as NamedTrait[]).slice(0, maxTraits + 1));
  }
  for (const clusters of groups(names)) clusters.forEach((c, i) => ((names[c] as ClusterName).ordinal = i + 1));
  return names;
}

/** A translate function such as next-intl's `useTranslations("segments-ai")`. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The name in the language of `t`. */
export function renderClusterName(name: ClusterName, t: Translate): string {
  const params: Record<string, string> = {};
  name.traits.forEach((trait, i) => {
    params[PLACEHOLDERS[i] as string] = t(`traits.${trait.key}`, trait.params);
  });
  const base = t(name.key, params);
  return name.ordinal === undefined ? base : t("name.numbered", { name: base, number: name.ordinal });
}
