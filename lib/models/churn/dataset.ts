import { takeRows, type FeatureMatrix } from "../matrix";

/** Members with their features as of a cutoff and their churn label over the horizon after it. */
export interface LabelledSet {
  memberIds: readonly string[];
  features: FeatureMatrix;
  /** 1 = churned (no purchase in the horizon), 0 = bought again. */
  labels: Uint8Array;
}

export interface MemberFeatures {
  memberIds: readonly string[];
  features: FeatureMatrix;
}

/**
 * Pairs each member's features with their label. Only members present in both are kept: labels exist only
 * for eligible members (docs/churn.md), and a feature extraction may cover more members than that.
 */
export function joinLabels(features: MemberFeatures, labels: readonly { memberId: string; churned: boolean }[]): LabelledSet {
  if (features.memberIds.length !== features.features.rows) {
    throw new RangeError(`joinLabels: ${features.memberIds.length} member ids for ${features.features.rows} feature rows`);
  }
  const labelOf = new Map(labels.map((l) => [l.memberId, l.churned]));
  const rows: number[] = [];
  const memberIds: string[] = [];
  const values: number[] = [];
  features.memberIds.forEach((id, row) => {
    const churned = labelOf.get(id);
    if (churned === undefined) return;
    rows.push(row);
    memberIds.push(id);
    values.push(churned ? 1 : 0);
  });
  return { memberIds, features: takeRows(features.features, rows), labels: Uint8Array.from(values) };
}

/** The values of `values` (keyed by member id) in the order of `memberIds`; NaN where a member has none. */
export function alignByMember(memberIds: readonly string[], values: ReadonlyMap<string, number>): Float64Array {
  return Float64Array.from(memberIds, (id) => values.get(id) ?? Number.NaN);
}
